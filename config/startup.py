"""Checks a server runs once, before it takes any request (gunicorn.conf.py's on_starting)."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache


def unreachable_caches() -> list[str]:
    """The Redis caches (CACHE_URL) that cannot be reached, each with the reason.

    A node that cannot reach Redis could count no rate limit and would refuse every
    questionnaire (never silently letting one through uncounted), so it is better not
    to start it at all, and to say why. (The database cache is the database, which
    /healthz and the outage pages answer for.)
    """
    problems = []
    for alias in ("default", "counters"):
        if not isinstance(caches[alias], RedisCache):
            continue
        try:
            caches[alias].get("startup-check")
        except Exception as error:  # any failure to reach it is a reason not to start
            location = settings.CACHES[alias].get("LOCATION", alias)
            problems.append(f"the cache {alias!r} ({location}): {str(error).rstrip('.')}")
    return problems
