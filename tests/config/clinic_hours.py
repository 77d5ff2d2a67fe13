"""A clinic's record with open hours, and moments in a known week, for the answer-time tests."""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

from config.clinic.models import ClinicProfile

NEW_YORK = ZoneInfo("America/New_York")


def weekday_clinic(**changes) -> ClinicProfile:
    """Monday to Friday, 9 to 5 in New York; 48 hours for an intake, 24 for a flagged one."""
    values = {
        "open_days": "01234",
        "opens_at": time(9),
        "closes_at": time(17),
        "time_zone": "America/New_York",
        "intake_answer_hours": 48,
        "flagged_answer_hours": 24,
        **changes,
    }
    return ClinicProfile(pk=1, name="Lakeside", **values)


def at(day: int, hour: int, minute: int = 0, zone=NEW_YORK) -> datetime:
    """A moment in December 2026 (the 4th is a Friday)."""
    return datetime(2026, 12, day, hour, minute, tzinfo=zone)


def open_around_the_clock() -> ClinicProfile:
    """Open every day from 00:00 to 23:59: answer times are plain hours, for tests that
    count them from the real clock whatever the hour they run at."""
    record = ClinicProfile.objects.get(pk=ClinicProfile.SINGLETON_PK)
    record.open_days, record.opens_at, record.closes_at = "0123456", time(0), time(23, 59)
    record.save()
    return record
