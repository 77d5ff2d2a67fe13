"""The intake: one person's answers, the recommendation they were shown, and its review state.

Answers are typed columns (not a blob) so that the database itself refuses a
value outside the codebook. Only `advisor.services` writes an Intake.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from typing import Any, Self

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from phonenumber_field.modelfields import PhoneNumberField
from simple_history.models import HistoricalRecords
from simple_history.signals import pre_create_historical_record

from advisor import questionnaire, scoring
from advisor.clinicians import display_name
from advisor.questionnaire import LIKERT, QUESTIONS_BY_CODE, AnswersTo, yes_no
from config.validators import no_control_characters


def new_public_token() -> str:
    # 32 random bytes, URL-safe: far past guessing, and unrelated to the primary key.
    return secrets.token_urlsafe(32)


# An answer column's choices are the codebook's, read when asked (AnswersTo), so that
# the codebook's wording stays out of migrations; its verbose name is the code's.
def _likert_field(code: str) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        choices=AnswersTo(code),
        validators=[MinValueValidator(scoring.LIKERT_MIN), MaxValueValidator(scoring.LIKERT_MAX)],
        verbose_name=code.replace("_", " "),
    )


def _choice_field(code: str) -> models.CharField:
    # Yes/no answers too: the sensitive questions also take "prefer_not_to_say".
    return models.CharField(
        max_length=32, choices=AnswersTo(code), verbose_name=code.replace("_", " ")
    )


class WordedChoices(models.TextChoices):
    """Choices whose labels are wording for people: a field takes `choices=Kind.worded`.

    The callable, not the list, so that a migration records where the labels live and
    never the labels themselves: rewording one writes no migration. Migrations import
    `<Model>.<Kind>.worded` by name (0015), so these keep their names.
    """

    @classmethod
    def worded(cls) -> list[tuple[str, str]]:
        return cls.choices


class PageLanguage(WordedChoices):
    """The languages a participant's page can be in (settings.LANGUAGES), as staff name them."""

    ENGLISH = questionnaire.ENGLISH, "English"
    SPANISH = questionnaire.SPANISH, "Spanish"


PROGRAM_CHOICES = [(code, code) for code in scoring.PROGRAMS]
OVERRIDE_NEEDS_REASON = "Please give a reason for changing the recommendation."
UNREVIEWED = ("new", "in_review")
# Still waiting for the clinic to reach them: not yet contacted, not closed.
OPEN = ("new", "in_review", "reviewed")

# What the history keeps: the review and the recommendation. Answers and contact details
# never change after submission, so copying them into every history row would only
# multiply personal data.
HISTORY_EXCLUDED = [
    "form_token",
    "resend_key",
    "public_token",
    *questionnaire.CONTACT_CODES,
    *questionnaire.ANSWER_CODES,
    *questionnaire.PREFERENCE_CODES,
    "consented_at",
    "consent_version",
    "answered_in",
]


class HistoryAuthor(models.Model):
    """What each history row of an intake adds to django-simple-history's: who acted, by name.

    The history's user column empties when an account is removed; this keeps the
    username, so the history can still say who it was. Filled from that same user as each
    row is written (`_name_the_author`), never by hand.
    """

    history_username = models.CharField(max_length=150, blank=True, default="")

    class Meta:
        abstract = True


def _name_the_author(sender, history_instance, history_user, **kwargs) -> None:
    # django-simple-history's documented hook for extra columns on a historical model:
    # sent with the row built and not yet saved.
    if history_user is not None:
        history_instance.history_username = history_user.get_username()


def _triage() -> models.Case:
    still_open = models.Q(status__in=OPEN)
    return models.Case(
        models.When(still_open & models.Q(flag_crisis=True), then=0),
        models.When(still_open & models.Q(flag_clinician_review=True), then=1),
        models.When(still_open, then=2),
        default=3,
        output_field=models.IntegerField(),
    )


