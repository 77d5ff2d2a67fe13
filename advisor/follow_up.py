"""After the recommendation: "I signed up", the check-in, and the second step.

Every write to a SignUp or a CheckIn goes through here, as every write to an Intake
goes through advisor.services. The check-in's schedule has one source of truth,
`checkins_sweep`: run from cron (`send_checkins`), it makes the e-mail rows that fall
due and queues them on the durable queue, where advisor.tasks sends each once. The
sweep may run on every node at once: the rows are locked as they are read, and one
e-mail of each kind per check-in is all the database admits.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from advisor import checkin_questions, questionnaire
from advisor.models import (
    OPEN,
    CheckIn,
    CheckInEmail,
    Intake,
    Notification,
    OutgoingEmail,
    SignUp,
)
from advisor.scoring import CLINICIAN_REVIEW, CRISIS, MSC
from advisor.tasks import enqueue_with_transaction, queue_notifications, send_checkin_email
from config.clinic.record import current_clinic
from config.clinic.time_zone import clinic_time_zone
from programs.codes import MBCT, MBSR, PROGRAMS
from providers.models import Offering

logger = logging.getLogger(__name__)

# The invitation goes this long after the chosen run's last session...
AFTER_THE_RUN = timedelta(days=7)
# ...at this hour of that day in the clinic's zone, not in the middle of the night.
SENDING_HOUR = time(10)
# One reminder at most, this long after the invitation went, if it is still unanswered.
REMINDER_AFTER = timedelta(days=7)
# The check-in's link opens its page for this long after the invitation; after that it
# is a link like any wrong one.
LINK_OPEN_FOR = timedelta(days=60)
# The flag cause a "yes" to thoughts of self-harm at the check-in adds (advisor.flags).
CHECKIN_SELF_HARM = "checkin_self_harm_thoughts"


class SignUpRefused(ValueError):
    """The run named is not one the person could have been offered (a forged or stale id)."""


# Signing up


def signup_offerings() -> Any:
    """The runs a person may say they signed up for: any the directory lists that has not
    ended, whether or not it was among the handful on their page (a run under way counts:
    their page may have shown it before it started)."""
    return Offering.objects.listed().exclude(end_date__lt=timezone.localdate())


@transaction.atomic
def signup_record(*, intake: Intake, offering_id: str = "", program: str = "") -> SignUp:
    """Record the run the person signed up for (by its id), or "another course" of
    `program`; a sign-up already there is replaced. Raises SignUpRefused for an id that
    names no run they could choose, or a program outside the catalog's codes."""
    offering = None
    if offering_id:
        try:
            offering = signup_offerings().select_related("program").get(pk=int(offering_id))
        except (ValueError, OverflowError, Offering.DoesNotExist):
            raise SignUpRefused(offering_id) from None
        program = offering.program.code
    elif program not in PROGRAMS:
        raise SignUpRefused(program)
    sign_up, _ = SignUp.objects.update_or_create(
        intake=intake,
        defaults={
            "offering": offering,
            "program": program,
            "run_ends": offering.end_date if offering else None,
            "signed_up_at": timezone.now(),
        },
    )
    return sign_up


def signup_undo(*, intake: Intake) -> bool:
    """Take back "I signed up"; False if there was nothing to take back."""
    deleted, _ = SignUp.objects.filter(intake=intake).delete()
    return bool(deleted)


# The check-in's schedule


def checkin_make(*, intake: Intake, language: str) -> CheckIn:
    """The check-in an intake asked for, made in the transaction that saves it."""
    return CheckIn.objects.create(
        intake=intake,
        consent_version=questionnaire.consent_version(
            language, questionnaire.CHECKIN_CONSENT_VERSION
        ),
        asked_at=intake.created_at or timezone.now(),
    )


def _weeks_after_intake() -> int:
    clinic = current_clinic()
    return clinic.checkin_weeks if clinic else 10


def checkin_due(checkin: CheckIn, *, weeks: int | None = None) -> datetime:
    """When the invitation falls due: a week after the chosen run's last session, or the
    clinic's number of weeks after the intake when no run was chosen."""
    intake = checkin.intake
    try:
        ends = intake.sign_up.ends
    except SignUp.DoesNotExist:  # what the reverse one-to-one raises when there is none
        ends = None
    if ends is not None:
        day = ends + AFTER_THE_RUN
        return datetime.combine(day, SENDING_HOUR, tzinfo=clinic_time_zone())
    weeks = _weeks_after_intake() if weeks is None else weeks
    return intake.created_at + timedelta(weeks=weeks)


