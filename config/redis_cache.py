"""Django's Redis cache, made to cost a moment, not a page, when Redis stops answering.

Three things make a Redis that refuses or hangs cheap. Each call has short socket and
connect timeouts and no retry (CACHE_SOCKET_TIMEOUT, CACHE_CONNECT_TIMEOUT; redis-py's
client-side default would retry with backoff). Once a call has failed, this process does
not ask that Redis again for a short pause (FAILURE_PAUSE seconds) and every call fails
at once with the same error, so a page that reads the cache several times waits on the
first read only. And template fragments ({% cache %}, the "template_fragments" alias) are
a saving, never a need: while Redis is away they are a miss and are drawn afresh.

Whoever calls the other aliases still sees the failure (a redis ConnectionError or
TimeoutError) and decides: a public page is rendered uncached, a rate-limit count that
cannot be kept refuses the questionnaire.
"""

from __future__ import annotations

import contextlib
import functools
import threading
import time
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.backoff import NoBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.retry import Retry

# config.outages, not config.error_pages: the settings import this module, and must not
# import the error pages' views.
from config.outages import REDIS_UNREACHABLE

# Long enough to cover one request's several reads, short enough that a questionnaire sent
# just after Redis came back is refused for at most this long (its answers kept).
DEFAULT_FAILURE_PAUSE = 3.0


def redis_caches(
    location: str, *, socket_timeout: float, connect_timeout: float, failure_pause: float = 0
) -> dict[str, dict[str, Any]]:
    """The shared caches on one Redis: pages ("default"), fragments, and the rate limits."""
    shared = {
        "BACKEND": "config.redis_cache.FailFastRedisCache",
        "LOCATION": location,
        # Handed to redis-py's connection pool, so every connection has them.
        "OPTIONS": {
            "socket_timeout": socket_timeout,
            "socket_connect_timeout": connect_timeout,
            # No retry: one timeout is the whole cost of a call. Said, not left to the
            # default: some redis-py versions retry three times with backoff, about 15 s
            # against a hung server.
            "retry": Retry(NoBackoff(), 0),
            "retry_on_timeout": False,
        },
        "FAILURE_PAUSE": failure_pause or DEFAULT_FAILURE_PAUSE,
    }
    return {
        "default": {**shared, "KEY_PREFIX": "default"},
        # Same key space as the pages they belong to.
        "template_fragments": {
            **shared,
            "BACKEND": "config.redis_cache.FragmentRedisCache",
            "KEY_PREFIX": "default",
        },
        "counters": {**shared, "KEY_PREFIX": "counters"},
    }


class _Pause:
    """When one Redis last failed, and how, for every cache of this process that uses it."""

    def __init__(self) -> None:
        self.failed_at: float | None = None
        self.why = ""

    def check(self, seconds: float) -> None:
        failed_at = self.failed_at
        if failed_at is None:
            return
        left = seconds - (time.monotonic() - failed_at)
        if left > 0:
            raise RedisConnectionError(
                f"{self.why} (just now; not asked again for another {left:.1f} s)"
            )

    def trip(self, error: Exception) -> None:
        self.why = str(error).rstrip(".")
        self.failed_at = time.monotonic()


_pauses: dict[str, _Pause] = {}
_pauses_lock = threading.Lock()


def _pause_for(location: str) -> _Pause:
    with _pauses_lock:
        return _pauses.setdefault(location, _Pause())


def forget_failures() -> None:
    """Ask every Redis again at once (tests, between one outage and the next)."""
    with _pauses_lock:
        _pauses.clear()


def _fails_fast(name: str):
    call = getattr(RedisCache, name)

    @functools.wraps(call)
    def guarded(self: FailFastRedisCache, *args, **kwargs):
        pause = _pause_for(self.location)
        pause.check(self.failure_pause)
        try:
            return call(self, *args, **kwargs)
        except REDIS_UNREACHABLE as error:
            pause.trip(error)
            raise

    return guarded


class FailFastRedisCache(RedisCache):
    """RedisCache that, after a failure, fails at once for FAILURE_PAUSE seconds.

    Every public method is guarded; the rest of BaseCache (get_or_set, decr, the async
    methods) goes through these.
    """

    def __init__(self, server, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self.location = server if isinstance(server, str) else ",".join(server)
        self.failure_pause = float(params.get("FAILURE_PAUSE", DEFAULT_FAILURE_PAUSE))

    add = _fails_fast("add")
    get = _fails_fast("get")
    set = _fails_fast("set")
    touch = _fails_fast("touch")
    delete = _fails_fast("delete")
    get_many = _fails_fast("get_many")
    has_key = _fails_fast("has_key")
    incr = _fails_fast("incr")
    set_many = _fails_fast("set_many")
    delete_many = _fails_fast("delete_many")
    clear = _fails_fast("clear")


class FragmentRedisCache(FailFastRedisCache):
    """For {% cache %}: while Redis is away a fragment is a miss, and is not kept.

    Django's cache tag would otherwise turn a Redis error into a failed page, and every
    fragment here is only ever a saving of work the page can do itself.
    """

    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except REDIS_UNREACHABLE:
            return default

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        with contextlib.suppress(*REDIS_UNREACHABLE):
            super().set(key, value, timeout, version)
