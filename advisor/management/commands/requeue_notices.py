"""Queue again the e-mails whose task was lost (a worker killed while sending): the clinic's
notices, participants' e-mails of their links, and check-in e-mails."""

from __future__ import annotations

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from advisor.tasks import requeue_stuck_notices


class Command(BaseCommand):
    help = (
        "Queue again every e-mail still waiting to be sent (the clinic's notices, participants' "
        "links, check-ins) that no queued task will send (its worker died mid-send). Safe to "
        "run at any time, e.g. every 10 minutes from cron: no e-mail is sent twice, but for "
        "one whose worker died after the mail server took it and before it was marked sent."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--older-than",
            type=int,
            default=10,
            help="Only e-mails made at least this many minutes ago (default 10).",
        )

    def handle(self, *args, older_than: int, **options) -> None:
        count = requeue_stuck_notices(before=timezone.now() - timedelta(minutes=older_than))
        self.stdout.write(f"Queued {count} e-mail(s) again.")
