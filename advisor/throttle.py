"""A fixed-window limit on intake submissions per client network, in the shared counters cache."""

from __future__ import annotations

import hashlib
import ipaddress
import time

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.http import HttpRequest

from config.client_ip import client_ip


def intake_allowed(request: HttpRequest) -> bool:
    """Count this submission; False once the address has used up its window's allowance.

    django-ratelimit would do this, but its checks refuse the database cache that
    this app uses by default, so this is the few lines it needs. The address is
    hashed so that the cache holds no IP addresses.
    """
    key, left = _count_key(request)
    counters = caches["counters"]
    if isinstance(counters, RedisCache):
        # Redis counts atomically (INCR), so posts landing at once on different nodes are
        # each counted; the first post of a window makes the key with the window's end.
        counters.add(key, 0, timeout=left)
        try:
            count = counters.incr(key)
        except ValueError:  # the window ended between the two calls
            counters.add(key, 1, timeout=_count_key(request)[1])
            count = 1
    else:
        # The database cache's incr() is a read and a write too, and resets the entry to
        # its default timeout: this keeps the window's end at less than half the queries.
        # Two posts in the same instant may be counted once, which a limit against
        # floods can afford.
        count = counters.get(key, 0) + 1
        counters.set(key, count, timeout=left)
    return count <= settings.INTAKE_RATE_LIMIT


def intake_limit_reached(request: HttpRequest) -> bool:
    """Whether the address has used up its window's allowance, without counting this post."""
    key, _ = _count_key(request)
    return caches["counters"].get(key, 0) >= settings.INTAKE_RATE_LIMIT


def seconds_until_more(request: HttpRequest) -> int:
    """How long until the window ends and the address may send again (for Retry-After)."""
    return _count_key(request)[1]


def _count_key(request: HttpRequest) -> tuple[str, int]:
    """The count's key for this client and window, and the seconds left in the window.

    The counters have their own cache: page copies live elsewhere and can never evict one.
    """
    window = int(settings.INTAKE_RATE_WINDOW.total_seconds())
    now = time.time()
    bucket = int(now // window)
    left = max(1, int((bucket + 1) * window - now))
    address = hashlib.sha256(_network(client_ip(request)).encode()).hexdigest()[:32]
    return f"intake-rate:{address}:{bucket}", left


def _network(address: str | None) -> str:
    """Who is counted as one client: an IPv4 address, or an IPv6 /64.

    One home or office is given a whole /64 and may use any address in it, so counting
    IPv6 addresses one by one would let a single machine multiply its allowance.
    """
    if address is None:
        return "unknown"
    ip = ipaddress.ip_address(address)
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return address
