"""Bad input in a real browser: every answer wrong, the network cut while sending, and a
connection over the rate limit.

The person sees the browser's error or our page, never a
false success, and nothing is saved. A refused questionnaire comes
back with every answer, crisis help for whoever needs it, and sends again later.
"""

from __future__ import annotations

import pytest
from django.core.cache import caches
from django.urls import reverse
from playwright.sync_api import Route, expect

from advisor import questionnaire
from advisor.forms import FOLLOW_UP
from advisor.models import Intake
from tests.e2e.helpers import (
    answers,
    expect_accessible,
    expect_answers_kept,
    fill_intake,
    radio,
    screenshot,
    submit_intake,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SUCCESS_TITLE = "Your suggested starting point"
CRISIS_TITLE = "Please reach out for support now"


def test_it_lists_every_problem_when_every_answer_is_wrong(desktop):
    desktop.goto(reverse("advisor:intake"))
    name = desktop.get_by_label("Your first name")
    # The box stops a person typing past 100 characters; a crafted post is not stopped,
    # so the test lifts the limit to send one as such a post would.
    name.evaluate("input => input.removeAttribute('maxlength')")
    name.fill("R" * 101)
    desktop.get_by_label("Your email address").fill("robin at example dot net")
    # A value no option offers, as an edited page would send it.
    tampered = radio(desktop, "self_worth", "1")
    tampered.evaluate("input => { input.value = '9'; }")
    tampered.check()
    submit_intake(desktop)

    summary = desktop.get_by_role("alert")
    # Every question but the optional ones, which are never wrong empty, and the one that
    # follows a trauma answer, which was never given.
    required = [
        q
        for q in questionnaire.QUESTIONS
        if q.required and q.kind != questionnaire.PREFERENCE and q.code != FOLLOW_UP
    ]
    expect(summary.get_by_role("heading")).to_have_text(f"Please check {len(required)} answers")
    expect(summary.get_by_role("link")).to_have_count(len(required))
    for problem in (
        "Ensure this value has at most 100 characters (it has 101).",
        "Please check the email address: it should look like name@example.com.",
        "Please choose one of the answers shown.",
        "Please choose one answer.",
        "Please tick this box. Without your agreement we cannot keep your answers.",
    ):
        expect(summary.get_by_role("listitem").filter(has_text=problem).first).to_be_visible()
    expect(desktop.get_by_label("Your first name")).to_have_value("R" * 101)
    screenshot(desktop, "intake-every-answer-wrong")
    assert Intake.objects.count() == 0


def _cut_posts(route: Route) -> None:
    if route.request.method == "POST":
        route.abort()
    else:
        route.continue_()


def test_it_shows_no_success_when_the_network_fails_while_sending(desktop):
    desktop.goto(reverse("advisor:intake"))
    fill_intake(desktop, answers())
    desktop.route("**" + reverse("advisor:intake"), _cut_posts)

    submit_intake(desktop)

    # Chromium's own "can't be reached" page, not ours and not a recommendation.
    expect(desktop.locator("body")).to_contain_text("ERR_FAILED")
    assert "/recommendation/" not in desktop.url
    expect(desktop.get_by_role("heading", name=SUCCESS_TITLE)).to_have_count(0)
    assert Intake.objects.count() == 0


def test_it_keeps_the_answers_and_offers_crisis_help_when_over_the_limit(phone, settings):
    # A clinic's waiting room on one Wi-Fi has used up the hour's questionnaires.
    caches["counters"].clear()
    settings.INTAKE_RATE_LIMIT = 0
    given = answers(self_harm_thoughts="yes", self_criticism="5", region="west")
    phone.goto(reverse("advisor:intake"))
    fill_intake(phone, given)

    submit_intake(phone)

    message = phone.get_by_role("alert").filter(has_text="Your answers were not saved")
    expect(message).to_contain_text("from your internet connection")
    crisis = phone.get_by_role("region", name=CRISIS_TITLE)
    expect(crisis.get_by_role("heading", name=CRISIS_TITLE)).to_be_in_viewport()
    expect(crisis.get_by_role("link", name="988", exact=True)).to_have_attribute("href", "tel:988")
    expect_answers_kept(phone, given)
    screenshot(phone, "intake-over-the-limit-crisis")
    expect_accessible(phone, "intake-over-the-limit-crisis")
    assert Intake.objects.count() == 0

    settings.INTAKE_RATE_LIMIT = 30  # the next hour: room again
    submit_intake(phone)
    expect(phone.get_by_role("heading", name=CRISIS_TITLE)).to_be_visible()
    expect(phone.get_by_role("heading", name=SUCCESS_TITLE)).to_be_visible()
    assert Intake.objects.count() == 1
    assert Intake.objects.get().flag_crisis
