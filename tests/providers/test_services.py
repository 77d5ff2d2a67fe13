"""The directory's writes, as the admin's actions ask for them: copying course runs to new
dates (the next course of the same kind, waiting unpublished), and marking providers as
checked."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest

from providers.models import Offering, Provider
from providers.services import RunsWithoutASchedule, offerings_copy, providers_mark_verified
from tests.factories import OfferingFactory, ProviderFactory

pytestmark = pytest.mark.django_db

MONDAY = date(2027, 3, 1)


def _run(**fields) -> Offering:
    """A published eight-week run meeting on Tuesdays from 2 February 2027, or as `fields` say."""
    start = fields.get("start_date", date(2027, 2, 2))
    run = {
        "start_date": start,
        "end_date": start + timedelta(weeks=7),
        "joinable_until": start + timedelta(days=7),
        "weekday": 1,
        "starts_at": time(18, 0),
        "ends_at": time(20, 30),
        "is_published": True,
    }
    return OfferingFactory(**(run | fields))


def test_it_starts_each_copy_on_its_own_meeting_day_on_or_after_the_date():
    tuesdays, thursdays = _run(), _run(start_date=date(2027, 2, 4), weekday=3)

    copies = offerings_copy(runs=[tuesdays, thursdays], on_or_after=MONDAY)

    assert [copy.start_date for copy in copies] == [date(2027, 3, 2), date(2027, 3, 4)]


def test_it_starts_a_copy_on_the_date_itself_when_the_run_meets_that_day():
    (copy,) = offerings_copy(runs=[_run()], on_or_after=date(2027, 3, 2))

    assert copy.start_date == date(2027, 3, 2)


def test_it_keeps_the_length_and_the_last_day_to_join():
    (copy,) = offerings_copy(runs=[_run()], on_or_after=MONDAY)

    copy.refresh_from_db()
    assert copy.end_date == date(2027, 4, 20)
    assert copy.joinable_until == date(2027, 3, 9)


def test_it_leaves_no_last_day_to_join_where_the_run_had_none():
    (copy,) = offerings_copy(runs=[_run(joinable_until=None)], on_or_after=MONDAY)

    assert Offering.objects.get(pk=copy.pk).joinable_until is None


def test_it_saves_each_copy_unpublished_with_the_runs_schedule_place_and_link():
    run = _run(location="12 Harbor Street, Portland", price_usd=450)

    (copy,) = offerings_copy(runs=[run], on_or_after=MONDAY)

    saved = Offering.objects.get(pk=copy.pk)
    assert saved.pk != run.pk
    assert saved.is_published is False
    assert (saved.provider, saved.program, saved.weekday, saved.starts_at, saved.ends_at) == (
        run.provider,
        run.program,
        1,
        time(18, 0),
        time(20, 30),
    )
    assert (saved.location, saved.price_usd, saved.registration_url) == (
        "12 Harbor Street, Portland",
        450,
        run.registration_url,
    )


def test_it_leaves_the_runs_themselves_as_they_were():
    run = _run()

    offerings_copy(runs=[run], on_or_after=MONDAY)

    assert (run.start_date, run.is_published) == (date(2027, 2, 2), True)
    saved = Offering.objects.get(pk=run.pk)
    assert (saved.start_date, saved.end_date, saved.is_published) == (
        date(2027, 2, 2),
        date(2027, 3, 23),
        True,
    )
    assert Offering.objects.count() == 2


def test_it_copies_nothing_when_one_run_has_no_schedule():
    scheduled, unscheduled = _run(), _run()
    Offering.objects.filter(pk=unscheduled.pk).update(weekday=None, starts_at=None, ends_at=None)
    unscheduled.refresh_from_db()

    with pytest.raises(RunsWithoutASchedule) as refused:
        offerings_copy(runs=[scheduled, unscheduled], on_or_after=MONDAY)

    assert refused.value.runs == [unscheduled]
    assert Offering.objects.count() == 2


def test_it_marks_each_chosen_provider_as_checked_on_the_day():
    chosen = [ProviderFactory(last_verified=None), ProviderFactory(last_verified=date(2025, 1, 6))]
    other = ProviderFactory(last_verified=date(2025, 1, 6))

    marked = providers_mark_verified(providers=chosen, on=MONDAY)

    assert marked == 2
    assert set(Provider.objects.filter(last_verified=MONDAY)) == set(chosen)
    other.refresh_from_db()
    assert other.last_verified == date(2025, 1, 6)
