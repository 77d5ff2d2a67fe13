"""Fill an empty directory with clearly labelled, made-up course runs for a demonstration site.

`make run` calls it so a new developer sees full pages. It never touches a
directory that already has offerings, so a second run (or a real clinic's data)
keeps every edit made in the admin.
"""

from __future__ import annotations

from datetime import time, timedelta

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from programs.models import Program
from providers.models import Format, Offering, Provider
from providers.schedule import next_weekday

M, TU, W, TH, F, SA, SU = range(7)

# The sample venues as Spanish pages say them (prices in dollars read the same).
VENUES_IN_SPANISH = {
    "Kansas City area (sample venue)": "Área de Kansas City (lugar de ejemplo)",
    "San Diego (sample venue)": "San Diego (lugar de ejemplo)",
}

# (provider slug, program code, format, weeks from today, weekday, from, to, time zone,
#  location, language, price in US dollars)
SAMPLES = (
    ("midwest-alliance-for-mindfulness", "MBSR", Format.IN_PERSON, 3, TU, time(18), time(20, 30),
     "America/Chicago", "Kansas City area (sample venue)", "en", 450),
    ("midwest-alliance-for-mindfulness", "MBCT", Format.ONLINE, 5, TH, time(12), time(14),
     "America/Chicago", "", "en", 395),
    ("midwest-alliance-for-mindfulness", "MSC", Format.ONLINE, 7, M, time(18, 30), time(21),
     "America/Chicago", "", "en", 495),
    ("center-for-mindful-self-compassion", "MSC", Format.ONLINE, 2, W, time(17), time(19, 45),
     "America/Los_Angeles", "", "en", 550),
    ("center-for-mindful-self-compassion", "MSC", Format.ONLINE, 4, SA, time(9), time(11, 45),
     "America/Los_Angeles", "", "es", 550),
    ("ucsd-center-for-mindfulness", "MBSR", Format.IN_PERSON, 4, SA, time(9), time(11, 30),
     "America/Los_Angeles", "San Diego (sample venue)", "en", 600),
    ("ucsd-center-for-mindfulness", "MSC", Format.ONLINE, 6, TU, time(16), time(18, 45),
     "America/Los_Angeles", "", "en", 525),
    ("brown-university-mindfulness-center", "MBSR", Format.ONLINE, 3, W, time(18), time(20, 30),
     "America/New_York", "", "en", None),
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
        for sample in SAMPLES:
            slug, code, fmt, weeks_ahead, weekday, starts, ends, tz, location, language, usd = (
                sample
            )
            if slug not in providers or code not in programs:
                continue
            # The first meeting day on or after the date: a run starts on its weekday.
            start = next_weekday(today + timedelta(weeks=weeks_ahead), weekday)
            Offering.objects.create(
                provider=providers[slug],
                program=programs[code],
                start_date=start,
                end_date=start + timedelta(weeks=7),
                weekday=weekday,
                starts_at=starts,
                ends_at=ends,
                time_zone=tz,
                format=fmt,
                location_en=location,
                location_es=VENUES_IN_SPANISH.get(location, ""),
                language=language,
                price_en=f"${usd}" if usd else "",
                price_usd=usd,
                financial_aid=usd is not None and usd >= 500,
                registration_url=providers[slug].website,
                is_sample=True,
            )
            added += 1
        self.stdout.write(
            self.style.SUCCESS(f"Added {added} sample offerings, labelled as samples.")
        )
