"""The clinic's record as every page, e-mail and admin view reads it.

Read through the shared cache: the footer is on every page, and a database query
per page for a record that changes a few times a year would be waste. Saving the
record clears the copy and every cached public page, so an edit shows at once. Saving
it while Redis is away still succeeds: the copy is then cleared by this process's next
read, and in any case lasts no longer than a page's (PAGE_TTL).
"""

from __future__ import annotations

import contextlib
import zoneinfo
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

from django.core.cache import cache
from django.db import DatabaseError
from django.http import HttpRequest
from django.utils import formats, timezone

from config.error_pages import REDIS_UNREACHABLE
from config.page_cache import PAGE_TTL

CACHE_KEY = "clinic-profile"
# The cache is Redis or the database; either may be away while a page must still render.
CACHE_AWAY = (*REDIS_UNREACHABLE, DatabaseError)
# Set when a save could not clear the copy (Redis away): the next read clears it first.
_forget_owed = False


def current_clinic():
    """The clinic's record; the sample one if none was ever saved; None if it cannot be read.

    None only while the database is away and the cache holds no copy: a page then says
    "the clinic" rather than show details that may not be the clinic's.
    """
    from config.models import ClinicProfile

    with contextlib.suppress(*CACHE_AWAY):
        if _forget_owed:
            forget_clinic()
        clinic = None if _forget_owed else cache.get(CACHE_KEY)
        if clinic is not None:
            return clinic
    try:
        clinic = ClinicProfile.objects.filter(pk=ClinicProfile.SINGLETON_PK).first()
    except DatabaseError:
        return None
    clinic = clinic or ClinicProfile.sample()
    with contextlib.suppress(*CACHE_AWAY):
        # Not kept for good: a copy another process could not clear (its save made while
        # Redis was away, and that process gone) lasts as long as a public page at most.
        cache.set(CACHE_KEY, clinic, timeout=PAGE_TTL)
    return clinic


def forget_clinic(**_signal_kwargs) -> None:
    """Clear the cached copy (on every save); owed, not raised, while Redis is away, so
    that the superuser's save succeeds."""
    global _forget_owed
    try:
        cache.delete(CACHE_KEY)
    except REDIS_UNREACHABLE:
        _forget_owed = True
    else:
        _forget_owed = False


def connect_signals() -> None:
    from django.db.models.signals import post_delete, post_save

    from config.models import ClinicProfile
    from config.page_cache import invalidate_on_changes

    post_save.connect(forget_clinic, sender=ClinicProfile, dispatch_uid="clinic-forget-save")
    post_delete.connect(forget_clinic, sender=ClinicProfile, dispatch_uid="clinic-forget-del")
    # The footer of every cached page names the clinic.
    invalidate_on_changes(ClinicProfile)


def clinic_time_zone(clinic=None) -> tzinfo:
    """The clinic's zone (of `clinic` when the caller has the record already)."""
    clinic = clinic or current_clinic()
    try:
        return zoneinfo.ZoneInfo(clinic.time_zone) if clinic else timezone.get_default_timezone()
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return timezone.get_default_timezone()


def staff_time(value: datetime, zone: tzinfo | None = None) -> str:
    """ "28 Nov 2026 15:33 EST": the one way staff read a time, in `zone` or the active one
    (on staff pages, the clinic's: ClinicTimeZoneMiddleware)."""
    return formats.date_format(timezone.localtime(value, zone), "DATETIME_FORMAT")


def clinic_datetime_text(value: datetime) -> str:
    """A moment in the clinic's zone, outside a request (e-mails): "28 Nov 2026 15:33 EST"."""
    return staff_time(value, clinic_time_zone())


def within_words(hours: int) -> str:
    """'4 hours', '24 hours', '36 hours', '2 days': how an answer time reads in a sentence.

    In days only from two whole days up; a day or less, or part days, in hours, which is
    how an urgent promise is best kept in mind.
    """
    if hours >= 48 and hours % 24 == 0:
        return f"{hours // 24} days"
    return "1 hour" if hours == 1 else f"{hours} hours"


