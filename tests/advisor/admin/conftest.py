"""Fixtures for the clinicians' admin: saving the review form, running actions, setting the
clinic's record. Its URLs and form data are plain functions in tests/advisor/admin/helpers.py;
intakes are made with `make_intake` (tests/conftest.py), which saves them through
`intake_submit` as the form does.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.http import HttpResponse

from advisor.models import Intake
from advisor.services import intake_review
from config.clinic.models import ClinicProfile
from tests.advisor.admin.helpers import change_url, changelist_url, review_data
from tests.config.clinic_hours import open_around_the_clock


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


@pytest.fixture(autouse=True)
def _clinic_open_around_the_clock(request):
    """These tests count answer times from the real clock in plain hours; a clinic open
    every day from 00:00 to 23:59 keeps them so whatever the hour they run at. The tests
    of promises counted to open hours set the clinic's own (tests/config/test_answer_times.py)."""
    if not any(mark.name == "django_db" for mark in request.node.iter_markers()):
        return
    request.getfixturevalue("db")
    open_around_the_clock()
