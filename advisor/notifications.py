"""The e-mails: the clinic's notice of an intake, and a participant's private links.

Neither ever holds an answer: an e-mail can be read by whoever sees the inbox.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.conf import settings
from django.urls import reverse

from advisor.models import Intake
from config.clinic import clinic_datetime_text, current_clinic, within_words

FLAG_WORDS = {
    "crisis": "CRISIS: said yes to thoughts of self-harm",
    "clinician_review": "needs a clinician's review before enrolling",
    "therapist_suggested": "a therapist alongside was suggested",
}


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def clinic_message(intake: Intake) -> tuple[str, str]:
    """The subject and body of the clinic's notice: the flags and a link, never an answer."""
    flags = intake.flag_codes
    subject = "New intake"
    if "crisis" in flags:
        subject = "URGENT: new intake flagged for crisis"
    elif flags:
        subject = "New intake flagged for review"
    link = _absolute(reverse("admin:advisor_intake_change", args=[intake.pk]))
    flag_lines = "\n".join(f"- {FLAG_WORDS.get(flag, flag)}" for flag in flags) or "- none"
    clinic = current_clinic()
    hours = clinic.flagged_answer_hours if intake.needs_a_clinician else clinic.intake_answer_hours
    body = (
        f"A new intake arrived at {clinic_datetime_text(intake.created_at)}.\n\n"
        f"Flags:\n{flag_lines}\n\n"
        f"The site tells this person the clinic answers within {within_words(hours)}.\n\n"
        f"Review it in the admin (sign-in needed):\n{link}\n\n"
        "This message holds no answers on purpose.\n"
    )
    return subject, body


def links_message(intakes: Sequence[Intake]) -> tuple[str, str]:
    """A participant's own links: to each recommendation, and to delete its answers."""
    clinic = current_clinic()
    one = len(intakes) == 1
    subject = f"Your link from {clinic.name}" if one else f"Your links from {clinic.name}"
    parts = [
        f"Hello {intakes[0].first_name},",
        "",
        "Here is the private link to your course suggestion."
        if one
        else "Here are the private links to the course suggestions you have had from us.",
        "Anyone with a link can see the suggestion, so please keep this email to yourself.",
        "",
    ]
    for intake in intakes:
        parts += [
            f"Answers sent {clinic_datetime_text(intake.created_at)}:",
            f"  See your suggestion: {_absolute(intake.get_absolute_url())}",
            f"  Delete these answers: "
            f"{_absolute(reverse('advisor:delete', args=[intake.public_token]))}",
            "",
        ]
    parts += [
        "This email holds none of your answers.",
        "",
        f"{clinic.name}",
        f"Phone: {clinic.phone.as_national if clinic.phone else ''}  Email: {clinic.email}",
        f"Open: {clinic.hours}",
        "",
        "Struggling right now? In the US, call or text 988 at any hour; elsewhere, call your "
        "local emergency number.",
    ]
    return subject, "\n".join(parts) + "\n"
