"""A request served by a fresh interpreter whose database is unreachable: a real one,
pointed at a port where nothing listens (settings are read once, at import, so this
cannot be done inside the test process)."""

from __future__ import annotations

import textwrap

from tests.config.processes import run_python

UNREACHABLE = {
    "DATABASE_URL": "postgres://postgres@127.0.0.1:1/nowhere",
    "DJANGO_HTTPS": "0",
    "DJANGO_SECRET_KEY": "x",
    "DJANGO_ALLOWED_HOSTS": "testserver",
    # The rate limit's count lives in the database cache by default; with the database
    # gone too, the test would not show which of the two the page is about.
    "CACHE_URL": "locmem://",
    "INTAKE_NOTIFY_EMAILS": "",
}


def with_no_database(request_code: str, **env: str):
    """Run `request_code` (which sets `response`) against an unreachable database."""
    script = textwrap.dedent(
        """
        import django
        django.setup()
        from django.conf import settings
        from tests.clients import FormClient as Client
        from django.test.utils import override_settings
        from tests.advisor.intakes import neutral_post
        # As in tests/conftest.py: the manifest storage needs `collectstatic`.
        override_settings(
            STORAGES={
                **settings.STORAGES,
                "staticfiles": {
                    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
                },
            }
        ).enable()
        client = Client()
        """
    )
    script += textwrap.dedent(request_code)
    script += textwrap.dedent(
        """
        print(response.status_code)
        print(response.get("Retry-After", ""))
        print(response.content.decode())
        """
    )
    result = run_python("-c", script, **{**UNREACHABLE, **env})
    assert result.returncode == 0, result.stderr
    status, retry_after, body = result.stdout.split("\n", 2)
    return int(status), retry_after, body
