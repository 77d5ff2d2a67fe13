"""Logs never hold answers, names, e-mail addresses or recommendation links.

The root logger is at DEBUG here, as DJANGO_LOG_LEVEL=DEBUG
would set it in production, so that nothing hides below the configured level. (Django's
own loggers stay at the INFO level Django gives them; no setting here lowers it.)
"""

from __future__ import annotations

import io
import logging

import pytest
from django.urls import reverse

from advisor.models import Intake
from config.logging import RedactTokens
from tests.advisor.admin.helpers import change_url, changelist_url, history_url, review_data
from tests.advisor.intakes import neutral_post

pytestmark = pytest.mark.django_db

NAME = "Wilhelmina"
EMAIL = "wilhelmina.private@example.net"


@pytest.fixture
def everything_logged(caplog, monkeypatch):
    caplog.set_level(logging.DEBUG)
    for name in ("django", "django.request", "axes", "advisor", "config"):
        monkeypatch.setattr(logging.getLogger(name), "propagate", True)
    return caplog


def logged_text(caplog) -> str:
    """What any handler could write: each message, its arguments and any traceback."""
    parts = [caplog.text]
    for record in caplog.records:
        parts += [record.getMessage(), repr(record.args), record.exc_text or ""]
    return "\n".join(parts)


@pytest.fixture
def a_day_of_use(client, clinician, settings, django_capture_on_commit_callbacks):
    """A crisis intake arrives and the clinic is told; a clinician opens and reviews it."""
    settings.INTAKE_NOTIFY_EMAILS = ["clinic@example.org"]
    data = {**neutral_post(), "first_name": NAME, "email": EMAIL, "self_harm_thoughts": "yes"}

    def run() -> Intake:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("advisor:intake"), data)
        assert response.status_code == 302
        intake = Intake.objects.get()
        assert client.get(intake.get_absolute_url()).status_code == 200
        client.force_login(clinician)
        assert client.get(changelist_url(), {"q": NAME}).status_code == 200
        assert client.get(change_url(intake)).status_code == 200
        assert client.get(history_url(intake)).status_code == 200
        client.post(change_url(intake), review_data(intake, status="in_review"))
        return intake

    return run


def test_it_logs_something_at_all(everything_logged, a_day_of_use):
    # Otherwise the tests below would pass with logging switched off.
    a_day_of_use()

    assert everything_logged.records


def test_it_never_logs_a_participants_name(everything_logged, a_day_of_use):
    a_day_of_use()

    assert NAME not in logged_text(everything_logged)


def test_it_never_logs_a_participants_email(everything_logged, a_day_of_use):
    a_day_of_use()

    text = logged_text(everything_logged)
    assert EMAIL not in text
    assert "wilhelmina.private" not in text


def test_it_never_logs_a_recommendation_token(everything_logged, a_day_of_use):
    intake = a_day_of_use()

    assert intake.public_token not in logged_text(everything_logged)


def test_it_never_logs_the_answers_of_a_form_with_errors(everything_logged, client):
    data = {**neutral_post(), "first_name": NAME, "email": "not-an-address", "shame": "9"}

    client.post(reverse("advisor:intake"), data)

    assert NAME not in logged_text(everything_logged)


# The token filter


def record(message: str, *args) -> logging.LogRecord:
    return logging.LogRecord("django.request", logging.WARNING, __file__, 1, message, args, None)


def test_it_cuts_the_token_out_of_a_logged_path():
    entry = record("Not Found: %s", "/recommendation/AbC-123_xyz/")

    RedactTokens().filter(entry)

    assert entry.getMessage() == "Not Found: /recommendation/[token]/"


def test_it_cuts_the_token_out_of_the_delete_path():
    entry = record('"POST /recommendation/AbC-123_xyz/delete/ HTTP/1.1" 302')

    RedactTokens().filter(entry)

    assert entry.getMessage() == '"POST /recommendation/[token]/delete/ HTTP/1.1" 302'


def test_it_keeps_every_record_while_redacting():
    assert RedactTokens().filter(record("Not Found: /recommendation/AbC/")) is True


def test_it_leaves_other_messages_alone():
    entry = record("Not Found: %s", "/programs/mbsr/")

    RedactTokens().filter(entry)

    assert entry.getMessage() == "Not Found: /programs/mbsr/"


@pytest.fixture
def console():
    """What the configured console handler writes, for the length of a test."""
    handler = logging.getHandlerByName("console")
    assert handler is not None, "LOGGING names no 'console' handler"
    stream = io.StringIO()
    previous = handler.setStream(stream)
    yield stream
    handler.setStream(previous)


def test_it_writes_a_missing_recommendation_path_without_its_token(client, console):
    # A deleted intake's link, followed later: Django logs "Not Found: <path>".
    client.post(reverse("advisor:intake"), neutral_post())
    token = Intake.objects.get().public_token
    Intake.objects.all().delete()

    response = client.get(reverse("advisor:recommendation", kwargs={"token": token}))

    assert response.status_code == 404
    assert "/recommendation/[token]/" in console.getvalue()
    assert token not in console.getvalue()
