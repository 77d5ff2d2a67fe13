from django.apps import AppConfig


class ProvidersConfig(AppConfig):
    name = "providers"
    verbose_name = "Provider directory"

    def ready(self) -> None:
        from config.page_cache import invalidate_on_changes
        from providers.models import Offering, Provider

        # Cached public pages show these: any edit must show at once.
        invalidate_on_changes(Provider, Offering, through=[Provider.programs.through])