@dataclass(frozen=True)
class Swept:
    invitations: int = 0
    reminders: int = 0


def checkins_sweep(*, now: datetime | None = None) -> Swept:
    """Make and queue every check-in e-mail that has fallen due, and no other.

    An invitation when checkin_due has passed; a reminder REMINDER_AFTER the invitation
    was sent, if it is still unanswered. Never for a check-in answered or stopped. Safe to
    run on every node at once and as often as wanted: check-ins another sweep holds are
    skipped, and a second e-mail of a kind breaks a unique constraint.
    """
    now = now or timezone.now()
    weeks = _weeks_after_intake()
    invitations = reminders = 0
    for pk in _maybe_due(now, weeks).values_list("pk", flat=True).iterator():
        with transaction.atomic():
            checkin = (
                CheckIn.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("intake", "intake__sign_up__offering")
                .filter(pk=pk, answered_at=None, stopped_at=None)
                .first()
            )
            if checkin is None:
                continue
            sent = {email.kind: email for email in checkin.emails.all()}
            invitation = sent.get(CheckInEmail.Kind.INVITATION)
            if invitation is None:
                if now < checkin_due(checkin, weeks=weeks):
                    continue
                kind = CheckInEmail.Kind.INVITATION
            elif (
                CheckInEmail.Kind.REMINDER not in sent
                and invitation.sent_at is not None
                and now >= invitation.sent_at + REMINDER_AFTER
            ):
                kind = CheckInEmail.Kind.REMINDER
            else:
                continue
            try:
                with transaction.atomic():
                    email = CheckInEmail.objects.create(
                        checkin=checkin,
                        kind=kind,
                        recipient=checkin.intake.email,
                        language=questionnaire.text_language(checkin.intake.answered_in),
                    )
            except IntegrityError:
                continue  # made by a sweep that ran just before this one
            enqueue_with_transaction(send_checkin_email, email.pk)
            if kind == CheckInEmail.Kind.INVITATION:
                invitations += 1
            else:
                reminders += 1
    return Swept(invitations=invitations, reminders=reminders)


def _maybe_due(now: datetime, weeks: int) -> QuerySet[CheckIn]:
    """The open check-ins that may have an e-mail due, picked out in SQL so that a sweep
    locks only those: a superset (a day's slack for the clinic's zone), which the sweep
    then decides exactly with checkin_due."""
    invited = CheckInEmail.objects.filter(checkin=OuterRef("pk"), kind=CheckInEmail.Kind.INVITATION)
    reminded = CheckInEmail.objects.filter(checkin=OuterRef("pk"), kind=CheckInEmail.Kind.REMINDER)
    no_run = Q(intake__sign_up__isnull=True) | Q(
        intake__sign_up__offering__isnull=True, intake__sign_up__run_ends__isnull=True
    )
    last_run_day = timezone.localdate(now) - AFTER_THE_RUN + timedelta(days=1)
    invitation_due = ~Exists(invited) & (
        (no_run & Q(intake__created_at__lte=now - timedelta(weeks=weeks)))
        | Q(run_ends_on__lte=last_run_day)
    )
    reminder_due = Exists(invited.filter(sent_at__lte=now - REMINDER_AFTER)) & ~Exists(reminded)
    return (
        CheckIn.objects.filter(answered_at=None, stopped_at=None)
        .alias(
            run_ends_on=Coalesce("intake__sign_up__offering__end_date", "intake__sign_up__run_ends")
        )
        .filter(invitation_due | reminder_due)
    )


def _cancel_unsent(checkin: CheckIn) -> None:
    # A failed one too: "send it again" must not bring back a check-in no longer wanted.
    checkin.emails.filter(
        status__in=(OutgoingEmail.Status.PENDING, OutgoingEmail.Status.FAILED)
    ).update(status=OutgoingEmail.Status.CANCELLED)


# The check-in's link


def checkin_for_link(token: str, *, now: datetime | None = None) -> CheckIn | None:
    """The check-in behind a private link, while its link is open; else None.

    Open from the moment its invitation was made until LINK_OPEN_FOR after it was sent;
    a check-in never invited, expired, or whose intake is gone has no page, exactly like
    a link that never existed.
    """
    now = now or timezone.now()
    # Through its invitation, in one query: no invitation, no page.
    invitation = (
        CheckInEmail.objects.select_related("checkin__intake__sign_up")
        .filter(checkin__token=token, kind=CheckInEmail.Kind.INVITATION)
        .first()
    )
    if invitation is None or now > (invitation.sent_at or invitation.created_at) + LINK_OPEN_FOR:
        return None
    return invitation.checkin


