"""Helpers for the clinicians' admin: its URLs, the review form as posted, and actions.

Source: issue 4; issue 18 (notes, the contact log, the clinic's answer times). Intakes are
made with `make_intake` (tests/advisor/conftest.py), which saves them through
`intake_submit` as the form does.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone

from advisor.models import Intake
from advisor.services import intake_review
from config.models import ClinicProfile
from tests.config.clinic_hours import open_around_the_clock
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


@pytest.fixture
def post_review(client) -> Callable[..., HttpResponse]:
    """Save the intake page as the logged-in user: the review fields, with `changes`."""

    def post(intake: Intake, **changes: Any) -> HttpResponse:
        return client.post(change_url(intake), review_data(intake, **changes))

    return post


@pytest.fixture
def clinic(db) -> Callable[..., ClinicProfile]:
    """Set the clinic's record as a superuser would save it: clinic(time_zone="...")."""

    def set_values(**values: Any) -> ClinicProfile:
        record = ClinicProfile.objects.get(pk=ClinicProfile.SINGLETON_PK)
        for name, value in values.items():
            setattr(record, name, value)
        record.save()
        return record

    return set_values


@pytest.fixture
def run_action(client) -> Callable[..., HttpResponse]:
    """Run an admin action on intakes the way the list's action bar posts it."""

    def run(action: str, intakes: Iterable[Intake], **extra: Any) -> HttpResponse:
        data = {
            "action": action,
            "index": "0",
            "_selected_action": [str(intake.pk) for intake in intakes],
        }
        return client.post(changelist_url(), {**data, **extra})

    return run


@pytest.fixture
def set_review() -> Callable[..., Intake]:
    """Give an intake a review state through the service, as a clinician's save would."""

    def review(
        intake: Intake,
        *,
        status: str | None = None,
        assigned_to: User | None = None,
        override_program: str = "",
        override_reason: str = "",
    ) -> Intake:
        return intake_review(
            intake=intake,
            status=status or intake.status,
            assigned_to=assigned_to,
            override_program=override_program,
            override_reason=override_reason,
        )

    return review


def messages_shown(html: Page) -> list[str]:
    """The admin's messages at the top of a page, as the user reads them."""
    shown = html.find("ul", class_="messagelist")
    return [item.words for item in html.find_all("li", within=shown)] if shown else []


@pytest.fixture(autouse=True)
def _clinic_open_around_the_clock(request):
    """These tests count answer times from the real clock in plain hours; a clinic open
    every day from 00:00 to 23:59 keeps them so whatever the hour they run at. The tests
    of promises counted to open hours set the clinic's own (tests/config/test_answer_times.py)."""
    if not any(mark.name == "django_db" for mark in request.node.iter_markers()):
        return
    request.getfixturevalue("db")
    open_around_the_clock()
