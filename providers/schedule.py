"""A course run's weekly meetings, and what time they are somewhere else.

Pure: no database, no Django (the codebook reads the zones). A run meets on one weekday,
from one wall-clock time to another, in its own IANA time zone. Converted to another zone,
the same meeting can move by an hour when only one of the two zones changes its clocks,
and can fall on another day; `times_in` says so, session by session.

The words are English here; a page passes its own (providers.schedule_words), so that
Spanish says "Los lunes, de 6:30 a 9:00 p. m." where English says "Mondays, 6:30 to 9:00 pm".
"""

from __future__ import annotations

import re
import zoneinfo
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache

from config.weekdays import EVERY_WEEKDAY, gettext_noop

# Names people use for the zones most courses here are scheduled in; others show their
# IANA name (city, with spaces).
FRIENDLY_TIME_ZONES = {
    "America/New_York": gettext_noop("Eastern time (US)"),
    "America/Chicago": gettext_noop("Central time (US)"),
    "America/Denver": gettext_noop("Mountain time (US)"),
    "America/Phoenix": gettext_noop("Arizona time"),
    "America/Los_Angeles": gettext_noop("Pacific time (US)"),
    "America/Anchorage": gettext_noop("Alaska time"),
    "Pacific/Honolulu": gettext_noop("Hawaii time"),
    "Europe/London": gettext_noop("UK time"),
    "UTC": "UTC",
}


# The tz database's own areas; older aliases ("US/Eastern", "Brazil/East") stay out of
# the list, since each names a zone the list already has.
_WORLD_AREAS = {
    "Africa", "America", "Antarctica", "Asia", "Atlantic", "Australia", "Europe", "Indian",
    "Pacific",
}  # fmt: skip


@cache
def time_zone_names() -> tuple[str, ...]:
    """Every IANA zone a person or a course may pick, common US zones first."""
    others = sorted(
        name
        for name in zoneinfo.available_timezones()
        if name.split("/")[0] in _WORLD_AREAS and name not in FRIENDLY_TIME_ZONES
    )
    return (*FRIENDLY_TIME_ZONES, *others)


def time_zone_label(name: str) -> str:
    if name in FRIENDLY_TIME_ZONES:
        return FRIENDLY_TIME_ZONES[name]
    return name.replace("_", " ")


def time_zone_choices() -> list[tuple[str, str]]:
    return [(name, time_zone_label(name)) for name in time_zone_names()]


@dataclass(frozen=True)
class ScheduleWords:
    """How a schedule is said in one language: its clock's halves of the day, a span of
    time, and a weekly meeting. Templates are %-style, as gettext's are."""

    am: str = "am"
    pm: str = "pm"
    span: str = "%(start)s to %(end)s"
    meeting: str = "%(days)s, %(times)s"
    every_weekday: tuple[str, ...] = EVERY_WEEKDAY


ENGLISH = ScheduleWords()


def clock(value: time, words: ScheduleWords = ENGLISH) -> str:
    """6:30 pm, 12:00 pm (noon), 9:00 am."""
    return f"{_hours_and_minutes(value)} {_half_of_the_day(value, words)}"


def _hours_and_minutes(value: time) -> str:
    return f"{value.hour % 12 or 12}:{value.minute:02d}"


def _half_of_the_day(value: time, words: ScheduleWords) -> str:
    return words.am if value.hour < 12 else words.pm


def time_span(starts: time, ends: time, words: ScheduleWords = ENGLISH) -> str:
    """ "6:00 to 8:30 pm", "11:30 am to 1:00 pm": am or pm said once when both share it."""
    same_half = _half_of_the_day(starts, words) == _half_of_the_day(ends, words)
    start = _hours_and_minutes(starts) if same_half else clock(starts, words)
    return words.span % {"start": start, "end": clock(ends, words)}


