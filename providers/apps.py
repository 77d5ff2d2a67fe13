from django.apps import AppConfig


class ProvidersConfig(AppConfig):
    name = "providers"
    verbose_name = "Provider directory"

    def ready(self) -> None:
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from config.page_cache import bump_version
        from providers.models import Offering, Provider

        # Cached public pages show the directory: any edit must show at once.
        for model in (Provider, Offering):
            post_save.connect(bump_version, sender=model, dispatch_uid=f"pages-{model.__name__}")
            post_delete.connect(
                bump_version, sender=model, dispatch_uid=f"pages-d-{model.__name__}"
            )
        m2m_changed.connect(
            bump_version, sender=Provider.programs.through, dispatch_uid="pages-provider-programs"
        )
