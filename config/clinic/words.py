"""How the clinic's promises read in a sentence: answer times, clock times, zones, dates.

Pure: no database, no Django.
"""

from __future__ import annotations

from datetime import datetime, time, tzinfo

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


def within_words(hours: int) -> str:
    """'4 hours', '24 hours', '36 hours', '2 days': how an answer time reads in a sentence.

    In days only from two whole days up; a day or less, or part days, in hours, which is
    how an urgent promise is best kept in mind.
    """
    if hours >= 48 and hours % 24 == 0:
        return f"{hours // 24} days"
    return "1 hour" if hours == 1 else f"{hours} hours"


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
