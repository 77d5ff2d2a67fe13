"""The clinic promises only what it can keep: answer times counted to its open hours.

One rule (advisor.waiting.answer_due) for the person's page, the clinic's e-mail and the
admin's overdue marks: the answer time in plain hours from sending; a moment that falls
while the clinic is closed, or in the first three hours of an open day, moves to three
hours after the next opening. No holidays. 4 December 2026 is a Friday.
"""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest

from advisor.waiting import answer_due
from config.clinic.words import due_words
from tests.config.clinic_hours import NEW_YORK, at, weekday_clinic

LOS_ANGELES = ZoneInfo("America/Los_Angeles")


@pytest.mark.parametrize(
    ("sent", "flagged", "due"),
    [
        # Across a weekend: everything sent from Friday afternoon waits for Monday's noon.
        (at(4, 19), True, at(7, 12)),
        (at(4, 16, 30), True, at(7, 12)),
        (at(5, 10), True, at(7, 12)),
        (at(6, 10), True, at(7, 12)),  # Monday 10:00 is in the clinic's first hours
        (at(6, 20), True, at(8, 12)),  # Monday 20:00 is closed: Tuesday noon
        (at(4, 19), False, at(7, 12)),
        (at(3, 11), False, at(7, 12)),  # Thursday + 48 hours is Saturday
        # Within a week: a promise that falls in open hours stands as it is.
        (at(8, 16, 30), True, at(9, 16, 30)),
        (at(8, 13), True, at(9, 13)),
        (at(8, 10), True, at(9, 12)),  # Wednesday 10:00: in the first hours, so noon
        (at(8, 10), False, at(10, 12)),
        (at(8, 16, 30), False, at(10, 16, 30)),
        # Before opening: Monday 06:00 + 24 hours is before Tuesday's opening.
        (at(7, 6), True, at(8, 12)),
        (at(7, 6), False, at(9, 12)),
        # Just at and after closing: 17:00 is still kept, 17:01 is not.
        (at(7, 17), True, at(8, 17)),
        (at(7, 17, 1), True, at(9, 12)),
    ],
)
def test_it_counts_the_answer_time_to_the_clinics_open_hours(sent, flagged, due):
    assert answer_due(sent, flagged=flagged, clinic=weekday_clinic()) == due


def test_it_says_the_deadline_in_the_clinics_zone_whatever_zone_the_moment_is_in():
    sent = at(4, 19).astimezone(ZoneInfo("UTC"))

    due = answer_due(sent, flagged=True, clinic=weekday_clinic())

    assert due.tzinfo == NEW_YORK
    assert due_words(due) == "by Monday 7 December at 12 pm Eastern time"


def test_a_clinic_in_another_zone_counts_its_own_hours():
    pacific = weekday_clinic(time_zone="America/Los_Angeles")
    # Friday 19:00 in Los Angeles is already Friday 22:00 in New York.
    sent = at(4, 19, zone=LOS_ANGELES)

    due = answer_due(sent, flagged=True, clinic=pacific)

    assert due == at(7, 12, zone=LOS_ANGELES)
    assert due_words(due) == "by Monday 7 December at 12 pm Pacific time"
    # Tuesday 07:00 in Los Angeles (10:00 in New York): + 24 hours is before its 9 am.
    assert answer_due(at(8, 7, zone=LOS_ANGELES), flagged=True, clinic=pacific) == at(
        9, 12, zone=LOS_ANGELES
    )
    # The same moment at the New York clinic stands as it is (Wednesday 10:00 is too early).
    assert answer_due(at(8, 13), flagged=True, clinic=weekday_clinic()) == at(9, 13)


def test_the_clinics_own_days_and_hours_decide():
    # Open Tuesday to Saturday, 10 am to 2 pm (shorter than the first three hours and a bit).
    clinic = weekday_clinic(open_days="12345", opens_at=time(10), closes_at=time(12))

    # Friday 19:00 + 24 hours is Saturday 19:00; Sunday and Monday are closed.
    assert answer_due(at(4, 19), flagged=True, clinic=clinic) == at(8, 12)
    # A day shorter than the first hours: the promise is its closing.
    assert answer_due(at(4, 8), flagged=True, clinic=clinic) == at(5, 12)


def test_a_clinic_open_around_the_clock_promises_plain_hours():
    clinic = weekday_clinic(open_days="0123456", opens_at=time(0), closes_at=time(23, 59))

    assert answer_due(at(4, 19), flagged=True, clinic=clinic) == at(5, 19)
    assert answer_due(at(6, 1, 30), flagged=False, clinic=clinic) == at(8, 1, 30)


@pytest.mark.parametrize(
    ("due", "words"),
    [
        (at(7, 12), "by Monday 7 December at 12 pm Eastern time"),
        (at(9, 16, 30), "by Wednesday 9 December at 4:30 pm Eastern time"),
        (at(8, 9), "by Tuesday 8 December at 9 am Eastern time"),
        (
            datetime(2026, 12, 7, 12, tzinfo=ZoneInfo("Europe/London")),
            "by Monday 7 December at 12 pm London time",
        ),
    ],
)
def test_a_deadline_reads_in_a_persons_words(due, words):
    assert due_words(due) == words
