"""For the tests of one data migration: the schema rolled back to before it, and forward."""

from __future__ import annotations

from collections.abc import Iterator

from django.apps.registry import Apps
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrated_to(targets: list[tuple[str, str]]) -> Apps:
    """Migrate the test database to `targets` and return the models as they were there."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


def rolled_back_to(targets: list[tuple[str, str]]) -> Iterator[Apps]:
    """The body of a fixture: the models at `targets`, and today's schema again after the
    test, which the rest of the suite needs."""
    yield migrated_to(targets)
    call_command("migrate", verbosity=0)
