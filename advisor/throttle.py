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

    def allowance(self, who: str) -> Allowance:
        """`who`'s room under this limit, for every question one request asks of it."""
        return Allowance(self, who)

    def count(self, who: str) -> bool:
        """Count one more event for `who`, for a caller with no other question to ask."""
        return self.allowance(who).take()

    def window_seconds(self) -> float:
        return self.window().total_seconds()

    def slice_seconds(self) -> float:
        return self.window_seconds() / SLICES

    def slice_index(self, moment: float) -> int:
        return math.floor(moment / self.slice_seconds())

    def keep_for(self, index: int, now: float) -> int:
        """Seconds a slice's entry must last: until its last possible event is a window old."""
        return math.ceil((index + 1) * self.slice_seconds() + self.window_seconds() - now) + 1

    def hashed(self, who: str) -> str:
        """`who` as its keys name it.

        Keyed with the secret key: a plain hash of an e-mail address or an IP address
        could be matched against a list of them. The counters have their own cache: page
        copies live elsewhere and can never evict one.
        """
        return salted_hmac(self.scope, who, algorithm="sha256").hexdigest()[:32]


class Allowance:
    """One client's room under a limit, for one request: "allowed?" (`take`), "used
    up?" (`used_up`) and "retry after?" (`retry_after`).

    The client's key is worked out once, and the slices are read from the cache once, at
    the first question (at that moment's time), so the three answers agree with each other
    and cost one read between them. Each question raises what the cache raises when it
    cannot be reached: an event that cannot be counted is never let through uncounted.
    """

    def __init__(self, limit: Limit, who: str) -> None:
        self.limit = limit
        self._hashed = limit.hashed(who)
        self._now: float | None = None
        self._slices: dict[int, _Slice] | None = None

    def used_up(self) -> bool:
        """Whether there is no room left in the window, without counting anything."""
        return self._counted() >= self.limit.allowed()

    def take(self) -> bool:
        """Count one more event; False (and not counted) once there is no room left."""
        slices = self._recent()
        if self.used_up():
            return False
        now = self._moment()
        current = self.limit.slice_index(now)
        key, keep_for = self._key(current), self.limit.keep_for(current, now)
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
            if earlier + in_slice > self.limit.allowed():
                counters.decr(key)
                # Another post was counted meanwhile: what was read is stale, and
                # retry_after() must read the counts again to say how long to wait.
                self._slices = None
                return False
            counters.set(f"{key}:at", now, timeout=keep_for)
        else:
            # The database cache's incr() is a read and a write too, and resets the entry
            # to its default timeout: one write of both keeps the slice at less than half
            # the queries. Two posts in the same instant may be counted once, which a limit
            # against floods can afford.
            in_slice = slices.get(current, _Slice(0, now)).count + 1
            counters.set(key, (in_slice, now), timeout=keep_for)
        slices[current] = _Slice(in_slice, now)
        return True

    def retry_after(self) -> int:
        """Seconds until there is room again (for Retry-After): until enough of the counted
        events are a window old."""
        now = self._moment()
        slices = sorted(self._recent().values(), key=lambda part: part.latest)
        counted = sum(part.count for part in slices)
        room_at = now
        for part in slices:
            if counted < self.limit.allowed():
                break
            counted -= part.count
            room_at = part.latest + self.limit.window_seconds()
        return max(1, math.ceil(room_at - now))

    def _counted(self) -> int:
        return sum(part.count for part in self._recent().values())

    def _moment(self) -> float:
        if self._now is None:
            self._now = time.time()
        return self._now

    def _recent(self) -> dict[int, _Slice]:
        """The slices still counted, by index: read once, on the first question."""
        if self._slices is None:
            self._slices = self._read(self._moment())
        return self._slices

    def _read(self, now: float) -> dict[int, _Slice]:
        limit = self.limit
        window = limit.window_seconds()
        first, current = limit.slice_index(now - window), limit.slice_index(now)
        keys = {index: self._key(index) for index in range(first, current + 1)}
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
                latest = found.get(f"{key}:at", (index + 1) * limit.slice_seconds())
                part = _Slice(found[key], latest)
            else:
                part = _Slice(*found[key])
            if part.count > 0 and part.latest > now - window:
                slices[index] = part
        return slices

    def _key(self, index: int) -> str:
        return f"{self.limit.scope}:{self._hashed}:{index}"


INTAKES = Limit("intake-rate", "INTAKE_RATE_LIMIT", "INTAKE_RATE_WINDOW")
# "Lost your link?": per network, and per address asked about, so that no one can fill a
# stranger's inbox or learn much by asking about many addresses.
LINK_REQUESTS = Limit("link-rate", "LINK_REQUEST_LIMIT", "LINK_REQUEST_WINDOW")
LINKS_TO_ONE_ADDRESS = Limit("link-address", "LINK_EMAILS_PER_ADDRESS", "LINK_REQUEST_WINDOW")


def intake_allowance(request: HttpRequest) -> Allowance:
    """This connection's room for intakes (sent or looked at), for the whole request."""
    return INTAKES.allowance(client_network(request))


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
