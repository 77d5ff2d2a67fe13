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
