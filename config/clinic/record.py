"""The clinic's record as every page, e-mail and admin view reads it.

Read through the shared cache: the footer is on every page, and a database query
per page for a record that changes a few times a year would be waste. Saving the
record clears the copy (config.clinic.signals), and every cached public page, so an edit
shows at once. Saving it while Redis is away still succeeds: the copy is then cleared by
this process's next read, and in any case lasts no longer than a page's (PAGE_TTL).
"""

from __future__ import annotations

import contextlib

from django.core.cache import cache
from django.db import DatabaseError

from config.clinic.models import ClinicProfile
from config.outages import REDIS_UNREACHABLE
from config.page_cache import PAGE_TTL

CACHE_KEY = "clinic-profile"
# The cache is Redis or the database; either may be away while a page must still render.
CACHE_AWAY = (*REDIS_UNREACHABLE, DatabaseError)
# Set when a save could not clear the copy (Redis away): the next read clears it first.
_forget_owed = False


def current_clinic() -> ClinicProfile | None:
    """The clinic's record; the sample one if none was ever saved; None if it cannot be read.

    None only while the database is away and the cache holds no copy: a page then says
    "the clinic" rather than show details that may not be the clinic's.
    """
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
