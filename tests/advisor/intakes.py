"""Intake answers for tests: a complete, valid set that leans no way, changed per test.

Plain functions, so that any test (and a script run in a fresh interpreter) can import
them; the fixtures that wrap them (`valid_post`, `post_intake`, `make_intake`) live in
tests/conftest.py.
"""

from __future__ import annotations

import uuid
from typing import Any

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
    after sending), so a test of many intakes from one client sends each as a different
    person.
    """
    return {**neutral_post(), "first_name": f"{FIRST_NAME} {uuid.uuid4().hex[:8]}"}


def with_overrides(data: dict[str, str], overrides: dict[str, Any]) -> dict[str, str]:
    """The data with overrides applied; an override of None leaves that field out."""
    changed = {**data, **overrides}
    return {name: value for name, value in changed.items() if value is not None}


def saved_intake(*, resend_secret: str = "", answered_in: str = "en", **overrides: Any) -> Intake:
    """An intake saved through the service, as a valid form post saves one, with `overrides`
    (and the browser's `resend_secret`, as the form view passes it), sent from a page in
    `answered_in`."""
    data = with_overrides(neutral_post(), overrides)
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
        checkin_opt_in=data.get("checkin_opt_in") == "on",
        phone=data.get("phone", ""),
        best_time_to_call=data.get("best_time_to_call", ""),
        resend_secret=resend_secret,
        answered_in=answered_in,
    )
