"""The recommendation page's new words pass axe at phone width: a goal a safety need set
aside, the second program's reasons under their lead-in, and a clinician's override.

What the words say is checked without a browser (tests/advisor/test_page_words.py).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from advisor.services import intake_review
from tests.advisor.intakes import saved_intake
from tests.e2e.helpers import expect_accessible, screenshot

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# Serious trauma and difficulty calming down put MSC first against a goal of steadier
# attention, with reasons for MBSR next.
SAFETY_OVER_FOCUS = {
    "trauma_history": "serious",
    "self_regulation": "1",
    "self_worth": "5",
    "attention_difficulty": "5",
    "compassion_practices_offputting": "5",
    "primary_goal": "focus",
}


def _open(page: Page, url: str) -> None:
    page.goto(url)
    expect(page.get_by_role("heading", name="Your suggested starting point")).to_be_visible()


def test_it_finds_no_serious_accessibility_problem_in_the_goal_and_next_program_words(phone):
    _open(phone, saved_intake(**SAFETY_OVER_FOCUS).get_absolute_url())

    expect(phone.locator(".goal-set-aside")).to_contain_text("steadier attention")
    expect(phone.get_by_role("heading", name="Why MBSR could come next")).to_be_visible()
    screenshot(phone, "recommendation-goal-set-aside")
    expect_accessible(phone, "recommendation-goal-set-aside")


def test_it_finds_no_serious_accessibility_problem_in_the_override_words(phone, clinician):
    intake = saved_intake(self_criticism="5")
    intake_review(
        intake=intake,
        status="reviewed",
        assigned_to=clinician,
        override_program="MBSR",
        override_reason="Prefers more structure",
    )

    _open(phone, intake.get_absolute_url())

    expect(phone.locator(".clinician-choice")).to_contain_text("instead of Mindful Self-Compassion")
    screenshot(phone, "recommendation-overridden")
    expect_accessible(phone, "recommendation-overridden")
