"""Every write to an Intake goes through here."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from functools import partial

from django.db import IntegrityError, transaction
from django.utils import timezone

from advisor import questionnaire
from advisor.models import Intake
from advisor.notifications import notify_clinic_of_intake
from advisor.questionnaire import YES_NO
from advisor.scoring import CLINICIAN_REVIEW, CRISIS, THERAPIST_SUGGESTED, recommend


def intake_submit(
    *,
    answers: Mapping[str, int | str],
    first_name: str,
    email: str,
    form_token: uuid.UUID,
    consent_version: str = questionnaire.CONSENT_VERSION,
) -> Intake:
    """Score the answers and save the intake with its recommendation, once per form.

    A second post of the same form (a double click, a refresh after posting)
    returns the intake the first one saved. The clinic is told only after the
    transaction commits, so a rolled-back intake never sends an e-mail.
    """
    existing = Intake.objects.filter(form_token=form_token).first()
    if existing is not None:
        return existing
    recommendation = recommend(answers).as_dict()
    flags = recommendation["flags"]
    typed = {
        code: (answers[code] == "yes")
        if questionnaire.QUESTIONS_BY_CODE[code].kind == YES_NO
        else answers[code]
        for code in questionnaire.ANSWER_CODES
    }
    try:
        with transaction.atomic():
            intake = Intake.objects.create(
                form_token=form_token,
                first_name=first_name,
                email=email,
                **typed,
                consented_at=timezone.now(),
                consent_version=consent_version,
                recommendation=recommendation,
                rules_version=recommendation["rules_version"],
                recommended_program=recommendation["first"],
                flag_crisis=CRISIS in flags,
                flag_clinician_review=CLINICIAN_REVIEW in flags,
                flag_therapist_suggested=THERAPIST_SUGGESTED in flags,
            )
            transaction.on_commit(partial(notify_clinic_of_intake, intake.pk))
    except IntegrityError:
        # Two posts of one form raced; the other one won, and its intake is the answer.
        winner = Intake.objects.filter(form_token=form_token).first()
        if winner is None:
            raise
        return winner
    return intake


@transaction.atomic
def intake_delete(*, intake: Intake) -> None:
    """The participant's own 'delete my answers': gone for good, the link with it."""
    intake.delete()
