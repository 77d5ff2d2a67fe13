"""When the clinic is open, and so when a promise of an answer can fall.

No holidays: every week is the same (a clinic closed on a holiday widens its answer
times by hand, or takes the day out of its open days for that week). Which answer time
an intake is promised is the intake's rule (advisor.waiting.answer_hours); this module
only counts a number of hours to the clinic's open hours.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

from django.utils import timezone

from config.clinic.models import SAMPLE, ClinicProfile
from config.clinic.time_zone import clinic_time_zone

# The first hours of an open day go to whoever wrote while the clinic was closed: no promise
# falls in them (OpenHours.promise).
FIRST_HOURS = timedelta(hours=3)
# Open days are looked for this far ahead or back: a week holds at least one.
_WEEK = 8


@dataclass(frozen=True)
class OpenHours:
    """When the clinic answers: its open weekdays (Monday is 0), hours and zone."""

    days: frozenset[int]
    opens: time
    closes: time
    zone: tzinfo

    @classmethod
    def of(cls, clinic: ClinicProfile | None) -> OpenHours:
        """The record's open hours; with no record readable, the sample's."""
        days = clinic.open_days if clinic else SAMPLE["open_days"]
        return cls(
            days=frozenset(int(d) for d in days if d.isdigit() and int(d) < 7)
            or frozenset(range(5)),
            opens=clinic.opens_at if clinic else SAMPLE["opens_at"],
            closes=clinic.closes_at if clinic else SAMPLE["closes_at"],
            zone=clinic_time_zone(clinic) if clinic else timezone.get_default_timezone(),
        )

    @property
    def around_the_clock(self) -> bool:
        """Open every day from 00:00 to 23:59: never closed, so promises are plain hours."""
        return len(self.days) == 7 and self.opens == time(0) and self.closes >= time(23, 59)

    def _day(self, day: date) -> tuple[datetime, datetime] | None:
        """An open day's first promisable moment and its closing; None when closed."""
        if day.weekday() not in self.days:
            return None
        closes = datetime.combine(day, self.closes, tzinfo=self.zone)
        first = datetime.combine(day, self.opens, tzinfo=self.zone) + FIRST_HOURS
        return min(first, closes), closes

    def promise(self, sent: datetime, hours: int) -> datetime:
        """When an answer promised within `hours` of `sent` is due, in the clinic's zone:
        counted in calendar hours, then moved out of closed time (`promisable`)."""
        return self.promisable(sent + timedelta(hours=hours)).astimezone(self.zone)

    def promisable(self, moment: datetime) -> datetime:
        """`moment` if the clinic is open then and past its first hours, else the next
        moment that is: three hours after its next opening (its closing, on a shorter day)."""
        if self.around_the_clock:
            return moment
        start = moment.astimezone(self.zone).date()
        for offset in range(_WEEK):
            hours = self._day(start + timedelta(days=offset))
            if hours is None:
                continue
            first, closes = hours
            if moment < first:
                return first
            if moment <= closes:
                return moment
        raise AssertionError("a week without an open day")  # validate_open_days refuses it

    def overdue_before(self, now: datetime) -> tuple[datetime, bool]:
        """(cutoff, inclusive): a promise made for `due` has passed by `now` when the
        unmoved due time (sent + answer time) is before the cutoff (or at it, if inclusive).

        The inverse of `promisable`, so that the database can pick overdue intakes: while
        the clinic is open past its first hours, anything due before now; otherwise
        anything due by its last closing (what fell since then is due after `now`).
        """
        if self.around_the_clock:
            return now, False
        today = now.astimezone(self.zone).date()
        for offset in range(_WEEK):
            hours = self._day(today - timedelta(days=offset))
            if hours is None:
                continue
            first, closes = hours
            if first < now <= closes:
                return now, False
            if closes < now:
                return closes, True
        raise AssertionError("a week without an open day")
