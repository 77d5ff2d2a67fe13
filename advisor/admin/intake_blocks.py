"""The intake page's read-only blocks, as plain data for their templates.

Each block is a function that reads the intake (and what hangs off it) and returns what
its template under templates/admin/advisor/intake/ shows: the notes, the contact log, how
to reach the person, their other intakes, how long they have waited, the engine's
rationale, the answers by section, the flags' badges, and what happened after the
recommendation (the sign-up and the check-in). Every word a person typed goes
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

from advisor import checkin_questions, questionnaire
from advisor.flags import FLAGS, causing_codes, flag_reasons
from advisor.follow_up import REMINDER_AFTER, checkin_due
from advisor.models import CheckIn, CheckInEmail, ContactAttempt, Intake, IntakeNote, SignUp
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


# After the recommendation: the course they signed up for, and the check-in


@dataclass(frozen=True)
class SignUpShown:
    program: str
    told: Moment  # when they told us
    provider: str = ""  # the run's, when they chose one of the directory's runs
    dates: str = ""  # the run's first and last sessions
    removed_ends: str = ""  # a run since removed: its last session, as kept
    elsewhere: bool = False  # another course, not one from the directory


def _sign_up_shown(sign_up: SignUp | None) -> SignUpShown | None:
    if sign_up is None:
        return None
    told = Moment.of(sign_up.signed_up_at)
    run = sign_up.offering
    if run is not None:
        dates = f"{_day(run.start_date)} to {_day(run.end_date)}"
        return SignUpShown(sign_up.program, told, provider=run.provider.name, dates=dates)
    if sign_up.run_ends is not None:
        return SignUpShown(sign_up.program, told, removed_ends=_day(sign_up.run_ends))
    return SignUpShown(sign_up.program, told, elsewhere=True)


@dataclass(frozen=True)
class Step:
    """One line of the check-in's course: what happened (or will), when, and any detail."""

    what: str
    at: Moment | None = None
    detail: str = ""
    alert: bool = False  # a failed e-mail


EMAIL_NAMES = {CheckInEmail.Kind.INVITATION: "Invitation", CheckInEmail.Kind.REMINDER: "Reminder"}


def _email_step(email: CheckInEmail) -> Step:
    name = EMAIL_NAMES[email.kind]
    language = " (in Spanish)" if email.language == questionnaire.SPANISH else ""
    status = CheckInEmail.Status
    if email.status == status.SENT:
        return Step(f"{name} sent{language}", Moment.of(email.sent_at))
    if email.status == status.PENDING:
        return Step(f"{name} waiting to be sent{language}", Moment.of(email.created_at))
    if email.status == status.FAILED:
        tries = f"{email.attempts} attempt{'' if email.attempts == 1 else 's'}"
        return Step(
            f"{name} not sent: it failed{language}",
            Moment.of(email.created_at),
            f"after {tries} ({email.last_error}); a superuser can send it again from the "
            "check-in e-mails",
            alert=True,
        )
    return Step(f"{name} not sent: no longer wanted", Moment.of(email.created_at))


def _asked_detail(checkin: CheckIn) -> str:
    """The very check-in sentence ticked, by its stored version, as the consent is shown."""
    version = checkin.consent_version
    wording = questionnaire.checkin_consent_text(version)
    if not wording:
        return f"ticking the check-in box (wording version {version}, not on record)"
    language = questionnaire.consent_language(version)
    ticked = f"ticking “{wording}” (wording version {version}"
    if language == questionnaire.ENGLISH:
        return f"{ticked})"
    english = questionnaire.checkin_consent_text(version.removesuffix(f"-{language}"))
    return f"{ticked}, in Spanish; in English: “{english}”)"


def _checkin_steps(checkin: CheckIn, now: datetime) -> list[Step]:
    emails = {email.kind: email for email in checkin.emails.all()}
    invitation = emails.get(CheckInEmail.Kind.INVITATION)
    reminder = emails.get(CheckInEmail.Kind.REMINDER)
    steps = [Step("Asked for", Moment.of(checkin.asked_at), _asked_detail(checkin))]
    if invitation is not None:
        steps.append(_email_step(invitation))
    elif checkin.is_open:
        due = checkin_due(checkin)
        late = "past: the next run of the check-in sweep sends it" if due <= now else ""
        steps.append(Step("Invitation falls due", Moment.of(due), late))
    else:
        steps.append(Step("Invitation never sent: the check-in was stopped first"))
    if reminder is not None:
        steps.append(_email_step(reminder))
    elif checkin.is_open and invitation is not None and invitation.sent_at is not None:
        steps.append(
            Step(
                "Reminder falls due",
                Moment.of(invitation.sent_at + REMINDER_AFTER),
                "if the check-in is still unanswered then",
            )
        )
    if checkin.stopped_at is not None:
        steps.append(
            Step(
                "Stopped",
                Moment.of(checkin.stopped_at),
                "they asked us not to check in: nothing more is sent",
            )
        )
    if checkin.answered_at is not None:
        steps.append(Step("Answered", Moment.of(checkin.answered_at)))
    elif checkin.is_open:
        steps.append(Step("Not answered yet"))
    return steps


@dataclass(frozen=True)
class CheckInAnswer:
    question: str
    answer: str
    empty: bool = False  # not asked, or not answered: said so, quietly
    crisis: bool = False  # a yes to thoughts of self-harm


NOT_ASKED = "Not asked: they had not started a course"


def _checkin_answers(checkin: CheckIn) -> list[CheckInAnswer]:
    started = checkin.started == questionnaire.YES
    shown = []
    for question in checkin_questions.QUESTIONS:
        value = getattr(checkin, question.code)
        if question.code in checkin_questions.ABOUT_THE_COURSE and not started:
            shown.append(CheckInAnswer(question.label, NOT_ASKED, empty=True))
        elif value in (None, ""):
            empty = "Nothing written" if question.code == "what_helped" else "No answer"
            shown.append(CheckInAnswer(question.label, empty, empty=True))
        elif question.code == "what_helped":
            shown.append(CheckInAnswer(question.label, value))
        else:
            crisis = question.code == "self_harm_thoughts" and value == questionnaire.YES
            shown.append(CheckInAnswer(question.label, question.answer_label(value), crisis=crisis))
    return shown


def _one(intake: Intake, relation: str):
    """The intake's sign-up or check-in, or None (the reverse one-to-one raises instead)."""
    try:
        return getattr(intake, relation)
    except (SignUp.DoesNotExist, CheckIn.DoesNotExist):
        return None


def after_recommendation_block(intake: Intake, now: datetime | None = None) -> dict:
    """The course they told us they signed up for, and the check-in they asked for: when
    they asked, the sentence they ticked, each e-mail and when it went or falls due, and
    their answers in words. A yes to thoughts of self-harm leads the check-in.

    Reads the sign-up with its run and provider and the check-in with its e-mails as the
    intake page loads them (IntakeAdmin.get_object), so it runs no query of its own.
    """
    checkin = _one(intake, "checkin")
    answered = checkin is not None and checkin.answered_at is not None
    answers = _checkin_answers(checkin) if answered else []
    return {
        "sign_up": _sign_up_shown(_one(intake, "sign_up")),
        "checkin": checkin is not None,
        "steps": _checkin_steps(checkin, now or timezone.now()) if checkin else [],
        "answers": answers,
        "distress": any(answer.crisis for answer in answers),
    }
