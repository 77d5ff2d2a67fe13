"""Staff in the admin: a clinician reviews a flagged intake; a directory editor lists a course."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from advisor.models import Intake
from providers.models import Offering, Provider
from providers.schedule import next_weekday
from tests.advisor.intakes import saved_intake
from tests.e2e.helpers import (
    MSC_ONLINE,
    answers,
    complete_intake,
    csp_violations,
    expect_accessible,
    screenshot,
    sign_in,
    watch_console,
)
from tests.factories import OfferingFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

NO_REASON = "Please give a reason for changing the recommendation."


def test_it_lets_a_clinician_find_review_and_override_a_flagged_intake(desktop, clinician):
    casey = saved_intake(first_name="Casey", self_harm_thoughts="yes")
    saved_intake(first_name="Avery")
    saved_intake(first_name="Blake")
    console = watch_console(desktop)
    sign_in(desktop, clinician.username)

    desktop.goto(reverse("admin:advisor_intake_changelist"))
    results = desktop.get_by_role("table").filter(
        has=desktop.get_by_role("columnheader", name="Status")
    )
    rows = results.locator("tbody").get_by_role("row")
    expect(rows).to_have_count(3)
    expect(rows.first).to_contain_text("Casey")
    expect(rows.first).to_contain_text("Crisis: self-harm thoughts")
    screenshot(desktop, "admin-intake-list")
    rows.first.get_by_role("link", name="Casey").click()

    expect(desktop.get_by_role("heading", name="Change intake")).to_be_visible()
    expect(desktop.get_by_text("Crisis: self-harm thoughts")).to_be_visible()
    screenshot(desktop, "admin-intake")
    desktop.get_by_label("Clinician's recommendation").select_option("MSC")
    desktop.get_by_role("button", name="Save", exact=True).click()

    expect(desktop.get_by_text(NO_REASON)).to_be_visible()
    expect(desktop.get_by_label("Clinician's recommendation")).to_have_value("MSC")
    casey.refresh_from_db()
    assert casey.override_program == ""
    desktop.get_by_label("Override reason").fill("Talked by phone: she wants to begin gently.")
    desktop.get_by_role("button", name="Save", exact=True).click()

    expect(desktop.get_by_text("was changed successfully")).to_be_visible()
    casey_row = rows.filter(has_text="Casey")
    casey_row.get_by_role("checkbox").check()
    desktop.get_by_role("combobox", name="Action").select_option(
        label="Mark the selected intakes reviewed"
    )
    desktop.get_by_role("button", name="Run", exact=True).click()

    expect(desktop.get_by_text("1 intake(s) marked reviewed.")).to_be_visible()
    expect(casey_row.get_by_role("cell", name="Reviewed", exact=True)).to_be_visible()
    expect(casey_row.get_by_role("cell", name="MSC (engine: MBSR)")).to_be_visible()
    casey.refresh_from_db()
    assert (casey.status, casey.override_program) == ("reviewed", "MSC")
    assert casey.override_reason == "Talked by phone: she wants to begin gently."
    assert not csp_violations(console), console


def test_it_lets_a_directory_editor_list_an_online_msc_course_and_nothing_more(
    desktop, phone, editor
):
    start = next_weekday(timezone.localdate() + timedelta(days=30), 3)  # a Thursday
    console = watch_console(desktop)
    sign_in(desktop, editor.username)

    desktop.get_by_role("row").filter(
        has=desktop.get_by_role("rowheader", name="Providers", exact=True)
    ).get_by_role("link", name="Add").click()
    expect(desktop.get_by_role("heading", name="Add provider")).to_be_visible()
    desktop.get_by_label("Name:").press_sequentially("Still Water Sangha")
    # The admin writes the slug from the name as it is typed.
    expect(desktop.get_by_label("Slug:")).to_have_value("still-water-sangha")
    desktop.get_by_label("Description [en]:").fill("A small group that teaches MSC online.")
    desktop.get_by_label("Website:").fill("https://stillwater.example.org")
    desktop.get_by_label("Region:").select_option(label="Midwest US")
    desktop.get_by_label("Runs courses online").check()
    desktop.get_by_label("Available programs", exact=True).select_option(
        label="Mindful Self-Compassion (MSC)"
    )
    desktop.get_by_role("button", name="Choose selected programs").click()
    desktop.get_by_role("button", name="Add another Offering").click()
    # The course just added; the admin keeps a hidden blank copy beside it for "add another".
    course = desktop.locator("#offerings-0")
    course.get_by_label("Program:").select_option(label="Mindful Self-Compassion (MSC)")
    course.get_by_label("Format:").select_option(label="Online")
    course.get_by_label("Start date:").fill(start.isoformat())
    course.get_by_label("End date:").fill((start + timedelta(weeks=7)).isoformat())
    course.get_by_label("Meets on:").select_option(label="Thursday")
    course.get_by_label("From:").fill("18:00")
    course.get_by_label("To:").fill("20:00")
    course.get_by_label("Time zone:").select_option("America/Chicago")
    course.get_by_label("Registration link:").fill("https://stillwater.example.org/msc")
    desktop.get_by_role("button", name="Save", exact=True).click()

    expect(desktop.get_by_text("was added successfully")).to_be_visible()
    provider = Provider.objects.get(slug="still-water-sangha")
    assert list(provider.programs.values_list("code", flat=True)) == ["MSC"]
    assert Offering.objects.get(provider=provider).time_zone == "America/Chicago"

    phone.goto(reverse("providers:list") + "?program=MSC&format=online")
    expect(phone.get_by_role("link", name="Still Water Sangha")).to_be_visible()
    screenshot(phone, "directory")
    complete_intake(phone, answers(**MSC_ONLINE))
    where = phone.get_by_role("region", name="Where to take MSC")
    course_card = where.get_by_role("listitem").filter(
        has=phone.get_by_role("heading", name="Still Water Sangha")
    )
    expect(course_card).to_contain_text("Thursdays, 6:00 to 8:00 pm (Central time (US))")
    expect(course_card.get_by_role("link", name="Add to my calendar")).to_be_visible()
    expect(course_card.get_by_role("link", name="How to sign up")).to_have_attribute(
        "href", "https://stillwater.example.org/msc"
    )

    intake = Intake.objects.get()
    for url in (
        reverse("admin:advisor_intake_changelist"),
        reverse("admin:advisor_intake_change", args=[intake.pk]),
    ):
        response = desktop.goto(url)
        assert response is not None and response.status == 403, url
        expect(desktop.get_by_text(intake.first_name)).to_have_count(0)
    desktop.goto(reverse("admin:index"))
    expect(desktop.get_by_role("link", name="Providers", exact=True).first).to_be_visible()
    expect(desktop.get_by_role("link", name="Intakes")).to_have_count(0)
    assert not csp_violations(console), console


@pytest.mark.parametrize(
    "url_name", ["admin:providers_offering_changelist", "admin:providers_provider_changelist"]
)
def test_it_fits_the_directory_lists_in_a_1280_pixel_window(desktop, editor, url_name):
    OfferingFactory(
        provider=Provider.objects.get(slug="midwest-alliance-for-mindfulness"),
        schedule_as_written="Tuesday evenings, six until half past eight",
    )
    Offering.objects.update(weekday=None)  # one run that needs fixing, with its long text
    sign_in(desktop, editor.username)

    desktop.goto(reverse(url_name))

    results = desktop.locator("#result_list")  # the list itself, beside the admin's menu
    expect(results).to_be_visible()
    # Every column readable without scrolling sideways.
    overflow = desktop.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    box = results.bounding_box()
    assert overflow <= 0 and box is not None and box["x"] + box["width"] <= 1280
    screenshot(desktop, url_name.replace(":", "-"))
    expect_accessible(desktop, url_name.replace(":", "-"))
