"""The e-mails: the clinic's notice of an intake, and a participant's private links.

Neither ever holds an answer: an e-mail can be read by whoever sees the inbox.
"""

from __future__ import annotations

from collections.abc import Sequence
from email.utils import formataddr, parseaddr

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from advisor.models import Intake
from config.clinic import answer_due, clinic_datetime_text, current_clinic, due_words
from config.validators import one_line

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
    # The promise the person's page made them, from the same rule (config.clinic.answer_due).
    due = answer_due(intake.created_at, flagged=intake.needs_a_clinician)
    body = (
        f"A new intake arrived at {clinic_datetime_text(intake.created_at)}.\n\n"
        f"Flags:\n{flag_lines}\n\n"
        f"The site told this person the clinic will answer {due_words(due)}.\n\n"
        f"Review it in the admin (sign-in needed):\n{link}\n\n"
        "This message holds no answers on purpose.\n"
    )
    return one_line(subject), body


def links_message(intakes: Sequence[Intake]) -> tuple[str, str]:
    """A participant's own links: to each recommendation, and to delete its answers.

    Nothing in it was typed by whoever sent the form (no name, no answer): nobody has
    confirmed that the address is theirs, so the e-mail holds only the clinic's own
    words, the links and the clinic's contact details.
    """
    clinic = current_clinic()
    one = len(intakes) == 1
    name = clinic.name if clinic else "the clinic"
    subject = f"Your link from {name}" if one else f"Your links from {name}"
    links = [
        {
            "sent": clinic_datetime_text(intake.created_at),
            "page": _absolute(intake.get_absolute_url()),
            "delete": _absolute(reverse("advisor:delete", args=[intake.public_token])),
        }
        for intake in intakes
    ]
    body = render_to_string(
        "advisor/email/participant_links.txt", {"one": one, "links": links, "clinic": clinic}
    )
    return one_line(subject), body


def participant_sender() -> str:
    """The From of a participant's e-mail: the clinic's name, at DEFAULT_FROM_EMAIL's address."""
    clinic = current_clinic()
    display, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return formataddr((one_line(clinic.name if clinic else display), address))
