"""One way of writing a time, with its zone, in the clinic's zone: on every admin page and in
the CSV ("28 Nov 2026 15:33 EST").

Every time on every admin page, in the CSV and in e-mails is in one format with its zone.
The clinic here is in Los Angeles, so that a time in the server's own
zone (New York) would show.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from advisor.models import Intake
from advisor.services import intake_accesses_record
from tests.advisor.admin.helpers import access_list_url, change_url, changelist_url

pytestmark = pytest.mark.django_db

LOS_ANGELES = ZoneInfo("America/Los_Angeles")


@pytest.fixture(autouse=True)
def _clinic_in_los_angeles(clinic):
    clinic(time_zone="America/Los_Angeles")


@pytest.fixture
def robin(make_intake) -> Intake:
    return make_intake(first_name="Robin")


def _clinic_time(value: datetime) -> str:
    return f"{value.astimezone(LOS_ANGELES):%-d %b %Y %H:%M %Z}"


def test_it_shows_when_an_intake_was_sent_in_the_list(client, clinician, robin, page):
    client.force_login(clinician)

    html = page(client.get(changelist_url()))

    assert html.find("td", class_="field-submitted").words == _clinic_time(robin.created_at)


def test_it_shows_when_an_intake_was_sent_on_its_page(client, clinician, robin, page):
    client.force_login(clinician)

    html = page(client.get(change_url(robin)))

    submitted = html.find("div", class_="field-submitted").find(class_="readonly")
    assert submitted.words == _clinic_time(robin.created_at)


def test_it_shows_when_consent_was_given_on_the_intake_page(client, clinician, robin, page):
    client.force_login(clinician)

    html = page(client.get(change_url(robin)))

    consent = html.find("div", class_="field-consent").words
    assert f"Agreed {_clinic_time(robin.consented_at)} to:" in consent


def test_it_shows_the_time_of_each_access_record(client, superuser, clinician, robin, page):
    intake_accesses_record(intakes=[robin], user=clinician, how="page")
    client.force_login(superuser)

    html = page(client.get(access_list_url()))

    accessed = robin.accesses.get().accessed_at
    assert html.find(class_="field-accessed_at").words == _clinic_time(accessed)


@pytest.mark.parametrize("action", ["export_csv", "export_csv_in_words"])
def test_it_writes_times_in_the_csv_the_same_way(client, clinician, robin, run_action, action):
    client.force_login(clinician)

    response = run_action(action, [robin])

    (row,) = csv.DictReader(io.StringIO(response.content.decode()))
    assert row["submitted_at"] == _clinic_time(robin.created_at)
    assert row["consented_at"] == _clinic_time(robin.consented_at)
    assert row["submitted_at"].endswith("PST")