# The first hours of an open day go to whoever wrote while the clinic was closed: no promise
# falls in them (answer_due).
FIRST_HOURS = timedelta(hours=3)
# Open days are looked for this far ahead or back: a week holds at least one.
_WEEK = 8
# How a person names the clinic's zone; any other reads as its city ("London time").
ZONE_WORDS = {
    "America/New_York": "Eastern time",
    "America/Detroit": "Eastern time",
    "America/Chicago": "Central time",
    "America/Denver": "Mountain time",
    "America/Phoenix": "Arizona time",
    "America/Los_Angeles": "Pacific time",
    "America/Anchorage": "Alaska time",
    "Pacific/Honolulu": "Hawaii time",
    "America/Puerto_Rico": "Puerto Rico time",
}


@dataclass(frozen=True)
class OpenHours:
    """When the clinic answers: its open weekdays (Monday is 0), hours and zone.

    No holidays: every week is the same (a clinic closed on a holiday widens its answer
    times by hand, or takes the day out of its open days for that week).
    """

    days: frozenset[int]
    opens: time
    closes: time
    zone: tzinfo

    @classmethod
    def of(cls, clinic) -> OpenHours:
        from config.models import SAMPLE

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


def answer_due(sent: datetime, *, flagged: bool, clinic=None) -> datetime:
    """When the clinic has promised to answer an intake sent at `sent`, in its own zone.

    The one rule every page, e-mail and overdue mark uses: the clinic's answer time for
    the intake (flagged for a clinician or not), counted in calendar hours from `sent`; if
    that moment falls while the clinic is closed, or in the first three hours of an open
    day (kept for whoever wrote while it was closed), the promise moves to three hours
    after the next opening (to its closing, if it is open less). So at a Monday-to-Friday,
    9-to-5 clinic answering flagged intakes within 24 hours, one sent on Friday evening is
    due by Monday 12 pm, one sent on Tuesday at 16:30 by Wednesday 16:30. A clinic open
    every day from 00:00 to 23:59 is never closed: its promises are plain hours. No holidays.
    `clinic` is the record when the caller has it (else current_clinic()); with none
    readable, the sample's times.
    """
    from config.models import SAMPLE

    clinic = clinic or current_clinic()
    if clinic is None:
        hours = SAMPLE["flagged_answer_hours" if flagged else "intake_answer_hours"]
    else:
        hours = clinic.flagged_answer_hours if flagged else clinic.intake_answer_hours
    schedule = OpenHours.of(clinic)
    return schedule.promisable(sent + timedelta(hours=hours)).astimezone(schedule.zone)


def clock_words(value: time) -> str:
    """12 pm, 9 am, 4:30 pm: a time as people say it."""
    hour = value.hour % 12 or 12
    minutes = f":{value.minute:02d}" if value.minute else ""
    return f"{hour}{minutes} {'am' if value.hour < 12 else 'pm'}"


def zone_words(zone: tzinfo) -> str:
    name = str(zone)
    return ZONE_WORDS.get(name, name.rsplit("/", 1)[-1].replace("_", " ") + " time")


def due_words(due: datetime) -> str:
    """ "by Monday 7 December at 12 pm Eastern time": a promise in the person's words,
    with the date, so that it still reads right on a page opened a week later."""
    day = f"{due:%A} {due.day} {due:%B}"
    return f"by {day} at {clock_words(due.time())} {zone_words(due.tzinfo)}"


def clinic_context(request: HttpRequest) -> dict:
    """The `clinic` every template can name (a context processor); on a staff page, the
    record the middleware read already."""
    return {"clinic": getattr(request, "clinic", None) or current_clinic()}


class ClinicTimeZoneMiddleware:
    """Show every time on staff pages, and in what staff export, in the clinic's zone.

    Public pages show course times in the visitor's own zone and need no record: they are
    spared the look-up.
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        if not request.path.startswith("/admin/"):
            return self.get_response(request)
        request.clinic = current_clinic()
        with timezone.override(clinic_time_zone(request.clinic)):
            return self.get_response(request)
