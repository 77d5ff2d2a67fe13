"""Saving the intake page through one service: the review, a note and a contact, all or
nothing, and never over a change someone else made while the page was open."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from advisor.models import ContactAttempt, Intake, IntakeNote
from advisor.services import (
    ReviewShown,
    intake_contact_add,
    intake_review_save,
    intakes_assign,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def robin(make_intake, clinician) -> Intake:
    """Robin's intake, taken by Dr Chen (in review)."""
    intake = make_intake(first_name="Robin")
    intakes_assign(intakes=Intake.objects.filter(pk=intake.pk), clinician=clinician)
    intake.refresh_from_db()
    return intake


def _save(intake: Intake, by, **changes):
    """The page saved as it showed the intake, with `changes`."""
    values = {
        "intake": intake,
        "shown": ReviewShown.of(intake),
        "status": intake.status,
        "assigned_to": intake.assigned_to,
        "override_program": intake.override_program,
        "override_reason": intake.override_reason,
        "by": by,
        **changes,
    }
    return intake_review_save(**values)


def test_it_saves_the_review_the_note_and_the_contact_together(robin, clinician):
    saved = _save(
        robin,
        clinician,
        status=Intake.Status.CLOSED,
        note="Called twice.",
        contact={"channel": "call", "outcome": "no_answer", "summary": "Rang out."},
    )

    assert saved.saved
    assert saved.conflicts == ()
    robin.refresh_from_db()
    assert robin.status == Intake.Status.CLOSED
    assert robin.notes.get().text == "Called twice."
    assert robin.contacts.get().summary == "Rang out."
    assert saved.now == ReviewShown(Intake.Status.CLOSED, clinician.pk)


def test_it_says_when_reaching_them_marked_the_intake_contacted(robin, clinician):
    saved = _save(robin, clinician, contact={"channel": "call", "outcome": "reached"})

    assert saved.marked_contacted
    robin.refresh_from_db()
    assert robin.status == Intake.Status.CONTACTED


def test_it_keeps_a_status_someone_else_set_when_this_person_left_it_alone(
    robin, clinician, superuser
):
    page = Intake.objects.get(pk=robin.pk)  # opened before the other's change
    intake_contact_add(intake=robin, author=superuser, channel="call", outcome="reached")

    saved = _save(page, clinician, note="Left a voicemail earlier.")

    assert saved.saved
    robin.refresh_from_db()
    assert robin.status == Intake.Status.CONTACTED
    assert robin.notes.get().text == "Left a voicemail earlier."


def test_it_changes_nothing_when_this_person_changed_what_someone_else_changed(
    robin, clinician, superuser
):
    page = Intake.objects.get(pk=robin.pk)
    intake_contact_add(intake=robin, author=superuser, channel="call", outcome="reached")

    saved = _save(
        page,
        clinician,
        status=Intake.Status.CLOSED,
        note="Closing it.",
        contact={"channel": "email", "outcome": "no_answer"},
    )

    assert saved.conflicts == ("status",)
    assert not saved.saved
    assert saved.now == ReviewShown(Intake.Status.CONTACTED, clinician.pk)
    robin.refresh_from_db()
    assert robin.status == Intake.Status.CONTACTED
    assert not IntakeNote.objects.exists()
    assert ContactAttempt.objects.count() == 1  # the other's


def test_it_keeps_an_assignee_someone_else_chose(robin, clinician, superuser):
    page = Intake.objects.get(pk=robin.pk)
    intakes_assign(intakes=Intake.objects.filter(pk=robin.pk), clinician=superuser)

    saved = _save(page, clinician, note="Still on it.")

    assert saved.saved
    robin.refresh_from_db()
    assert robin.assigned_to == superuser


def test_it_saves_what_was_posted_from_a_page_without_what_it_showed(robin, clinician, superuser):
    intake_contact_add(intake=robin, author=superuser, channel="call", outcome="reached")
    page = Intake.objects.get(pk=robin.pk)

    saved = _save(page, clinician, shown=None, status=Intake.Status.CLOSED)

    assert saved.saved
    robin.refresh_from_db()
    assert robin.status == Intake.Status.CLOSED


def test_it_saves_nothing_when_the_contact_is_refused(robin, clinician):
    with pytest.raises(ValidationError):
        _save(
            robin,
            clinician,
            status=Intake.Status.CLOSED,
            note="Would be lost.",
            contact={"channel": "pigeon", "outcome": "reached"},
        )

    robin.refresh_from_db()
    assert robin.status == Intake.Status.IN_REVIEW
    assert not IntakeNote.objects.exists()
