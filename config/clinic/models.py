"""The clinic's own record: who it is, how to reach it, and how soon it answers.

One row (pk 1), edited by a superuser in the admin. A migration creates it with sample
values marked as samples, so a fresh `make run` has a footer to show and the site
says plainly that the details are not real until someone saves their own.
"""

from __future__ import annotations

from datetime import time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from phonenumber_field.modelfields import PhoneNumberField

from config.validators import known_time_zone, no_control_characters, single_line

# The answer times a clinic can promise: from an hour to two weeks.
FLAGGED_FIRST = "A flagged intake must be answered at least as soon as any other."
MAX_ANSWER_HOURS = 14 * 24

SAMPLE = {
    "name": "Mindful Path Clinic",
    "phone": "+12025550143",
    "email": "hello@mindfulpath.example",
    "address": "12 Sample Street, Suite 3\nWashington, DC 20001",
    "hours": "Monday to Friday, 9 am to 5 pm",
    "intake_answer_hours": 48,
    "flagged_answer_hours": 24,
    "open_days": "01234",
    "opens_at": time(9),
    "closes_at": time(17),
}

# The sample's opening hours as Spanish pages say them (config/clinic/translation.py).
SAMPLE_HOURS_ES = "De lunes a viernes, de 9 a. m. a 5 p. m."

CLOSES_AFTER_OPENS = "The clinic must close after it opens, on the same day."


def validate_open_days(value: str) -> None:
    """open_days holds the digits of config.weekdays (Monday is 0), each once: "01234"."""
    digits = set(value)
    if not value or not digits <= set("0123456"):
        raise ValidationError("Choose at least one day the clinic is open.", code="open_days")
    if len(digits) != len(value):
        raise ValidationError("Name each open day once.", code="open_days")


class ClinicProfile(models.Model):
    SINGLETON_PK = 1

    name = models.CharField(
        max_length=120, help_text="As people should see it on every page.", validators=[single_line]
    )
    phone = PhoneNumberField(help_text="The number participants call, with its area code.")
    email = models.EmailField(
        help_text="Where participants write to the clinic.", validators=[single_line]
    )
    address = models.TextField(
        blank=True,
        help_text="Leave empty for an online-only clinic.",
        validators=[no_control_characters],
    )
    hours = models.CharField(
        max_length=200,
        verbose_name="opening hours",
        help_text="When someone answers the phone, in words, e.g. Monday to Friday, 9 am to 5 pm.",
        validators=[single_line],
    )
    # The answer times are counted to these (config.clinic.open_hours); the words above stay
    # the clinic's own, as they may say more (a phone line at lunch, closed on holidays).
    open_days = models.CharField(
        max_length=7,
        default=SAMPLE["open_days"],
        validators=[validate_open_days],
        verbose_name="open on",
        help_text="The days someone at the clinic reads intakes and calls people back.",
    )
    opens_at = models.TimeField(
        default=SAMPLE["opens_at"],
        verbose_name="opens at",
        help_text="On each open day, in the clinic's time zone.",
    )
    closes_at = models.TimeField(
        default=SAMPLE["closes_at"],
        verbose_name="closes at",
        help_text="After it opens, on the same day. A promised answer never falls while the "
        "clinic is closed, nor in its first three hours of a day (kept for whoever wrote "
        "while it was closed): it moves to three hours after the next opening.",
    )
    time_zone = models.CharField(
        max_length=64,
        default=settings.TIME_ZONE,
        validators=[single_line, known_time_zone],
        help_text="Every time in the admin, the exports and the e-mails is shown in this zone.",
    )
    intake_answer_hours = models.PositiveSmallIntegerField(
        verbose_name="answers an intake within (hours)",
        validators=[MinValueValidator(1), MaxValueValidator(MAX_ANSWER_HOURS)],
        help_text="What the site promises a person who sends their answers.",
    )
    flagged_answer_hours = models.PositiveSmallIntegerField(
        verbose_name="answers a flagged intake within (hours)",
        validators=[MinValueValidator(1), MaxValueValidator(MAX_ANSWER_HOURS)],
        help_text="For answers that need a clinician first (thoughts of self-harm among them): "
        "the crisis panel says a clinician will call within this time.",
    )
    checkin_weeks = models.PositiveSmallIntegerField(
        default=10,
        verbose_name="check in after (weeks), when no course was chosen",
        validators=[MinValueValidator(1), MaxValueValidator(52)],
        help_text="A person who asked for a check-in and told us which course they signed up "
        "for hears from us a week after it ends; one who did not, this many weeks after "
        "sending their answers.",
    )
    is_sample = models.BooleanField(
        default=False,
        verbose_name="these are sample details",
        help_text="The site marks sample details as such. Saving your own details clears this.",
    )
    updated_at = models.DateTimeField(auto_now=True, verbose_name="last saved")

    class Meta:
        verbose_name = "clinic details"
        verbose_name_plural = "clinic details"
        constraints = [
            models.CheckConstraint(condition=models.Q(pk=1), name="clinic_profile_is_single"),
            models.CheckConstraint(
                condition=models.Q(flagged_answer_hours__lte=models.F("intake_answer_hours")),
                name="clinic_flagged_answered_first",
                violation_error_message=FLAGGED_FIRST,
            ),
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")),
                name="clinic_closes_after_opening",
                violation_error_message=CLOSES_AFTER_OPENS,
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.pk = self.SINGLETON_PK
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if (
            self.flagged_answer_hours
            and self.intake_answer_hours
            and self.flagged_answer_hours > self.intake_answer_hours
        ):
            raise ValidationError({"flagged_answer_hours": FLAGGED_FIRST})
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": CLOSES_AFTER_OPENS})

    @classmethod
    def sample(cls) -> ClinicProfile:
        # Both languages named: given only `hours`, the record would hold it as the text of
        # whichever language is active.
        return cls(
            pk=cls.SINGLETON_PK,
            is_sample=True,
            **SAMPLE,
            hours_en=SAMPLE["hours"],
            hours_es=SAMPLE_HOURS_ES,
        )
