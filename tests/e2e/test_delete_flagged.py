"""A person in crisis deletes their answers on a phone: told what it cancels, helped, heard.

The confirmation says the clinic can then no longer call them back and repeats the crisis
help; confirming still deletes; the same confirmation sent again from a second tab says
there is nothing left, and the clinic's record of the deletion is made once; the
clinicians' dashboard counts it.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from advisor.models import Intake, IntakeDeletion
from tests.advisor.intakes import saved_intake
from tests.e2e.helpers import expect_accessible, screenshot, sign_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_a_flagged_person_is_warned_helped_and_their_answers_deleted_once(
    phone, desktop, open_page, clinician
):
    intake = saved_intake(self_harm_thoughts="yes", phone="+12025550143")
    delete_url = reverse("advisor:delete", kwargs={"token": intake.public_token})

    phone.goto(delete_url)
    desktop.goto(delete_url)  # the same confirmation, left open in another tab

    expect(phone.get_by_role("heading", level=1)).to_have_text("Delete your answers?")
    warning = phone.get_by_role("region", name="Before you decide")
    expect(warning).to_contain_text("we won't be able to call you back as we said we would")
    help_panel = phone.get_by_role("region", name="Please reach out for support now")
    expect(help_panel.locator('a[href="tel:988"]').first).to_be_visible()
    screenshot(phone, "delete-confirm-flagged")
    expect_accessible(phone, "delete-confirm-flagged")

    phone.get_by_role("button", name="Yes, delete my answers").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Your answers are deleted")
    desktop.get_by_role("button", name="Yes, delete my answers").click()

    expect(desktop.get_by_role("heading", level=1)).to_have_text(
        "There are no answers under this link"
    )
    screenshot(desktop, "delete-again")
    expect_accessible(desktop, "delete-again")
    assert not Intake.objects.exists()
    record = IntakeDeletion.objects.get()
    assert (record.flag_codes, record.contacted) == (["crisis", "clinician_review"], False)

    # The clinic sees that a promised call lapsed, and nothing about who.
    staff = open_page(viewport={"width": 1280, "height": 900})
    sign_in(staff, clinician.username)
    staff.goto(reverse("admin:advisor_intake_dashboard"))
    lapsed = staff.get_by_role("region", name="Deleted before we reached them")
    expect(lapsed).to_contain_text("1 flagged person deleted their answers before we reached them")
    screenshot(staff, "admin-dashboard-unreached-deletion")
    expect_accessible(staff, "admin-dashboard-unreached-deletion")
