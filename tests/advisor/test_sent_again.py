"""Going Back after sending, and sending again, saves no second intake.

Going Back to the form fetches it again with a new form token
(every private page is "no-store"); a second tap of Send comes before the first one's
answer. The answers are stored with an HMAC keyed by a secret of that browser and that
copy of the form, which the browser keeps in a signed cookie that only the form reads;
the same answers sent again, from the same copy of the form or with that cookie, lead to
the intake already saved. Different answers, or another browser, are a
new intake: nothing anyone sends is dropped. The browser journey is in
tests/e2e/test_participant.py.
"""

from __future__ import annotations

import uuid

import pytest
from django.conf import settings
from django.test import RequestFactory
from django.urls import reverse

from advisor.forms import IntakeForm
from advisor.models import Intake
from advisor.submission import SENT_SALT, AlreadySaved, Saved, intake_send
from advisor.throttle import INTAKES
from advisor.views import SENT_COOKIE, SENT_MAX_AGE
from tests.advisor.intakes import neutral_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered() -> dict[str, str]:
    """Robin's answers, as the form sends them the first time."""
    return {**neutral_post(), "self_criticism": "5", "phone": "(617) 555-0134"}


def send(client, data: dict[str, str], **changes: str):
    """Post the form as a browser does: having fetched it first, which sets the browser's
    own CSRF cookie (the mark of one browser against another)."""
    if settings.CSRF_COOKIE_NAME not in client.cookies:
        client.get(reverse("advisor:intake"))
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


# The form token is no key to anyone's answers: it is in the page's HTML for anyone at the
# same screen to read, and the cookie that recognises a browser's last send holds only a
# secret that leads nowhere without every one of the answers.


def test_it_saves_other_answers_sent_from_another_browser_with_the_same_token(client, answered):
    first = send(client, answered)
    client.cookies.clear()  # the next person, who read the token from the page

    other = send(client, answered, first_name="Alex", self_harm_thoughts="yes")

    assert Intake.objects.count() == 2
    alex = Intake.objects.get(first_name="Alex")
    assert other["Location"] == alex.get_absolute_url() != first["Location"]
    assert alex.self_harm_thoughts == "yes"


def test_it_saves_other_answers_sent_from_the_same_browser_with_the_same_token(client, answered):
    first = send(client, answered)

    other = send(client, answered, first_name="Alex")

    assert Intake.objects.count() == 2
    assert other["Location"] == Intake.objects.get(first_name="Alex").get_absolute_url()
    assert other["Location"] != first["Location"]


def test_it_saves_the_same_answers_with_the_same_token_from_another_browser(client, answered):
    first = send(client, answered)
    client.cookies.clear()

    again = send(client, answered)

    assert Intake.objects.count() == 2
    assert again["Location"] != first["Location"]


def test_it_saves_once_when_send_is_tapped_twice(client, answered):
    """The second tap arrives before the first one's answer (and its cookie)."""
    first = send(client, answered)
    del client.cookies[SENT_COOKIE]

    again = send(client, answered)

    assert Intake.objects.count() == 1
    assert again["Location"] == first["Location"]


class FirstTapSavedMeanwhile:
    """The connection's allowance as the second tap finds it: the second tap has looked for
    an earlier send and found none, and the first tap's intake is saved just as the second
    is counted."""

    def __init__(self, first_tap) -> None:
        self.first_tap = first_tap
        self.first = None

    def take(self) -> bool:
        self.first = self.first_tap()
        return True


def test_it_saves_once_when_two_taps_race_each_other(answered):
    """Both taps pass the look for an earlier send before either is saved."""
    form = IntakeForm(answered)
    assert form.is_valid()
    tap = {"submission": form.submission(), "browser": "one-browser", "last_sent": ""}
    room = INTAKES.allowance("198.51.100.7")
    race = FirstTapSavedMeanwhile(lambda: intake_send(**tap, allowance=room))

    second = intake_send(**tap, allowance=race)

    assert isinstance(race.first, Saved)
    assert isinstance(second, AlreadySaved)
    assert second.intake == race.first.intake
    assert Intake.objects.count() == 1


def test_it_takes_the_same_answers_with_the_same_token_from_the_same_browser_back(client, answered):
    first = send(client, answered)

    again = send(client, answered)

    assert Intake.objects.count() == 1
    assert again["Location"] == first["Location"]


def test_it_keeps_no_token_id_or_link_in_the_remembered_form(client, answered):
    response = send(client, answered)

    intake = Intake.objects.get()
    value = response.cookies[SENT_COOKIE].value
    reader = RequestFactory().get(reverse("advisor:intake"))
    reader.COOKIES[SENT_COOKIE] = value
    kept = reader.get_signed_cookie(SENT_COOKIE, salt=SENT_SALT, max_age=SENT_MAX_AGE)
    assert kept not in (answered["form_token"], str(intake.pk), intake.public_token)
    for secret in (answered["form_token"], intake.public_token, intake.resend_key):
        assert secret not in value
    assert len(kept) >= 40  # a random secret of its own (32 bytes)


def test_it_takes_the_next_person_at_the_same_browser_to_their_own_intake(client, answered):
    send(client, answered)  # Robin, at a shared computer

    alex = send(client, sent_again(answered, first_name="Alex", email="alex@example.org"))

    assert Intake.objects.count() == 2
    assert alex["Location"] == Intake.objects.get(first_name="Alex").get_absolute_url()


def test_it_counts_no_resend_against_the_hours_limit(client, answered, settings):
    settings.INTAKE_RATE_LIMIT = 2
    first = send(client, answered)

    resends = [send(client, sent_again(answered)) for _ in range(5)]
    second = send(client, sent_again(answered, first_name="Alex"))
    third = send(client, sent_again(answered, first_name="Sam"))

    assert {r["Location"] for r in resends} == {first["Location"]}
    assert second.status_code == 302
    assert third.status_code == 429
    assert Intake.objects.count() == 2
