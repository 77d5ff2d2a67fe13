"""After the recommendation: the course a person signed up for, and the check-in they asked for.

Each hangs off its intake and goes with it (a participant's deletion, a superuser's,
the retention purge): nothing here outlives the answers it follows. Only
advisor.follow_up writes these rows.
"""

from __future__ import annotations

import secrets

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from advisor import checkin_questions
from advisor.models import PROGRAM_CHOICES, Intake, OutgoingEmail, PageLanguage, WordedChoices
from config.validators import no_control_characters


def new_checkin_token() -> str:
    # Its own secret, not the intake's: the check-in e-mail must not open the answers.
    return secrets.token_urlsafe(32)


class SignUp(models.Model):
    """ "I've signed up for this one": the run a person chose on their page, or another course.

    One per intake: signing up for another run replaces it, and undoing deletes it.
    """

    intake = models.OneToOneField(Intake, on_delete=models.CASCADE, related_name="sign_up")
    # The run chosen from the page; empty for "another course" (and if the run is later
    # removed from the directory, when `run_ends` still times the check-in).
    offering = models.ForeignKey(
        "providers.Offering",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="course run",
    )
    program = models.CharField(max_length=8, choices=PROGRAM_CHOICES)
    # The run's last session, as it was when they signed up; None for another course.
    run_ends = models.DateField(null=True, blank=True)
    signed_up_at = models.DateTimeField()

    class Meta:
        verbose_name = "sign-up"

    def __str__(self) -> str:
        return f"Sign-up for {self.program} (intake {self.intake_id})"

    @property
    def ends(self):
        """The run's last session: the directory's date today, or the one copied when they
        signed up should the run have gone; None for another course."""
        return self.offering.end_date if self.offering_id and self.offering else self.run_ends


def _checkin_field(code: str, **extra) -> models.CharField:
    return models.CharField(
        max_length=20,
        blank=True,
        choices=checkin_questions.CheckInAnswersTo(code),
        verbose_name=code.replace("_", " "),
        **extra,
    )


class CheckIn(models.Model):
    """The check-in a person asked for when they sent their answers, and their answers to it.

    Made with the intake when its box was ticked; the e-mails that invite them are its
    CheckInEmail rows, made by advisor.follow_up.checkins_sweep when they fall due. Empty
    answers until `answered_at`; answered once (a second answer is refused).
    """

    intake = models.OneToOneField(Intake, on_delete=models.CASCADE, related_name="checkin")
    token = models.CharField(max_length=64, unique=True, default=new_checkin_token, editable=False)
    # The check-in sentence ticked, by version and language (questionnaire.CHECKIN_CONSENT_TEXTS).
    consent_version = models.CharField(max_length=32)
    asked_at = models.DateTimeField()
    stopped_at = models.DateTimeField(null=True, blank=True, verbose_name="opted out")
    answered_at = models.DateTimeField(null=True, blank=True, db_index=True)

    started = _checkin_field("started")
    program = _checkin_field("program")
    finished = _checkin_field("finished")
    helpful = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[
            MinValueValidator(checkin_questions.HELPFUL_MIN),
            MaxValueValidator(checkin_questions.HELPFUL_MAX),
        ],
    )
    what_helped = models.TextField(
        blank=True,
        max_length=checkin_questions.WHAT_HELPED_MAX,
        validators=[no_control_characters],
        verbose_name="what helped or got in the way",
    )
    wants_next = _checkin_field("wants_next")
    self_harm_thoughts = _checkin_field("self_harm_thoughts")

    class Meta:
        verbose_name = "check-in"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(helpful__isnull=True)
                | models.Q(
                    helpful__gte=checkin_questions.HELPFUL_MIN,
                    helpful__lte=checkin_questions.HELPFUL_MAX,
                ),
                name="checkin_helpful_1_to_5",
            )
        ]

    def __str__(self) -> str:
        return f"Check-in of intake {self.intake_id}"

    @property
    def is_open(self) -> bool:
        """Still to be sent or answered: not answered and not stopped."""
        return self.answered_at is None and self.stopped_at is None


class CheckInEmail(OutgoingEmail):
    """One check-in e-mail: the invitation, or its one reminder. Sent once, like a notice.

    One of each kind per check-in (the constraint): two sweeps racing, or two workers,
    never make or send a second. It holds a private link and no answers.
    """

    class Kind(WordedChoices):
        INVITATION = "invitation", "The check-in"
        REMINDER = "reminder", "Its reminder"

    checkin = models.ForeignKey(CheckIn, on_delete=models.CASCADE, related_name="emails")
    kind = models.CharField(max_length=12, choices=Kind.worded)
    language = models.CharField(
        max_length=5, choices=PageLanguage.worded, default=PageLanguage.ENGLISH
    )

    class Meta(OutgoingEmail.Meta):
        verbose_name = "check-in e-mail"
        constraints = [
            models.UniqueConstraint(fields=["checkin", "kind"], name="one_checkin_email_of_a_kind")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} (check-in of intake {self.checkin.intake_id})"

    @property
    def intake_id(self) -> int:
        # The send's log lines name the intake, as every other e-mail's do.
        return self.checkin.intake_id


class DeidentifiedKey(models.Model):
    """What the de-identified export puts in place of an intake's id and dates.

    Drawn at random the first time the intake is exported that way, and then kept, so
    that two exports agree with each other; kept only here, never exported, and deleted
    with the intake.
    """

    intake = models.OneToOneField(Intake, on_delete=models.CASCADE, related_name="deidentified_key")
    pseudonym = models.CharField(max_length=16, unique=True)
    # Every date of the intake moves by the same number of days in the export.
    shift_days = models.SmallIntegerField()

    class Meta:
        verbose_name = "de-identified export key"

    def __str__(self) -> str:
        return f"De-identified key {self.pseudonym}"
