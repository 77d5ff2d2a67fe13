"""Every write to an Intake goes through here."""

from __future__ import annotations

import hashlib
import hmac
import json
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime

from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from advisor import questionnaire
from advisor.clinicians import is_clinician
from advisor.follow_up import checkin_make, keep_checkin_flag
from advisor.models import (
    OPEN,
    ContactAttempt,
    Intake,
    IntakeAccess,
    IntakeDeletion,
    IntakeNote,
    ParticipantEmail,
)
from advisor.scoring import (
    CLINICIAN_REVIEW,
    CRISIS,
    THERAPIST_SUGGESTED,
    recommend,
)
from advisor.tasks import participant_email_queue, queue_notifications


def intake_submit(
    *,
    answers: Mapping[str, int | str],
    first_name: str,
    email: str,
    form_token: uuid.UUID,
    preferences: Mapping[str, str] | None = None,
    answered_in: str = questionnaire.ENGLISH,
    consent_version: str | None = None,
    email_my_link: bool = False,
    checkin_opt_in: bool = False,
    phone: str = "",
    best_time_to_call: str = "",
    resend_secret: str = "",
) -> Intake:
    """Score the answers and save them as a new intake with its recommendation.

    With a `resend_secret` (the sending browser's, for this copy of the form) the intake
    is stored under its resend key, which is unique: saving the same answers under the
    same secret again raises IntegrityError. Whether a send is a new intake at all is
    decided before this is called, in advisor.submission.intake_send. The clinic's
    notices, and the participant's link when asked for (within the address's e-mail cap),
    are queued in the same transaction (advisor/tasks.py), so a rolled-back intake never
    sends one and a saved one always does; so is the check-in made, when its box was ticked.

    `answered_in` is the language of the page the answers came from; the consent is kept
    as the version of its sentence in that language unless `consent_version` names one.
    The recommendation never depends on it.
    """
    answered_in = questionnaire.text_language(answered_in)
    if consent_version is None:
        consent_version = questionnaire.consent_version(answered_in)
    recommendation = recommend(answers).as_dict()
    contact = {
        "first_name": first_name,
        "email": email,
        "email_my_link": email_my_link,
        "checkin_opt_in": checkin_opt_in,
        "phone": phone or "",
        "best_time_to_call": best_time_to_call,
    }
    given = {**answers, **contact, **(preferences or {})}
    with transaction.atomic():
        intake = Intake.objects.create(
            form_token=form_token,
            resend_key=resend_key(resend_secret, given) if resend_secret else "",
            **contact,
            **Intake.answer_fields(answers),
            **(preferences or {}),
            consented_at=timezone.now(),
            consent_version=consent_version,
            answered_in=answered_in,
            **Intake.snapshot_fields(recommendation),
        )
        queue_notifications(intake)
        if checkin_opt_in:
            checkin_make(intake=intake, language=answered_in)
        if email_my_link:
            participant_email_queue(
                address=email,
                kind=ParticipantEmail.Kind.LINK,
                intake=intake,
                language=answered_in,
            )
    return intake


def resend_key(secret: str, given: Mapping[str, object]) -> str:
    """The stored key of answers sent with `secret`: an HMAC of the answers, keyed by it.

    Compared as text, so a number, a phone number or a tick reads the same either way.
    """
    text = json.dumps({code: str(value) for code, value in given.items()}, sort_keys=True)
    return hmac.new(secret.encode(), text.encode(), hashlib.sha256).hexdigest()


def intake_sent_again(*, secrets: Iterable[str], given: Mapping[str, object]) -> Intake | None:
    """The intake saved from exactly these answers with one of this browser's secrets.

    Both must match: a secret alone (a cookie read at a shared computer) leads nowhere
    without every answer and contact detail of the person who sent it, and the answers
    alone (another browser) make a new intake.
    """
    keys = [resend_key(secret, given) for secret in secrets if secret]
    return Intake.objects.filter(resend_key__in=keys).first() if keys else None


def reached() -> Q:
    """Someone at the clinic has reached the person, as a filter on intakes.

    The contact log's "spoke with them, or they replied" (which moves an open intake to
    Contacted: intake_contact_add), or a status of Contacted set by hand. Not merely
    closed: a closed intake nobody reached was never answered.
    """
    return Q(status=Intake.Status.CONTACTED) | Q(contacts__outcome=ContactAttempt.Outcome.REACHED)


