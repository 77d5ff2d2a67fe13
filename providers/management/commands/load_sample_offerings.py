"""Fill an empty directory with clearly labelled, made-up course runs for a demonstration site.

`make run` calls it so a new developer sees full pages. It never touches a
directory that already has offerings, so a second run (or a real clinic's data)
keeps every edit made in the admin.
"""

from __future__ import annotations

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from programs.models import Program
from providers.models import Format, Offering, Provider

# (provider slug, program code, format, weeks from today, weekly schedule, time zone, location)
SAMPLES = (
    ("midwest-alliance-for-mindfulness", "MBSR", Format.IN_PERSON, 3,
     "Tuesdays, 6:00 to 8:30 pm", "America/Chicago", "Kansas City area (sample venue)"),
    ("midwest-alliance-for-mindfulness", "MBCT", Format.ONLINE, 5,
     "Thursdays, 12:00 to 2:00 pm", "America/Chicago", ""),
    ("midwest-alliance-for-mindfulness", "MSC", Format.ONLINE, 7,
     "Mondays, 6:30 to 9:00 pm", "America/Chicago", ""),
    ("center-for-mindful-self-compassion", "MSC", Format.ONLINE, 2,
     "Wednesdays, 5:00 to 7:45 pm", "America/Los_Angeles", ""),
    ("ucsd-center-for-mindfulness", "MBSR", Format.IN_PERSON, 4,
     "Saturdays, 9:00 to 11:30 am", "America/Los_Angeles", "San Diego (sample venue)"),
    ("ucsd-center-for-mindfulness", "MSC", Format.ONLINE, 6,
     "Tuesdays, 4:00 to 6:45 pm", "America/Los_Angeles", ""),
    ("brown-university-mindfulness-center", "MBSR", Format.ONLINE, 3,
     "Wednesdays, 6:00 to 8:30 pm", "America/New_York", ""),
)  # fmt: skip


class Command(BaseCommand):
    help = "Add labelled sample course runs when the directory has none (for demonstration only)."

    @transaction.atomic
    def handle(self, *args, **options) -> None:
        if Offering.objects.exists():
            self.stdout.write("The directory already has offerings; no samples added.")
            return
        providers = Provider.objects.in_bulk(field_name="slug")
        programs = Program.objects.in_bulk(field_name="code")
        today = timezone.localdate()
        added = 0
        for slug, code, fmt, weeks_ahead, schedule, tz, location in SAMPLES:
            if slug not in providers or code not in programs:
                continue
            start = today + timedelta(weeks=weeks_ahead)
            Offering.objects.create(
                provider=providers[slug],
                program=programs[code],
                start_date=start,
                end_date=start + timedelta(weeks=7),
                weekly_schedule=schedule,
                time_zone=tz,
                format=fmt,
                location=location,
                registration_url=providers[slug].website,
                is_sample=True,
            )
            added += 1
        self.stdout.write(
            self.style.SUCCESS(f"Added {added} sample offerings, labelled as samples.")
        )
