"""A clinician's workspace on the intake page: the review form with a note and a contact to
add, and the read-only records beside it (notes, contact log, how to reach the person, their
other intakes, how long they have waited).

Every piece of text a person wrote (notes, summaries, next steps, names) goes through
format_html or an escaping filter: nothing here is marked safe as it was typed.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

import phonenumbers
from django import forms
from django.conf import settings
from django.template.defaultfilters import linebreaksbr
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import format_html, format_html_join

from advisor.models import ContactAttempt, Intake, IntakeNote
from advisor.waiting import AnswerTimes, staff_time, waiting_text
from config.clinic import within_words

REVIEW_FIELDS = ["status", "assigned_to", "override_program", "override_reason"]
NOTE_FIELDS = ["note"]
CONTACT_FIELDS = [
    "contact_channel",
    "contact_outcome",
    "contact_summary",
    "contact_next_step",
    "contact_next_step_due",
]
NO_CHANNEL = "Please say how you tried to reach them."
NO_OUTCOME = "Please say what happened."
DUE_IN_THE_PAST = "Please choose today or a later day for the next step."
# The model's own rule (contact_due_date_needs_a_step), said beside the field it needs.
DUE_NEEDS_A_STEP = next(
    constraint.violation_error_message
    for constraint in ContactAttempt._meta.constraints
    if constraint.name == "contact_due_date_needs_a_step"
)


def _blank_first(choices) -> list[tuple[str, str]]:
    return [("", "---------"), *choices]


class IntakeReviewForm(forms.ModelForm):
    """The review fields, and a note and a contact to add, all saved with one button.

    The note and the contact are not fields of the intake: the admin hands them to the
    services (advisor.services.intake_note_add, intake_contact_log) after the review.
    """

    note = forms.CharField(
        label="Add a note",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Saved with your name and the time. Notes are never changed or deleted: "
        "to correct one, add another.",
    )
    contact_channel = forms.ChoiceField(
        label="How", required=False, choices=_blank_first(ContactAttempt.Channel.choices)
    )
    contact_outcome = forms.ChoiceField(
        label="What happened",
        required=False,
        choices=_blank_first(ContactAttempt.Outcome.choices),
        help_text="“Spoke with them” marks a waiting intake as contacted.",
    )
    contact_summary = forms.CharField(
        label="Summary",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=ContactAttempt._meta.get_field("summary").help_text,
    )
    contact_next_step = forms.CharField(
        label="Next step",
        required=False,
        max_length=ContactAttempt._meta.get_field("next_step").max_length,
        help_text=ContactAttempt._meta.get_field("next_step").help_text,
    )
    contact_next_step_due = forms.DateField(
        label="Next step due",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    class Meta:
        model = Intake
        fields = REVIEW_FIELDS

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if any(cleaned.get(name) for name in CONTACT_FIELDS):
            if not cleaned.get("contact_channel"):
                self.add_error("contact_channel", NO_CHANNEL)
            if not cleaned.get("contact_outcome"):
                self.add_error("contact_outcome", NO_OUTCOME)
        due = cleaned.get("contact_next_step_due")
        if due and not (cleaned.get("contact_next_step") or "").strip():
            self.add_error("contact_next_step", DUE_NEEDS_A_STEP)
        if due and due < timezone.localdate():
            self.add_error("contact_next_step_due", DUE_IN_THE_PAST)
        return cleaned

    def contact(self) -> dict[str, Any] | None:
        """The contact to log, as intake_contact_log takes it; None when none was filled in."""
        if not self.cleaned_data.get("contact_channel"):
            return None
        return {
            "channel": self.cleaned_data["contact_channel"],
            "outcome": self.cleaned_data["contact_outcome"],
            "summary": self.cleaned_data.get("contact_summary") or "",
            "next_step": self.cleaned_data.get("contact_next_step") or "",
            "next_step_due": self.cleaned_data.get("contact_next_step_due"),
        }


# The read-only records


def _time(value) -> str:
    return format_html('<time datetime="{}">{}</time>', value.isoformat(), staff_time(value))


def _day(value: date) -> str:
    return formats.date_format(value, "DATE_FORMAT")


def notes_html(notes: Iterable[IntakeNote]) -> str:
    """Each note with who wrote it and when, oldest first, as written (escaped)."""
    items = format_html_join(
        "",
        '<li><p class="log-meta"><strong>{}</strong>, {}</p><p class="log-text">{}</p></li>',
        ((note.author_name, _time(note.created_at), linebreaksbr(note.text)) for note in notes),
    )
    if not items:
        return format_html('<p class="log-empty">{}</p>', "No notes yet.")
    return format_html('<ol class="intake-log">{}</ol>', items)


def _next_step(attempt: ContactAttempt, *, may_be_late: bool) -> str:
    if not attempt.next_step:
        return ""
    if attempt.next_step_due is None:
        return format_html('<p class="log-next">Next step: {}</p>', attempt.next_step)
    late = may_be_late and attempt.next_step_due < timezone.localdate()
    return format_html(
        '<p class="log-next">Next step: {}, due {}{}</p>',
        attempt.next_step,
        _day(attempt.next_step_due),
        format_html(' <span class="flag flag--overdue">{}</span>', "Overdue") if late else "",
    )


def contacts_html(attempts: Iterable[ContactAttempt]) -> str:
    """The contact log, oldest first: how, what happened, who and when, and the next step.

    Only the latest entry's next step can be overdue: a later entry means someone followed up.
    """
    attempts = list(attempts)
    if not attempts:
        return format_html('<p class="log-empty">{}</p>', "No calls, e-mails or messages yet.")
    items = format_html_join(
        "",
        '<li><p class="log-meta"><strong>{}: {}</strong> ({}, {})</p>{}{}</li>',
        (
            (
                attempt.get_channel_display(),
                attempt.get_outcome_display(),
                attempt.author_name,
                _time(attempt.created_at),
                format_html('<p class="log-text">{}</p>', linebreaksbr(attempt.summary))
                if attempt.summary
                else "",
                _next_step(attempt, may_be_late=attempt is attempts[-1]),
            )
            for attempt in attempts
        ),
    )
    return format_html('<ol class="intake-log">{}</ol>', items)


def phone_html(intake: Intake) -> str:
    """A `tel:` link (E.164 for the phone to dial) showing the number as people write it."""
    number = intake.phone
    if not number:
        return format_html('<span class="log-empty">{}</span>', "Not given")
    if not number.is_valid():
        return str(number.raw_input)
    home = phonenumbers.region_code_for_number(number) == settings.PHONENUMBER_DEFAULT_REGION
    shown = number.as_national if home else number.as_international
    best = ""
    if intake.best_time_to_call:
        best = format_html(
            ' <span class="best-time">(best time to call: {})</span>', intake.best_time_to_call
        )
    return format_html('<a href="tel:{}">{}</a>{}', number.as_e164, shown, best)


def same_email_html(intake: Intake, others: Iterable[Intake]) -> str:
    """The person's other intakes (same address, whatever its capitals), linked."""
    others = list(others)
    if not others:
        return format_html('<span class="log-empty">{}</span>', "None: this is their only intake.")
    items = format_html_join(
        "",
        '<li><a href="{}">{}</a>: {}, {}</li>',
        (
            (
                reverse("admin:advisor_intake_change", args=[other.pk]),
                staff_time(other.created_at),
                other.get_status_display(),
                other.override_program or other.recommended_program,
            )
            for other in others
        ),
    )
    together = reverse("admin:advisor_intake_changelist") + f"?same_email_as={intake.pk}"
    return format_html(
        '<ul class="same-email">{}</ul><p><a href="{}">{}</a></p>',
        items,
        together,
        "List them together",
    )


def waiting_html(intake: Intake, times: AnswerTimes) -> str:
    """ "2 days (since …)", marked overdue past the clinic's answer time; or who reached them."""
    text = waiting_text(intake)
    if not text:
        return format_html(
            '<span class="log-empty">Not waiting: {}</span>', intake.get_status_display().lower()
        )
    if not times.is_overdue(intake):
        return text
    flagged = "a flagged intake" if intake.needs_a_clinician else "an intake"
    return format_html(
        '{} <span class="flag flag--overdue">{}</span> <span class="flag-why">{}</span>',
        text,
        "Overdue",
        f"the clinic answers {flagged} within {within_words(times.hours_for(intake))}",
    )
