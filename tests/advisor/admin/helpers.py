"""The clinicians' admin as tests reach it: its URLs, the review form as posted, and what
the pages say back (fixtures that post these live in tests/advisor/admin/conftest.py)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone

from advisor.models import Intake
from tests.helpers import Page


def changelist_url() -> str:
    return reverse("admin:advisor_intake_changelist")


def change_url(intake: Intake) -> str:
    return reverse("admin:advisor_intake_change", args=[intake.pk])


def history_url(intake: Intake) -> str:
    return reverse("admin:advisor_intake_history", args=[intake.pk])


def dashboard_url() -> str:
    return reverse("admin:advisor_intake_dashboard")


def access_list_url() -> str:
    return reverse("admin:advisor_intakeaccess_changelist")


def send_link_url(intake: Intake) -> str:
    return reverse("admin:advisor_intake_send_link", args=[intake.pk])


def backdate(intake: Intake, **ago: float) -> Intake:
    """Move an intake's submission back (`days=2`, `hours=25`); it is set on insert."""
    Intake.objects.filter(pk=intake.pk).update(created_at=timezone.now() - timedelta(**ago))
    intake.refresh_from_db()
    return intake


def contact_data(**fields: Any) -> dict[str, str]:
    """A contact to log, as the intake page posts it: channel="call" -> contact_channel."""
    return {f"contact_{name}": str(value) for name, value in fields.items()}


def review_data(intake: Intake, **changes: Any) -> dict[str, str]:
    """The review fields as the change form posts them, unchanged unless `changes` say so."""
    data = {
        "status": intake.status,
        "assigned_to": str(intake.assigned_to_id or ""),
        "override_program": intake.override_program,
        "override_reason": intake.override_reason,
        "_save": "Save",
    }
    data.update({name: str(value) for name, value in changes.items()})
    return data


def messages_shown(html: Page) -> list[str]:
    """The admin's messages at the top of a page, as the user reads them."""
    shown = html.find("ul", class_="messagelist")
    return [item.words for item in html.find_all("li", within=shown)] if shown else []