def _waiting_since() -> models.Case:
    # Empty for answered and closed intakes: they are all in the last tier, where the
    # third key orders them (so no NULLS LAST, which SQLite refuses in an index).
    return models.Case(
        models.When(status__in=OPEN, then=models.F("created_at")),
        default=None,
        output_field=models.DateTimeField(),
    )


# Open crisis intakes, then other open flagged ones, then the rest still open, each
# longest-waiting first; then everything answered or closed, newest first.
REVIEW_ORDER = (
    _triage().asc(),
    _waiting_since().asc(),
    models.F("created_at").desc(),
    models.F("pk").desc(),
)


class IntakeQuerySet(models.QuerySet):
    def under_address(self, email: str | models.Expression) -> IntakeQuerySet:
        """The intakes sent from an e-mail address (a string, or an expression such as an
        OuterRef), whatever its capitals; compared as the intake_email_lower index holds it."""
        address = email if hasattr(email, "resolve_expression") else models.Value(email.strip())
        return self.alias(email_lower=Lower("email")).filter(email_lower=Lower(address))


class Intake(models.Model):
    class Status(WordedChoices):
        NEW = "new", "New"
        IN_REVIEW = "in_review", "In review"
        REVIEWED = "reviewed", "Reviewed"
        CONTACTED = "contacted", "Contacted"
        CLOSED = "closed", "Closed"

    public_token = models.CharField(
        max_length=64, unique=True, default=new_public_token, editable=False
    )
    # The hidden token of the form that was posted, kept as a record only. It is no key:
    # it sits in the page's HTML, so anyone at the same screen can read it, and several
    # intakes may share one (another person posting the same form is a new intake).
    form_token = models.UUIDField(editable=False)
    # What recognises the same answers sent again from the browser that sent them (a
    # second tap of Send, or going Back after sending): an HMAC of the answers keyed with
    # a secret of that browser and that copy of the form, which the browser then keeps in
    # its "sent" cookie. Neither the secret nor the answers can be read from it, and
    # nothing in the cookie leads to this intake without the very same answers. Unique, so
    # that two taps racing save once; empty for an intake saved without such a secret.
    resend_key = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    status = models.CharField(max_length=20, choices=Status.worded, default=Status.NEW)

    first_name = models.CharField(max_length=100)
    email = models.EmailField()
    # They asked for their private link by e-mail when they sent their answers.
    email_my_link = models.BooleanField(
        default=False, verbose_name="asked for their link by e-mail"
    )
    # They ticked "may we check in with you after your course?"; the check-in itself, with
    # the version of that sentence, is their CheckIn (advisor.follow_up_models).
    checkin_opt_in = models.BooleanField(default=False, verbose_name="asked for a check-in")
    phone = PhoneNumberField(blank=True)
    best_time_to_call = models.CharField(max_length=100, blank=True)
    region = _choice_field("region")
    format_preference = _choice_field("format_preference")
    # Optional practicalities for matching courses; "" when not answered.
    language = models.CharField(max_length=10, blank=True, choices=AnswersTo("language"))
    # The form offers the zones of the list; the column does not repeat all of them.
    time_zone = models.CharField(max_length=64, blank=True)

    self_worth = _likert_field("self_worth")
    attention_difficulty = _likert_field("attention_difficulty")
    takes_things_personally = _likert_field("takes_things_personally")
    compassion_practices_offputting = _likert_field("compassion_practices_offputting")
    self_criticism = _likert_field("self_criticism")
    high_sensitivity = _likert_field("high_sensitivity")
    shame = _likert_field("shame")
    reactivity = _likert_field("reactivity")
    self_regulation = _likert_field("self_regulation")

    trauma_history = _choice_field("trauma_history")
    trauma_symptoms = _choice_field("trauma_symptoms")
    depression_history = _choice_field("depression_history")
    in_therapy = _choice_field("in_therapy")
    mindfulness_experience = _choice_field("mindfulness_experience")
    compassion_arises = _choice_field("compassion_arises")
    primary_goal = _choice_field("primary_goal")
    one_program_only = _choice_field("one_program_only")
    self_harm_thoughts = _choice_field("self_harm_thoughts")
    substance_misuse_recent = _choice_field("substance_misuse_recent")
    mania_psychosis_history = _choice_field("mania_psychosis_history")

    consented_at = models.DateTimeField()
    # The consent sentence ticked, by version and language (questionnaire.consent_version);
    # questionnaire.consent_text gives its exact words.
    consent_version = models.CharField(max_length=20)
    # The language of the page the answers were sent from (its URL's), whatever the
    # answers say: the same answers in either language are the same codes, scored alike.
    answered_in = models.CharField(
        "language answered in",
        max_length=5,
        choices=PageLanguage.worded,
        default=PageLanguage.ENGLISH,
    )

    # The recommendation as shown, kept as it was even if the rules change later.
    recommendation = models.JSONField()
    rules_version = models.CharField(max_length=20)
    recommended_program = models.CharField(max_length=8, db_index=True)
    # Copied out of the snapshot so that the admin can filter and sort by them.
    flag_crisis = models.BooleanField(default=False)
    flag_clinician_review = models.BooleanField(default=False)
    flag_therapist_suggested = models.BooleanField(default=False)
    # Which answers raised each flag (codebook codes); empty for intakes scored before
    # rules version 2026.11-2, until they are re-scored.
    flag_causes = models.JSONField(default=dict, blank=True)

    # The clinician's review.
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_intakes",
        verbose_name="assigned clinician",
    )
    override_program = models.CharField(
        max_length=8,
        blank=True,
        choices=PROGRAM_CHOICES,
        verbose_name="clinician's recommendation",
        help_text="Leave empty to keep the engine's recommendation.",
    )
    override_reason = models.TextField(
        blank=True,
        help_text="Required when you change the recommendation. For the clinic: the "
        "participant never sees it.",
    )
    override_words = models.TextField(
        blank=True,
        max_length=600,
        validators=[no_control_characters],
        verbose_name="why, for the participant",
        help_text="Optional. Shown on the participant's page under your recommendation: "
        "write it to them, in plain words. Without it the page says they may ask you why.",
    )

    history = HistoricalRecords(excluded_fields=HISTORY_EXCLUDED, bases=[HistoryAuthor])
    objects = IntakeQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            # The clinicians' list sorts by exactly this; with the index it reads the top
            # fifty rows instead of sorting every intake on every page view.
            models.Index(
                _triage(),
                _waiting_since().asc(),
                models.F("created_at").desc(),
                models.F("id").desc(),
                name="intake_waiting_order",
            ),
            # "Other intakes from this address": grouped whatever the capitals.
            models.Index(Lower("email"), name="intake_email_lower"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    **{f"{code}__gte": scoring.LIKERT_MIN for code in scoring.LIKERT_ITEMS}
                )
                & models.Q(**{f"{code}__lte": scoring.LIKERT_MAX for code in scoring.LIKERT_ITEMS}),
                name="intake_likert_answers_1_to_5",
            ),
            models.UniqueConstraint(
                fields=["resend_key"],
                condition=~models.Q(resend_key=""),
                name="intake_resend_key_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(override_program="") | ~models.Q(override_reason=""),
                name="intake_override_needs_reason",
                violation_error_message=OVERRIDE_NEEDS_REASON,
            ),
        ]

    def __str__(self) -> str:
        # No name here: this text is copied into the admin's action log, which outlives
        # the intake.
        if self.created_at is None:
            return f"Intake {self.pk}"
        return f"Intake {self.pk} ({date_format(timezone.localtime(self.created_at))})"

    def get_absolute_url(self) -> str:
        return reverse("advisor:recommendation", kwargs={"token": self.public_token})

    def clean(self) -> None:
        # The same rule as the intake_override_needs_reason constraint, said to the field.
        if self.override_program and not self.override_reason.strip():
            raise ValidationError({"override_reason": OVERRIDE_NEEDS_REASON})

    @property
    def is_overridden(self) -> bool:
        """A clinician chose another program than the engine's (choosing the same is no change)."""
        return self.override_program not in ("", self.recommended_program)

    @property
    def needs_a_clinician(self) -> bool:
        """Flagged for a clinician first: answered within the clinic's shorter time."""
        return self.flag_crisis or self.flag_clinician_review

    @property
    def flag_codes(self) -> list[str]:
        """The flags, read from their own columns (no need to load the snapshot)."""
        return [
            code
            for code, raised in (
                (scoring.CRISIS, self.flag_crisis),
                (scoring.CLINICIAN_REVIEW, self.flag_clinician_review),
                (scoring.THERAPIST_SUGGESTED, self.flag_therapist_suggested),
            )
            if raised
        ]

    @property
    def course_language(self) -> str:
        """The language to match courses in; "" means any (the person chose "other").

        Left unanswered, the language of the page they answered on: the question's hint
        promises that in each language."""
        language = self.language or self.answered_in or questionnaire.DEFAULT_LANGUAGE
        return "" if language == "other" else language

    @property
    def is_spanish(self) -> bool:
        return self.answered_in == PageLanguage.SPANISH

    @property
    def consent_text(self) -> str:
        """The exact consent sentence this person ticked, in the language they read it."""
        return questionnaire.consent_text(self.consent_version)

    @property
    def viewer_time_zone(self) -> str:
        """The zone to show course times in: theirs, or their region's; "" if unknown."""
        return self.time_zone or questionnaire.REGION_TIME_ZONES.get(self.region, "")

    @staticmethod
    def answer_fields(answers: Mapping[str, int | str]) -> dict[str, Any]:
        """Codebook answers as column values (the reverse of `answers()`)."""
        fields: dict[str, Any] = {}
        for code in questionnaire.ANSWER_CODES:
            kind = QUESTIONS_BY_CODE[code].kind
            value = answers[code]
            if isinstance(value, bool):
                value = yes_no(value)
            fields[code] = int(value) if kind == LIKERT else value
        return fields

    @staticmethod
    def snapshot_fields(recommendation: Mapping[str, Any]) -> dict[str, Any]:
        """A recommendation's snapshot and the columns copied out of it for the admin."""
        flags = recommendation["flags"]
        return {
            "recommendation": dict(recommendation),
            "rules_version": recommendation["rules_version"],
            "recommended_program": recommendation["first"],
            "flag_crisis": scoring.CRISIS in flags,
            "flag_clinician_review": scoring.CLINICIAN_REVIEW in flags,
            "flag_therapist_suggested": scoring.THERAPIST_SUGGESTED in flags,
            "flag_causes": dict(recommendation.get("flag_causes", {})),
        }

    def answers(self) -> dict[str, Any]:
        """The scored answers in codebook form, as `recommend` takes them."""
        values: dict[str, Any] = {}
        for code in questionnaire.ANSWER_CODES:
            value = getattr(self, code)
            kind = QUESTIONS_BY_CODE[code].kind
            value = int(value) if kind == LIKERT else str(value)
            values[code] = value
        return values


