"""Queue the check-in e-mails that have fallen due: the sweep that is their schedule."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from advisor.follow_up import checkins_sweep


class Command(BaseCommand):
    help = (
        "Queue every check-in e-mail that has fallen due (the invitation a week after the "
        "chosen course ends, or the clinic's number of weeks after the intake; one reminder "
        "a week later), for the worker to send. Safe to run at any time and on every node, "
        "e.g. hourly from cron: each e-mail is made and sent once, and never after the "
        "check-in is answered, stopped or deleted."
    )

    def handle(self, *args, **options) -> None:
        swept = checkins_sweep()
        self.stdout.write(
            f"Queued {swept.invitations} check-in(s) and {swept.reminders} reminder(s)."
        )
