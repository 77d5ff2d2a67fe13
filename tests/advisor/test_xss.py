"""Stored XSS: markup typed into the name shows as text in the admin and never reaches e-mail.

The name is the one free-text answer the public can give, and clinicians read it in the admin.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils.html import escape

from advisor.models import Intake
from tests.advisor.admin.helpers import (
    access_list_url,
    change_url,
    changelist_url,
    dashboard_url,
    history_url,
)

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
PAYLOADS = [
    SCRIPT,
    '"><img src=x onerror=alert(1)>',
    "</title><script>alert(1)</script>",
    "<svg/onload=alert(1)>",
]


@pytest.fixture
def typed_in_a_name(client, valid_post):
    """The public form posted with `payload` as the first name; the intake it saved."""

    def post(payload: str) -> Intake:
        response = client.post(reverse("advisor:intake"), {**valid_post, "first_name": payload})
        assert response.status_code == 302
        return Intake.objects.get()

    return post


@pytest.fixture
def as_clinician(client, clinician):
    client.force_login(clinician)
    return client


@pytest.mark.parametrize("payload", PAYLOADS)
def test_it_shows_a_name_with_markup_as_text_in_the_intake_list(
    typed_in_a_name, as_clinician, payload
):
    typed_in_a_name(payload)

    content = as_clinician.get(changelist_url()).content.decode()

    assert payload not in content
    assert escape(payload) in content


@pytest.mark.parametrize("payload", PAYLOADS)
def test_it_shows_a_name_with_markup_as_text_on_the_intake_page(
    typed_in_a_name, as_clinician, payload
):
    intake = typed_in_a_name(payload)

    content = as_clinician.get(change_url(intake)).content.decode()

    assert payload not in content
    assert escape(payload) in content


def test_it_runs_no_script_from_a_name_on_the_intake_page(typed_in_a_name, as_clinician):
    intake = typed_in_a_name(SCRIPT)

    content = as_clinician.get(change_url(intake)).content.decode()

    assert "<script>alert(1)" not in content


@pytest.mark.parametrize(
    "page",
    [
        pytest.param(lambda intake: history_url(intake), id="history"),
        pytest.param(lambda intake: dashboard_url(), id="dashboard"),
        pytest.param(lambda intake: access_list_url(), id="access records"),
        pytest.param(lambda intake: reverse("admin:index"), id="admin home"),
    ],
)
def test_it_shows_no_markup_from_a_name_on_other_admin_pages(
    typed_in_a_name, as_clinician, page, superuser, client
):
    intake = typed_in_a_name(SCRIPT)
    as_clinician.get(change_url(intake))  # leaves an access record naming the intake
    client.force_login(superuser)

    response = client.get(page(intake))

    assert response.status_code == 200
    assert SCRIPT not in response.content.decode()


def test_it_shows_a_search_for_markup_as_text(as_clinician):
    content = as_clinician.get(changelist_url(), {"q": SCRIPT}).content.decode()

    assert SCRIPT not in content


# The clinic's e-mail


@pytest.fixture
def clinic_email(typed_in_a_name, settings, django_capture_on_commit_callbacks, mailoutbox):
    settings.INTAKE_NOTIFY_EMAILS = ["clinic@example.org"]

    def send(payload: str):
        with django_capture_on_commit_callbacks(execute=True):
            typed_in_a_name(payload)
        assert len(mailoutbox) == 1
        return mailoutbox[0]

    return send


@pytest.mark.parametrize("payload", PAYLOADS)
def test_it_keeps_markup_from_a_name_out_of_the_email(clinic_email, payload):
    message = clinic_email(payload)

    assert payload not in message.subject
    assert payload not in message.body
    assert "alert(1)" not in message.body


def test_it_sends_the_email_as_plain_text_only(clinic_email):
    message = clinic_email(SCRIPT)

    assert message.content_subtype == "plain"
    assert not getattr(message, "alternatives", [])


def test_it_puts_no_name_at_all_in_the_email(clinic_email):
    message = clinic_email("Wilhelmina")

    assert "Wilhelmina" not in message.subject
    assert "Wilhelmina" not in message.body
