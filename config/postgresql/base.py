"""Django's PostgreSQL backend, with no call left waiting on a database that stopped answering.

Subclassing the backend's DatabaseWrapper is Django's documented way to change how it
connects. Every call that waits for PostgreSQL's answer goes through one of these: a
query (through an execute wrapper, Django's own instrumentation hook), the health check
that opens each request on a kept connection (is_usable), a commit or a rollback, and the
settings a new connection sends (init_connection_state). Each is noted with the watchdog
of config.db_deadline, which ends it if it waits too long. Connecting is bounded by
libpq's connect_timeout, which psycopg 3 enforces on its side of the socket.

The limits come from settings (config/settings.py), in OPTIONS, taken out before the rest
of OPTIONS goes to libpq:
- "stall_timeout": seconds a query, commit or rollback may wait for an answer;
- connect_timeout also bounds the health check: a `SELECT 1` slower than a new connection
  would be means this connection is gone.
"""

from __future__ import annotations

import math
import time

from django.db import OperationalError
from django.db.backends.postgresql import base

from config.db_deadline import watchdog, watched_socket

Database = base.Database

# OPTIONS read here and never passed to libpq.
STALL_TIMEOUT = "stall_timeout"
# Longer than any request waits with these limits: where no request boundary comes (a
# management command, a test), connecting is tried again after this anyway.
NOT_RETRIED_FOR = 10
# Seconds the health check of a kept connection may wait (config.views.healthz answers
# within as long).
PING_LIMIT = 2


class DatabaseWrapper(base.DatabaseWrapper):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        options = self.settings_dict["OPTIONS"]
        stall = float(options.get(STALL_TIMEOUT) or math.inf)
        connect = float(options.get("connect_timeout") or math.inf)
        # Seconds; config.db_deadline.at_most() lowers them for a block.
        # A `SELECT 1` slower than a new connection, or than a load balancer's probe waits,
        # means this connection is gone.
        ping = min(stall, connect, PING_LIMIT)
        self.deadline_limits = {"query": stall, "ping": ping, "connect": connect}
        self.cut_by_watchdog = False
        # When PostgreSQL last did not answer (a call ended by the watchdog, a connection
        # attempt that failed): until the next request, a new connection is not tried, so a
        # request that already waited once for a stalled database does not wait again for
        # each query left (the session, the cache, the clinic's details on the error page).
        self.unanswered_at: float | None = None
        # Outermost, so that the deadline covers any wrapper a test or a tool adds.
        self.execute_wrappers.insert(0, self._within_deadline)

    def get_connection_params(self) -> dict:
        params = super().get_connection_params()
        params.pop(STALL_TIMEOUT, None)
        if math.isfinite(self.deadline_limits["connect"]):
            params["connect_timeout"] = max(1, int(self.deadline_limits["connect"]))
        return params

    def get_new_connection(self, conn_params: dict):
        if (
            self.unanswered_at is not None
            and time.monotonic() - self.unanswered_at < NOT_RETRIED_FOR
        ):
            raise Database.OperationalError(
                "PostgreSQL did not answer earlier in this request; not connecting again"
            )
        try:
            connection = super().get_new_connection(conn_params)
        except Database.OperationalError:
            self.unanswered_at = time.monotonic()
            raise
        self._forget_socket()
        self._socket = watched_socket(connection.fileno())
        return connection

    def close(self) -> None:
        try:
            super().close()
        finally:
            self._forget_socket()

    def _forget_socket(self) -> None:
        sock, self._socket = getattr(self, "_socket", None), None
        if sock is not None:
            sock.close()

    def close_if_unusable_or_obsolete(self) -> None:
        # Django calls this as every request starts and ends (close_old_connections):
        # each request tries PostgreSQL afresh, so one comes through once it is back.
        self.unanswered_at = None
        super().close_if_unusable_or_obsolete()

    def init_connection_state(self) -> None:
        self._bounded("query", super().init_connection_state)

    def is_usable(self) -> bool:
        self.cut_by_watchdog = False
        usable = self._bounded("ping", super().is_usable)
        # An answer that came as the watchdog shut the socket: the connection is gone.
        return usable and not self.cut_by_watchdog

    def commit(self) -> None:
        self._bounded("query", super().commit)

    def rollback(self) -> None:
        self._bounded("query", super().rollback)

    def _within_deadline(self, execute, sql, params, many, context):
        return self._bounded("query", execute, sql, params, many, context)

    def _bounded(self, kind: str, call, *args):
        limit = self.deadline_limits[kind]
        sock = getattr(self, "_socket", None)
        if sock is None or self.connection is None or not math.isfinite(limit):
            # No connection: the call fails (or connects) without waiting on a socket.
            return call(*args)
        ticket = watchdog.watch(sock, limit)
        try:
            result = call(*args)
        except BaseException as error:
            if not watchdog.release(ticket):
                self.unanswered_at = time.monotonic()
                raise OperationalError(
                    f"PostgreSQL did not answer within {limit:g} s; connection closed"
                ) from error
            raise
        if not watchdog.release(ticket):
            # Answered as the watchdog shut the socket: the answer stands, the connection
            # does not.
            self.unanswered_at = time.monotonic()
            self.errors_occurred = self.cut_by_watchdog = True
        return result
