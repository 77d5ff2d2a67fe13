"""How long each open intake has waited, and which are past the clinic's answer times.

"Waiting since" on every open intake, with the oldest flagged ones first, and overdue
against the clinic's answer times. The sample clinic answers an
intake within 48 hours and a flagged one within 24 (config/clinic/models.py SAMPLE).
"""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest

from advisor.models import Intake
from tests.advisor.admin.helpers import backdate, change_url, changelist_url

pytestmark = pytest.mark.django_db

CRISIS = {"self_harm_thoughts": "yes"}
CLINICIAN_REVIEW = {"depression_history": "current"}
THERAPIST_SUGGESTED = {"trauma_history": "serious"}


@pytest.fixture
def as_chen(client, clinician):
    client.force_login(clinician)
    return client


def _waiting_on_page(page, client, intake: Intake) -> str:
    html = page(client.get(change_url(intake)))
    return html.find("div", class_="field-waiting_since").find(class_="readonly").words


def _waiting_in_list(page, client, query: str = "") -> dict[str, str]:
    html = page(client.get(changelist_url() + query))
    rows = {}
    for row in html.find_all("tr"):
        name = html.find("th", within=row, class_="field-first_name")
        if name is not None:
            rows[name.words] = html.find("td", within=row, class_="field-waiting").words
    return rows


def _since(intake: Intake, zone: str = "America/New_York", hours: int = 0) -> str:
    """When it was sent, or `hours` after (the promise, at a clinic open around the clock:
    tests/advisor/admin/conftest.py)."""
    moment = intake.created_at + timedelta(hours=hours)
    return f"{moment.astimezone(ZoneInfo(zone)):%-d %b %Y %H:%M %Z}"


# The intake page


def test_it_says_how_long_an_open_intake_has_waited_and_since_when(as_chen, make_intake, page):
    robin = backdate(make_intake(first_name="Robin"), hours=30)

    shown = _waiting_on_page(page, as_chen, robin)

    assert shown == f"1 day (since {_since(robin)})"


def test_it_says_how_many_days_an_overdue_intake_has_waited(as_chen, make_intake, page):
    robin = backdate(make_intake(first_name="Robin"), days=2, hours=3)

    shown = _waiting_on_page(page, as_chen, robin)

    assert shown == (
        f"2 days (since {_since(robin)}) Overdue the clinic answers an intake within 2 days, "
        f"so by {_since(robin, hours=48)}"
    )


def test_it_says_since_when_in_the_clinics_time_zone(as_chen, make_intake, page, clinic):
    clinic(time_zone="America/Los_Angeles")
    robin = backdate(make_intake(first_name="Robin"), hours=5)

    shown = _waiting_on_page(page, as_chen, robin)

    assert shown == f"5 hours (since {_since(robin, 'America/Los_Angeles')})"
    assert "PST" in shown


def test_it_marks_a_flagged_intake_overdue_after_the_clinics_flagged_answer_time(
    as_chen, make_intake, page
):
    casey = backdate(make_intake(first_name="Casey", **CRISIS), hours=25)

    shown = _waiting_on_page(page, as_chen, casey)

    assert shown.endswith(
        "Overdue the clinic answers a flagged intake within 24 hours, "
        f"so by {_since(casey, hours=24)}"
    )


def test_it_gives_an_unflagged_intake_the_longer_answer_time(as_chen, make_intake, page):
    robin = backdate(make_intake(first_name="Robin"), hours=25)
    tess = backdate(make_intake(first_name="Tess", **THERAPIST_SUGGESTED), hours=49)

    assert "Overdue" not in _waiting_on_page(page, as_chen, robin)
    assert _waiting_on_page(page, as_chen, tess).endswith(
        f"Overdue the clinic answers an intake within 2 days, so by {_since(tess, hours=48)}"
    )


def test_it_reads_the_answer_times_from_the_clinics_record(as_chen, make_intake, page, clinic):
    robin = backdate(make_intake(first_name="Robin"), hours=49)
    assert "Overdue" in _waiting_on_page(page, as_chen, robin)

    clinic(intake_answer_hours=72, flagged_answer_hours=12)

    assert "Overdue" not in _waiting_on_page(page, as_chen, robin)


@pytest.mark.parametrize("status", ["contacted", "closed"])
def test_it_says_a_contacted_or_closed_intake_is_not_waiting(
    as_chen, make_intake, page, set_review, status
):
    casey = set_review(backdate(make_intake(first_name="Casey", **CRISIS), days=4), status=status)

    shown = _waiting_on_page(page, as_chen, casey)

    assert shown == f"Not waiting: {dict(Intake.Status.choices)[status].lower()}"


# The list


def test_it_shows_how_long_each_open_intake_has_waited_in_the_list(as_chen, make_intake, page):
    backdate(make_intake(first_name="Casey", **CRISIS), hours=30)
    backdate(make_intake(first_name="Riley", **CLINICIAN_REVIEW), hours=3)
    backdate(make_intake(first_name="Robin"), days=1, hours=2)

    assert _waiting_in_list(page, as_chen) == {
        "Casey": "1 day Overdue",
        "Riley": "3 hours",
        "Robin": "1 day",
    }


def test_it_shows_no_wait_for_answered_intakes_in_the_list(as_chen, make_intake, page, set_review):
    set_review(backdate(make_intake(first_name="Casey", **CRISIS), days=3), status="contacted")

    assert _waiting_in_list(page, as_chen) == {"Casey": "-"}


def test_it_filters_the_list_to_the_overdue_intakes(as_chen, make_intake, page, set_review):
    backdate(make_intake(first_name="Casey", **CRISIS), hours=30)
    backdate(make_intake(first_name="Riley", **CLINICIAN_REVIEW), hours=3)
    backdate(make_intake(first_name="Robin"), hours=50)
    backdate(make_intake(first_name="Newton"), hours=30)
    set_review(backdate(make_intake(first_name="Olive", **CRISIS), days=5), status="contacted")

    assert set(_waiting_in_list(page, as_chen, "?waiting=overdue")) == {"Casey", "Robin"}


def test_it_filters_the_list_to_those_not_yet_contacted(as_chen, make_intake, page, set_review):
    make_intake(first_name="Robin")
    set_review(make_intake(first_name="Riley"), status="reviewed")
    set_review(make_intake(first_name="Olive"), status="contacted")
    set_review(make_intake(first_name="Cleo"), status="closed")

    assert set(_waiting_in_list(page, as_chen, "?waiting=open")) == {"Robin", "Riley"}


def test_it_offers_the_waiting_filter_in_words(as_chen, make_intake, page):
    make_intake()

    html = page(as_chen.get(changelist_url()))

    panel = html.find("details", **{"data-filter-title": "waiting"})
    choices = [a.words for a in html.find_all("a", within=panel)]
    assert choices == [
        "All",
        "Not yet contacted",
        "Past the clinic's answer time",
        "A next step is overdue",
    ]