def _with_reached(intakes: QuerySet[Intake]) -> QuerySet[Intake]:
    reached_them = Intake.objects.filter(reached(), pk=OuterRef("pk"))
    return intakes.annotate(reached=Exists(reached_them))


def intake_to_delete(*, token: str) -> Intake | None:
    """The intake behind a private link, and whether deleting it cancels a promise.

    `promise_lapses` is true for an intake flagged for a clinician (crisis or clinician
    review) whom nobody at the clinic has reached yet: once deleted, the clinic can no
    longer call or e-mail them as the recommendation page said it would.
    """
    intake = _with_reached(Intake.objects.filter(public_token=token)).first()
    if intake is not None:
        intake.promise_lapses = intake.needs_a_clinician and not intake.reached
    return intake


def intake_delete(*, intake: Intake, by: str, user: User | None = None) -> bool:
    """'Delete my answers', or a superuser's deletion at a participant's request.

    Returns False when the intake was already gone (the same confirmation posted twice,
    from two tabs or a double tap): nothing is deleted and nothing recorded a second time.
    """
    return bool(intakes_delete(intakes=Intake.objects.filter(pk=intake.pk), by=by, user=user))


def intakes_purge(*, older_than: datetime) -> int:
    """The retention command: intakes submitted before `older_than`, and all kept about them."""
    return intakes_delete(
        intakes=Intake.objects.filter(created_at__lt=older_than), by=IntakeDeletion.By.RETENTION
    )


@transaction.atomic
def intakes_delete(*, intakes: QuerySet[Intake], by: str, user: User | None = None) -> int:
    """Delete intakes for good, with their history, log entries and access records.

    What stays is one deletion record each: the intake's id, when it was submitted and
    deleted, by whom, its flag codes and whether the clinic had reached the person;
    nothing about the person. The rows are locked first, so a second deletion of the same
    intake waits, then finds nothing and records nothing.
    """
    # The lock comes first, on the intake rows alone; whether someone reached them is
    # read afterwards, so that no join is locked (nor refused under FOR UPDATE).
    ids = list(intakes.select_for_update().values_list("pk", flat=True))
    rows = list(
        _with_reached(Intake.objects.filter(pk__in=ids)).values_list(
            "pk",
            "created_at",
            "flag_crisis",
            "flag_clinician_review",
            "flag_therapist_suggested",
            "reached",
        )
    )
    ids = [row[0] for row in rows]
    # Access records go with the intake (cascade). Deleting also writes a last history
    # row per intake; no history row may outlive its intake.
    count, _ = Intake.objects.filter(pk__in=ids).delete()
    Intake.history.filter(id__in=ids).delete()
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Intake), object_id__in=[str(i) for i in ids]
    ).delete()
    username = user.get_username() if by == IntakeDeletion.By.STAFF and user else ""
    IntakeDeletion.objects.bulk_create(
        IntakeDeletion(
            intake_id=pk,
            submitted_at=created,
            deleted_by=by,
            username=username,
            flags=" ".join(
                code
                for code, raised in (
                    (CRISIS, crisis),
                    (CLINICIAN_REVIEW, review),
                    (THERAPIST_SUGGESTED, therapist),
                )
                if raised
            ),
            contacted=reached_them,
        )
        for pk, created, crisis, review, therapist, reached_them in rows
    )
    return len(ids) if count else 0


@transaction.atomic
def intake_review(
    *,
    intake: Intake,
    status: str,
    assigned_to: User | None,
    override_program: str,
    override_reason: str,
    override_words: str = "",
    by: User | None = None,
) -> Intake:
    """Save a clinician's review. Answers and the engine's snapshot are never touched here.

    Raises ValidationError, as the admin's form would show it, for a status or program
    outside their choices or an override without a reason (the model's own rules).
    """
    _record_who(intake, by)
    intake.status = status
    intake.assigned_to = assigned_to
    intake.override_program = override_program
    intake.override_reason = override_reason.strip() if override_program else ""
    # What the participant reads goes with the override it explains.
    intake.override_words = override_words.strip() if override_program else ""
    review = ["status", "override_program", "override_reason", "override_words"]
    intake.clean_fields(exclude=[f.name for f in Intake._meta.fields if f.name not in review])
    intake.clean()
    intake.save(
        update_fields=[
            "status",
            "assigned_to",
            "override_program",
            "override_reason",
            "override_words",
        ]
    )
    return intake


