"""The database cache (the default when no Redis is given), with every write in one statement.

Django's own counts the whole table before each write, to cull it when it has
grown past MAX_ENTRIES, then reads the row and updates or inserts it inside a
transaction: five round trips to count one intake submission or keep one page.
Here `set` is a single upsert, which PostgreSQL and SQLite both understand, and
the count-and-cull runs at most once a minute in each process.
"""

from __future__ import annotations

import base64
import pickle
import time
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.db import DatabaseCache as DjangoDatabaseCache
from django.db import connections, router
from django.utils.timezone import now as tz_now

CULL_INTERVAL = 60.0


class DatabaseCache(DjangoDatabaseCache):
    _next_cull = 0.0

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None) -> None:
        key = self.make_and_validate_key(key, version=version)
        timeout = self.get_backend_timeout(timeout)
        if timeout is None:
            expires = datetime.max
        else:
            expires = datetime.fromtimestamp(timeout, tz=UTC if settings.USE_TZ else None)
        expires = expires.replace(microsecond=0)
        encoded = base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")

        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        quote = connection.ops.quote_name
        table, key_column = quote(self._table), quote("cache_key")
        value_column, expires_column = quote("value"), quote("expires")
        with connection.cursor() as cursor:
            moment = time.monotonic()
            if moment >= self._next_cull:
                self._next_cull = moment + CULL_INTERVAL
                cursor.execute(f"SELECT COUNT(*) FROM {table}")
                (count,) = cursor.fetchone()
                if count > self._max_entries:
                    self._cull(db, cursor, tz_now().replace(microsecond=0), count)
            cursor.execute(
                f"INSERT INTO {table} ({key_column}, {value_column}, {expires_column}) "
                f"VALUES (%s, %s, %s) ON CONFLICT ({key_column}) DO UPDATE SET "
                f"{value_column} = EXCLUDED.{value_column}, "
                f"{expires_column} = EXCLUDED.{expires_column}",
                [key, encoded, connection.ops.adapt_datetimefield_value(expires)],
            )