pre_create_historical_record.connect(
    _name_the_author, sender=Intake.history.model, dispatch_uid="advisor_history_author"
)


class IntakeAccess(models.Model):
    """A staff user opened an intake: who, which, when, and how. Written by the admin."""

    class How(WordedChoices):
        PAGE = "page", "Opened the intake page"
        HISTORY = "history", "Opened the change history"
        EXPORT = "export", "Exported it to CSV"
        PREVIEW = "preview", "Previewed the participant's page"
        LINK_SENT = "link_sent", "Sent the participant their link"

    intake = models.ForeignKey(Intake, on_delete=models.CASCADE, related_name="accesses")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Kept if the account is later removed, so the record still says who it was.
    username = models.CharField(max_length=150)
    how = models.CharField(max_length=10, choices=How.worded, default=How.PAGE)
    accessed_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-accessed_at"]
        verbose_name = "intake access record"

    def __str__(self) -> str:
        return f"{self.username} {self.get_how_display().lower()} {self.intake_id}"


class AuthoredEntry(models.Model):
    """An entry a staff member adds to an intake's record (a note, a contact log entry):
    who wrote it and when, and never edited afterwards. Made with `by()`."""

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Kept if the account is later removed, so the entry still says who wrote it.
    author_name = models.CharField(max_length=150)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        abstract = True
        ordering = ["created_at", "pk"]

    @classmethod
    def by(cls, author: AbstractBaseUser, **fields: Any) -> Self:
        """A new entry (not yet saved) written by `author`, named as colleagues see them."""
        return cls(author=author, author_name=display_name(author), **fields)


