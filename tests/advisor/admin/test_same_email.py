"""Intakes from one e-mail address are grouped: linked from each other, counted in the list.

Intakes from the same e-mail address are grouped, with a link between them. Addresses
are compared whatever their capitals.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from advisor.models import Intake
from tests.advisor.admin.helpers import backdate, change_url, changelist_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def robins(make_intake, set_review) -> list[Intake]:
    """Robin wrote three times, with her address typed differently each time."""
    first = backdate(make_intake(first_name="Robin", email="robin@example.org"), days=20)
    second = backdate(make_intake(first_name="Robin", email="Robin@Example.org"), days=10)
    set_review(second, status="closed", override_program="MSC", override_reason="Asked for MSC.")
    third = make_intake(first_name="Robin", email="ROBIN@example.org")
    return [first, second, third]


@pytest.fixture
def as_chen(client, clinician):
    client.force_login(clinician)
    return client


def _others(page, client, intake: Intake):
    html = page(client.get(change_url(intake)))
    box = html.find("div", class_="field-same_email_intakes")
    return html, box


def test_it_links_the_other_intakes_from_the_same_address(as_chen, robins, make_intake, page):
    make_intake(first_name="Sam", email="sam@example.org")
    first, second, third = robins

    html, box = _others(page, as_chen, third)

    items = html.find_all("li", within=box)
    assert [html.find("a", within=item)["href"] for item in items] == [
        change_url(second),
        change_url(first),
    ]


def test_it_says_when_each_was_sent_its_status_and_program(as_chen, robins, page):
    _, second, third = robins

    html, box = _others(page, as_chen, third)

    newest = html.find("li", within=box).words
    sent = second.created_at.astimezone(timezone.get_default_timezone())
    assert newest == f"{sent:%-d %b %Y %H:%M %Z}: Closed, MSC"


def test_it_says_when_an_intake_is_their_only_one(as_chen, make_intake, page):
    make_intake(first_name="Sam", email="sam@example.org")
    robin = make_intake(first_name="Robin", email="robin@example.org")

    _, box = _others(page, as_chen, robin)

    assert box.find(class_="readonly").words == "None: this is their only intake."


def test_it_counts_the_others_in_the_list(as_chen, robins, make_intake, page):
    make_intake(first_name="Sam", email="sam@example.org")

    html = page(as_chen.get(changelist_url()))

    counts = {
        (html.find("th", within=row, class_="field-first_name").words, cell.words)
        for row in html.find_all("tr")
        for cell in html.find_all("td", within=row, class_="field-same_email")
    }
    assert counts == {("Robin", "2 others"), ("Sam", "-")}


def test_it_lists_them_together_from_the_intake_page(as_chen, robins, make_intake, page):
    make_intake(first_name="Sam", email="sam@example.org")
    html, box = _others(page, as_chen, robins[0])
    link = next(a for a in html.find_all("a", within=box) if a.words == "List them together")

    listed = page(as_chen.get(link["href"]))

    ids = {row["value"] for row in listed.find_all("input", class_="action-select")}
    assert ids == {str(intake.pk) for intake in robins}


def test_it_keeps_no_address_in_the_link_between_them(as_chen, robins, page):
    html, box = _others(page, as_chen, robins[0])

    hrefs = [a["href"] for a in html.find_all("a", within=box)]
    assert not any("example.org" in href.lower() for href in hrefs)


@pytest.mark.parametrize("value", ["999999", "not-a-number"])
def test_it_lists_nothing_for_an_unknown_intake(as_chen, robins, page, value):
    response = as_chen.get(changelist_url() + f"?same_email_as={value}")

    assert response.status_code == 200
    assert not page(response).find_all("input", class_="action-select")


def test_it_groups_whatever_the_age_of_the_intakes(as_chen, make_intake, page):
    old = make_intake(first_name="Robin", email="robin@example.org")
    Intake.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=300))
    new = make_intake(first_name="Robin", email="robin@example.org")

    html, box = _others(page, as_chen, new)

    assert html.find("a", within=box)["href"] == change_url(old)
