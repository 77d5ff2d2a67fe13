"""Looking before sending, in a browser on a small phone.

A person answers the questions without a name, e-mail or consent, presses "See where to
start, without sending my answers", and reads their suggestion with the crisis panel: the
page says no one at the clinic has seen the answers, keeps them in the tab, has nothing
axe finds serious, and does not scroll sideways at 360 px. Sending from that page saves
the answers once and forgets them in the tab.
"""

from __future__ import annotations

import json

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from advisor import questionnaire
from advisor.models import Intake
from tests.e2e.helpers import (
    MSC_ONLINE,
    PHONE,
    answers,
    expect_accessible,
    fill_intake,
    screenshot,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SMALL_PHONE = {**PHONE, "viewport": {"width": 360, "height": 740}}
KEY = "mindful-path:intake-answers"
OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"
SEND_ONLY = ("first_name", "email", "consent")
CRISIS_TITLE = "Please reach out for support now"
LOOK_BUTTON = "See where to start, without sending my answers"


@pytest.fixture
def small_phone(open_page) -> Page:
    return open_page(**SMALL_PHONE)


def kept_in_the_tab(page: Page) -> dict | None:
    stored = page.evaluate(f"window.sessionStorage.getItem({json.dumps(KEY)})")
    return None if stored is None else json.loads(stored)


def test_it_shows_the_suggestion_unsent_and_sends_it_from_there(small_phone):
    given = answers(**MSC_ONLINE, self_harm_thoughts="yes")
    small_phone.goto(reverse("advisor:intake"))
    fill_intake(small_phone, given, skip=SEND_ONLY)

    small_phone.get_by_role("button", name=LOOK_BUTTON).click()

    expect(small_phone.get_by_role("heading", name=CRISIS_TITLE)).to_be_visible()
    expect(small_phone.locator(".not-sent")).to_contain_text("Your answers have not been sent.")
    expect(small_phone.locator(".recommended-program h2")).to_contain_text("(MSC)")
    assert Intake.objects.count() == 0
    # Nothing was sent, so the tab still keeps the answers for the form.
    assert kept_in_the_tab(small_phone)["self_criticism"] == "5"
    assert small_phone.evaluate(OVERFLOW) <= 0
    screenshot(small_phone, "look-before-sending")
    expect_accessible(small_phone, "look-before-sending")

    offer = small_phone.get_by_role("region", name="Send your answers to")
    offer.get_by_label(questionnaire.QUESTIONS_BY_CODE["first_name"].label).fill("Robin")
    offer.get_by_label(questionnaire.QUESTIONS_BY_CODE["email"].label).fill("robin@example.net")
    offer.get_by_label(questionnaire.QUESTIONS_BY_CODE["consent"].label).check()
    offer.get_by_role("button", name="Send my answers").click()

    expect(small_phone.get_by_role("heading", name="Your answers", exact=True)).to_be_visible()
    intake = Intake.objects.get()
    assert (intake.first_name, intake.self_criticism, intake.self_harm_thoughts) == (
        "Robin",
        5,
        "yes",
    )
    assert kept_in_the_tab(small_phone) is None