class IntakeNote(AuthoredEntry):
    """A clinician's note on an intake: added, never edited or overwritten.

    A correction is a new note; the record of what was known when stays as it was.
    """

    intake = models.ForeignKey(Intake, on_delete=models.CASCADE, related_name="notes")
    text = models.TextField()

    class Meta(AuthoredEntry.Meta):
        verbose_name = "note"

    def __str__(self) -> str:
        return f"Note by {self.author_name} on intake {self.intake_id}"


class ContactAttempt(AuthoredEntry):
    """One call, e-mail or message to the participant: what happened, and what comes next."""

    class Channel(WordedChoices):
        CALL = "call", "Phone call"
        EMAIL = "email", "E-mail"
        MESSAGE = "message", "Text message"

    class Outcome(WordedChoices):
        REACHED = "reached", "Spoke with them, or they replied"
        LEFT_MESSAGE = "left_message", "Left a message"
        NO_ANSWER = "no_answer", "No answer"
        SENT = "sent", "Sent; waiting for a reply"
        WRONG_DETAILS = "wrong_details", "The number or address did not work"

    intake = models.ForeignKey(Intake, on_delete=models.CASCADE, related_name="contacts")
    channel = models.CharField(max_length=10, choices=Channel.worded)
    outcome = models.CharField(max_length=16, choices=Outcome.worded)
    summary = models.TextField(blank=True, help_text="What was said or agreed, briefly.")
    next_step = models.CharField(
        max_length=200, blank=True, help_text="For example: call again, send course dates."
    )
    next_step_due = models.DateField(
        null=True, blank=True, verbose_name="next step due", help_text="When the next step is due."
    )

    class Meta(AuthoredEntry.Meta):
        verbose_name = "contact log entry"
        verbose_name_plural = "contact log"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(next_step_due__isnull=True) | ~models.Q(next_step=""),
                name="contact_due_date_needs_a_step",
                violation_error_message="Please say what the next step is, or leave its date "
                "empty.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} by {self.author_name} on intake {self.intake_id}"


