"""Rewording an answer or a status writes no migration.

The codebook promises that its wording may change freely, and the admin's labels are
ours to rewrite. Each test rewords in-process and asks Django's own migration
autodetector, as `makemigrations` would, whether the models now differ from the
migrations: they must not, while the new words do reach the model's choices.
"""

from __future__ import annotations

import dataclasses

import pytest
from django.apps import apps
from django.db.migrations.autodetector import MigrationAutodetector
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.questioner import NonInteractiveMigrationQuestioner
from django.db.migrations.state import ProjectState

import providers.language_words
import providers.models
from advisor import questionnaire
from advisor.models import (
    ContactAttempt,
    Intake,
    IntakeAccess,
    IntakeDeletion,
    Notification,
    ParticipantEmail,
)
from providers.models import Offering, Provider, Region

REWORDED = " (reworded)"
# Every answer column with choices, and the one optional practicality that has them.
CODES_WITH_CHOICES = (*questionnaire.ANSWER_CODES, "language")


def migrations_needed(app_label: str) -> list:
    """What `makemigrations <app_label>` would write now: its operations."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    autodetector = MigrationAutodetector(
        loader.project_state(),
        ProjectState.from_apps(apps),
        NonInteractiveMigrationQuestioner(specified_apps={app_label}, dry_run=True),
    )
    changes = autodetector.changes(graph=loader.graph, trim_to_apps={app_label})
    return [
        operation for migration in changes.get(app_label, []) for operation in migration.operations
    ]


def advisor_migrations_needed() -> list:
    return migrations_needed("advisor")


def test_it_needs_no_migration_as_things_stand():
    assert advisor_migrations_needed() == []


@pytest.mark.parametrize("code", CODES_WITH_CHOICES)
def test_it_writes_no_migration_when_the_codebook_rewords_an_answer(code, monkeypatch):
    question = questionnaire.QUESTIONS_BY_CODE[code]
    reworded = tuple((value, label + REWORDED) for value, label in question.options)
    monkeypatch.setitem(
        questionnaire.QUESTIONS_BY_CODE, code, dataclasses.replace(question, options=reworded)
    )

    # The column reads the codebook's new words...
    assert Intake._meta.get_field(code).flatchoices == list(reworded)
    # ...and migrations never held the old ones.
    assert advisor_migrations_needed() == []


@pytest.mark.parametrize(
    ("member", "field"),
    [
        pytest.param(Intake.Status.IN_REVIEW, Intake._meta.get_field("status"), id="status"),
        pytest.param(
            Intake.Status.IN_REVIEW,
            Intake.history.model._meta.get_field("status"),
            id="status in the history",
        ),
        pytest.param(IntakeAccess.How.EXPORT, IntakeAccess._meta.get_field("how"), id="access"),
        pytest.param(
            ContactAttempt.Channel.CALL, ContactAttempt._meta.get_field("channel"), id="channel"
        ),
        pytest.param(
            ContactAttempt.Outcome.NO_ANSWER,
            ContactAttempt._meta.get_field("outcome"),
            id="outcome",
        ),
        pytest.param(
            IntakeDeletion.By.RETENTION, IntakeDeletion._meta.get_field("deleted_by"), id="deletion"
        ),
        pytest.param(
            Notification.Status.FAILED, Notification._meta.get_field("status"), id="notice"
        ),
        pytest.param(
            ParticipantEmail.Status.SENT, ParticipantEmail._meta.get_field("status"), id="e-mail"
        ),
        pytest.param(
            ParticipantEmail.Kind.LOST_LINK, ParticipantEmail._meta.get_field("kind"), id="kind"
        ),
    ],
)
def test_it_writes_no_migration_when_a_label_of_the_admin_changes(member, field, monkeypatch):
    reworded = member.label + REWORDED
    monkeypatch.setattr(member, "_label_", reworded)

    assert (member.value, reworded) in field.flatchoices
    assert advisor_migrations_needed() == []


def test_it_writes_no_migration_when_a_region_or_a_language_is_reworded(monkeypatch):
    """The directory shares the codebook's regions and languages (providers/regions.py,
    providers/languages.py): rewording them writes no migration there either."""
    region = Region.NORTHEAST
    monkeypatch.setattr(region, "_label_", region.label + REWORDED)
    languages = tuple((code, name + REWORDED) for code, name in providers.language_words.LANGUAGES)
    monkeypatch.setattr(providers.language_words, "LANGUAGES", languages)

    assert ("northeast", "Northeast US" + REWORDED) in Provider._meta.get_field(
        "region"
    ).flatchoices
    assert Offering._meta.get_field("language").flatchoices == list(languages)
    assert migrations_needed("providers") == []
