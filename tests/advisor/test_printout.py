"""A printout a person can use: the clinic, how to reach it, the date, and a Print button.

How the page lays out on paper is checked in a real browser
(tests/e2e/test_printout.py); this checks what the page says and what it loads.
"""

from __future__ import annotations

import uuid
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import formats, timezone

from advisor.recommendation_page import intake_for_page, page_context
from config.clinic.models import ClinicProfile
from tests.helpers import Element, Page

pytestmark = pytest.mark.django_db

SAMPLE_PHONE = "(202) 555-0143"
SAMPLE_TEL = "tel:+12025550143"
# Always on different calendar days: 25 hours apart (UTC+14 and UTC-11).
EARLIEST_ZONE = "Pacific/Kiritimati"
LATEST_ZONE = "Pacific/Pago_Pago"


@pytest.fixture
def open_recommendation(client, post_intake):
    """Send the intake with `overrides`, as a person does, and open the page it leads to."""

    def open_(**overrides: str) -> Page:
        # A fresh form token each time: a second post of one form leads to the first intake.
        sent = post_intake(form_token=str(uuid.uuid4()), **overrides)
        assert sent.status_code == 302
        response = client.get(sent["Location"])
        assert response.status_code == 200
        return Page.of(response)

    return open_


def masthead(page: Page) -> Element:
    """What heads the page on paper (and only there)."""
    found = page.find(class_="printout-masthead")
    assert found is not None
    return found


def keep_a_copy(page: Page) -> Element:
    found = page.find("section", class_="keep-a-copy")
    assert found is not None
    return found


def today_in(zone: str) -> str:
    return formats.date_format(timezone.localtime(timezone=ZoneInfo(zone)), "j M Y")


def printed_date(page: Page) -> str:
    return page.find("time", within=masthead(page)).words


def test_it_names_the_clinic_and_how_to_reach_it_at_the_top_of_the_printout(
    open_recommendation,
):
    page = open_recommendation()

    top = masthead(page)
    clinic = ClinicProfile.objects.get(pk=1)
    assert clinic.name in top.words
    assert SAMPLE_PHONE in top.words
    assert clinic.email in top.words
    assert clinic.hours in top.words
    assert page.find("a", href=SAMPLE_TEL, within=top).words == SAMPLE_PHONE
    assert page.find("a", href=f"mailto:{clinic.email}", within=top)
    # Paper only: the screen has the site's header, and the same details further down.
    assert {"d-none", "d-print-block"} <= set(top["class"])
    # The masthead comes before anything else the page says.
    assert page.find("article").find(True) is top


def test_it_offers_the_clinics_phone_beside_the_print_button_on_screen(open_recommendation):
    page = open_recommendation()

    section = keep_a_copy(page)
    assert "Questions about your suggestion?" in section.words
    assert page.find("a", href=SAMPLE_TEL, within=section).words == SAMPLE_PHONE
    assert "d-print-none" in section["class"]


def test_it_shows_the_clinics_new_details_as_soon_as_they_are_saved(client, post_intake):
    url = post_intake()["Location"]
    page = Page.of(client.get(url))
    assert "Mindful Path Clinic" in masthead(page).words  # the sample, now kept in the cache

    clinic = ClinicProfile.objects.get(pk=1)
    clinic.name = "Lakeside Mindfulness Clinic"
    clinic.phone = "+16175550134"
    clinic.is_sample = False
    clinic.save()

    page = Page.of(client.get(url))
    for part in (masthead(page), keep_a_copy(page)):
        assert "Lakeside Mindfulness Clinic" in part.words
        assert "(617) 555-0134" in part.words
        assert "Mindful Path Clinic" not in part.words
        assert "Sample details" not in part.words
        assert page.find("a", href="tel:+16175550134", within=part)


def test_it_dates_the_printout_today_where_the_person_lives(open_recommendation):
    before = {zone: today_in(zone) for zone in (EARLIEST_ZONE, LATEST_ZONE)}
    earliest = open_recommendation(time_zone=EARLIEST_ZONE)
    latest = open_recommendation(time_zone=LATEST_ZONE)
    after = {zone: today_in(zone) for zone in (EARLIEST_ZONE, LATEST_ZONE)}

    # Across a midnight between the two readings, either day is right.
    assert printed_date(earliest) in {before[EARLIEST_ZONE], after[EARLIEST_ZONE]}
    assert printed_date(latest) in {before[LATEST_ZONE], after[LATEST_ZONE]}
    assert printed_date(earliest) != printed_date(latest)
    assert f"Printed {printed_date(earliest)}" in masthead(earliest).words


def test_it_dates_the_printout_in_the_sites_zone_when_it_knows_none_of_theirs(
    open_recommendation,
):
    before = today_in(settings.TIME_ZONE)
    page = open_recommendation(region="outside_us", time_zone="")
    after = today_in(settings.TIME_ZONE)

    assert printed_date(page) in {before, after}


def test_it_loads_the_print_stylesheet_for_paper_only_and_the_print_script_deferred(
    open_recommendation,
):
    page = open_recommendation()

    stylesheet = page.find("link", href=f"{settings.STATIC_URL}css/print.css")
    assert stylesheet is not None
    assert stylesheet["rel"] == ["stylesheet"]
    assert stylesheet["media"] == "print"
    script = page.find("script", src=f"{settings.STATIC_URL}js/print.js")
    assert script is not None
    assert script.has_attr("defer")
    assert finders.find("css/print.css")
    assert finders.find("js/print.js")


def test_it_ships_the_print_button_hidden_and_tells_people_without_javascript_what_to_do(
    open_recommendation,
):
    page = open_recommendation()

    section = keep_a_copy(page)
    button = page.find("button", within=section)
    assert button.words == "Print this page"
    assert button["type"] == "button"
    assert button.has_attr("hidden")  # print.js shows it; without it, it would do nothing
    hint = page.find("p", class_="print-hint", within=section)
    assert "use your browser's Print command" in hint.words
    assert not hint.has_attr("hidden")


def test_it_runs_no_script_of_its_own_inside_the_page(open_recommendation):
    # The Content-Security-Policy would refuse it: the button must work from print.js.
    page = open_recommendation()

    assert all(script.has_attr("src") for script in page.find_all("script"))
    handlers = [
        (element.name, name)
        for element in page.find_all()
        for name in element.attrs
        if name.startswith("on")
    ]
    assert handlers == []


def test_it_prints_each_organisations_own_website_after_its_name(make_intake, client):
    intake = make_intake(self_criticism="5", format_preference="online")
    page = Page.of(client.get(intake.get_absolute_url()))

    listed = page.find("ul", class_="provider-links").find_all("li")
    assert listed
    for item in listed:
        website = item.find("span", class_="d-print-inline")
        assert website is not None
        assert website.get_text().strip().startswith("(https://")
        assert "d-none" in website["class"]  # the screen links to the organisation's page


def test_it_leaves_the_clinic_out_when_its_details_cannot_be_read(make_intake, rf):
    # current_clinic() gives None only while the database is away with nothing cached; the
    # page must then say nothing about the clinic rather than half a sentence.
    intake = intake_for_page(make_intake().public_token)
    html = render_to_string(
        "advisor/recommendation.html",
        {**page_context(intake), "clinic": None},
        request=rf.get(intake.get_absolute_url()),
    )
    page = Page(html)

    assert "Questions about your suggestion?" not in page.soup.get_text()
    assert not page.find("a", href=SAMPLE_TEL)
    assert "Printed" in masthead(page).words
    assert page.find("button", class_="print-button")
