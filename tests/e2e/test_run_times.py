"""A directory editor whose computer keeps another zone enters a run's times as the run keeps them.

A course run's weekday and times are wall-clock times in the run's own zone, and its
dates are that place's dates: the admin's note "Enter times in the America/New_York
timezone" (the clinic's zone, added by the admin's script beside date and time fields)
would tell the editor to convert them, and the run would then meet at the wrong hour.
"""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from providers.models import Offering, Provider
from providers.schedule import next_weekday
from tests.e2e.helpers import (
    DESKTOP,
    csp_violations,
    expect_accessible,
    screenshot,
    sign_in,
    watch_console,
)
from tests.factories import OfferingFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# Six hours ahead of the clinic (New York) all year but a few days of each spring and
# autumn, when the two switch to summer time a week or two apart.
EDITORS_ZONE = "Europe/Berlin"
# What the form says, once, under the run's time zone.
RUN_TIMES_SENTENCE = (
    "Enter the dates and times as they are where the course runs, in this time zone "
    "(not yours or the clinic's)."
)


@pytest.fixture
def abroad(open_page):
    """The directory editor's desk, its clock in Berlin."""
    return open_page(**DESKTOP, timezone_id=EDITORS_ZONE)


@pytest.fixture
def run() -> Offering:
    """A run in Los Angeles on Mondays, 6:00 to 8:30 pm there."""
    start = next_weekday(timezone.localdate() + timedelta(days=21), 0)
    return OfferingFactory(
        start_date=start,
        end_date=start + timedelta(weeks=7),
        weekday=0,
        starts_at=time(18),
        ends_at=time(20, 30),
        time_zone="America/Los_Angeles",
    )


def test_it_shows_no_clinic_zone_note_beside_a_runs_dates_and_times(abroad, editor, run):
    console = watch_console(abroad)
    sign_in(abroad, editor.username)

    abroad.goto(reverse("admin:providers_offering_change", args=[run.pk]))

    expect(abroad.get_by_label("From:")).to_have_value("18:00")
    abroad.wait_for_load_state("load")  # when the admin's script adds its notes
    expect(abroad.get_by_text("Enter times in the")).to_have_count(0)
    expect(abroad.locator(".timezonewarning")).to_have_count(0)
    expect(abroad.get_by_text(RUN_TIMES_SENTENCE)).to_have_count(1)
    screenshot(abroad, "admin-run-times")
    expect_accessible(abroad, "admin-run-times")
    assert not csp_violations(console), console


def test_it_saves_the_times_and_dates_as_the_editor_typed_them(abroad, editor, run):
    sign_in(abroad, editor.username)
    abroad.goto(reverse("admin:providers_offering_change", args=[run.pk]))
    new_start = run.start_date + timedelta(weeks=1)

    abroad.get_by_label("Start date:").fill(new_start.isoformat())
    abroad.get_by_label("From:").fill("07:15")
    abroad.get_by_label("To:").fill("09:00")
    abroad.get_by_role("button", name="Save", exact=True).click()

    expect(abroad.get_by_text("was changed successfully")).to_be_visible()
    run.refresh_from_db()
    assert (run.start_date, run.starts_at, run.ends_at) == (new_start, time(7, 15), time(9))
    assert run.time_zone == "America/Los_Angeles"


def test_it_shows_no_clinic_zone_note_beside_a_providers_runs(abroad, editor, run):
    provider: Provider = run.provider
    sign_in(abroad, editor.username)

    abroad.goto(reverse("admin:providers_provider_change", args=[provider.pk]))

    # The admin's script is on this page (the provider's own "last verified" date), and
    # it has seen that the editor's clock is not the clinic's.
    abroad.wait_for_load_state("load")
    assert abroad.evaluate("DateTimeShortcuts.timezoneOffset") != 0
    course = abroad.locator("#offerings-0")
    expect(course.get_by_text("Enter times in the")).to_have_count(0)
    expect(course.locator(".timezonewarning")).to_have_count(0)
    expect(course.get_by_text(RUN_TIMES_SENTENCE)).to_have_count(1)
    expect(course.get_by_label("From:")).to_have_value("18:00")
    expect(course.get_by_label("Start date:")).to_have_value(run.start_date.isoformat())
