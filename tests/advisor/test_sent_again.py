"""Going Back after sending, and sending again, saves no second intake.

Source: issue 18, item 3. Going Back to the form fetches it again with a new form token
(every private page is "no-store"); the browser keeps, in a signed cookie that only the
form reads, the token of the answers it last sent, and the same answers sent again lead
to the intake already saved. Different answers, or another browser, are a new intake:
nothing anyone sends is dropped. The browser journey is in tests/e2e/test_participant.py.
"""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse

from advisor.models import Intake
from advisor.views import SENT_COOKIE
from tests.advisor.conftest import neutral_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered() -> dict[str, str]:
    """Robin's answers, as the form sends them the first time."""
    return {**neutral_post(), "self_criticism": "5", "phone": "(617) 555-0134"}


def send(client, data: dict[str, str], **changes: str):
    return client.post(reverse("advisor:intake"), {**data, **changes})


def sent_again(data: dict[str, str], **changes: str) -> dict[str, str]:
    """The same form, fetched again after going Back: a new token, the answers restored."""
    return {**data, "form_token": str(uuid.uuid4()), **changes}


def test_it_takes_the_same_answers_sent_from_a_new_form_to_the_intake_saved(client, answered):
    first = send(client, answered)

    again = send(client, sent_again(answered))

    assert Intake.objects.count() == 1
    assert again.status_code == 302
    assert again["Location"] == first["Location"] == Intake.objects.get().get_absolute_url()


def test_it_saves_changed_answers_sent_from_a_new_form_as_a_new_intake(client, answered):
    send(client, answered)

    again = send(client, sent_again(answered, self_harm_thoughts="yes"))

    assert Intake.objects.count() == 2
    assert again["Location"] == Intake.objects.get(self_harm_thoughts="yes").get_absolute_url()


def test_it_saves_a_changed_phone_number_as_a_new_intake(client, answered):
    send(client, answered)

    send(client, sent_again(answered, phone="(617) 555-0199"))

    assert Intake.objects.count() == 2


def test_it_saves_the_same_answers_from_another_browser(client, answered):
    send(client, answered)
    client.cookies.clear()  # someone else's browser

    send(client, sent_again(answered))

    assert Intake.objects.count() == 2


def test_it_saves_the_same_answers_again_once_the_first_are_deleted(client, answered):
    send(client, answered)
    Intake.objects.get().delete()

    again = send(client, sent_again(answered))

    assert again.status_code == 302
    assert Intake.objects.count() == 1


def test_it_ignores_a_remembered_form_it_did_not_sign(client, answered):
    send(client, answered)
    saved = Intake.objects.get()
    client.cookies[SENT_COOKIE] = str(saved.form_token)  # unsigned, as a forger would set it

    send(client, sent_again(answered))

    assert Intake.objects.count() == 2


def test_it_still_refuses_a_new_intake_over_the_limit_after_a_resend(client, answered, settings):
    settings.INTAKE_RATE_LIMIT = 1
    send(client, answered)

    again = send(client, sent_again(answered))
    other = send(client, sent_again(answered, first_name="Alex"))

    assert again.status_code == 302
    assert other.status_code == 429
    assert Intake.objects.count() == 1


def test_it_keeps_the_remembered_form_to_the_form_itself(client, answered):
    response = send(client, answered)

    cookie = response.cookies[SENT_COOKIE]
    assert cookie["path"] == reverse("advisor:intake")
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert answered["form_token"] not in response["Location"]
