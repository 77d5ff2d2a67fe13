"""The e-mails: the clinic's notice of an intake, and a participant's private links.

Neither ever holds an answer: an e-mail can be read by whoever sees the inbox. Each is a
pair of templates in templates/advisor/email/ (`<name>_subject.txt` and `<name>.txt`);
this module only gathers what they may say.
"""

from __future__ import annotations

from collections.abc import Sequence
from email.utils import formataddr, parseaddr

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from advisor.crisis import CRISIS_LINE
from advisor.flags import flag_email_words
from advisor.models import CheckIn, Intake, Notification
from advisor.scoring import CRISIS
from advisor.waiting import answer_due
from config.clinic.record import current_clinic
from config.clinic.staff_time import clinic_datetime_text
from config.clinic.words import due_words
from config.language import site_address
from config.validators import one_line


def render_email(name: str, context: dict) -> tuple[str, str]:
    """The subject and body of templates/advisor/email/<name>: the subject on one line,
    whatever the template or a value in it holds (a line break would start a header)."""
    subject = render_to_string(f"advisor/email/{name}_subject.txt", context)
    return one_line(subject), render_to_string(f"advisor/email/{name}.txt", context)


def clinic_message(intake: Intake, about: str = Notification.About.INTAKE) -> tuple[str, str]:
    """The subject and body of the clinic's notice: the flags and a link, never an answer.

    About a check-in's answer (thoughts of self-harm; wanting the next program) it says
    only that, and which intake: what was answered is for the admin to show."""
    flags = intake.flag_codes
    if about != Notification.About.INTAKE:
        return render_email(
            "clinic_checkin_notice",
            {
                "distress": about == Notification.About.CHECKIN_DISTRESS,
                "due": due_words(answer_due(timezone.now(), flagged=True)),
                "link": site_address(reverse("admin:advisor_intake_change", args=[intake.pk])),
                "spanish": intake.is_spanish,
            },
        )
    return render_email(
        "clinic_notice",
        {
            "crisis": CRISIS in flags,
            "flag_words": [flag_email_words(flag) for flag in flags],
            "arrived": clinic_datetime_text(intake.created_at),
            # The promise the person's page made them, from the same rule.
            "due": due_words(answer_due(intake.created_at, flagged=intake.needs_a_clinician)),
            "link": site_address(reverse("admin:advisor_intake_change", args=[intake.pk])),
            # So that a clinician who speaks Spanish can take it.
            "spanish": intake.is_spanish,
        },
    )


def links_message(intakes: Sequence[Intake]) -> tuple[str, str]:
    """A participant's own links: to each recommendation, and to delete its answers.

    Nothing in it was typed by whoever sent the form (no name, no answer): nobody has
    confirmed that the address is theirs, so the e-mail holds only the clinic's own
    words, the links and the clinic's contact details.
    """
    links = [
        {
            "sent": clinic_datetime_text(intake.created_at),
            "page": site_address(intake.get_absolute_url()),
            "delete": site_address(reverse("advisor:delete", args=[intake.public_token])),
        }
        for intake in intakes
    ]
    return render_email(
        "participant_links",
        {
            "one": len(intakes) == 1,
            "links": links,
            "clinic": current_clinic(),
            "crisis_line": CRISIS_LINE,
        },
    )


def participant_sender() -> str:
    """The From of a participant's e-mail: the clinic's name, at DEFAULT_FROM_EMAIL's address."""
    clinic = current_clinic()
    display, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return formataddr((one_line(clinic.name if clinic else display), address))


def checkin_message(checkin: CheckIn, *, reminder: bool = False) -> tuple[str, str, str]:
    """The subject and body of a check-in e-mail, and its stop link (for the header too).

    Like the links e-mail, it holds nothing the person typed and none of their answers:
    a private link to the check-in, a link that stops it, and the clinic's details."""
    stop = site_address(reverse("advisor:checkin_stop", args=[checkin.token]))
    subject, body = render_email(
        "checkin",
        {
            "reminder": reminder,
            "page": site_address(reverse("advisor:checkin", args=[checkin.token])),
            "stop": stop,
            "clinic": current_clinic(),
            "crisis_line": CRISIS_LINE,
        },
    )
    return subject, body, stop