@dataclass(frozen=True)
class Meeting:
    """One stretch of a run's sessions that fall at the same day and time in some zone."""

    first: date  # date of the first session in this stretch, where it is being read
    weekday: int
    starts: time
    ends: time

    def __str__(self) -> str:
        return self.said(ENGLISH)

    def said(self, words: ScheduleWords) -> str:
        """ "Mondays, 6:30 to 9:00 pm" in `words`."""
        return words.meeting % {
            "days": words.every_weekday[self.weekday],
            "times": time_span(self.starts, self.ends, words),
        }


def next_weekday(day: date, weekday: int) -> date:
    """`day` itself if it falls on `weekday` (0 is Monday), or the next one that does."""
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def session_dates(start: date, end: date, weekday: int) -> list[date]:
    """The run's meeting days: every `weekday` from `start` to `end`, both included."""
    first = next_weekday(start, weekday)
    count = max(0, (end - first).days // 7 + 1)
    return [first + timedelta(weeks=n) for n in range(count)]


def times_in(
    *,
    start: date,
    end: date,
    weekday: int,
    starts_at: time,
    ends_at: time,
    zone: str,
    viewer_zone: str,
) -> list[Meeting]:
    """The sessions' day and times in `viewer_zone`, one Meeting for each change."""
    here, there = zoneinfo.ZoneInfo(zone), zoneinfo.ZoneInfo(viewer_zone)
    meetings: list[Meeting] = []
    for day in session_dates(start, end, weekday):
        begins = datetime.combine(day, starts_at, here).astimezone(there)
        finishes = datetime.combine(day, ends_at, here).astimezone(there)
        meeting = Meeting(begins.date(), begins.weekday(), begins.time(), finishes.time())
        last = meetings[-1] if meetings else None
        if last is None or (last.weekday, last.starts, last.ends) != (
            meeting.weekday,
            meeting.starts,
            meeting.ends,
        ):
            meetings.append(meeting)
    return meetings


# "Tuesdays, 6:00 to 8:30 pm", "Mondays 6:30-9pm", "Saturday, 9:00 am to 11:30 am"
_WRITTEN = re.compile(
    # A day's whole name (maybe plural) or a short form: "Monthly" is not a Monday.
    r"^\s*(?P<day>(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)s?"
    r"|(?:mon|tues?|wed|thu(?:rs?)?|fri|sat|sun)\.?),?\s+"
    r"(?P<h1>\d{1,2})(?::(?P<m1>\d{2}))?\s*(?P<p1>am|pm|a\.m\.|p\.m\.)?\s*"
    r"(?:to|-|\u2013|until)\s*"
    r"(?P<h2>\d{1,2})(?::(?P<m2>\d{2}))?\s*(?P<p2>am|pm|a\.m\.|p\.m\.)\s*$",
    re.IGNORECASE,
)
_DAY_PREFIXES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _hour(hour: int, meridiem: str) -> int:
    pm = meridiem.lower().startswith("p")
    return hour % 12 + (12 if pm else 0)


def parse_written(text: str) -> tuple[int, time, time] | None:
    """A schedule as people write it, as (weekday, start, end); None when it is not one.

    Only the forms the directory used are read ("Tuesdays, 6:00 to 8:30 pm"); anything
    else is left for an editor rather than guessed.
    """
    match = _WRITTEN.match(text or "")
    if not match:
        return None
    end_meridiem = match["p2"]
    start_meridiem = match["p1"] or end_meridiem
    try:
        starts = time(_hour(int(match["h1"]), start_meridiem), int(match["m1"] or 0))
        ends = time(_hour(int(match["h2"]), end_meridiem), int(match["m2"] or 0))
    except ValueError:
        return None
    if not match["p1"] and starts > ends:
        # "11:30 to 1:00 pm" starts in the morning.
        starts = time(starts.hour - 12, starts.minute)
    if not (1 <= int(match["h1"]) <= 12 and 1 <= int(match["h2"]) <= 12) or starts >= ends:
        return None
    return _DAY_PREFIXES.index(match["day"].lower()[:3]), starts, ends
