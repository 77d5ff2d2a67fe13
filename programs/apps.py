from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "programs"
    verbose_name = "Program catalog"

    def ready(self) -> None:
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from config.page_cache import bump_version
        from programs.models import Program, Reference

        # Cached public pages show the catalog: any edit must show at once.
        for model in (Program, Reference):
            post_save.connect(bump_version, sender=model, dispatch_uid=f"pages-{model.__name__}")
            post_delete.connect(
                bump_version, sender=model, dispatch_uid=f"pages-d-{model.__name__}"
            )
        m2m_changed.connect(
            bump_version, sender=Program.references.through, dispatch_uid="pages-program-refs"
        )
