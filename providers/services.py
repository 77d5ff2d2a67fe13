"""The directory's writes that are more than one row's edit in the admin: the admin's
actions bind their form, call one of these and report what it did."""

from __future__ import annotations

import copy
from collections.abc import Iterable
from datetime import date

from django.db import transaction

from providers.models import Offering, Provider
from providers.schedule import next_weekday


class RunsWithoutASchedule(ValueError):
    """Runs whose weekday and times are not known cannot be copied: no new dates follow."""

    def __init__(self, runs: list[Offering]) -> None:
        super().__init__(", ".join(str(run) for run in runs))
        self.runs = runs


def runs_without_a_schedule(runs: Iterable[Offering]) -> list[Offering]:
    """The runs that cannot be copied yet: their written schedule was never read into a
    weekday and times."""
    return [run for run in runs if not run.has_schedule]


def offerings_copy(*, runs: Iterable[Offering], on_or_after: date) -> list[Offering]:
    """A new, unpublished run for each of `runs`: the next course of the same kind.

    Each copy starts on its run's own meeting day on or after `on_or_after`, and ends (and
    closes to newcomers) as many days later as its run did; everything else (provider,
    program, schedule, place, price, link) is kept. Copies wait unpublished for an editor
    to check the link and price. All or nothing: should one run have no weekly schedule,
    RunsWithoutASchedule names them all and nothing is copied. `runs` are left as they were.
    """
    runs = list(runs)
    if unscheduled := runs_without_a_schedule(runs):
        raise RunsWithoutASchedule(unscheduled)
    copies = []
    with transaction.atomic():
        for run in runs:
            start = next_weekday(on_or_after, run.weekday)
            shift = start - run.start_date
            new = copy.copy(run)
            # Django's documented way to save an instance as a new row.
            new.pk, new._state.adding = None, True
            new.start_date, new.end_date = start, run.end_date + shift
            new.joinable_until = run.joinable_until + shift if run.joinable_until else None
            new.is_published = False
            new.save()
            copies.append(new)
    return copies


def providers_mark_verified(*, providers: Iterable[Provider], on: date) -> int:
    """Record that each provider's details were checked on `on`; returns how many.

    Through save(), one by one, so that each change is in the provider's history and the
    public pages that show it refresh.
    """
    count = 0
    with transaction.atomic():
        for provider in providers:
            provider.last_verified = on
            provider.save(update_fields=["last_verified"])
            count += 1
    return count
