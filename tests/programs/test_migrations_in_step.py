"""The catalog's, the directory's and the clinic's models match their migrations, the
translated columns (name_en, name_es, ...) included: `makemigrations --check` stays clean.
"""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db.migrations.autodetector import MigrationAutodetector
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.questioner import NonInteractiveMigrationQuestioner
from django.db.migrations.state import ProjectState


@pytest.mark.parametrize("app_label", ["programs", "providers", "config"])
def test_it_needs_no_new_migration(app_label):
    loader = MigrationLoader(None, ignore_no_migrations=True)
    autodetector = MigrationAutodetector(
        loader.project_state(),
        ProjectState.from_apps(apps),
        NonInteractiveMigrationQuestioner(specified_apps={app_label}, dry_run=True),
    )

    changes = autodetector.changes(graph=loader.graph, trim_to_apps={app_label})

    assert changes.get(app_label, []) == []
