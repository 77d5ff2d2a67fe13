"""The intake page's read-only blocks, as plain data for their templates.

Each block is a function that reads the intake (and what hangs off it) and returns what
its template under templates/admin/advisor/intake/ shows: the notes, the contact log, how
to reach the person, their other intakes, how long they have waited, the engine's
rationale, the answers by section and the flags' badges. Every word a person typed goes
out through the templates' autoescaping: nothing here is marked safe.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

import phonenumbers
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.safestring import SafeString, mark_safe

from advisor import questionnaire
from advisor.flags import FLAGS, causing_codes, flag_reasons
from advisor.models import ContactAttempt, Intake, IntakeNote
from advisor.scoring import CRISIS
from advisor.waiting import AnswerTimes, waiting_text
from config.clinic.staff_time import staff_time
from config.clinic.words import within_words

TEMPLATES = "admin/advisor/intake"


def render_block(name: str, context: dict) -> SafeString:
    """A block's template (templates/admin/advisor/intake/_<name>.html) with its data."""
    # Without the template's last newline, which a block shown inline would keep as a
    # space; the template's output is already escaped, so it stays safe once stripped.
    return mark_safe(render_to_string(f"{TEMPLATES}/_{name}.html", context).strip())


@dataclass(frozen=True)
class Moment:
    """A time as staff pages write it, with the machine-readable one beside it."""

    iso: str
    text: str

    @classmethod
    def of(cls, value: datetime) -> Moment:
        return cls(value.isoformat(), staff_time(value))


# The flags


@dataclass(frozen=True)
class Badge:
    label: str
    css: str
    why: str


@functools.cache
def _badges(flags: tuple[tuple[str, str], ...]) -> SafeString:
    # A few dozen combinations at most, drawn once each: the list shows a set on every row.
    badges = [Badge(FLAGS[flag].badge, FLAGS[flag].badge_class, why) for flag, why in flags]
    return render_block("flags", {"badges": badges})


def flag_badges(intake: Intake, answers: dict | None = None) -> SafeString:
    """The intake's flags as badges, each followed by the answers that raised it.

    The crisis badge says its cause itself. `answers` tells an answer left unsaid from a
    yes (advisor.flags.flag_reasons).
    """
    reasons = flag_reasons(intake.flag_causes or {}, answers)
    return _badges(
        tuple((flag, "" if flag == CRISIS else reasons.get(flag, "")) for flag in intake.flag_codes)
    )


# Notes and the contact log


@dataclass(frozen=True)
class NoteShown:
    author: str
    at: Moment
    text: str


def notes_block(notes: Iterable[IntakeNote]) -> dict:
    """Each note with who wrote it and when, oldest first, as written."""
    return {
        "notes": [
            NoteShown(note.author_name, Moment.of(note.created_at), note.text) for note in notes
        ]
    }


@dataclass(frozen=True)
class ContactShown:
    channel: str
    outcome: str
    author: str
    at: Moment
    summary: str
    next_step: str
    due: str  # the next step's day, as staff pages write dates ("" without one)
    overdue: bool


def _day(value: date) -> str:
    return formats.date_format(value, "DATE_FORMAT")


def contacts_block(attempts: Iterable[ContactAttempt], *, closed: bool = False) -> dict:
    """The contact log, oldest first: how, what happened, who and when, and the next step.

    Only the latest entry's next step can be overdue (a later entry means someone followed
    up), and none on a closed intake: as the dashboard counts them (overdue_next_steps).
    """
    attempts = list(attempts)
    today = timezone.localdate()
    shown = []
    for attempt in attempts:
        due = attempt.next_step_due if attempt.next_step else None
        latest = attempt is attempts[-1]
        shown.append(
            ContactShown(
                channel=attempt.get_channel_display(),
                outcome=attempt.get_outcome_display(),
                author=attempt.author_name,
                at=Moment.of(attempt.created_at),
                summary=attempt.summary,
                next_step=attempt.next_step,
                due=_day(due) if due else "",
                overdue=due is not None and latest and not closed and due < today,
            )
        )
    return {"contacts": shown}


