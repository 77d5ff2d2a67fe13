from django.apps import AppConfig


class AdvisorConfig(AppConfig):
    name = "advisor"
    verbose_name = "Intake and recommendations"

    def ready(self) -> None:
        from advisor import (
            checks,  # noqa: F401  (registers the deployment checks)
            mail_headers,
        )

        mail_headers.register()
