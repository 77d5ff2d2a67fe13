"""The history's usernames move from simple-history's change reason to a column of their own.

The services used to keep who acted in the change reason; the migration moves each one
to history_username and empties the change reason, and going back puts them back. The
test runs the real migration: back to the schema before it, rows made there, forward.
"""

from __future__ import annotations

import pytest
from django.utils import timezone

from tests.migration_state import migrated_to, rolled_back_to

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.migrations,
]

BEFORE = [("advisor", "0015_choices_read_from_the_codebook")]
AFTER = [("advisor", "0016_history_username")]


@pytest.fixture
def before():
    yield from rolled_back_to(BEFORE)


def _history_row(apps, history_type: str, change_reason: str | None, user=None):
    return apps.get_model("advisor", "HistoricalIntake").objects.create(
        id=7,
        created_at=timezone.now(),
        status="new",
        recommendation={"first": "MBSR", "then": None, "flags": [], "rules_version": "x"},
        rules_version="2026.11-2",
        recommended_program="MBSR",
        history_date=timezone.now(),
        history_type=history_type,
        history_user_id=user.pk if user else None,
        history_change_reason=change_reason,
    )


def test_it_moves_each_username_out_of_the_change_reason(before):
    chen = before.get_model("auth", "User").objects.create(username="chen")
    submitted = _history_row(before, "+", None)
    reviewed = _history_row(before, "~", "chen", chen)
    removed = _history_row(before, "~", "kim")  # kim's account was removed since

    after = migrated_to(AFTER)

    History = after.get_model("advisor", "HistoricalIntake")
    rows = {
        row.history_id: (row.history_username, row.history_change_reason)
        for row in History.objects.all()
    }
    assert rows == {
        submitted.history_id: ("", None),
        reviewed.history_id: ("chen", None),
        removed.history_id: ("kim", None),
    }


def test_going_back_puts_the_usernames_back(before):
    removed = _history_row(before, "~", "kim")
    migrated_to(AFTER)

    back = migrated_to(BEFORE)

    row = back.get_model("advisor", "HistoricalIntake").objects.get(history_id=removed.history_id)
    assert row.history_change_reason == "kim"
