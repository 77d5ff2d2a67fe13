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
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.template.defaultfilters import linebreaksbr
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import format_html, format_html_join

from advisor.clinicians import clinicians
from advisor.models import ContactAttempt, Intake, IntakeNote
from advisor.waiting import AnswerTimes, waiting_text
from config.clinic import staff_time, within_words

REVIEW_FIELDS = [
    "status",
    "assigned_to",
    "override_program",
    "override_reason",
    "override_words",
]
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


CHANGED_MEANWHILE = (
    "Someone else changed this while you had the page open. Check what it says now, then "
    "choose again."
)


def _review_state(status: str, assigned_to_id: int | None) -> str:
    return f"{status}|{assigned_to_id or ''}"


def _shown_review(value: str) -> dict[str, str]:
    """The review a page showed, from its hidden field ({} from a page without one)."""
    if "|" not in value:
        return {}
    status, _, assigned_to = value.partition("|")
    return {"status": status, "assigned_to": assigned_to}


def _blank_first(choices) -> list[tuple[str, str]]:
    return [("", "---------"), *choices]


class IntakeReviewForm(forms.ModelForm):
    """The review fields, and a note and a contact to add, all saved with one button.

    The note and the contact are not fields of the intake: the admin hands them to the
    services (advisor.services.intake_note_add, intake_contact_add) after the review.
    """

    note = forms.CharField(
        label="Add a note",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Saved with your name and the time. Notes are never changed: to correct "
        "one, add another.",
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

    # The review as this page showed it, so that a save from a page opened before someone
    # else's change does not undo that change (see keep_later_changes).
    shown = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Intake
        fields = REVIEW_FIELDS

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.initial["shown"] = _review_state(self.instance.status, self.instance.assigned_to_id)
        assignee = self.fields.get("assigned_to")
        if assignee is not None and self.instance.assigned_to_id:
            # Someone who has since left Clinicians stays a valid choice on the intakes
            # already theirs, or no note could be saved on those until someone reassigned it.
            assignee.queryset = (
                get_user_model()
                .objects.filter(
                    Q(pk__in=clinicians().values("pk")) | Q(pk=self.instance.assigned_to_id)
                )
                .order_by("username")
            )

    def keep_later_changes(self, cleaned: dict[str, Any]) -> None:
        """Keep a status or assignee changed by someone else since this page was opened.

        A field this person left as the page showed it takes today's value; one they
        changed too is a conflict they are asked to look at.
        """
        shown = _shown_review(cleaned.get("shown") or "")
        now = _shown_review(_review_state(self.instance.status, self.instance.assigned_to_id))
        for name, current in now.items():
            if name not in shown or shown[name] == current or name not in self.fields:
                continue
            posted = cleaned.get(name)
            posted_key = str(posted.pk if hasattr(posted, "pk") else posted or "")
            if posted_key == shown[name]:
                cleaned[name] = getattr(self.instance, name)
            elif posted_key != current:
                self.add_error(name, CHANGED_MEANWHILE)
                # Shown again, the page now shows today's review: a second save is not stale.
                self.data = self.data.copy()
                self.data["shown"] = _review_state(
                    self.instance.status, self.instance.assigned_to_id
                )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        self.keep_later_changes(cleaned)
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
        """The contact to log, as intake_contact_add takes it; None when none was filled in."""
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


def contacts_html(attempts: Iterable[ContactAttempt], *, closed: bool = False) -> str:
    """The contact log, oldest first: how, what happened, who and when, and the next step.

    Only the latest entry's next step can be overdue (a later entry means someone followed
    up), and none on a closed intake: as the dashboard counts them (overdue_next_steps).
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
                _next_step(attempt, may_be_late=attempt is attempts[-1] and not closed),
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
        # The moment from the promise the person read (counted to the clinic's open hours).
        f"the clinic answers {flagged} within {within_words(times.hours_for(intake))}, "
        f"so by {staff_time(times.due(intake))}",
    )