class IntakeDeletionQuerySet(models.QuerySet):
    def unreached_flagged(self) -> IntakeDeletionQuerySet:
        """A person flagged for a clinician deleted their answers before anyone reached
        them: the call or e-mail the clinic promised will not happen."""
        # Codes as words in one column: no code is part of another, and a substring test
        # works alike on SQLite and PostgreSQL (SQLite has no JSON "contains").
        flagged = models.Q(flags__contains=scoring.CRISIS) | models.Q(
            flags__contains=scoring.CLINICIAN_REVIEW
        )
        return self.filter(flagged, contacted=False)


class IntakeDeletion(models.Model):
    """An intake was deleted: which one, when and by whom, and nothing about the person.

    The intake, its history and its access records go; this stays, so that a deletion
    is never without a trace. It also keeps the intake's flags and whether the clinic had
    reached the person, so that a promised call that can no longer happen is seen.
    """

    class By(WordedChoices):
        PARTICIPANT = "participant", "The participant, from their page"
        RETENTION = "retention", "The retention purge"
        STAFF = "staff", "A staff member"

    intake_id = models.BigIntegerField(db_index=True)
    submitted_at = models.DateTimeField()
    deleted_at = models.DateTimeField(auto_now_add=True, db_index=True)
    deleted_by = models.CharField(max_length=12, choices=By.worded)
    # The staff member's username, for a deletion by staff; kept if the account goes.
    username = models.CharField(max_length=150, blank=True)
    # The flag codes the intake had (advisor.scoring), separated by spaces; no answers.
    flags = models.CharField(max_length=64, blank=True)
    # Someone at the clinic had reached the person (advisor.services.reached); None for
    # a deletion recorded before this was kept.
    contacted = models.BooleanField(null=True, verbose_name="reached before deletion")

    objects = IntakeDeletionQuerySet.as_manager()

    class Meta:
        ordering = ["-deleted_at"]
        verbose_name = "intake deletion record"

    def __str__(self) -> str:
        return f"Intake {self.intake_id} deleted by {self.get_deleted_by_display().lower()}"

    @property
    def flag_codes(self) -> list[str]:
        return self.flags.split()


