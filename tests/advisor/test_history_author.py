"""Who acted on an intake: named in each history row's own column, and on notes and contacts.

A history row keeps the username of the colleague who saved it (history_username), so
that the history still says who it was after the account is removed; simple-history's
change reason, free text about why, is left alone. Notes and contact log entries name
their author the same way colleagues see them (full name, else username).
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from advisor.models import ContactAttempt, Intake, IntakeNote
from advisor.services import intake_contact_add, intake_note_add, intake_review

pytestmark = pytest.mark.django_db


def latest_history(intake: Intake):
    return Intake.history.filter(id=intake.pk).order_by("-history_date", "-history_id").first()


def review_by(intake: Intake, user: User) -> None:
    intake_review(
        intake=intake,
        status=Intake.Status.IN_REVIEW,
        assigned_to=None,
        override_program="",
        override_reason="",
        by=user,
    )


def test_it_names_the_colleague_who_saved_a_review(make_intake, clinician):
    intake = make_intake()

    review_by(intake, clinician)

    row = latest_history(intake)
    assert (row.history_user, row.history_username) == (clinician, "chen")
    assert row.history_change_reason is None


def test_it_keeps_the_username_after_the_account_is_removed(make_intake, clinician):
    intake = make_intake()
    review_by(intake, clinician)

    clinician.delete()

    row = latest_history(intake)
    assert (row.history_user, row.history_username) == (None, "chen")


def test_it_names_no_colleague_for_the_participants_own_answers(make_intake):
    intake = make_intake()

    row = latest_history(intake)
    assert (row.history_type, row.history_user, row.history_username) == ("+", None, "")


def test_simple_history_reads_the_user_set_on_the_intake(make_intake, clinician):
    """Pins simple_history.models.HistoricalRecords.get_history_user, which reads
    `instance._history_user` (documented in simple-history's user tracking guide): the
    services name who acted that way outside the admin and its middleware."""
    intake = make_intake()
    intake._history_user = clinician

    intake.save(update_fields=["status"])

    assert latest_history(intake).history_user == clinician


def test_a_note_names_its_author_by_their_full_name(make_intake, clinician):
    clinician.first_name, clinician.last_name = "Mei", "Chen"
    clinician.save()

    note = intake_note_add(intake=make_intake(), author=clinician, text="  Called, no answer. ")

    saved = IntakeNote.objects.get(pk=note.pk)
    assert (saved.author, saved.author_name, saved.text) == (
        clinician,
        "Mei Chen",
        "Called, no answer.",
    )


def test_a_contact_entry_names_its_author_by_username_without_a_full_name(make_intake, clinician):
    attempt = intake_contact_add(
        intake=make_intake(),
        author=clinician,
        channel=ContactAttempt.Channel.CALL,
        outcome=ContactAttempt.Outcome.NO_ANSWER,
    )

    saved = ContactAttempt.objects.get(pk=attempt.pk)
    assert (saved.author, saved.author_name) == (clinician, "chen")


def test_an_entry_keeps_its_authors_name_after_the_account_is_removed(make_intake, clinician):
    note = intake_note_add(intake=make_intake(), author=clinician, text="Left a voicemail.")

    clinician.delete()

    saved = IntakeNote.objects.get(pk=note.pk)
    assert (saved.author, saved.author_name) == (None, "chen")
