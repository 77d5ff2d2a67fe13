"""A clinician's workspace in a browser: logging a call and a note, reading the history in
sentences, the dashboard, and a triage list that fits a desk and a tablet.

Axe scans the admin's workspace pages; the triage list fits at 1280 px and on a tablet.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from advisor.models import ContactAttempt, Intake, IntakeAccess
from advisor.services import intake_contact_add, intake_note_add, intakes_assign
from tests.advisor.intakes import saved_intake
from tests.config.clinic_hours import open_around_the_clock
from tests.e2e.helpers import (
    PASSWORD,
    csp_violations,
    expect_accessible,
    screenshot,
    sign_in,
    watch_console,
)
from tests.security.helpers import authenticator, current_code

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TABLET = {"viewport": {"width": 768, "height": 1024}, "has_touch": True}


def _casey() -> Intake:
    """Casey, in crisis, with a phone number and an hour to call; waiting 30 hours."""
    casey = saved_intake(
        first_name="Casey",
        email="casey@example.org",
        self_harm_thoughts="yes",
        phone="+12025550143",
        best_time_to_call="After 5 pm",
    )
    Intake.objects.filter(pk=casey.pk).update(created_at=timezone.now() - timedelta(hours=30))
    # Overdue by the clock whatever hour the test runs at (promises count open hours).
    open_around_the_clock()
    return casey


def _busy_list(clinician) -> None:
    """A screenful of intakes with long names, every flag, duplicates and overrides."""
    for index in range(20):
        intake = saved_intake(
            first_name=f"Maximiliana-Josephine {index}",
            email=f"person{index % 4}@example.org",
            self_harm_thoughts="yes" if index % 3 == 0 else "no",
            trauma_history="serious" if index % 2 else "none",
            trauma_symptoms="yes" if index % 2 else "no",
            depression_history="current" if index % 4 == 0 else "none",
        )
        Intake.objects.filter(pk=intake.pk).update(
            created_at=timezone.now() - timedelta(hours=7 * index)
        )
    intakes_assign(intakes=Intake.objects.all()[:10], clinician=clinician)


def _sign_in_with_a_code(page: Page, user) -> None:
    """Sign in as production asks staff to: password, and the authenticator's code."""
    page.goto(reverse("admin:login"))
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("OTP Token").fill(current_code(authenticator(user)))
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def test_it_lets_a_clinician_log_a_call_and_a_note_and_read_them_back(desktop, clinician, settings):
    settings.STAFF_2FA_REQUIRED = True
    casey = _casey()
    clinician.first_name, clinician.last_name = "Clara", "Chen"
    clinician.save()
    due = timezone.localdate() + timedelta(days=2)
    console = watch_console(desktop)
    _sign_in_with_a_code(desktop, clinician)

    desktop.goto(reverse("admin:advisor_intake_changelist"))
    row = desktop.get_by_role("row").filter(has_text="Casey")
    expect(row).to_contain_text("1 day Overdue")
    row.get_by_role("link", name="Casey").click()

    expect(desktop.get_by_role("heading", name="Change intake")).to_be_visible()
    call = desktop.get_by_role("link", name="(202) 555-0143")
    expect(call).to_have_attribute("href", "tel:+12025550143")
    expect(desktop.get_by_text("best time to call: After 5 pm")).to_be_visible()
    expect(desktop.get_by_text("No calls, e-mails or messages yet.")).to_be_visible()
    desktop.get_by_label("How").select_option(label="Phone call")
    desktop.get_by_label("What happened").select_option(label="Left a message")
    desktop.get_by_label("Summary").fill("Voicemail: asked her to call the clinic back.")
    desktop.get_by_label("Next step:", exact=True).fill("Call again after 5 pm")
    desktop.get_by_label("Next step due").fill(due.isoformat())
    desktop.get_by_label("Add a note").fill("Crisis line numbers left in the voicemail.")
    desktop.get_by_role("button", name="Save and continue editing").click()

    expect(desktop.get_by_text("was changed successfully")).to_be_visible()
    log = desktop.locator(".field-contact_log")
    expect(log).to_contain_text("Phone call: Left a message (Clara Chen, ")
    expect(log).to_contain_text("Voicemail: asked her to call the clinic back.")
    expect(log).to_contain_text("Next step: Call again after 5 pm, due ")
    notes = desktop.locator(".field-notes_so_far")
    expect(notes).to_contain_text("Clara Chen, ")
    expect(notes).to_contain_text("Crisis line numbers left in the voicemail.")
    expect(desktop.get_by_label("Add a note")).to_have_value("")
    screenshot(desktop, "admin-intake-workspace")
    attempt = ContactAttempt.objects.get(intake=casey)
    assert (attempt.next_step_due, attempt.author_name) == (due, "Clara Chen")
    assert casey.notes.get().text == "Crisis line numbers left in the voicemail."

    desktop.get_by_label("How").select_option(label="Phone call")
    desktop.get_by_label("What happened").select_option(label="Spoke with them, or they replied")
    desktop.get_by_role("button", name="Save and continue editing").click()
    expect(desktop.get_by_text("the intake is now marked Contacted")).to_be_visible()
    expect(desktop.get_by_label("Status")).to_have_value("contacted")

    desktop.get_by_role("link", name="History").click()
    history = desktop.locator("ol.history-lines")
    expect(history).to_contain_text("The participant sent their answers")
    expect(history).to_contain_text("Clara Chen logged a phone call: left a message, ")
    expect(history).to_contain_text("Clara Chen added a note, ")
    expect(history).to_contain_text("Clara Chen changed status from New to Contacted, ")
    expect(history).not_to_contain_text("None")
    expect(history).not_to_contain_text("Deleted user")
    screenshot(desktop, "admin-intake-history")
    assert not csp_violations(console), console


