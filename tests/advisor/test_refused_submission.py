"""A questionnaire we could not save: the person keeps every answer, and crisis help when needed.

Never refuse someone in crisis empty-handed: a submission
refused by the rate limit (429) or lost to a database that cannot be reached (503)
comes back as the form itself, bound to what was sent, saying plainly that nothing
was saved and why. Whoever said yes to thoughts of self-harm sees the crisis panel
there, whether or not the rest of the form was valid.
"""

from __future__ import annotations

import time
import types
from collections import Counter

import pytest
from django.conf import settings as django_settings
from django.db import OperationalError
from django.urls import reverse

from advisor import questionnaire, submission, throttle
from advisor.models import Intake
from tests.advisor.intakes import EMAIL_ADDRESS, FIRST_NAME, another_persons_post, neutral_post
from tests.helpers import Page, inline_code

pytestmark = pytest.mark.django_db

NOT_SAVED = "Your answers were not saved"
CRISIS_TITLE = "Please reach out for support now"
TOO_MANY = "Many questionnaires have come from your internet connection"
COULD_NOT_STORE = "Our system could not store them just now"
LIMIT = 2

# Answers that differ from the neutral ones, to tell a kept answer from a default.
DISTINCT = {
    "self_criticism": "5",
    "self_regulation": "1",
    "region": "west",
    "format_preference": "online",
    "primary_goal": "inner_critic",
    "language": "es",
    "time_zone": "Europe/London",
}


@pytest.fixture
def limit_used_up(client, settings) -> None:
    """This connection has sent its hour's allowance of questionnaires, all saved."""
    settings.INTAKE_RATE_LIMIT = LIMIT
    for _ in range(LIMIT):
        assert client.post(reverse("advisor:intake"), another_persons_post()).status_code == 302


