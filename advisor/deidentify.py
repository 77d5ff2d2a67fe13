"""The keys of the de-identified export: a pseudonym and a date shift for each intake.

An evaluation needs to follow one person across exports (their intake, then their
check-in) without knowing who they are or exactly when they wrote. So each intake gets,
the first time it is exported that way, a random pseudonym in place of its id and a
random number of days by which every one of its dates moves. The key is kept (so that
two exports agree), held only in DeidentifiedKey, never exported, and deleted with the
intake.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import date, datetime, timedelta, tzinfo

from django.db import transaction
from django.utils import timezone

from advisor.models import DeidentifiedKey, Intake

# Dates move by up to a month either way, and always move: a shift of 0 would leave
# some intakes' true dates in the file.
MAX_SHIFT_DAYS = 30
SHIFTS = tuple(days for days in range(-MAX_SHIFT_DAYS, MAX_SHIFT_DAYS + 1) if days)
# 48 random bits, written in hex after a letter so that no one mistakes one for an id.
PSEUDONYM_BYTES = 6
# Two pseudonyms alike are unlikely beyond counting, but the unique constraint would
# then leave one intake without a key: it is drawn again, this many times at most.
DRAWS = 3


def new_pseudonym() -> str:
    return f"P{secrets.token_hex(PSEUDONYM_BYTES)}"


def new_shift() -> int:
    return secrets.choice(SHIFTS)


@transaction.atomic
def deidentified_keys_issue(*, intakes: Sequence[Intake]) -> dict[int, DeidentifiedKey]:
    """Every intake's key, by intake id: the one kept, or a new one drawn and kept now.

    One query when every key is kept already, three when some are new (the keys kept,
    the new ones, the keys again), whatever the number of intakes. Two exports at once
    keep one key for an intake: the second's new key is refused by the one-to-one (and
    left out, not raised), and both read the first's.
    """
    ids = [intake.pk for intake in intakes]
    keys = _kept(ids)
    for _ in range(DRAWS):
        missing = [pk for pk in ids if pk not in keys]
        if not missing:
            return keys
        DeidentifiedKey.objects.bulk_create(
            [
                DeidentifiedKey(intake_id=pk, pseudonym=new_pseudonym(), shift_days=new_shift())
                for pk in missing
            ],
            ignore_conflicts=True,
        )
        keys = _kept(ids)
    raise RuntimeError("Could not draw a unique pseudonym for every intake")


def _kept(ids: Sequence[int]) -> dict[int, DeidentifiedKey]:
    return {key.intake_id: key for key in DeidentifiedKey.objects.filter(intake_id__in=ids)}


def shifted_day(value: date | datetime | None, key: DeidentifiedKey, zone: tzinfo) -> str:
    """The day of `value` (a moment is first read in `zone`), moved by the key's shift, as
    an ISO date; "" for no value. Never a time of day: the hour would help find the person."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value, zone).date()
    return (value + timedelta(days=key.shift_days)).isoformat()