@transaction.atomic
def checkin_stop(*, checkin: CheckIn) -> bool:
    """The person's opt-out: nothing more is sent. False if it was stopped already."""
    stopped = CheckIn.objects.filter(pk=checkin.pk, stopped_at=None).update(
        stopped_at=timezone.now()
    )
    _cancel_unsent(checkin)
    return bool(stopped)


@dataclass(frozen=True)
class Answered:
    checkin: CheckIn
    # False: it had been answered before, and those first answers stand.
    first_time: bool


@transaction.atomic
def checkin_answer(*, checkin: CheckIn, answers: dict[str, Any]) -> Answered:
    """Keep the person's check-in answers, once, and tell the clinic what it must know.

    A second answer changes nothing (`first_time` False). A "yes" to thoughts of
    self-harm flags the intake for a clinician at once, as the intake's own answer
    would: crisis and clinician review, back among the open intakes, and an urgent
    notice. Having finished and wanting the next program, the clinic is told too. The
    notices say which intake and why, never the answers.
    """
    locked = CheckIn.objects.select_for_update().get(pk=checkin.pk)
    if locked.answered_at is not None:
        return Answered(checkin=locked, first_time=False)
    started = answers.get("started") == questionnaire.YES
    for code in checkin_questions.CODES:
        value = answers.get(code)
        if code in checkin_questions.ABOUT_THE_COURSE and not started:
            value = None
        if code == "helpful":
            locked.helpful = int(value) if value not in (None, "") else None
        else:
            setattr(locked, code, "" if value is None else str(value).strip())
    locked.answered_at = timezone.now()
    locked.full_clean(exclude=["intake", "token"])
    locked.save()
    _cancel_unsent(locked)
    intake = locked.intake
    if locked.self_harm_thoughts == questionnaire.YES:
        _flag_for_urgent_review(intake)
    if wants_second_step(locked):
        _tell_the_clinic(intake, Notification.About.NEXT_PROGRAM)
    return Answered(checkin=locked, first_time=True)


def wants_second_step(checkin: CheckIn) -> bool:
    """Finished their first program and would like the next one."""
    return checkin.finished == questionnaire.YES and checkin.wants_next == questionnaire.YES


def _flag_for_urgent_review(intake: Intake) -> None:
    locked = Intake.objects.select_for_update().get(pk=intake.pk)
    fields = _with_checkin_flag(
        {
            "flag_crisis": locked.flag_crisis,
            "flag_clinician_review": locked.flag_clinician_review,
            "flag_causes": locked.flag_causes or {},
        }
    )
    if locked.status not in OPEN:
        # Back where the triage list puts crisis first: a closed intake would sink.
        fields["status"] = Intake.Status.NEW
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.save(update_fields=list(fields))
    intake.flag_crisis = intake.flag_clinician_review = True
    _tell_the_clinic(locked, Notification.About.CHECKIN_DISTRESS)


def _with_checkin_flag(fields: dict[str, Any]) -> dict[str, Any]:
    """The flag columns, with the check-in's "yes" to thoughts of self-harm added."""
    causes = dict(fields["flag_causes"])
    for flag in (CRISIS, CLINICIAN_REVIEW):
        causes[flag] = list(dict.fromkeys([*causes.get(flag, []), CHECKIN_SELF_HARM]))
    return {**fields, "flag_crisis": True, "flag_clinician_review": True, "flag_causes": causes}


def keep_checkin_flag(intake: Intake, fields: dict[str, Any]) -> dict[str, Any]:
    """A re-score's new flag columns (`fields`), keeping the check-in's flag where it was
    raised: it came from no answer of the questionnaire's, and the rules cannot know it."""
    if CHECKIN_SELF_HARM in (intake.flag_causes or {}).get(CRISIS, []):
        return _with_checkin_flag(fields)
    return fields


def _tell_the_clinic(intake: Intake, about: str) -> None:
    queue_notifications(intake, about=about)


# The second step


def next_program(intake: Intake, checkin: CheckIn) -> str:
    """The program to take next: the one we suggested second, unless that is the one
    they took; then the other track's (mindfulness after MSC, MSC after either)."""
    snapshot = intake.recommendation or {}
    took = checkin.program
    suggested = snapshot.get("then") if not intake.is_overridden else None
    if suggested and suggested != took:
        return suggested
    first = intake.override_program if intake.is_overridden else snapshot.get("first", "")
    took = took if took in PROGRAMS else first
    if took == MSC:
        # MBCT follows for whoever was pointed to it (relapse prevention); else MBSR.
        return MBCT if MBCT in (first, snapshot.get("first")) else MBSR
    return MSC
