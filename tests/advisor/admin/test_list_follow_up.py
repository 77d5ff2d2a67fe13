"""The triage list says, on each row under the program, which program the person signed up
for and where their check-in stands (asked, sent, reminder sent, answered, stopped), in the
list's one query."""

from __future__ import annotations

import pytest

from advisor.follow_up import checkin_stop, signup_record
from advisor.models import Intake
from tests.advisor.admin.helpers import changelist_url
from tests.advisor.follow_up import answered, invited, reminded, signed_up
from tests.factories import OfferingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def list_page(client, clinician, page):
    client.force_login(clinician)

    def open_list():
        response = client.get(changelist_url())
        assert response.status_code == 200
        return page(response)

    return open_list


def _after(html, first_name: str) -> str:
    """What the row's program cell says under the program, as a reader reads it."""
    for row in html.find_all("tr"):
        name = row.find("th", class_="field-first_name")
        if name is not None and name.words == first_name:
            after = row.find("td", class_="field-program").find(class_="after-recommendation")
            return after.words if after is not None else ""
    raise AssertionError(f"No row for {first_name}")


def test_it_says_nothing_more_for_someone_with_neither(list_page, make_intake):
    make_intake(first_name="Sam")

    assert _after(list_page(), "Sam") == ""


def test_it_shows_the_program_signed_up_for(list_page, make_intake):
    signup_record(intake=make_intake(first_name="Sam"), program="MBCT")

    assert _after(list_page(), "Sam") == "signed up: MBCT"


def test_it_shows_the_program_of_the_run_signed_up_for(list_page, make_intake):
    signed_up(make_intake(first_name="Sam"), OfferingFactory())  # an MBSR run

    assert _after(list_page(), "Sam") == "signed up: MBSR"


@pytest.mark.parametrize(
    ("steps", "state"),
    [
        ([], "asked"),
        ([invited], "sent"),
        ([invited, reminded], "reminder sent"),
        ([invited, answered], "answered"),
        ([invited, reminded, answered], "answered"),
        ([invited, lambda intake: checkin_stop(checkin=intake.checkin)], "stopped"),
        ([lambda intake: checkin_stop(checkin=intake.checkin)], "stopped"),
    ],
)
def test_it_shows_where_the_check_in_stands(list_page, make_intake, steps, state):
    robin = make_intake(first_name="Robin", checkin_opt_in="on")
    for step in steps:
        step(robin)

    assert _after(list_page(), "Robin") == f"check-in: {state}"


def test_it_shows_both_a_sign_up_and_the_check_in(list_page, make_intake):
    robin = make_intake(first_name="Robin", checkin_opt_in="on")
    signup_record(intake=robin, program="MSC")
    invited(robin)

    assert _after(list_page(), "Robin") == "signed up: MSC; check-in: sent"


def test_it_keeps_the_lists_query_count_with_sign_ups_and_check_ins(
    client, clinician, make_intake, queries
):
    client.force_login(clinician)
    make_intake()
    client.get(changelist_url())  # a first request may write the session (the idle timer)
    with_one = queries.of(lambda: client.get(changelist_url()))

    run = OfferingFactory()
    for index in range(18):  # with the first, a page of the list (20 a page)
        intake = make_intake(checkin_opt_in="on" if index % 2 else "")
        if index % 3:
            signed_up(intake, run if index % 3 == 1 else None)
    for intake in Intake.objects.filter(checkin_opt_in=True)[:6]:
        invited(intake)
        answered(intake)

    with queries.as_many_as(with_one):
        response = client.get(changelist_url())
    assert response.content.decode().count("check-in: answered") == 6
