"""A participant on a phone, from the intake to a course they can sign up for.

Someone in the South who would go in person finds
nothing in person near them: the page says so, offers an online run at hours that suit
the time zone they chose, and its link to /courses/ lists that run there too, with its
times in their zone and its sign-up link.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from playwright.sync_api import Locator, Page, expect

from tests.e2e.helpers import (
    MSC_ONLINE,
    answers,
    complete_intake,
    online_msc_run_at_cmsc,
    screenshot,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

CMSC = "Center for Mindful Self-Compassion"
SIGN_UP = "https://centerformsc.example.org/msc-online/register"
# Wednesdays 7:00 to 9:30 pm in New York, as the participant reads it in Chicago.
IN_CENTRAL_TIME = "Wednesdays, 6:00 to 8:30 pm"


def _expect_times_in_central_time(card: Locator) -> None:
    expect(card.locator(".local-times dt")).to_have_text("In Central time (US)")
    expect(card.locator(".local-times dd")).to_have_text(IN_CENTRAL_TIME)


def _follow_the_run_to_the_course_finder(phone: Page, format_preference: str) -> None:
    given = answers(
        **{**MSC_ONLINE, "region": "south", "format_preference": format_preference},
        time_zone="America/Chicago",
    )

    complete_intake(phone, given)

    where = phone.get_by_role("region", name="Where to take MSC")
    expect(where).to_contain_text(
        "We found no MSC course in person in the South US taught in English at the moment. "
        "Online courses can be joined from anywhere; these meet at hours that suit Central "
        "time (US):"
    )
    offered = where.get_by_role("listitem").filter(
        has=phone.get_by_role("heading", name=f"MSC with {CMSC}", exact=True)
    )
    _expect_times_in_central_time(offered)
    screenshot(phone, f"recommendation-courses-{format_preference}")

    where.get_by_role(
        "link", name="See every upcoming MSC course that matches your answers"
    ).click()

    expect(phone.get_by_role("heading", level=1)).to_have_text("Find a course")
    link = urlsplit(phone.url)
    assert link.path == reverse("courses:list")
    assert parse_qs(link.query)["tz"] == ["America/Chicago"]
    results = phone.locator("section", has=phone.locator("#results-title"))
    listed = results.get_by_role("listitem").filter(
        has=phone.get_by_role("heading", name=f"MSC with {CMSC}", exact=True)
    )
    expect(listed).to_have_count(1)
    _expect_times_in_central_time(listed)
    expect(listed.get_by_role("link", name="How to sign up")).to_have_attribute("href", SIGN_UP)
    screenshot(phone, f"course-finder-{format_preference}")


def test_it_takes_someone_who_would_go_either_way_from_the_intake_to_a_course(phone):
    online_msc_run_at_cmsc(SIGN_UP)

    _follow_the_run_to_the_course_finder(phone, "either")


def test_it_takes_someone_who_wants_in_person_from_the_intake_to_an_online_course(phone):
    online_msc_run_at_cmsc(SIGN_UP)

    _follow_the_run_to_the_course_finder(phone, "in_person")
