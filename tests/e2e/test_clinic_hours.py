"""A superuser sets the days and hours the clinic's promises are counted to, in a browser,
and the person's page then promises by them.

4 December 2026 is a Friday; a flagged intake sent that morning at 11 is due by Monday noon
at a Monday-to-Friday clinic (24 hours on is Saturday), by Saturday noon once Saturday is an
open day (11 am is in its first three hours).
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from advisor.models import Intake
from config.clinic.models import ClinicProfile
from tests.advisor.intakes import saved_intake
from tests.e2e.helpers import expect_accessible, sign_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_it_lets_a_superuser_open_the_clinic_on_saturdays_and_the_promise_follows(
    desktop: Page, superuser
):
    casey = saved_intake(first_name="Casey", self_harm_thoughts="yes", phone="+12025550143")
    friday_morning = datetime(2026, 12, 4, 11, tzinfo=ZoneInfo("America/New_York"))
    Intake.objects.filter(pk=casey.pk).update(created_at=friday_morning)
    sign_in(desktop, superuser.username)
    desktop.goto(casey.get_absolute_url())
    expect(desktop.locator(".crisis-panel")).to_contain_text(
        "will call you by Monday 7 December at 12 pm Eastern time"
    )

    desktop.goto(reverse("admin:config_clinicprofile_change", args=[1]))
    expect(desktop.get_by_label("Saturday")).not_to_be_checked()
    expect_accessible(desktop, "admin-clinic-details")
    desktop.get_by_label("Saturday").check()
    desktop.get_by_role("button", name="Save", exact=True).click()

    expect(desktop.locator(".messagelist")).to_contain_text("changed successfully")
    assert ClinicProfile.objects.get().open_days == "012345"
    desktop.goto(casey.get_absolute_url())
    expect(desktop.locator(".crisis-panel")).to_contain_text(
        "will call you by Saturday 5 December at 12 pm Eastern time"
    )
