"""axe-core finds no serious or critical problem on the pages people use.

Public pages are scanned at phone
width, where most participants meet them, and pictured at both widths; the admin at desk
width. Every page's full axe report, minor findings included, is kept in
test-artifacts/axe/<page>.json for a reviewer.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.advisor.intakes import saved_intake
from tests.e2e.helpers import (
    MSC_ONLINE,
    expect_accessible,
    screenshot,
    sign_in,
    submit_intake,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _open(url: str, heading: str) -> Callable[[Page], None]:
    def open_(page: Page) -> None:
        page.goto(url)
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)

    return open_


def _intake_with_errors(page: Page) -> None:
    page.goto(reverse("advisor:intake"))
    submit_intake(page)
    expect(page.get_by_role("alert").get_by_role("heading")).to_contain_text("Please check")


def _recommendation(**overrides: str) -> Callable[[Page], None]:
    def open_(page: Page) -> None:
        page.goto(saved_intake(**overrides).get_absolute_url())
        expect(page.get_by_role("heading", name="Your suggested starting point")).to_be_visible()

    return open_


PUBLIC_PAGES = {
    "home": _open(reverse("home"), "Find the mindfulness course that fits you"),
    "program": _open(
        reverse("programs:detail", kwargs={"slug": "msc"}), "Mindful Self-Compassion (MSC)"
    ),
    "directory": _open(reverse("providers:list"), "Organisations that teach these courses"),
    "courses": _open(reverse("courses:list"), "Find a course"),
    "courses-errors": _open(reverse("courses:list") + "?month=13&max_price=-1", "Find a course"),
    "intake-empty": _open(reverse("advisor:intake"), "Find your starting point"),
    "intake-errors": _intake_with_errors,
    "recommendation": _recommendation(**MSC_ONLINE),
    "recommendation-crisis": _recommendation(self_harm_thoughts="yes"),
}


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_it_finds_no_serious_accessibility_problem_on_a_public_page(phone, desktop, name):
    PUBLIC_PAGES[name](phone)
    screenshot(phone, name)
    PUBLIC_PAGES[name](desktop)
    screenshot(desktop, name)

    expect_accessible(phone, name)


@pytest.mark.parametrize("name", ["courses", "courses-errors"])
def test_it_finds_no_serious_accessibility_problem_on_the_course_finder_at_desk_width(
    desktop, name
):
    PUBLIC_PAGES[name](desktop)

    expect_accessible(desktop, f"{name}-desktop")


def test_it_finds_no_serious_accessibility_problem_on_the_admin_intake_page(desktop, clinician):
    intake = saved_intake(first_name="Casey", self_harm_thoughts="yes")
    sign_in(desktop, clinician.username)

    desktop.goto(reverse("admin:advisor_intake_change", args=[intake.pk]))
    expect(desktop.get_by_role("heading", name="Change intake")).to_be_visible()

    expect_accessible(desktop, "admin-intake")
