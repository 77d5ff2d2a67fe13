"""The intake page's one form: the review, and a note and a contact to add, saved together.

The form binds and checks what was typed; advisor.services.intake_review_save decides
and writes (the stale-save check, the review, the note, the contact). The admin hands the
form who is saving (IntakeAdmin.get_form), and the form calls the service once it is
valid: Django's admin shows the page again only for an invalid form, so a conflict the
service finds must arrive while the form is still being validated.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.utils import timezone

from advisor.clinicians import clinicians
from advisor.models import ContactAttempt, Intake
from advisor.services import ReviewSaved, ReviewShown, intake_review_save

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


def shown_value(review: ReviewShown) -> str:
    """The review as the page's hidden field holds it: "in_review|7"."""
    return f"{review.status}|{review.assigned_to_id or ''}"


def shown_review(value: str) -> ReviewShown | None:
    """The review a page showed, from its hidden field; None from a page without one (or
    a value no page of ours wrote), which saves what was posted as it is."""
    status, bar, assigned_to = value.partition("|")
    if not bar or not (assigned_to == "" or assigned_to.isdigit()):
        return None
    return ReviewShown(status, int(assigned_to) if assigned_to else None)


def _blank_first(choices) -> list[tuple[str, str]]:
    return [("", "---------"), *choices]


class IntakeReviewForm(forms.ModelForm):
    """The review fields, and a note and a contact to add, all saved with one button."""

    # Set by the admin for each request (IntakeAdmin.get_form): who saves, and whether
    # they may add notes and contacts (only then are those fields on the form).
    saved_by: User | None = None
    follows_up: bool = False

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
    # else's change does not undo that change (intake_review_save).
    shown = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Intake
        fields = REVIEW_FIELDS

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # What the service answered, once the form was valid and saved (see full_clean).
        self.review_saved: ReviewSaved | None = None
        self.initial["shown"] = shown_value(ReviewShown.of(self.instance))
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

    def full_clean(self) -> None:
        # After every check of the form and of the model (ModelForm's own, which runs last),
        # so that the service sees only input that would have been saved.
        super().full_clean()
        if self.is_bound and not self.errors and self.saved_by is not None:
            self._save()

    def _save(self) -> None:
        cleaned = self.cleaned_data
        try:
            self.review_saved = intake_review_save(
                intake=self.instance,
                shown=shown_review(cleaned.get("shown") or ""),
                status=cleaned["status"],
                assigned_to=cleaned["assigned_to"],
                override_program=cleaned["override_program"],
                override_reason=cleaned["override_reason"],
                override_words=cleaned.get("override_words", ""),
                note=cleaned.get("note", "") if self.follows_up else "",
                contact=self.contact() if self.follows_up else None,
                by=self.saved_by,
            )
        except ValidationError as error:  # the form checks the same; this is the backstop
            raise PermissionDenied(error.messages) from error
        if self.review_saved.conflicts:
            for name in self.review_saved.conflicts:
                self.add_error(name, CHANGED_MEANWHILE)
            # Shown again, the page now shows today's review: a second save is not stale.
            self.data = self.data.copy()
            self.data["shown"] = shown_value(self.review_saved.now)
            # Django has copied the posted review onto the intake; the read-only blocks
            # drawn beside the errors ("Waiting since") must show what is saved.
            self.instance.status = self.review_saved.now.status
            self.instance.assigned_to_id = self.review_saved.now.assigned_to_id

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
