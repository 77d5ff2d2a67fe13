"""The migration to text answers and separate notes keeps everything already saved.

Answers may be "I'd rather not say", so yes/no answers became text; the single notes
field became notes, appended and never overwritten. The test
runs the real migration: back to the schema before it, rows made there, forward again.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.migration_state import migrated_to, rolled_back_to

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.migrations,
]

BEFORE = [("advisor", "0010_notifications")]
AFTER = [("advisor", "0011_clinic")]
YES_NO = (
    "trauma_symptoms",
    "in_therapy",
    "one_program_only",
    "self_harm_thoughts",
    "substance_misuse_recent",
    "mania_psychosis_history",
)


@pytest.fixture
def before():
    yield from rolled_back_to(BEFORE)


def _old_intake(apps, n: int, **fields):
    Intake = apps.get_model("advisor", "Intake")
    answers = {
        **dict.fromkeys(
            (
                "self_worth",
                "attention_difficulty",
                "takes_things_personally",
                "compassion_practices_offputting",
                "self_criticism",
                "high_sensitivity",
                "shame",
                "reactivity",
                "self_regulation",
            ),
            3,
        ),
        **dict.fromkeys(YES_NO, False),
        "region": "northeast",
        "format_preference": "either",
        "trauma_history": "none",
        "depression_history": "none",
        "mindfulness_experience": "none",
        "compassion_arises": "not_applicable",
        "primary_goal": "not_sure",
    }
    return Intake.objects.create(
        public_token=f"token-{n}",
        form_token=f"00000000-0000-0000-0000-00000000000{n}",
        first_name="Robin",
        email="robin@example.net",
        consented_at=timezone.now(),
        consent_version="2026-11-25",
        recommendation={"first": "MBSR", "then": "MSC", "flags": [], "rules_version": "x"},
        rules_version="2026.11-2",
        recommended_program="MBSR",
        **{**answers, **fields},
    )


def _history(apps, intake, when, user, notes):
    History = apps.get_model("advisor", "HistoricalIntake")
    values = {
        f.attname: getattr(intake, f.attname)
        for f in intake._meta.concrete_fields
        if f.attname in {h.attname for h in History._meta.concrete_fields}
    }
    values["clinician_notes"] = notes
    History.objects.create(
        **values, history_date=when, history_type="~", history_user_id=user.pk if user else None
    )


def test_yes_and_no_answers_become_words(before):
    _old_intake(before, 1, self_harm_thoughts=True, in_therapy=True)
    _old_intake(before, 2)

    after = migrated_to(AFTER)

    Intake = after.get_model("advisor", "Intake")
    first, second = Intake.objects.order_by("public_token")
    assert (first.self_harm_thoughts, first.in_therapy, first.trauma_symptoms) == (
        "yes",
        "yes",
        "no",
    )
    assert {getattr(second, code) for code in YES_NO} == {"no"}


def test_every_version_of_the_old_notes_becomes_a_note_with_its_author_and_time(before):
    User = before.get_model("auth", "User")
    chen = User.objects.create(username="chen")
    intake = _old_intake(before, 3, clinician_notes="Called, no answer. Called again: booked.")
    monday = timezone.now() - timedelta(days=3)
    _history(before, intake, monday - timedelta(days=1), None, "")
    _history(before, intake, monday, chen, "Called, no answer.")
    _history(
        before,
        intake,
        monday + timedelta(hours=5),
        chen,
        "Called, no answer. Called again: booked.",
    )

    after = migrated_to(AFTER)

    notes = list(
        after.get_model("advisor", "IntakeNote")
        .objects.filter(intake_id=intake.pk)
        .order_by("created_at")
    )
    assert [(n.author_name, n.text) for n in notes] == [
        ("chen", "Called, no answer."),
        ("chen", "Called again: booked."),
    ]
    assert notes[0].created_at == monday
    assert notes[1].created_at == monday + timedelta(hours=5)


def test_notes_the_history_never_saw_are_kept_too(before):
    intake = _old_intake(before, 4, clinician_notes="Written before the history was kept.")

    after = migrated_to(AFTER)

    (note,) = after.get_model("advisor", "IntakeNote").objects.filter(intake_id=intake.pk)
    assert note.text == "Written before the history was kept."
    assert note.author_name == "(not recorded)"
