"""Fixed-window limits per client network (and per e-mail address), in the shared counters cache.

django-ratelimit would do this, but its checks refuse the database cache that this
app uses by default, so this is the few lines it needs. Whatever is counted (a network,
an e-mail address) is keyed with the secret key and hashed, so the cache holds neither.
"""

from __future__ import annotations

import ipaddress
import time
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.http import HttpRequest
from django.utils.crypto import salted_hmac

from config.client_ip import client_ip


@dataclass(frozen=True)
class Limit:
    """At most so many events per window for each thing counted under `scope`.

    Both are named settings, read each time, so that a deployment (or a test) can change
    them.
    """

    scope: str
    limit_setting: str
    window_setting: str

    def allowed(self) -> int:
        return getattr(settings, self.limit_setting)

    def window(self) -> timedelta:
        return getattr(settings, self.window_setting)

    def count(self, who: str) -> bool:
        """Count one more event; False once `who` has used up the window's allowance."""
        key, left = self._key(who)
        counters = caches["counters"]
        if isinstance(counters, RedisCache):
            # Redis counts atomically (INCR), so posts landing at once on different nodes
            # are each counted; the first post of a window makes the key with its end.
            counters.add(key, 0, timeout=left)
            try:
                count = counters.incr(key)
            except ValueError:  # the window ended between the two calls
                counters.add(key, 1, timeout=self._key(who)[1])
                count = 1
        else:
            # The database cache's incr() is a read and a write too, and resets the entry
            # to its default timeout: this keeps the window's end at less than half the
            # queries. Two posts in the same instant may be counted once, which a limit
            # against floods can afford.
            count = counters.get(key, 0) + 1
            counters.set(key, count, timeout=left)
        return count <= self.allowed()

    def reached(self, who: str) -> bool:
        """Whether `who` has used up the window's allowance, without counting anything."""
        return caches["counters"].get(self._key(who)[0], 0) >= self.allowed()

    def seconds_left(self, who: str) -> int:
        """How long until the window ends and `who` may go again (for Retry-After)."""
        return self._key(who)[1]

    def _key(self, who: str) -> tuple[str, int]:
        """The count's key for `who` and this window, and the seconds left in the window.

        The counters have their own cache: page copies live elsewhere and can never
        evict one.
        """
        window = int(self.window().total_seconds())
        now = time.time()
        bucket = int(now // window)
        left = max(1, int((bucket + 1) * window - now))
        # Keyed with the secret key: a plain hash of an e-mail address or an IP address
        # could be matched against a list of them.
        hashed = salted_hmac(self.scope, who, algorithm="sha256").hexdigest()[:32]
        return f"{self.scope}:{hashed}:{bucket}", left


INTAKES = Limit("intake-rate", "INTAKE_RATE_LIMIT", "INTAKE_RATE_WINDOW")
# "Lost your link?": per network, and per address asked about, so that no one can fill a
# stranger's inbox or learn much by asking about many addresses.
LINK_REQUESTS = Limit("link-rate", "LINK_REQUEST_LIMIT", "LINK_REQUEST_WINDOW")
LINKS_TO_ONE_ADDRESS = Limit("link-address", "LINK_EMAILS_PER_ADDRESS", "LINK_REQUEST_WINDOW")


def intake_allowed(request: HttpRequest) -> bool:
    """Count this submission; False once the network has used up its window's allowance."""
    return INTAKES.count(client_network(request))


def intake_limit_reached(request: HttpRequest) -> bool:
    return INTAKES.reached(client_network(request))


def seconds_until_more(request: HttpRequest) -> int:
    return INTAKES.seconds_left(client_network(request))


def client_network(request: HttpRequest) -> str:
    """Who is counted as one client: an IPv4 address, or an IPv6 /64.

    One home or office is given a whole /64 and may use any address in it, so counting
    IPv6 addresses one by one would let a single machine multiply its allowance.
    """
    address = client_ip(request)
    if address is None:
        return "unknown"
    ip = ipaddress.ip_address(address)
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return address
