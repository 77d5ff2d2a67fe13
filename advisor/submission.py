"""Sending the questionnaire: "the same answers from the same browser are the same intake".

A second tap of Send posts the same form again before the first answer arrives; going
Back from the recommendation fetches the form again (every private page is "no-store")
with a new form token. Neither may save a second intake, and neither may lead anyone
else to this one. So each intake is stored with an HMAC of its answers keyed by a secret
of this browser and this copy of the form (`form_secret`: the form token and the
browser's own CSRF cookie, keyed with the secret key), and the browser keeps that secret
(`Saved.secret`) in a cookie that only the form reads, to hand back with its next send.
Different answers are a new intake: nothing a person sends is ever dropped.

`intake_send` is the one place that decides; the form view only turns its outcome into
a response.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError
from django.utils.crypto import salted_hmac

from advisor.models import Intake
from advisor.services import intake_sent_again, intake_submit, resend_key
from advisor.throttle import Allowance

# Salts both the form's secret and the signed cookie the browser keeps it in (views.py).
SENT_SALT = "advisor.intake-sent"


@dataclass(frozen=True)
class Submission:
    """What a valid form sends: the scored answers, how to reach the person, their
    practicalities, and the copy of the form they came on."""

    answers: Mapping[str, int | str]
    contact: Mapping[str, Any]
    preferences: Mapping[str, str]
    form_token: uuid.UUID
    # The language of the page it was sent from. Not part of what was given: the same
    # answers sent again after switching language are still the same intake.
    answered_in: str = "en"

    def given(self) -> dict[str, object]:
        """Everything the person gave: what has to match for a send to be the same."""
        return {**self.answers, **self.contact, **self.preferences}


@dataclass(frozen=True)
class Saved:
    """A new intake, and the secret the browser keeps to be recognised sending it again."""

    intake: Intake
    secret: str


@dataclass(frozen=True)
class AlreadySaved:
    """These answers were saved before, from this browser: this is their intake."""

    intake: Intake


@dataclass(frozen=True)
class Refused:
    """Not saved: the connection has used up its allowance; room again in so many seconds."""

    retry_after: int


Sent = Saved | AlreadySaved | Refused


def form_secret(*, form_token: uuid.UUID, browser: str) -> str:
    """The secret of one copy of the form in one browser (`browser`: its CSRF cookie)."""
    return salted_hmac(SENT_SALT, f"{form_token}|{browser}", algorithm="sha256").hexdigest()


def intake_send(
    *, submission: Submission, browser: str, last_sent: str, allowance: Allowance
) -> Sent:
    """Save the submission as a new intake, unless it is one already saved or one too many.

    `browser` is the browser's own CSRF cookie, `last_sent` the secret it kept from its
    last send ("" if none), `allowance` this connection's room for intakes. In this
    order, and the order is the rule:

    1. The same answers from this copy of the form, or with the browser's last secret,
       are the intake already saved (`AlreadySaved`). This comes before the count: a
       second tap or a trip Back is not another intake, so it uses up none of the hour's
       allowance, and it still reaches its page when the allowance is used up.
    2. Anything else is counted; over the limit it is refused (`Refused`), with how long
       until there is room.
    3. Then saved (`Saved`). Two taps racing each other both pass step 1 before either is
       saved; the second insert breaks the unique resend key (an `IntegrityError`), and
       the intake that was saved first is the answer, since it holds the same answers.

    A form token alone leads nowhere: it is in the page's HTML, for anyone at the same
    screen to read, so it is only ever one half of a secret whose other half is the
    browser's. A secret alone leads nowhere either: the cookie keeps no token, id or
    link, and its key matches only together with every answer and contact detail of the
    person who sent it, so the next person at a shared computer who sends their own
    answers makes their own intake.

    Raises what the database or the counters' cache raise when they cannot be reached;
    nothing is saved then.
    """
    secret = form_secret(form_token=submission.form_token, browser=browser)
    given = submission.given()
    if earlier := intake_sent_again(secrets=[secret, last_sent], given=given):
        return AlreadySaved(earlier)
    if not allowance.take():
        return Refused(retry_after=allowance.retry_after())
    try:
        intake = intake_submit(
            answers=submission.answers,
            **submission.contact,
            form_token=submission.form_token,
            preferences=submission.preferences,
            answered_in=submission.answered_in,
            resend_secret=secret,
        )
    except IntegrityError:
        # Trying the insert first spares every other submission a look-up.
        winner = Intake.objects.filter(resend_key=resend_key(secret, given)).first()
        if winner is None:
            raise
        return AlreadySaved(winner)
    return Saved(intake, secret)
