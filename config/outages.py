"""What counts as an outage: the names every layer that answers one agrees on.

Imports nothing from config, so that the settings (through the Redis cache), the error
pages, the page cache and the clinic's record can all read these without importing one
another.
"""

from __future__ import annotations

from django.db import InterfaceError, OperationalError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

# Redis cannot be reached (refused, or silent past its socket timeout).
REDIS_UNREACHABLE = (RedisConnectionError, RedisTimeoutError)
# Where the app keeps what it must not lose cannot be reached: the database, or Redis
# (rate-limit counts). A bug in a query (ProgrammingError and the like) is not this.
STORAGE_UNREACHABLE = (OperationalError, InterfaceError, *REDIS_UNREACHABLE)
# How long to suggest waiting after an outage: a restart or a failover takes about this.
RETRY_AFTER_OUTAGE = "120"
