from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig


class AdminConfig(DjangoAdminConfig):
    default_site = "config.admin_site.MindfulAdminSite"


class ClinicConfig(AppConfig):
    """The project package as an app: it holds the clinic's own record (config.models)."""

    name = "config"
    verbose_name = "Clinic"

    def ready(self) -> None:
        from config import clinic

        clinic.connect_signals()