class OutgoingEmail(models.Model):
    """One e-mail about one intake, kept until it is sent or a superuser sends it again.

    What the worker needs to send it once (advisor/tasks.py): its state, how often it was
    tried and why it failed. It holds no answers; it goes with its intake.
    """

    class Status(WordedChoices):
        PENDING = "pending", "Waiting to be sent"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed: send it again from here"
        # A check-in e-mail no longer wanted: answered, stopped, or its intake deleted.
        CANCELLED = "cancelled", "Not sent: no longer wanted"

    recipient = models.EmailField()
    status = models.CharField(
        max_length=10, choices=Status.worded, default=Status.PENDING, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    # The mail server's last refusal (never anything about the participant).
    last_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at", "-pk"]


class Notification(OutgoingEmail):
    """One e-mail to one clinic address about one intake: sent once, or left for a superuser.

    Made in the transaction that saves the intake, so an intake never lacks its notices;
    one per address (the constraint), so that a retry or a second worker never sends the
    same notice twice.
    """

    class About(WordedChoices):
        INTAKE = "intake", "A new intake"
        CHECKIN_DISTRESS = "checkin_distress", "Check-in: thoughts of self-harm"
        NEXT_PROGRAM = "next_program", "Check-in: would like the next program"

    intake = models.ForeignKey(Intake, on_delete=models.CASCADE, related_name="notifications")
    # What the notice tells the clinic; each at most once per intake and address.
    about = models.CharField(max_length=20, choices=About.worded, default=About.INTAKE)
    # A crisis intake's notice goes before any other in the queue.
    urgent = models.BooleanField(default=False)

    class Meta(OutgoingEmail.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["intake", "recipient", "about"], name="one_notification_per_address"
            )
        ]

    def __str__(self) -> str:
        if self.about != self.About.INTAKE:
            return f"{self.get_about_display()}, intake {self.intake_id}, to {self.recipient}"
        return f"Notice of intake {self.intake_id} to {self.recipient}"


class ParticipantEmail(OutgoingEmail):
    """One e-mail to a participant's own address: their private link(s), nothing else.

    Its own model, not a kind of notice: a participant may be sent several (asked with
    the answers, "Lost your link?", a clinician's "send the link again"), where a notice
    is one per intake and address. The address is the intake's own. Every row was counted
    against LINK_EMAILS_PER_ADDRESS before it was made.
    """

    class Kind(WordedChoices):
        LINK = "link", "Their link, asked for with their answers"
        LOST_LINK = "lost_link", 'Their links, from "Lost your link?"'
        STAFF_RESEND = "staff_resend", "Their link, sent again by a clinician"

    # For "Lost your link?", the newest intake under the address; the e-mail lists every
    # intake still held under it when it is sent.
    intake = models.ForeignKey(Intake, on_delete=models.CASCADE, related_name="participant_emails")
    kind = models.CharField(max_length=12, choices=Kind.worded)
    # Written in the language of the page that asked for it: the intake's for its own
    # link, the "Lost your link?" page's for that one.
    language = models.CharField(
        max_length=5, choices=PageLanguage.worded, default=PageLanguage.ENGLISH
    )

    class Meta(OutgoingEmail.Meta):
        verbose_name = "participant e-mail"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} (intake {self.intake_id})"


# The referral's follow-through (sign-ups, check-ins), in a module of its own; imported
# here so that Django finds the models with the app's.
from advisor.follow_up_models import CheckIn, CheckInEmail, DeidentifiedKey, SignUp  # noqa: E402, F401
