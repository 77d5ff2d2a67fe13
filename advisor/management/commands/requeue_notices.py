"""Queue again the clinic's notices whose task was lost (a worker killed while sending)."""

from __future__ import annotations

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from advisor.tasks import requeue_stuck_notices


class Command(BaseCommand):
    help = (
        "Queue again every notice still waiting to be sent that no queued task will send "
        "(its worker died mid-send). Safe to run at any time, e.g. every 10 minutes from cron: "
        "a notice is never sent twice to the same address."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--older-than",
            type=int,
            default=10,
            help="Only notices made at least this many minutes ago (default 10).",
        )

    def handle(self, *args, older_than: int, **options) -> None:
        count = requeue_stuck_notices(before=timezone.now() - timedelta(minutes=older_than))
        self.stdout.write(f"Queued {count} notice(s) again.")
