"""An intake's history as sentences: who did what, and when, in the clinic's time zone.

"Clara changed status from New to In review, 28 Nov 2026 15:33 EST". Lines come from the
intake's history rows (django-simple-history), its notes, its contact log and the links
sent again; each history row is compared with the one before it, and says each change
in words: choices by their labels, people by their names, never a code or a primary key.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth import get_user_model
from django.urls import reverse

from advisor.clinicians import display_name
from advisor.models import ContactAttempt, Intake, IntakeAccess, IntakeNote
from config.clinic.staff_time import staff_time

STATUS_LABELS = dict(Intake.Status.choices)
# A history row saved by no signed-in user: the participant's own submission, or the
# system's work (the task queue, a management command).
PARTICIPANT = "The participant"
SYSTEM = "The system"
# How each channel reads after "logged": "Clara logged a phone call: left a message".
CHANNEL_WORDS = {
    ContactAttempt.Channel.CALL: "a phone call",
    ContactAttempt.Channel.EMAIL: "an e-mail",
    ContactAttempt.Channel.MESSAGE: "a text message",
}


@dataclass(frozen=True)
class HistoryLine:
    at: datetime
    text: str
    # The intake's page as it was saved then, for lines that come from a history row.
    version_url: str = ""

    @property
    def when(self) -> str:
        return staff_time(self.at)


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _who(record) -> str:
    if record.history_user is not None:
        return display_name(record.history_user)
    if record.history_username:
        # The account was removed; the row kept its username (advisor.models.HistoryAuthor).
        return f"{record.history_username} (account since removed)"
    return PARTICIPANT if record.history_type == "+" else SYSTEM


def _program_then(snapshot: dict) -> str:
    then = snapshot.get("then")
    return f"{snapshot.get('first')}, then {then}" if then else f"{snapshot.get('first')}"


def _changes(record, before, names: dict[int, str]) -> Iterator[str]:
    """What changed from `before` to `record`, a sentence each, without who did it."""
    by_self = record.history_user_id is not None and record.history_user_id == record.assigned_to_id
    if before is None:
        if record.history_type != "+":
            return  # kept from before the history began: nothing to compare it with
        yield f"sent their answers: the engine suggested {_program_then(record.recommendation)}"
        return
    if record.status != before.status:
        old, new = (
            STATUS_LABELS.get(before.status, before.status),
            STATUS_LABELS.get(record.status, record.status),
        )
        yield f"changed status from {old} to {new}"
    if record.assigned_to_id != before.assigned_to_id:
        old = names.get(before.assigned_to_id, "a removed account")
        new = names.get(record.assigned_to_id, "a removed account")
        if before.assigned_to_id is None:
            yield "took it on" if by_self else f"assigned it to {new}"
        elif record.assigned_to_id is None:
            yield f"took it off {old}'s list"
        else:
            yield f"reassigned it from {old} to {new}"
    if record.override_program != before.override_program:
        if record.override_program:
            yield (
                f"recommended {record.override_program} instead of the engine's "
                f"{record.recommended_program}"
            )
        else:
            yield f"went back to the engine's recommendation, {record.recommended_program}"
    if record.override_reason != before.override_reason and record.override_reason:
        yield f"gave the reason “{record.override_reason}”"
    if record.override_words != before.override_words and record.override_words:
        yield f"wrote to the participant “{record.override_words}”"
    if (record.rules_version, record.recommendation) != (
        before.rules_version,
        before.recommendation,
    ):
        yield (
            f"re-scored the answers under rules version {record.rules_version}: start with "
            f"{_program_then(record.recommendation)} (was {_program_then(before.recommendation)})"
        )


def _record_lines(intake_id: int) -> Iterator[HistoryLine]:
    records = list(
        Intake.history.filter(id=intake_id)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    assigned = {r.assigned_to_id for r in records if r.assigned_to_id is not None}
    names = {
        user.pk: display_name(user) for user in get_user_model().objects.filter(pk__in=assigned)
    }
    before = None
    for record in records:
        who = _who(record)
        url = reverse("admin:advisor_intake_simple_history", args=[intake_id, record.history_id])
        for change in _changes(record, before, names):
            yield HistoryLine(record.history_date, f"{who} {change}", url)
        before = record


def _note_lines(intake_id: int) -> Iterator[HistoryLine]:
    for note in IntakeNote.objects.filter(intake_id=intake_id).only("author_name", "created_at"):
        yield HistoryLine(note.created_at, f"{note.author_name} added a note")


def _contact_lines(intake_id: int) -> Iterator[HistoryLine]:
    attempts = ContactAttempt.objects.filter(intake_id=intake_id).only(
        "author_name", "channel", "outcome", "created_at"
    )
    for attempt in attempts:
        channel = CHANNEL_WORDS.get(attempt.channel, attempt.get_channel_display())
        outcome = _lower_first(attempt.get_outcome_display())
        yield HistoryLine(attempt.created_at, f"{attempt.author_name} logged {channel}: {outcome}")


def _link_lines(intake_id: int) -> Iterator[HistoryLine]:
    sent = IntakeAccess.objects.filter(
        intake_id=intake_id, how=IntakeAccess.How.LINK_SENT
    ).select_related("user")
    for access in sent:
        who = display_name(access.user) if access.user else access.username
        yield HistoryLine(access.accessed_at, f"{who} sent the participant their link")


def history_lines(intake_id: int) -> list[HistoryLine]:
    """Everything that happened to the intake, oldest first."""
    lines = [
        *_record_lines(intake_id),
        *_note_lines(intake_id),
        *_contact_lines(intake_id),
        *_link_lines(intake_id),
    ]
    return sorted(lines, key=lambda line: line.at)