@dataclass(frozen=True)
class ReviewShown:
    """The review (status and assignee) as a page showed it, or as it stands now."""

    status: str
    assigned_to_id: int | None

    @classmethod
    def of(cls, intake: Intake) -> ReviewShown:
        return cls(intake.status, intake.assigned_to_id)


@dataclass(frozen=True)
class ReviewSaved:
    """What a save of the intake page did.

    `conflicts` names each review field ("status", "assigned_to") someone else changed
    while this person had the page open and that this person changed too: nothing was
    saved, and the page should ask them to look again. `now` is the review as it stands
    after the call.
    """

    conflicts: tuple[str, ...]
    now: ReviewShown
    # The contact logged reached the person, and that moved the intake to Contacted.
    marked_contacted: bool = False

    @property
    def saved(self) -> bool:
        return not self.conflicts


def _keep_later_changes(
    *, shown: ReviewShown | None, current: ReviewShown, posted: ReviewShown
) -> tuple[ReviewShown, tuple[str, ...]]:
    """The review to save, and the fields in conflict, from three versions of it.

    A field the person left as their page showed it takes today's value, so that a save
    from a page opened before someone else's change never undoes that change; a field
    they changed to something other than today's value is a conflict. Without what the
    page showed (a page from before the check), what was posted is saved.
    """
    if shown is None:
        return posted, ()
    kept: dict[str, object] = {}
    conflicts = []
    for field, name in (("status", "status"), ("assigned_to", "assigned_to_id")):
        was, now, wanted = getattr(shown, name), getattr(current, name), getattr(posted, name)
        if was == now or wanted == now:
            kept[name] = wanted
        elif wanted == was:
            kept[name] = now
        else:
            kept[name] = now
            conflicts.append(field)
    return ReviewShown(**kept), tuple(conflicts)


@transaction.atomic
def intake_review_save(
    *,
    intake: Intake,
    shown: ReviewShown | None,
    status: str,
    assigned_to: User | None,
    override_program: str,
    override_reason: str,
    override_words: str = "",
    note: str = "",
    contact: Mapping[str, object] | None = None,
    by: User,
) -> ReviewSaved:
    """Save the intake page: the review, then a note and a contact, all or nothing.

    `shown` is the review as the person's page showed it: a status or assignee someone
    else changed since is kept when this person left it alone, and is a conflict when
    they changed it too (then nothing is saved, see ReviewSaved). `contact` is what
    intake_contact_add takes besides the intake and author (None: no contact logged).
    Raises ValidationError as intake_review, intake_note_add and intake_contact_add do.
    """
    # Locked, so that the comparison and the save see the same row.
    locked = Intake.objects.select_for_update().only("status", "assigned_to").get(pk=intake.pk)
    current = ReviewShown.of(locked)
    posted = ReviewShown(status, assigned_to.pk if assigned_to is not None else None)
    review, conflicts = _keep_later_changes(shown=shown, current=current, posted=posted)
    if conflicts:
        return ReviewSaved(conflicts=conflicts, now=current)
    # The assignee posted, or someone else's choice when this person left it alone.
    kept_assignee = (
        assigned_to if review.assigned_to_id == posted.assigned_to_id else locked.assigned_to
    )
    intake_review(
        intake=intake,
        status=review.status,
        assigned_to=kept_assignee,
        override_program=override_program,
        override_reason=override_reason,
        override_words=override_words,
        by=by,
    )
    intake_note_add(intake=intake, author=by, text=note)
    before_contact = intake.status
    if contact is not None:
        intake_contact_add(intake=intake, author=by, **contact)
    return ReviewSaved(
        conflicts=(),
        now=ReviewShown.of(intake),
        marked_contacted=intake.status != before_contact,
    )


@transaction.atomic
def intakes_assign(*, intakes: QuerySet[Intake], clinician: User) -> int:
    """Assign each intake to the clinician; a new one moves to 'in review'.

    Only a clinician (the Clinicians group, or a superuser) takes intakes.
    """
    if not is_clinician(clinician):
        raise ValidationError("Only a clinician can be assigned an intake.")
    count = 0
    for intake in intakes.select_for_update(of=("self",)):
        _record_who(intake, clinician)
        intake.assigned_to = clinician
        if intake.status == Intake.Status.NEW:
            intake.status = Intake.Status.IN_REVIEW
        intake.save(update_fields=["assigned_to", "status"])
        count += 1
    return count


