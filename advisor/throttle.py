"""Sliding-window limits per client network (and per e-mail address), in the counters cache.

No more than the limit fits in any span of one window (an hour), wherever it starts: a
fixed clock hour would let twice the limit through around its edge. Each window is cut
into SLICES slices (a minute each, for an hour); every slice keeps how many events it
let through and when the latest of them was, and an event is let through only while the
slices whose latest event is less than a window old hold fewer than the limit. A refused
event is not counted, so someone told to wait is let in as soon as the oldest counted
event is a window old, which is also what Retry-After says.

django-ratelimit would do this, but its checks refuse the database cache that this
app uses by default, so this is the few lines it needs. Whatever is counted (a network,
an e-mail address) is keyed with the secret key and hashed, so the cache holds neither.
"""

from __future__ import annotations

import ipaddress
import math
import time
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.http import HttpRequest
from django.utils.crypto import salted_hmac

from config.client_ip import client_ip

SLICES = 60


@dataclass(frozen=True)
class _Slice:
    """One slice's events: how many, and when the latest was (seconds since the epoch)."""

    count: int
    latest: float


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
        """Count one more event; False (and not counted) once `who` has no room left.

        Raises what the cache raises when it cannot be reached: an event that cannot be
        counted is never let through uncounted.
        """
        now = time.time()
        slices = self._recent(who, now)
        if sum(part.count for part in slices.values()) >= self.allowed():
            return False
        current = self._slice_index(now)
        key, keep_for = self._key(who, current), self._keep_for(current, now)
        counters = caches["counters"]
        if isinstance(counters, RedisCache):
            # Redis counts atomically (INCR): posts landing at once on different nodes are
            # each counted, and each sees the others; one that finds itself over the limit
            # takes its count back. The slice's latest time is a plain write beside it.
            if current not in slices:
                counters.add(key, 0, timeout=keep_for)
            try:
                in_slice = counters.incr(key)
            except ValueError:  # the key expired between the two calls (a stalled process)
                counters.add(key, 1, timeout=keep_for)
                in_slice = 1
            earlier = sum(part.count for index, part in slices.items() if index != current)
            if earlier + in_slice > self.allowed():
                counters.decr(key)
                return False
            counters.set(f"{key}:at", now, timeout=keep_for)
        else:
            # The database cache's incr() is a read and a write too, and resets the entry
            # to its default timeout: one write of both keeps the slice at less than half
            # the queries. Two posts in the same instant may be counted once, which a limit
            # against floods can afford.
            in_slice = slices.get(current, _Slice(0, now)).count + 1
            counters.set(key, (in_slice, now), timeout=keep_for)
        return True

    def reached(self, who: str) -> bool:
        """Whether `who` has no room left in the window, without counting anything."""
        slices = self._recent(who, time.time())
        return sum(part.count for part in slices.values()) >= self.allowed()

    def seconds_left(self, who: str) -> int:
        """How long until `who` may go again (for Retry-After): until enough of the counted
        events are a window old."""
        now = time.time()
        slices = sorted(self._recent(who, now).values(), key=lambda part: part.latest)
        counted = sum(part.count for part in slices)
        room_at = now
        for part in slices:
            if counted < self.allowed():
                break
            counted -= part.count
            room_at = part.latest + self._window_seconds()
        return max(1, math.ceil(room_at - now))

    def _recent(self, who: str, now: float) -> dict[int, _Slice]:
        """The slices still counted at `now`, by index: one read of the cache."""
        window = self._window_seconds()
        first, current = self._slice_index(now - window), self._slice_index(now)
        keys = {index: self._key(who, index) for index in range(first, current + 1)}
        counters = caches["counters"]
        on_redis = isinstance(counters, RedisCache)
        wanted = list(keys.values())
        if on_redis:
            wanted += [f"{key}:at" for key in wanted]
        found = counters.get_many(wanted)
        slices = {}
        for index, key in keys.items():
            if key not in found:
                continue
            if on_redis:
                # A count without its time (a process stopped between the two writes) is
                # taken as late in its slice as it can be.
                latest = found.get(f"{key}:at", (index + 1) * self._slice_seconds())
                part = _Slice(found[key], latest)
            else:
                part = _Slice(*found[key])
            if part.count > 0 and part.latest > now - window:
                slices[index] = part
        return slices

    def _window_seconds(self) -> float:
        return self.window().total_seconds()

    def _slice_seconds(self) -> float:
        return self._window_seconds() / SLICES

    def _slice_index(self, moment: float) -> int:
        return math.floor(moment / self._slice_seconds())

    def _keep_for(self, index: int, now: float) -> int:
        """Seconds a slice's entry must last: until its last possible event is a window old."""
        return math.ceil((index + 1) * self._slice_seconds() + self._window_seconds() - now) + 1

    def _key(self, who: str, index: int) -> str:
        """The key of `who`'s slice `index`.

        The counters have their own cache: page copies live elsewhere and can never
        evict one.
        """
        # Keyed with the secret key: a plain hash of an e-mail address or an IP address
        # could be matched against a list of them.
        hashed = salted_hmac(self.scope, who, algorithm="sha256").hexdigest()[:32]
        return f"{self.scope}:{hashed}:{index}"


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
