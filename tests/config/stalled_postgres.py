"""A real PostgreSQL behind a proxy that a test makes hang or cuts, for the app in a fresh process.

Settings are read once, at start-up, so the app runs in a child interpreter whose
DATABASE_URL points at a tests.tcp_proxy.TcpProxy in front of PostgreSQL; the child runs a
scenario (Python that sets `result`) and prints `result` as JSON. The database is a
scratch one of its own, migrated for the purpose and dropped afterwards, so that what the
app saves there never meets another test's data.
"""

from __future__ import annotations

import json
import os
import textwrap
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import urlsplit

import psycopg

from tests.config.processes import run_python


@dataclass(frozen=True)
class Server:
    host: str
    port: int
    user: str

    def url(self, database: str) -> str:
        return f"postgres://{self.user}@{self.host}:{self.port}/{database}"


def postgres_server() -> Server | None:
    """The PostgreSQL this run uses (DATABASE_URL), or this machine's; None if none answers."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        parts = urlsplit(url)
        server = Server(parts.hostname or "127.0.0.1", parts.port or 5432, parts.username or "")
    else:
        server = Server("127.0.0.1", 5432, "postgres")
    try:
        psycopg.connect(server.url("postgres"), connect_timeout=2).close()
    except psycopg.Error:
        return None
    return server


@contextmanager
def scratch_database(server: Server) -> Iterator[str]:
    """A freshly migrated database of its own on `server`; its name."""
    name = f"mp_stall_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server.url("postgres"), autocommit=True, connect_timeout=2) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        migrated = run_python(
            "manage.py", "migrate", "--no-input", "-v0", DATABASE_URL=server.url(name), **APP_ENV
        )
        assert migrated.returncode == 0, migrated.stderr
        yield name
    finally:
        with psycopg.connect(server.url("postgres"), autocommit=True, connect_timeout=2) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# Production settings, served over plain HTTP to the test client.
APP_ENV = {
    "DJANGO_SECRET_KEY": "stalled-database-test",
    "DJANGO_ALLOWED_HOSTS": "testserver,127.0.0.1",
    "DJANGO_HTTPS": "0",
    # The rate-limit counts and page copies stay in the process, away from the database
    # under test: a test of the database cache would show two outages at once.
    "CACHE_URL": "locmem://",
    "INTAKE_NOTIFY_EMAILS": "",
}

PREAMBLE = """
import json, os, time
from tests.tcp_proxy import TcpProxy

proxy = TcpProxy({host!r}, {port})
proxy.__enter__()
os.environ["DATABASE_URL"] = "postgres://{user}@127.0.0.1:%d/{database}" % proxy.port

import django
django.setup()
from django.conf import settings
from django.db import DatabaseError, close_old_connections, connection
from tests.clients import FormClient as Client
from django.test.utils import override_settings
from tests.advisor.intakes import FIRST_NAME, neutral_post

# As in tests/conftest.py: the manifest storage needs `collectstatic`.
override_settings(
    STORAGES={{
        **settings.STORAGES,
        "staticfiles": {{"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}},
    }}
).enable()
client = Client()
result = {{}}


def next_request():
    # What Django does as each request a server passes it starts and ends; the test
    # client leaves it out.
    close_old_connections()


def timed(call):
    started = time.monotonic()
    outcome = call()
    return outcome, round(time.monotonic() - started, 2)


def page(response):
    return {{"status": response.status_code, "body": response.content.decode()}}
"""


def run_behind_proxy(server: Server, database: str, scenario: str, **env: str) -> dict:
    """Run `scenario` in a fresh app process whose PostgreSQL is behind `proxy`; its result."""
    preamble = PREAMBLE.format(
        host=server.host, port=server.port, user=server.user, database=database
    )
    script = preamble + textwrap.dedent(scenario) + "\nprint(json.dumps(result))\n"
    completed = run_python("-c", script, **{**APP_ENV, **env})
    assert completed.returncode == 0, completed.stderr
    return json.loads(completed.stdout.strip().splitlines()[-1])
