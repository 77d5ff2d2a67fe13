"""No request shape gives a 500; every error page carries the security headers; a
database outage is a 503 whatever the cookies; tokens stay out of every log.
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import subprocess
import sys
import time
from urllib.error import HTTPError
from urllib.request import urlopen

import pytest
from django.conf import settings
from django.urls import reverse

from advisor.models import Intake
from config.logging import RedactTokens
from tests.advisor.admin.helpers import changelist_url
from tests.clients import FormClient
from tests.config.no_database import with_no_database
from tests.config.processes import PROJECT_ROOT, SETTINGS_VARIABLES
from tests.security.helpers import HttpsClient

pytestmark = pytest.mark.django_db

SECURITY_HEADERS = (
    "Content-Security-Policy",
    "X-Frame-Options",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Permissions-Policy",
)


def carries_the_security_headers(response) -> bool:
    return all(header in response for header in SECURITY_HEADERS)


def latin1_post(client: FormClient, url: str):
    """A form post that says it is Latin-1, with a valid CSRF token and cookie."""
    client.get(reverse("advisor:intake"))
    token = client.cookies[settings.CSRF_COOKIE_NAME].value
    body = f"csrfmiddlewaretoken={token}&first_name=Ren%E9e"
    return client.post(
        url,
        body,
        content_type="application/x-www-form-urlencoded; charset=latin-1",
        headers={"Referer": "https://testserver/intake/"},
    )


@pytest.mark.parametrize("url", ["/intake/", "/", "/privacy/", "/admin/login/"])
def test_a_form_declared_latin1_gets_a_400_not_a_500(url):
    client = HttpsClient(enforce_csrf_checks=True, raise_request_exception=False)

    response = latin1_post(client, url)

    assert response.status_code == 400
    assert carries_the_security_headers(response)
    assert "We could not read what was sent" in response.content.decode()


def test_a_form_that_is_not_utf8_gets_a_400_with_the_headers():
    client = HttpsClient(raise_request_exception=False)

    response = client.post(
        "/intake/", b"first_name=Ren\xe9e", content_type="application/x-www-form-urlencoded"
    )

    assert response.status_code == 400
    assert carries_the_security_headers(response)
    assert not Intake.objects.exists()


@pytest.mark.parametrize("scheme", ["https", "http"])
def test_a_request_for_a_host_we_do_not_serve_gets_a_400_with_the_headers(scheme):
    # Over plain HTTP the HTTPS redirect is what asks for the host, and refuses it.
    client = (HttpsClient if scheme == "https" else FormClient)(raise_request_exception=False)

    response = client.get("/", HTTP_HOST="evil.example")

    assert response.status_code == 400
    assert carries_the_security_headers(response)
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("url", ["/no-such-page/", "/recommendation/not-a-real-link/"])
def test_a_404_carries_the_security_headers(client, url):
    response = client.get(url)

    assert response.status_code == 404
    assert carries_the_security_headers(response)


def test_an_admin_action_with_ids_that_are_not_ids_is_left_out_with_a_message(sign_in, make_intake):
    intake = make_intake()
    client = sign_in("clinician")

    response = client.post(
        changelist_url(),
        {
            "action": "mark_reviewed",
            "index": "0",
            "_selected_action": ["abc", "1e9", "99999999999999999999999", str(intake.pk)],
        },
        follow=True,
    )

    intake.refresh_from_db()
    shown = [str(message) for message in response.context["messages"]]
    assert response.status_code == 200
    assert intake.status == "reviewed"  # the real id still counted
    assert any("could not be found and were left out" in text for text in shown)


def test_an_admin_action_with_only_bad_ids_changes_nothing(sign_in, make_intake):
    intake = make_intake()
    client = sign_in("clinician")

    response = client.post(
        changelist_url(), {"action": "mark_reviewed", "index": "0", "_selected_action": ["x"]}
    )

    intake.refresh_from_db()
    assert response.status_code in (200, 302)
    assert intake.status == "new"


# Item 5: an unreachable database is a 503 for every page, whatever the cookies


SIGNED_IN_REQUEST = """
from django.conf import settings
client = Client(raise_request_exception=False)
client.cookies[settings.SESSION_COOKIE_NAME] = "a-staff-members-session-key"
response = client.get({url!r})
"""


@pytest.mark.subprocess
@pytest.mark.parametrize("url", ["/", "/admin/", "/recommendation/some-link/", "/privacy/"])
def test_a_database_outage_with_a_session_cookie_is_a_503(url):
    status, retry_after, body = with_no_database(SIGNED_IN_REQUEST.format(url=url))

    assert status == 503
    assert retry_after
    assert "We are having trouble right now" in body


@pytest.mark.subprocess
def test_the_outage_page_carries_the_security_headers():
    # Reported in front of the body, which with_no_database prints after the status.
    headers_present = (
        f"response.content = str(all(h in response for h in {SECURITY_HEADERS!r})).encode()"
        " + response.content\n"
    )

    status, _, body = with_no_database(SIGNED_IN_REQUEST.format(url="/") + headers_present)

    assert status == 503
    assert body.startswith("True")


# Item 6: tokens never reach a log line


def test_a_logged_traceback_has_the_token_cut_out():
    token = "S3cretToken_abcdefghijklmnopqrstuvwxyz012345"
    try:
        raise ValueError(f"failed on /recommendation/{token}/delete/")
    except ValueError:
        record = logging.LogRecord(
            "django.request",
            logging.ERROR,
            __file__,
            1,
            "Internal Server Error: %s",
            (f"/recommendation/{token}/",),
            sys.exc_info(),
        )

    RedactTokens().filter(record)
    logged = logging.Formatter().format(record)

    assert token not in logged
    assert "/recommendation/[token]/" in logged


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_it_answers(url: str) -> None:
    """Wait for the server to answer at all: an error status is an answer too.

    On SQLite the test database lives in this process's memory, so gunicorn's own
    connection finds no database and /healthz answers 500; waiting for a 200 there would
    only run the clock out.
    """
    for _ in range(100):
        try:
            urlopen(url, timeout=1)
        except HTTPError:
            return
        except OSError:
            time.sleep(0.1)
        else:
            return


# Committed, so that gunicorn's own connection sees the intake; the rollback puts back the
# catalog the data migrations seeded, which a transactional test's flush would wipe.
@pytest.mark.subprocess
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_gunicorns_logs_never_hold_a_token(tmp_path, make_intake):
    """A real gunicorn, with its access log on, serving a participant's page."""
    intake = make_intake()
    from django.db import connection

    database = connection.settings_dict
    port = _free_port()
    log = tmp_path / "gunicorn.log"
    env = {k: v for k, v in os.environ.items() if k not in SETTINGS_VARIABLES}
    env.update(
        DATABASE_URL=(
            f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}"
            f"/{database['NAME']}"
            if connection.vendor == "postgresql"
            else f"sqlite:///{database['NAME']}"
        ),
        DJANGO_SECRET_KEY="gunicorn-log-test",
        DJANGO_HTTPS="0",
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        PORT=str(port),
        WEB_CONCURRENCY="1",
        GUNICORN_ACCESS_LOG="-",
        DJANGO_SETTINGS_MODULE="config.settings",
    )
    with log.open("w") as out:
        server = subprocess.Popen(
            # No control socket: its one path in $HOME would be shared with any other
            # gunicorn on the machine (a parallel test run, `make bench`).
            [sys.executable, "-m", "gunicorn", "config.wsgi", "--no-control-socket"],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            _wait_until_it_answers(f"{base}/healthz")
            for path in (intake.get_absolute_url(), "/recommendation/not-a-real-link-123/"):
                # A 404 is an answer too; what matters is the log.
                with contextlib.suppress(OSError):
                    urlopen(base + path, timeout=5)
        finally:
            server.terminate()
            server.wait(timeout=10)

    logged = log.read_text()
    assert "GET /recommendation/[token]/" in logged  # the access log was on
    assert intake.public_token not in logged
    assert "not-a-real-link-123" not in logged
