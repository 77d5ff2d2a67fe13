"""A deadline of our own for database calls, for when PostgreSQL's answer never arrives.

PostgreSQL's statement timeout ends a slow query, but only a server that can still answer
sends the error; when the network or the server hangs (a partition, a stuck failover)
libpq waits for a reply forever and the request holds its worker until gunicorn kills it.
The kernel acknowledges what we send, so neither TCP keepalives nor tcp_user_timeout end
that wait either.

So each database call in flight is noted with its deadline, and one watchdog thread per
process shuts down the socket of a call that is still waiting after its deadline. libpq
then sees the connection closed, psycopg raises OperationalError, the page is the honest
503, and Django discards the connection. Noting a call is a dictionary entry under a lock
(a microsecond); no thread, timer or signal per query.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

# How often the watchdog looks: a stalled call is ended within its limit plus this.
TICK = 0.1


class Watchdog:
    """Ends database calls that have waited past their deadline, by shutting their socket."""

    def __init__(self) -> None:
        self._reset()
        # A forked child (a gunicorn worker) inherits the calls of none of the parent's
        # threads and no watchdog thread: it starts afresh, its own thread started lazily.
        # This costs nothing per call, unlike comparing os.getpid() each time.
        os.register_at_fork(after_in_child=self._reset)

    def _reset(self) -> None:
        self._lock = threading.Lock()
        self._calls: dict[int, tuple[float, socket.socket]] = {}
        self._ids = itertools.count()
        self._thread: threading.Thread | None = None

    def watch(self, sock: socket.socket, limit: float) -> int:
        """Note a call about to wait on `sock`; returns the ticket to release it with."""
        ticket = next(self._ids)
        with self._lock:
            self._calls[ticket] = (time.monotonic() + limit, sock)
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="database-deadline", daemon=True
                )
                self._thread.start()
        return ticket

    def release(self, ticket: int) -> bool:
        """The call is over. False when the watchdog ended it (its socket was shut down)."""
        with self._lock:
            return self._calls.pop(ticket, None) is not None

    def _run(self) -> None:
        while True:
            time.sleep(TICK)
            now = time.monotonic()
            with self._lock:
                late = [ticket for ticket, (deadline, _) in self._calls.items() if deadline <= now]
                for ticket in late:
                    _, sock = self._calls.pop(ticket)
                    shut_down(sock)


def watched_socket(fd: int) -> socket.socket:
    """A socket of our own on the same connection as `fd`, for the watchdog to shut down.

    libpq closes its own descriptor when the server hangs up, and the process may then give
    that number to another socket (a browser's, Redis's) while the call is still listed:
    shutting the number down could cut a stranger's connection. A duplicate we hold is
    never reused while we hold it; its owner closes it with the database connection.
    """
    return socket.socket(fileno=os.dup(fd))


def shut_down(sock: socket.socket) -> None:
    """Shut the connection down for both directions: libpq's descriptor sees it closed."""
    with contextlib.suppress(OSError):  # already closed by the peer
        sock.shutdown(socket.SHUT_RDWR)


watchdog = Watchdog()


@contextmanager
def at_most(seconds: float, using: str = "default") -> Iterator[None]:
    """Within the block, no call on the `using` connection waits longer than `seconds`.

    For a caller with less time than a page has, such as the health check a load balancer
    polls. Does nothing on a database without deadlines (SQLite).
    """
    from django.db import connections

    connection = connections[using]
    limits = getattr(connection, "deadline_limits", None)
    if limits is None:
        yield
        return
    saved = dict(limits)
    limits.update({name: min(value, seconds) for name, value in limits.items()})
    try:
        yield
    finally:
        limits.update(saved)
