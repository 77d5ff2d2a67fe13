"""A course run's form in the admin says once that its dates and times are the run's own.

The admin's date and time widgets bring a script that writes "Note: Enter times in the
America/New_York timezone" (the clinic's zone) beside each of them whenever the
editor's computer keeps another zone; for a run kept in its own zone that note is
wrong. The browser's side is tested in tests/e2e/test_run_times.py.
"""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertRedirects

from providers.models import Offering
from providers.schedule import next_weekday
from tests.factories import OfferingFactory
from tests.helpers import Page, admin_form_data

pytestmark = pytest.mark.django_db

SENTENCE = (
    "Enter the dates and times as they are where the course runs, in this time zone "
    "(not yours or the clinic's)."
)
DATES = ("start_date", "end_date", "joinable_until")
TIMES = ("starts_at", "ends_at")


@pytest.fixture
def run() -> Offering:
    """Mondays, 6:00 to 8:30 pm in Los Angeles."""
    start = next_weekday(timezone.localdate() + timedelta(days=21), 0)
    return OfferingFactory(
        start_date=start,
        end_date=start + timedelta(weeks=7),
        weekday=0,
        starts_at=time(18),
        ends_at=time(20, 30),
        time_zone="America/Los_Angeles",
    )


def _change_page(client, editor, run: Offering):
    client.force_login(editor)
    response = client.get(reverse("admin:providers_offering_change", args=[run.pk]))
    assert response.status_code == 200
    return response


def test_it_says_once_that_the_runs_times_are_in_its_own_zone(client, editor, run):
    page = Page.of(_change_page(client, editor, run))

    assert page.find(id="content-main").words.count(SENTENCE) == 1
    assert page.find(id="id_time_zone_helptext").words == SENTENCE
    assert page.find("select", id="id_time_zone")["aria-describedby"] == "id_time_zone_helptext"


def test_it_puts_no_clinic_zone_note_beside_the_runs_dates_and_times(client, editor, run):
    response = _change_page(client, editor, run)
    page = Page.of(response)

    for name in (*DATES, *TIMES):
        box = page.find("div", class_=f"field-{name}")
        assert "America/New_York" not in box.words, name
        assert "Enter times in" not in box.words, name
        assert "timezone_warning" not in (
            page.find("input", id=f"id_{name}").get("aria-describedby") or ""
        )
    # Nor anything that would write one in the browser.
    assert "DateTimeShortcuts.js" not in response.content.decode()


def test_it_offers_the_browsers_own_date_and_time_pickers(client, editor, run):
    page = Page.of(_change_page(client, editor, run))

    dates = {name: page.find("input", id=f"id_{name}") for name in DATES}
    times = {name: page.find("input", id=f"id_{name}") for name in TIMES}
    assert {name: field["type"] for name, field in dates.items()} == dict.fromkeys(DATES, "date")
    assert {name: field["type"] for name, field in times.items()} == dict.fromkeys(TIMES, "time")
    assert dates["start_date"]["value"] == run.start_date.isoformat()
    assert (times["starts_at"]["value"], times["ends_at"]["value"]) == ("18:00", "20:30")


def test_it_keeps_the_times_as_typed_in_the_runs_own_zone(client, editor, run):
    data = admin_form_data(_change_page(client, editor, run))
    data.update(starts_at="07:15", ends_at="09:00")

    response = client.post(reverse("admin:providers_offering_change", args=[run.pk]), data)

    assertRedirects(response, reverse("admin:providers_offering_changelist"))
    run.refresh_from_db()
    assert (run.starts_at, run.ends_at, run.time_zone) == (
        time(7, 15),
        time(9),
        "America/Los_Angeles",
    )


def test_it_says_it_once_for_each_run_on_its_providers_page(client, editor, run):
    OfferingFactory(provider=run.provider)
    client.force_login(editor)

    response = client.get(reverse("admin:providers_provider_change", args=[run.provider.pk]))

    page = Page.of(response)
    for index in (0, 1):
        course = page.find(id=f"offerings-{index}")
        assert course.words.count(SENTENCE) == 1
        assert course.find("input", id=f"id_offerings-{index}-starts_at")["type"] == "time"
        assert course.find("input", id=f"id_offerings-{index}-start_date")["type"] == "date"
