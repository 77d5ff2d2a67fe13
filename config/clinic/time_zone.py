"""The clinic's time zone, in which staff read every time (config.middleware)."""

from __future__ import annotations

import zoneinfo
from datetime import tzinfo

from django.utils import timezone

from config.clinic.models import ClinicProfile
from config.clinic.record import current_clinic


def clinic_time_zone(clinic: ClinicProfile | None = None) -> tzinfo:
    """The clinic's zone (of `clinic` when the caller has the record already)."""
    clinic = clinic or current_clinic()
    try:
        return zoneinfo.ZoneInfo(clinic.time_zone) if clinic else timezone.get_default_timezone()
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return timezone.get_default_timezone()