def refuse_intakes(monkeypatch) -> None:
    """The database refuses the intake as a dropped connection would."""

    def refuse(**_kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(submission, "intake_submit", refuse)


@pytest.fixture
def database_down(monkeypatch) -> None:
    refuse_intakes(monkeypatch)


def next_window(monkeypatch) -> None:
    """An hour on: the rate limit's next window."""
    later = time.time() + django_settings.INTAKE_RATE_WINDOW.total_seconds()
    monkeypatch.setattr(throttle, "time", types.SimpleNamespace(time=lambda: later))


def crisis_panel(page: Page):
    return page.find("section", class_="crisis-panel")


def checked(page: Page, name: str) -> list[str]:
    return [
        radio.attrs["value"] or ""
        for radio in page.find_all("input", type="radio", name=name)
        if "checked" in radio.attrs
    ]


def input_value(page: Page, name: str) -> str | None:
    box = page.find("input", name=name)
    return box.attrs.get("value") if box else None


def form_as_sent_again(page: Page) -> dict[str, str]:
    """What pressing send on the page posts: every filled box and every ticked choice."""
    form = page.find("form", class_="intake-form")
    data = {}
    for box in page.find_all("input", within=form):
        name, kind = box.attrs.get("name"), box.attrs.get("type")
        if not name:
            continue
        if kind in ("radio", "checkbox"):
            if "checked" in box.attrs:
                data[name] = box.attrs.get("value") or "on"
        else:
            data[name] = box.attrs.get("value") or ""
    for menu in page.find_all("select", within=form):
        chosen = page.find("option", selected=True, within=menu)
        data[menu.attrs["name"]] = chosen.attrs.get("value", "") if chosen else ""
    return data


# Too many from one connection


def test_it_shows_crisis_help_and_keeps_the_answers_when_over_the_limit(
    limit_used_up, post_intake, valid_post
):
    response = post_intake(self_harm_thoughts="yes", **DISTINCT)

    page = Page.of(response)
    assert response.status_code == 429
    panel = crisis_panel(page)
    assert panel is not None
    assert page.find("h2", id="crisis-title", within=panel).words == CRISIS_TITLE
    assert page.find("a", href="tel:988", within=panel).words == "988"
    assert checked(page, "self_harm_thoughts") == ["yes"]
    assert checked(page, "self_criticism") == ["5"]
    assert checked(page, "self_regulation") == ["1"]
    assert checked(page, "primary_goal") == ["inner_critic"]
    assert input_value(page, "first_name") == FIRST_NAME
    assert input_value(page, "email") == EMAIL_ADDRESS
    assert input_value(page, "form_token") == valid_post["form_token"]


def test_it_says_why_the_answers_were_not_saved_when_over_the_limit(limit_used_up, post_intake):
    response = post_intake(self_harm_thoughts="yes")

    message = Page.of(response).find(role="alert")
    assert message is not None
    assert NOT_SAVED in message.words
    assert TOO_MANY in message.words
    assert "Everything you entered is still below" in message.words


def test_it_puts_the_message_first_and_the_crisis_help_before_the_questions(
    limit_used_up, post_intake
):
    content = post_intake(self_harm_thoughts="yes").content.decode()

    assert content.index(NOT_SAVED) < content.index(CRISIS_TITLE)
    assert content.index(CRISIS_TITLE) < content.index('name="first_name"')


def test_it_keeps_every_answer_on_the_page_when_over_the_limit(
    limit_used_up, post_intake, valid_post
):
    sent = {**valid_post, "self_harm_thoughts": "yes", **DISTINCT}

    page = Page.of(post_intake(self_harm_thoughts="yes", **DISTINCT))

    kept = form_as_sent_again(page)
    asked = [q for q in questionnaire.QUESTIONS if q.code != "trauma_symptoms"]
    assert sent["trauma_history"] == "none"  # so trauma symptoms were never asked about
    for question in asked:
        # An unticked box sends nothing, as it did the first time.
        assert kept.get(question.code, "") == sent[question.code], question.code
    assert kept["form_token"] == sent["form_token"]


def test_it_shows_no_crisis_panel_over_the_limit_without_thoughts_of_self_harm(
    limit_used_up, post_intake
):
    response = post_intake(self_harm_thoughts="no", **DISTINCT)

    page = Page.of(response)
    assert response.status_code == 429
    assert crisis_panel(page) is None
    assert CRISIS_TITLE not in response.content.decode()
    assert NOT_SAVED in page.find(role="alert").words
    assert checked(page, "self_harm_thoughts") == ["no"]
    assert checked(page, "region") == ["west"]
    assert input_value(page, "first_name") == FIRST_NAME
    assert input_value(page, "email") == EMAIL_ADDRESS


def test_it_shows_crisis_help_over_the_limit_even_with_an_answer_missing(
    limit_used_up, post_intake
):
    response = post_intake(self_harm_thoughts="yes", email=None)

    page = Page.of(response)
    assert response.status_code == 429
    assert crisis_panel(page) is not None
    assert NOT_SAVED in page.find(role="alert").words
    summary = page.find(class_="error-summary")
    assert "Please give an email address" in summary.words
    assert checked(page, "self_harm_thoughts") == ["yes"]
    assert input_value(page, "first_name") == FIRST_NAME


def test_it_shows_no_crisis_panel_over_the_limit_with_an_answer_missing_and_no_self_harm(
    limit_used_up, post_intake
):
    response = post_intake(self_harm_thoughts="no", email=None)

    assert response.status_code == 429
    assert crisis_panel(Page.of(response)) is None


def test_it_shows_crisis_help_over_the_limit_when_the_self_harm_question_alone_is_answered(
    client, limit_used_up
):
    response = client.post(reverse("advisor:intake"), {"self_harm_thoughts": "yes"})

    assert response.status_code == 429
    assert crisis_panel(Page.of(response)) is not None


def test_it_saves_nothing_over_the_limit(limit_used_up, post_intake):
    post_intake(self_harm_thoughts="yes")

    assert Intake.objects.count() == LIMIT
    assert not Intake.objects.filter(flag_crisis=True).exists()


def test_it_gives_each_id_once_on_the_page_over_the_limit(limit_used_up, post_intake):
    page = Page.of(post_intake(self_harm_thoughts="yes", email=None))

    ids = Counter(element["id"] for element in page.find_all() if element.get("id"))
    assert [name for name, count in ids.items() if count > 1] == []


def test_it_puts_no_inline_code_on_the_page_over_the_limit(limit_used_up, post_intake):
    # The Content-Security-Policy would block it, and the page would look broken.
    assert inline_code(post_intake(self_harm_thoughts="yes")) == []


def test_it_saves_the_kept_form_once_when_sent_again_in_the_next_window(
    client, limit_used_up, post_intake, monkeypatch
):
    refused = Page.of(post_intake(self_harm_thoughts="yes", **DISTINCT))
    next_window(monkeypatch)

    first = client.post(reverse("advisor:intake"), form_as_sent_again(refused))
    again = client.post(reverse("advisor:intake"), form_as_sent_again(refused))

    assert first.status_code == again.status_code == 302
    assert first.url == again.url
    saved = Intake.objects.filter(flag_crisis=True)
    assert saved.count() == 1
    assert saved.get().self_criticism == 5
    assert Intake.objects.count() == LIMIT + 1


# The database cannot be reached while saving


@pytest.mark.parametrize("self_harm", ["yes", "no"])
def test_it_answers_503_and_keeps_the_answers_when_the_database_is_down(
    database_down, post_intake, valid_post, self_harm
):
    response = post_intake(self_harm_thoughts=self_harm, **DISTINCT)

    page = Page.of(response)
    assert response.status_code == 503
    assert response["Retry-After"]
    message = page.find(role="alert")
    assert NOT_SAVED in message.words
    assert COULD_NOT_STORE in message.words
    assert checked(page, "self_harm_thoughts") == [self_harm]
    assert checked(page, "self_criticism") == ["5"]
    assert checked(page, "format_preference") == ["online"]
    assert input_value(page, "first_name") == FIRST_NAME
    assert input_value(page, "email") == EMAIL_ADDRESS
    assert input_value(page, "form_token") == valid_post["form_token"]
    assert (crisis_panel(page) is not None) == (self_harm == "yes")
    assert Intake.objects.count() == 0


def test_it_answers_503_when_the_rate_limit_count_cannot_be_reached(post_intake, monkeypatch):
    # The count lives in a database table unless Redis is set up: it goes down with it.
    def refuse(_allowance):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(throttle.Allowance, "take", refuse)

    response = post_intake(self_harm_thoughts="yes")

    assert response.status_code == 503
    assert response["Retry-After"]
    assert crisis_panel(Page.of(response)) is not None
    assert Intake.objects.count() == 0


def test_it_saves_the_kept_form_once_when_the_database_is_back(client, post_intake, monkeypatch):
    with monkeypatch.context() as outage:
        refuse_intakes(outage)
        kept = form_as_sent_again(Page.of(post_intake(self_harm_thoughts="yes")))

    first = client.post(reverse("advisor:intake"), kept)
    again = client.post(reverse("advisor:intake"), kept)

    assert first.status_code == again.status_code == 302
    assert first.url == again.url
    assert Intake.objects.count() == 1
    assert Intake.objects.get().flag_crisis


# What stays as it was


def test_it_still_shows_the_usual_form_with_errors_under_the_limit(post_intake):
    response = post_intake(self_harm_thoughts="yes", email=None)

    assert response.status_code == 200
    assert NOT_SAVED not in response.content.decode()


def test_it_shows_crisis_help_on_the_usual_form_with_errors(post_intake):
    # An answer missing is a form not saved too: the crisis help does not wait for it.
    response = post_intake(self_harm_thoughts="yes", email=None)

    assert "988" in crisis_panel(Page.of(response)).words


def test_it_shows_no_crisis_panel_on_the_usual_form_with_errors_without_self_harm(post_intake):
    response = post_intake(email=None)

    assert crisis_panel(Page.of(response)) is None


def test_it_says_when_to_try_again_over_the_limit(limit_used_up, post_intake):
    response = post_intake()

    seconds = int(response["Retry-After"])
    assert 0 < seconds <= django_settings.INTAKE_RATE_WINDOW.total_seconds()


def test_it_takes_a_second_press_of_a_saved_form_to_its_page_even_over_the_limit(client, settings):
    settings.INTAKE_RATE_LIMIT = 1
    answers = neutral_post()
    first = client.post(reverse("advisor:intake"), answers)

    again = client.post(reverse("advisor:intake"), answers)

    assert again.status_code == 302
    assert again["Location"] == first["Location"]
    assert Intake.objects.count() == 1
