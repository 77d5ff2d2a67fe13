"""This machine's Redis (database 12) behind a TcpProxy that a test cuts or makes hang.

    with redis_behind_a_proxy(settings) as proxy:
        client.get(url)          # through Redis
        proxy.hang()             # connections open, no answer: a partition
        with deadline(3):
            client.get(url)      # must answer within 3 s anyway

The caches are the ones config/settings.py builds for CACHE_URL=redis://... (the same
function), with the default short timeouts. Each test's keys carry a prefix of their own
and are deleted after it, so tests running at once (pytest -n) never meet; nothing else
in database 12 is touched.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import redis

from config.redis_cache import forget_failures, redis_caches
from tests.tcp_proxy import TcpProxy

REDIS_HOST, REDIS_PORT, REDIS_DATABASE = "127.0.0.1", 6379, 12
# What config/settings.py sets when CACHE_SOCKET_TIMEOUT and CACHE_CONNECT_TIMEOUT are unset.
DEFAULT_TIMEOUT = 0.5


def direct_redis() -> redis.Redis:
    """Database 12 itself, not through any proxy; skips the test where no Redis runs."""
    client = redis.Redis(REDIS_HOST, REDIS_PORT, db=REDIS_DATABASE, socket_timeout=2)
    try:
        client.ping()
    except redis.RedisError:
        pytest.skip(f"no Redis on {REDIS_HOST}:{REDIS_PORT}")
    return client


@contextmanager
def redis_caches_at(settings, location: str, **options) -> Iterator[str]:
    """Use the Redis caches at `location` for the block; yields the prefix of its keys."""
    direct_redis()
    prefix = f"test-{uuid.uuid4().hex[:12]}"
    caches = redis_caches(
        location,
        socket_timeout=options.pop("socket_timeout", DEFAULT_TIMEOUT),
        connect_timeout=options.pop("connect_timeout", DEFAULT_TIMEOUT),
        **options,
    )
    for cache in caches.values():
        cache["KEY_PREFIX"] = f"{prefix}-{cache['KEY_PREFIX']}"
    settings.CACHES = {
        **caches,
        "this_process": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }
    forget_failures()
    try:
        yield prefix
    finally:
        forget_failures()
        client = direct_redis()
        for key in client.scan_iter(f"{prefix}-*"):
            client.delete(key)


@contextmanager
def redis_behind_a_proxy(settings, **options) -> Iterator[TcpProxy]:
    with TcpProxy(REDIS_HOST, REDIS_PORT) as proxy:
        location = f"redis://127.0.0.1:{proxy.port}/{REDIS_DATABASE}"
        with redis_caches_at(settings, location, **options):
            yield proxy


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Fail if the block takes longer than `seconds` (it is not interrupted: every wait
    inside has a limit of its own, the cache's timeouts)."""
    start = time.monotonic()
    yield
    took = time.monotonic() - start
    assert took < seconds, f"took {took:.2f} s, more than {seconds} s"