# How to reach them, and their other intakes


def phone_block(intake: Intake) -> dict:
    """A `tel:` link (E.164 for the phone to dial) showing the number as people write it.

    A number that does not parse is shown as it was typed, with no link.
    """
    number = intake.phone
    if not number:
        return {"given": False}
    if not number.is_valid():
        return {"given": True, "typed": str(number.raw_input)}
    home = phonenumbers.region_code_for_number(number) == settings.PHONENUMBER_DEFAULT_REGION
    return {
        "given": True,
        "dial": number.as_e164,
        "shown": number.as_national if home else number.as_international,
        "best_time": intake.best_time_to_call,
    }


@dataclass(frozen=True)
class OtherIntake:
    url: str
    sent: str
    status: str
    program: str


def same_email_block(intake: Intake, others: Iterable[Intake]) -> dict:
    """The person's other intakes (same address, whatever its capitals), linked."""
    return {
        "others": [
            OtherIntake(
                url=reverse("admin:advisor_intake_change", args=[other.pk]),
                sent=staff_time(other.created_at),
                status=other.get_status_display(),
                program=other.override_program or other.recommended_program,
            )
            for other in others
        ],
        # Keyed by the intake's id, so that no address is written into a URL.
        "together_url": reverse("admin:advisor_intake_changelist") + f"?same_email_as={intake.pk}",
    }


def waiting_block(intake: Intake, times: AnswerTimes) -> dict:
    """ "2 days (since …)", marked overdue past the clinic's answer time; or who reached them."""
    text = waiting_text(intake)
    if not text:
        return {"waiting": "", "status": intake.get_status_display().lower()}
    if not times.is_overdue(intake):
        return {"waiting": text}
    flagged = "a flagged intake" if intake.needs_a_clinician else "an intake"
    return {
        "waiting": text,
        "overdue": True,
        # The moment from the promise the person read (counted to the clinic's open hours).
        "why": f"the clinic answers {flagged} within {within_words(times.hours_for(intake))}, "
        f"so by {staff_time(times.due(intake))}",
    }


# The engine's recommendation, and the answers


def rationale_block(snapshot: dict) -> dict:
    """The engine's snapshot as saved with the intake: its programs, strength and reasons."""
    return {
        "first": snapshot["first"],
        "then": snapshot["then"],
        "strength": snapshot["strength"],
        "scores": ", ".join(f"{track} {score}" for track, score in snapshot["scores"].items()),
        "rules_version": snapshot["rules_version"],
        "reasons": [
            {"program": r["program"], "code": r["code"], "text": r["text"]}
            for r in snapshot["reasons"]
        ],
    }


def answers_block(intake: Intake) -> dict:
    """The answers, section by section as the participant saw the questions, each marked
    with the flags it helped raise.

    In English for the clinician, and for an intake answered in another language also
    the question and the answer as the participant read them (`read`)."""
    answers = intake.answers()
    raised = causing_codes(intake.flag_causes or {})
    read_in = intake.answered_in if intake.answered_in != questionnaire.ENGLISH else ""
    sections = []
    for section in questionnaire.SECTIONS:
        rows = [
            {
                "label": question.label,
                "answer": questionnaire.answer_words(question.code, answers),
                "read": (
                    {
                        "label": question.label_in(read_in),
                        "answer": questionnaire.answer_words(question.code, answers, read_in),
                    }
                    if read_in
                    else None
                ),
                "raised": raised.get(question.code, []),
            }
            for question in questionnaire.questions_in(section.slug)
            if question.code in answers
        ]
        if rows:
            sections.append(
                {
                    "title": section.title,
                    "title_read": section.title_in(read_in) if read_in else "",
                    "rows": rows,
                }
            )
    return {
        "sections": sections,
        "read_in": intake.get_answered_in_display() if read_in else "",
        "read_lang": read_in,
    }
