"""Sending the questionnaire, as the service decides it: saved, already saved, or refused.

advisor.submission.intake_send against the real database and the real counters' cache,
with Robin's answers sent from one browser and one connection (an allowance of two
intakes an hour).
"""

from __future__ import annotations

import uuid

import pytest

from advisor.forms import IntakeForm
from advisor.models import Intake
from advisor.submission import AlreadySaved, Refused, Saved, Submission, intake_send
from advisor.throttle import INTAKES
from tests.advisor.intakes import neutral_post

pytestmark = pytest.mark.django_db

ROBINS_BROWSER = "robins-csrf-cookie"
HOME = "198.51.100.30"


@pytest.fixture(autouse=True)
def two_an_hour(settings) -> None:
    settings.INTAKE_RATE_LIMIT = 2


def robins_answers(**changes: str) -> Submission:
    """Robin's answers as a valid form sends them, on a copy of the form of their own."""
    form = IntakeForm({**neutral_post(), "self_criticism": "5", **changes})
    assert form.is_valid(), form.errors
    return form.submission()


def send(submission: Submission, *, browser: str = ROBINS_BROWSER, last_sent: str = ""):
    allowance = INTAKES.allowance(HOME)  # one request's look at the connection's room
    return intake_send(
        submission=submission, browser=browser, last_sent=last_sent, allowance=allowance
    )


def test_it_saves_new_answers_and_gives_the_secret_to_remember():
    sent = send(robins_answers())

    assert isinstance(sent, Saved)
    assert Intake.objects.get() == sent.intake
    assert sent.intake.self_criticism == 5
    assert len(sent.secret) >= 40
    assert str(sent.intake.form_token) not in sent.secret


def test_it_takes_the_same_copy_of_the_form_sent_again_to_the_intake_saved():
    answers = robins_answers()
    first = send(answers)

    again = send(answers)

    assert isinstance(again, AlreadySaved)
    assert again.intake == first.intake
    assert Intake.objects.count() == 1


def test_it_takes_the_same_answers_from_a_new_form_with_the_browsers_secret_to_them():
    first = send(robins_answers())
    new_form = robins_answers()  # going Back: the form fetched again, a new token

    again = send(new_form, last_sent=first.secret)

    assert isinstance(again, AlreadySaved)
    assert again.intake == first.intake


def test_it_saves_the_same_answers_from_a_new_form_without_the_secret():
    send(robins_answers())

    again = send(robins_answers())

    assert isinstance(again, Saved)
    assert Intake.objects.count() == 2


def test_it_saves_the_same_form_sent_from_another_browser():
    answers = robins_answers()
    send(answers)

    other = send(answers, browser="someone-elses-csrf-cookie")

    assert isinstance(other, Saved)
    assert Intake.objects.count() == 2


def test_it_saves_other_answers_sent_with_the_browsers_secret():
    first = send(robins_answers())

    alex = send(robins_answers(first_name="Alex"), last_sent=first.secret)

    assert isinstance(alex, Saved)
    assert alex.intake != first.intake
    assert alex.intake.first_name == "Alex"


def test_it_refuses_new_answers_over_the_limit_and_says_when_there_is_room():
    send(robins_answers(first_name="Robin"))
    send(robins_answers(first_name="Sam"))

    refused = send(robins_answers(first_name="Alex"))

    assert isinstance(refused, Refused)
    assert 0 < refused.retry_after <= 3600
    assert not Intake.objects.filter(first_name="Alex").exists()


def test_it_takes_answers_already_saved_to_them_even_over_the_limit():
    answers = robins_answers()
    first = send(answers)
    send(robins_answers(first_name="Sam"))

    again = send(answers)

    assert isinstance(again, AlreadySaved)
    assert again.intake == first.intake


def test_it_counts_no_resend_against_the_limit():
    answers = robins_answers()
    send(answers)
    for _ in range(3):
        send(answers)

    second = send(robins_answers(first_name="Sam"))

    assert isinstance(second, Saved)


def test_it_leads_nowhere_with_a_form_token_alone():
    first = send(robins_answers())
    token = str(first.intake.form_token)  # read from the page's HTML at the same screen

    other = send(robins_answers(first_name="Alex", form_token=token), browser="another")

    assert isinstance(other, Saved)
    assert other.intake != first.intake


def test_it_leads_nowhere_with_a_secret_it_did_not_make():
    send(robins_answers())

    again = send(robins_answers(), last_sent=uuid.uuid4().hex)

    assert isinstance(again, Saved)
