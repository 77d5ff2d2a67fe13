"""Deployment checks of our own (`manage.py check --deploy`)."""

from __future__ import annotations

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security, deploy=True)
def durable_task_queue(app_configs, **kwargs) -> list[checks.CheckMessage]:
    """Production sends its e-mails through the database queue, not inside the request.

    With the immediate queue an e-mail goes out while the visitor waits: "Lost your
    link?" then answers later for an address that has answers than for one that has
    none, which tells a stranger whether someone has been in touch with the clinic.
    """
    if settings.DEBUG or settings.TASK_QUEUE != "immediate":
        return []
    return [
        checks.Warning(
            "TASK_QUEUE is 'immediate': e-mails are sent during the request.",
            hint="Set TASK_QUEUE=database and run `manage.py db_worker` (README, The worker).",
            id="advisor.W001",
        )
    ]


@checks.register(checks.Tags.security, deploy=True)
def clinic_notice_address(app_configs, **kwargs) -> list[checks.CheckMessage]:
    """Production tells the clinic of every intake: some address must receive the notices.

    Every crisis page promises a clinician's call; with no address the clinic would never
    hear of the intake that makes that promise. An error, not a warning, and whatever
    DEBUG says: `check --deploy` asks about production, where nothing else would show
    that nobody is told.
    """
    if settings.INTAKE_NOTIFY_EMAILS:
        return []
    return [
        checks.Error(
            "INTAKE_NOTIFY_EMAILS is empty: the clinic would never hear of a new intake, "
            "not even one flagged for crisis.",
            hint="Set INTAKE_NOTIFY_EMAILS to the address(es) that read new intakes, comma "
            "separated (README, Settings).",
            id="advisor.E001",
        )
    ]
