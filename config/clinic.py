"""The clinic's record as every page, e-mail and admin view reads it.

Read through the shared cache: the footer is on every page, and a database query
per page for a record that changes a few times a year would be waste. Saving the
record clears the copy and every cached public page, so an edit shows at once. Saving
it while Redis is away still succeeds: the copy is then cleared by this process's next
read, and in any case lasts no longer than a page's (PAGE_TTL).
"""

from __future__ import annotations

import contextlib
import zoneinfo
from datetime import datetime, tzinfo

from django.core.cache import cache
from django.db import DatabaseError
from django.http import HttpRequest
from django.utils import formats, timezone

from config.error_pages import REDIS_UNREACHABLE
from config.page_cache import PAGE_TTL

CACHE_KEY = "clinic-profile"
# The cache is Redis or the database; either may be away while a page must still render.
CACHE_AWAY = (*REDIS_UNREACHABLE, DatabaseError)
# Set when a save could not clear the copy (Redis away): the next read clears it first.
_forget_owed = False


def current_clinic():
    """The clinic's record; the sample one if none was ever saved; None if it cannot be read.

    None only while the database is away and the cache holds no copy: a page then says
    "the clinic" rather than show details that may not be the clinic's.
    """
    from config.models import ClinicProfile

    with contextlib.suppress(*CACHE_AWAY):
        if _forget_owed:
            forget_clinic()
        clinic = None if _forget_owed else cache.get(CACHE_KEY)
        if clinic is not None:
            return clinic
    try:
        clinic = ClinicProfile.objects.filter(pk=ClinicProfile.SINGLETON_PK).first()
    except DatabaseError:
        return None
    clinic = clinic or ClinicProfile.sample()
    with contextlib.suppress(*CACHE_AWAY):
        # Not kept for good: a copy another process could not clear (its save made while
        # Redis was away, and that process gone) lasts as long as a public page at most.
        cache.set(CACHE_KEY, clinic, timeout=PAGE_TTL)
    return clinic


def forget_clinic(**_signal_kwargs) -> None:
    """Clear the cached copy (on every save); owed, not raised, while Redis is away, so
    that the superuser's save succeeds."""
    global _forget_owed
    try:
        cache.delete(CACHE_KEY)
    except REDIS_UNREACHABLE:
        _forget_owed = True
    else:
        _forget_owed = False


def connect_signals() -> None:
    from django.db.models.signals import post_delete, post_save

    from config.models import ClinicProfile
    from config.page_cache import invalidate_on_changes

    post_save.connect(forget_clinic, sender=ClinicProfile, dispatch_uid="clinic-forget-save")
    post_delete.connect(forget_clinic, sender=ClinicProfile, dispatch_uid="clinic-forget-del")
    # The footer of every cached page names the clinic.
    invalidate_on_changes(ClinicProfile)


def clinic_time_zone(clinic=None) -> tzinfo:
    """The clinic's zone (of `clinic` when the caller has the record already)."""
    clinic = clinic or current_clinic()
    try:
        return zoneinfo.ZoneInfo(clinic.time_zone) if clinic else timezone.get_default_timezone()
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return timezone.get_default_timezone()


def staff_time(value: datetime, zone: tzinfo | None = None) -> str:
    """ "28 Nov 2026 15:33 EST": the one way staff read a time, in `zone` or the active one
    (on staff pages, the clinic's: ClinicTimeZoneMiddleware)."""
    return formats.date_format(timezone.localtime(value, zone), "DATETIME_FORMAT")


def clinic_datetime_text(value: datetime) -> str:
    """A moment in the clinic's zone, outside a request (e-mails): "28 Nov 2026 15:33 EST"."""
    return staff_time(value, clinic_time_zone())


def within_words(hours: int) -> str:
    """'4 hours', '24 hours', '36 hours', '2 days': how an answer time reads in a sentence.

    In days only from two whole days up; a day or less, or part days, in hours, which is
    how an urgent promise is best kept in mind.
    """
    if hours >= 48 and hours % 24 == 0:
        return f"{hours // 24} days"
    return "1 hour" if hours == 1 else f"{hours} hours"


def clinic_context(request: HttpRequest) -> dict:
    """The `clinic` every template can name (a context processor); on a staff page, the
    record the middleware read already."""
    return {"clinic": getattr(request, "clinic", None) or current_clinic()}


class ClinicTimeZoneMiddleware:
    """Show every time on staff pages, and in what staff export, in the clinic's zone.

    Public pages show course times in the visitor's own zone and need no record: they are
    spared the look-up.
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        if not request.path.startswith("/admin/"):
            return self.get_response(request)
        request.clinic = current_clinic()
        with timezone.override(clinic_time_zone(request.clinic)):
            return self.get_response(request)
