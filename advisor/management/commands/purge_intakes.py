"""Delete intakes older than the retention period, with everything kept about them."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from advisor.models import Intake
from advisor.services import intakes_purge


class Command(BaseCommand):
    help = (
        "Delete intakes older than INTAKE_RETENTION_DAYS (default 365), with their history "
        "and access records. Safe to run again; run it daily from cron or a timer."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Say how many would go; delete nothing."
        )
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Keep this many days instead of INTAKE_RETENTION_DAYS.",
        )

    def handle(self, *args, dry_run: bool, days: int | None, **options) -> None:
        days = settings.INTAKE_RETENTION_DAYS if days is None else days
        if days < 1:
            self.stderr.write("The retention period must be at least one day.")
            raise SystemExit(2)
        cutoff = timezone.now() - timedelta(days=days)
        if dry_run:
            count = Intake.objects.filter(created_at__lt=cutoff).count()
            self.stdout.write(f"{count} intake(s) older than {days} days would be deleted.")
            return
        count = intakes_purge(older_than=cutoff)
        self.stdout.write(f"Deleted {count} intake(s) older than {days} days.")
