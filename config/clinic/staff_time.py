"""How staff read a moment: one format, in the clinic's zone."""

from __future__ import annotations

from datetime import datetime, tzinfo

from django.utils import formats, timezone

from config.clinic.time_zone import clinic_time_zone


def staff_time(value: datetime, zone: tzinfo | None = None) -> str:
    """ "28 Nov 2026 15:33 EST": the one way staff read a time, in `zone` or the active one
    (on staff pages, the clinic's: config.middleware.ClinicTimeZoneMiddleware)."""
    return formats.date_format(timezone.localtime(value, zone), "DATETIME_FORMAT")


def clinic_datetime_text(value: datetime) -> str:
    """A moment in the clinic's zone, outside a request (e-mails): "28 Nov 2026 15:33 EST"."""
    return staff_time(value, clinic_time_zone())
