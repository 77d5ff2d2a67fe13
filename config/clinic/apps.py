from django.apps import AppConfig


class ClinicConfig(AppConfig):
    name = "config.clinic"
    # The label the record had when config itself was the app: its table, migrations,
    # permissions and admin URLs (admin:config_clinicprofile_change) keep their names.
    label = "config"
    verbose_name = "Clinic"

    def ready(self) -> None:
        from config.clinic.signals import connect_signals

        connect_signals()