def test_it_lets_a_clinician_send_the_participant_their_link(desktop, clinician):
    casey = _casey()
    sign_in(desktop, clinician.username)

    desktop.goto(reverse("admin:advisor_intake_change", args=[casey.pk]))
    desktop.get_by_role("button", name="Send the participant their link").click()

    expect(desktop.get_by_text("Their link is on its way to the address they gave")).to_be_visible()
    assert IntakeAccess.objects.filter(intake=casey, how=IntakeAccess.How.LINK_SENT).exists()


def _with_a_history(clinician) -> Intake:
    casey = _casey()
    intake_note_add(intake=casey, author=clinician, text="Left a voicemail.")
    intake_contact_add(
        intake=casey,
        author=clinician,
        channel="call",
        outcome="left_message",
        summary="Asked her to call back.",
        next_step="Call again",
        next_step_due=timezone.localdate() + timedelta(days=1),
    )
    intakes_assign(intakes=Intake.objects.filter(pk=casey.pk), clinician=clinician)
    return casey


def _open_intake(page: Page, casey: Intake) -> None:
    page.goto(reverse("admin:advisor_intake_change", args=[casey.pk]))
    expect(page.get_by_role("heading", name="Change intake")).to_be_visible()


def _open_history(page: Page, casey: Intake) -> None:
    page.goto(reverse("admin:advisor_intake_history", args=[casey.pk]))
    expect(page.locator("ol.history-lines")).to_contain_text("added a note")


def _open_dashboard(page: Page, casey: Intake) -> None:
    page.goto(reverse("admin:advisor_intake_dashboard"))
    expect(page.get_by_role("heading", name="Who has what")).to_be_visible()


ADMIN_PAGES = {
    "admin-intake-workspace": _open_intake,
    "admin-intake-history": _open_history,
    "admin-intake-dashboard": _open_dashboard,
}


@pytest.mark.parametrize("name", ADMIN_PAGES)
def test_it_finds_no_serious_accessibility_problem_on_the_workspace_pages(desktop, clinician, name):
    casey = _with_a_history(clinician)
    sign_in(desktop, clinician.username)

    ADMIN_PAGES[name](desktop, casey)

    screenshot(desktop, name)
    expect_accessible(desktop, name)


@pytest.mark.parametrize(("width", "context"), [(1280, {}), (768, TABLET)])
def test_it_fits_the_triage_list_on_a_desk_and_a_tablet(open_page, clinician, width, context):
    _busy_list(clinician)
    page = open_page(**({"viewport": {"width": 1280, "height": 900}} | context))
    sign_in(page, clinician.username)

    page.goto(reverse("admin:advisor_intake_changelist"))

    results = page.locator("#result_list")
    expect(results.locator("tbody tr")).to_have_count(20)
    screenshot(page, f"admin-intake-list-{width}")
    # Every column readable without scrolling sideways, the table's or the page's.
    table, room = results.evaluate("t => [t.scrollWidth, t.parentElement.clientWidth]")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    box = results.bounding_box()
    assert table <= room, f"the results table is {table} px wide in {room} px"
    assert overflow <= 0, f"the page scrolls sideways by {overflow} px"
    assert box is not None and box["x"] + box["width"] <= width
    expect_accessible(page, f"admin-intake-list-{width}")
