"""A fixed-window limit on intake submissions per client address, in the shared cache."""

from __future__ import annotations

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from config.client_ip import client_ip


def intake_allowed(request: HttpRequest) -> bool:
    """Count this submission; False once the address has used up its window's allowance.

    django-ratelimit would do this, but its checks refuse the database cache that
    this app uses by default, so this is the few lines it needs. The address is
    hashed so that the cache holds no IP addresses.
    """
    window = int(settings.INTAKE_RATE_WINDOW.total_seconds())
    now = time.time()
    bucket = int(now // window)
    left = max(1, int((bucket + 1) * window - now))
    address = hashlib.sha256((client_ip(request) or "unknown").encode()).hexdigest()[:32]
    key = f"intake-rate:{address}:{bucket}"
    # A read and a write: not atomic, so two posts in the same instant may be counted
    # once, which a limit against floods can afford. It is what the database cache would
    # do inside incr() anyway, at less than half the queries, and it keeps the window's end
    # (the database cache's incr() resets an entry to its default timeout).
    count = cache.get(key, 0) + 1
    cache.set(key, count, timeout=left)
    return count <= settings.INTAKE_RATE_LIMIT
