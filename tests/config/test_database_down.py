"""When the database is down, the intake says the answers were not saved, and means it.

Failure is honest: the form comes back with
every answer still in it, and with the crisis panel for whoever said yes to thoughts of
self-harm. The unreachable database is a real one: a fresh interpreter pointed at a port
where nothing listens.
"""

from __future__ import annotations

import pytest
from django.core import mail
from django.db import OperationalError, connection
from django.urls import reverse

from advisor.models import Intake
from tests.advisor.intakes import EMAIL_ADDRESS, FIRST_NAME, neutral_post
from tests.config.no_database import with_no_database
from tests.helpers import Page

NOT_SAVED = "Your answers were not saved"
HEALTHZ = "/healthz"  # what load balancers are configured with: the literal path is the interface


@pytest.fixture(scope="module")
def posted_intake():
    return with_no_database('response = client.post("/intake/", neutral_post())')


SAID_YES_TO_SELF_HARM = (
    'response = client.post("/intake/", {**neutral_post(), "self_harm_thoughts": "yes"})'
)


@pytest.fixture(scope="module")
def posted_crisis_intake():
    return with_no_database(SAID_YES_TO_SELF_HARM)


def crisis_panel(body: str):
    return Page(body).find("section", class_="crisis-panel")


@pytest.mark.subprocess
def test_it_answers_503_when_the_intake_cannot_be_saved(posted_intake):
    status, _, _ = posted_intake

    assert status == 503


@pytest.mark.subprocess
def test_it_says_the_answers_were_not_saved(posted_intake):
    _, _, body = posted_intake

    assert NOT_SAVED in body


@pytest.mark.subprocess
def test_it_never_shows_a_recommendation_when_nothing_was_saved(posted_intake):
    _, _, body = posted_intake

    assert "Your starting point" not in body
    assert "/recommendation/" not in body


@pytest.mark.subprocess
def test_it_asks_to_try_again_later(posted_intake):
    _, retry_after, body = posted_intake

    assert retry_after
    assert "try again in a few minutes" in body


@pytest.mark.subprocess
def test_it_points_to_crisis_help_when_nothing_was_saved(posted_intake):
    _, _, body = posted_intake

    assert 'href="tel:988"' in body


@pytest.mark.subprocess
def test_it_keeps_the_answers_when_nothing_was_saved(posted_intake):
    _, _, body = posted_intake

    page = Page(body)
    assert page.find("input", name="first_name").attrs["value"] == FIRST_NAME
    assert page.find("input", name="email").attrs["value"] == EMAIL_ADDRESS
    assert "checked" in page.find("input", name="self_harm_thoughts", value="no").attrs
    assert page.find("input", name="form_token").attrs["value"]


@pytest.mark.subprocess
def test_it_shows_the_crisis_panel_when_nothing_was_saved_after_a_yes(posted_crisis_intake):
    status, retry_after, body = posted_crisis_intake

    assert status == 503
    assert retry_after
    assert crisis_panel(body) is not None
    assert "checked" in Page(body).find("input", name="self_harm_thoughts", value="yes").attrs


@pytest.mark.subprocess
def test_it_shows_no_crisis_panel_when_nothing_was_saved_after_a_no(posted_intake):
    _, _, body = posted_intake

    assert crisis_panel(body) is None


@pytest.mark.subprocess
def test_it_answers_503_with_crisis_help_when_the_rate_limit_count_is_down_too():
    # The default: the rate-limit counts live in the same database that cannot be reached.
    status, retry_after, body = with_no_database(SAID_YES_TO_SELF_HARM, CACHE_URL="db://")

    assert status == 503
    assert retry_after
    assert NOT_SAVED in body
    assert crisis_panel(body) is not None
    assert Page(body).find("input", name="first_name").attrs["value"] == FIRST_NAME


@pytest.mark.subprocess
def test_it_reports_the_health_check_unavailable_without_a_database():
    status, _, _ = with_no_database(f"response = client.get({HEALTHZ!r})")

    assert status == 503


@pytest.mark.subprocess
@pytest.mark.parametrize("cache_url", ["locmem://", "db://"])
def test_it_shows_the_form_with_errors_even_without_a_database(cache_url):
    # Checking answers needs no database: a mistake is still shown as a mistake.
    status, _, body = with_no_database(
        'response = client.post("/intake/", {"first_name": "Ann"})', CACHE_URL=cache_url
    )

    assert status == 200
    assert "Please give an email address" in body


# Nothing half-saved: the database fails halfway through a submission.


def failing_insert_into(table: str):
    """A query wrapper under which inserting into `table` fails as a dropped connection does."""

    def wrapper(execute, sql, params, many, context):
        if sql.startswith(f'INSERT INTO "{table}"'):
            raise OperationalError("server closed the connection unexpectedly")
        return execute(sql, params, many, context)

    return wrapper


# The intake row itself, and its first history row written just after it.
@pytest.fixture(params=["advisor_intake", "advisor_historicalintake"])
def failing_insert(request, settings, django_capture_on_commit_callbacks):
    settings.INTAKE_NOTIFY_EMAILS = ["clinic@example.org"]
    with (
        django_capture_on_commit_callbacks(execute=True),
        connection.execute_wrapper(failing_insert_into(request.param)),
    ):
        yield


@pytest.mark.django_db
def test_it_answers_503_when_saving_fails_halfway(client, failing_insert):
    response = client.post(reverse("advisor:intake"), neutral_post())

    assert response.status_code == 503
    assert NOT_SAVED in response.content.decode()
    assert Page.of(response).find("input", name="first_name").attrs["value"] == FIRST_NAME


@pytest.mark.django_db
def test_it_leaves_no_intake_behind_when_saving_fails_halfway(client, failing_insert):
    client.post(reverse("advisor:intake"), neutral_post())

    assert Intake.objects.count() == 0
    assert Intake.history.count() == 0


@pytest.mark.django_db
def test_it_tells_the_clinic_nothing_when_saving_fails_halfway(client, failing_insert):
    client.post(reverse("advisor:intake"), neutral_post())

    assert mail.outbox == []


@pytest.mark.django_db
def test_it_saves_the_same_form_once_the_database_is_back(client):
    answers = neutral_post()
    with connection.execute_wrapper(failing_insert_into("advisor_intake")):
        client.post(reverse("advisor:intake"), answers)

    response = client.post(reverse("advisor:intake"), answers)

    assert response.status_code == 302
    assert Intake.objects.count() == 1
