"""Intake answers for view tests: a complete, valid set that leans no way, changed per test."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest
from django.http import HttpResponse
from django.urls import reverse

from advisor import questionnaire
from advisor.models import Intake
from advisor.questionnaire import CHOICE, CONSENT, EMAIL, LIKERT, PREFERENCE, TEXT, YES_NO
from advisor.services import intake_submit

FIRST_NAME = "Robin"
EMAIL_ADDRESS = "robin.private@example.net"

# Answers that meet no rule and raise no flag: MBSR first, MSC next, nothing to review.
NEUTRAL_CHOICES = {
    "region": "northeast",
    "format_preference": "either",
    "trauma_history": "none",
    "depression_history": "none",
    "mindfulness_experience": "none",
    "compassion_arises": "not_applicable",
    "primary_goal": "not_sure",
}
NEUTRAL_LIKERT = 3


def _neutral(question: questionnaire.Question) -> str:
    if not question.required or question.kind == PREFERENCE:
        return ""  # optional, and most people leave it
    if question.kind == LIKERT:
        return str(NEUTRAL_LIKERT)
    if question.kind == YES_NO:
        return "no"
    if question.kind == CHOICE:
        # A KeyError here means the codebook grew a question this file has not met yet.
        return NEUTRAL_CHOICES[question.code]
    if question.kind == TEXT:
        return FIRST_NAME
    if question.kind == EMAIL:
        return EMAIL_ADDRESS
    if question.kind == CONSENT:
        return "on"
    raise ValueError(f"No neutral answer for question kind {question.kind!r}")


def neutral_post() -> dict[str, str]:
    """Every codebook code with a valid answer, and a fresh hidden form token."""
    data = {question.code: _neutral(question) for question in questionnaire.QUESTIONS}
    data["form_token"] = str(uuid.uuid4())
    return data


def another_persons_post() -> dict[str, str]:
    """A valid POST from someone else: a form token and a first name of their own.

    The same answers sent again from one browser lead to the intake it saved (going Back
    after sending: advisor/views.py), so a test of many intakes from one client sends
    each as a different person.
    """
    return {**neutral_post(), "first_name": f"{FIRST_NAME} {uuid.uuid4().hex[:8]}"}


def _with(data: dict[str, str], overrides: dict[str, Any]) -> dict[str, str]:
    """The data with overrides applied; an override of None leaves that field out."""
    changed = {**data, **overrides}
    return {name: value for name, value in changed.items() if value is not None}


@pytest.fixture
def valid_post() -> dict[str, str]:
    """A complete valid POST for the intake form (a new dict, with a new form token, each time)."""
    return neutral_post()


@pytest.fixture
def post_intake(client, valid_post) -> Callable[..., HttpResponse]:
    """Post the intake form: the valid answers with `overrides` (None leaves a field out)."""

    def post(**overrides: Any) -> HttpResponse:
        return client.post(reverse("advisor:intake"), _with(valid_post, overrides))

    return post


def saved_intake(*, resend_secret: str = "", **overrides: Any) -> Intake:
    """An intake saved through the service, as a valid form post saves one, with `overrides`
    (and the browser's `resend_secret`, as the form view passes it)."""
    data = _with(neutral_post(), overrides)
    answers: dict[str, int | str] = {}
    for code in questionnaire.ANSWER_CODES:
        kind = questionnaire.QUESTIONS_BY_CODE[code].kind
        answers[code] = int(data[code]) if kind == LIKERT else data[code]
    return intake_submit(
        answers=answers,
        first_name=data["first_name"],
        email=data["email"],
        form_token=uuid.UUID(data["form_token"]),
        email_my_link=data.get("email_my_link") == "on",
        phone=data.get("phone", ""),
        best_time_to_call=data.get("best_time_to_call", ""),
        resend_secret=resend_secret,
    )


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a request and let its transaction commit (so queued e-mails go)."""

    def run(call, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return call(*args, **kwargs)

    return run


@pytest.fixture
def make_intake(db) -> Callable[..., Intake]:
    """Save an intake through the service, as a valid form post would, with `overrides`."""
    return saved_intake