@transaction.atomic
def intakes_mark_reviewed(*, intakes: QuerySet[Intake], by: User | None = None) -> int:
    count = 0
    for intake in intakes.select_for_update(of=("self",)):
        if intake.status in (Intake.Status.NEW, Intake.Status.IN_REVIEW):
            _record_who(intake, by)
            intake.status = Intake.Status.REVIEWED
            intake.save(update_fields=["status"])
            count += 1
    return count


@transaction.atomic
def intakes_rescore(*, intakes: QuerySet[Intake], by: User | None = None) -> int:
    """Score the stored answers again under the current rules.

    The earlier recommendation stays in the intake's history; the participant's
    page shows the new one. Returns how many recommendations changed.
    """
    changed = 0
    for intake in intakes.select_for_update(of=("self",)):
        recommendation = recommend(intake.answers()).as_dict()
        if recommendation == intake.recommendation:
            continue
        # A check-in's flag stays: it came from no answer the rules read.
        fields = keep_checkin_flag(intake, Intake.snapshot_fields(recommendation))
        _record_who(intake, by)
        for name, value in fields.items():
            setattr(intake, name, value)
        intake.save(update_fields=list(fields))
        changed += 1
    return changed


def intake_accesses_record(*, intakes: Iterable[Intake], user: User, how: str) -> None:
    """Note that a staff user saw these intakes (their page, history or an export)."""
    IntakeAccess.objects.bulk_create(
        IntakeAccess(intake=intake, user=user, username=user.get_username(), how=how)
        for intake in intakes
    )


# A clinician's follow-up: notes, the contact log, the participant's link again


def _record_who(intake: Intake, user: User | None) -> None:
    """Name who acted in the history row this save writes.

    `_history_user` is django-simple-history's documented way to name the user outside
    its admin and middleware ("Using _history_user to Record Which User Changed a Model");
    the row keeps their username too (advisor.models.HistoryAuthor), for after the
    account is removed.
    """
    if user is not None:
        intake._history_user = user


@transaction.atomic
def intake_note_add(*, intake: Intake, author: User, text: str) -> IntakeNote | None:
    """Add a note to the intake; notes are never edited, so a correction is a new note.

    Blank text adds nothing (None).
    """
    text = text.strip()
    if not text:
        return None
    note = IntakeNote.by(author, intake=intake, text=text)
    note.save()
    return note


@transaction.atomic
def intake_contact_add(
    *,
    intake: Intake,
    author: User,
    channel: str,
    outcome: str,
    summary: str = "",
    next_step: str = "",
    next_step_due: date | None = None,
) -> ContactAttempt:
    """Log a call, e-mail or message to the participant, and what comes next.

    Reaching the person moves an open intake to "contacted" (the history says who). Raises
    ValidationError for a channel or outcome outside their choices, or a due date without
    a next step (the model's contact_due_date_needs_a_step).
    """
    attempt = ContactAttempt.by(
        author,
        intake=intake,
        channel=channel,
        outcome=outcome,
        summary=summary.strip(),
        next_step=next_step.strip(),
        next_step_due=next_step_due,
    )
    attempt.full_clean()
    attempt.save()
    if outcome == ContactAttempt.Outcome.REACHED:
        locked = Intake.objects.select_for_update().get(pk=intake.pk)
        if locked.status in OPEN:
            _record_who(locked, author)
            locked.status = Intake.Status.CONTACTED
            locked.save(update_fields=["status"])
            intake.status = locked.status
    return attempt


@transaction.atomic
def intake_link_send(*, intake: Intake, user: User) -> bool:
    """E-mail the participant their private link again, at a clinician's request.

    Counted against the address's e-mail cap like every e-mail to a participant: returns
    False, sending nothing, once the address has had its share this hour. Queued with the
    transaction (advisor/tasks.py) and recorded as an access: the link opens the
    participant's answers.
    """
    if not participant_email_queue(
        address=intake.email, kind=ParticipantEmail.Kind.STAFF_RESEND, intake=intake
    ):
        return False
    intake_accesses_record(intakes=[intake], user=user, how=IntakeAccess.How.LINK_SENT)
    return True
