"""The course finder picks the visitor's own time zone on a first visit, with JavaScript.

The browser knows its zone (Intl.DateTimeFormat); the finder's "Show times in" menu is
set to it when the menu offers it, and a note says so. Nothing is sent until the person
asks; a visit that already chose (`tz` in the address) is left alone; without
JavaScript the menu stays on each course's own zone.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import DESKTOP, PHONE, csp_violations, expect_accessible, watch_console

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

MENU = "select[name='tz']"


def test_a_first_visit_picks_the_browsers_zone_without_sending_anything(open_page):
    page = open_page(**PHONE, timezone_id="America/Chicago")
    console = watch_console(page)

    page.goto("/es/courses/")

    expect(page.locator(MENU)).to_have_value("America/Chicago")
    expect(page.get_by_text("Elegimos la zona horaria de su dispositivo.")).to_be_visible()
    assert page.url.endswith("/es/courses/")  # not submitted
    expect_accessible(page, "course-finder-zone-guessed-es")
    assert not csp_violations(console), console


def test_pressing_show_courses_then_shows_the_times_in_that_zone(open_page):
    page = open_page(**DESKTOP, timezone_id="America/Los_Angeles")
    page.goto("/courses/")

    page.get_by_role("button", name="Show courses").click()

    assert "tz=America%2FLos_Angeles" in page.url
    expect(page.locator(MENU)).to_have_value("America/Los_Angeles")


def test_a_visit_that_already_chose_is_left_as_it_is(open_page):
    page = open_page(**DESKTOP, timezone_id="America/Chicago")

    page.goto("/courses/?tz=")

    expect(page.locator(MENU)).to_have_value("")
    expect(page.locator(".time-zone-guess")).to_be_hidden()


def test_a_zone_the_menu_does_not_offer_changes_nothing(open_page):
    page = open_page(**DESKTOP, timezone_id="Etc/GMT+5")

    page.goto("/courses/")

    expect(page.locator(MENU)).to_have_value("")
    expect(page.locator(".time-zone-guess")).to_be_hidden()


def test_without_javascript_the_menu_keeps_each_courses_own_zone(open_page):
    page = open_page(**DESKTOP, timezone_id="America/Chicago", java_script_enabled=False)

    page.goto("/courses/")

    expect(page.locator(MENU)).to_have_value("")
    expect(page.locator(".time-zone-guess")).to_be_hidden()
