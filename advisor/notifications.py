"""Tell the clinic an intake arrived, without putting any answer in an e-mail."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from advisor.models import Intake

FLAG_WORDS = {
    "crisis": "CRISIS: said yes to thoughts of self-harm",
    "clinician_review": "needs a clinician's review before enrolling",
    "therapist_suggested": "a therapist alongside was suggested",
}


def clinic_message(intake: Intake) -> tuple[str, str]:
    """The subject and body of the clinic's notice: the flags and a link, never an answer."""
    flags = intake.flag_codes
    subject = "New intake"
    if "crisis" in flags:
        subject = "URGENT: new intake flagged for crisis"
    elif flags:
        subject = "New intake flagged for review"
    link = settings.SITE_URL.rstrip("/") + reverse("admin:advisor_intake_change", args=[intake.pk])
    flag_lines = "\n".join(f"- {FLAG_WORDS.get(flag, flag)}" for flag in flags) or "- none"
    body = (
        f"A new intake arrived at {intake.created_at:%Y-%m-%d %H:%M %Z}.\n\n"
        f"Flags:\n{flag_lines}\n\n"
        f"Review it in the admin (sign-in needed):\n{link}\n\n"
        "This message holds no answers on purpose.\n"
    )
    return subject, body
