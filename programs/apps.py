from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "programs"
    verbose_name = "Program catalog"

    def ready(self) -> None:
        from config.page_cache import invalidate_on_changes
        from programs.models import Program, Reference

        # Cached public pages show these: any edit must show at once.
        invalidate_on_changes(Program, Reference, through=[Program.references.through])
