"""How the clinic's promises read in a sentence: answer times, clock times, zones, dates.

No database. In the active language: a participant's page or e-mail in Spanish reads
"a más tardar el lunes 7 de diciembre a las 12 p. m., hora del Este"; staff pages, in
English, read "by Monday 7 December at 12 pm Eastern time".
"""

from __future__ import annotations

from datetime import datetime, time, tzinfo

from django.utils import dateformat
from django.utils.translation import gettext, ngettext, pgettext, pgettext_lazy

# How a person names the clinic's zone; any other reads as its city ("London time").
# Inside a sentence (lower case in Spanish: "hora del Este"), unlike a menu's zone names.
ZONE_WORDS = {
    "America/New_York": pgettext_lazy("a time zone, inside a sentence", "Eastern time"),
    "America/Detroit": pgettext_lazy("a time zone, inside a sentence", "Eastern time"),
    "America/Chicago": pgettext_lazy("a time zone, inside a sentence", "Central time"),
    "America/Denver": pgettext_lazy("a time zone, inside a sentence", "Mountain time"),
    "America/Phoenix": pgettext_lazy("a time zone, inside a sentence", "Arizona time"),
    "America/Los_Angeles": pgettext_lazy("a time zone, inside a sentence", "Pacific time"),
    "America/Anchorage": pgettext_lazy("a time zone, inside a sentence", "Alaska time"),
    "Pacific/Honolulu": pgettext_lazy("a time zone, inside a sentence", "Hawaii time"),
    "America/Puerto_Rico": pgettext_lazy("a time zone, inside a sentence", "Puerto Rico time"),
}


def within_words(hours: int) -> str:
    """'4 hours', '24 hours', '36 hours', '2 days': how an answer time reads in a sentence.

    In days only from two whole days up; a day or less, or part days, in hours, which is
    how an urgent promise is best kept in mind.
    """
    if hours >= 48 and hours % 24 == 0:
        days = hours // 24
        return ngettext("%(count)d day", "%(count)d days", days) % {"count": days}
    return ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours}


def clock_words(value: time) -> str:
    """12 pm, 9 am, 4:30 pm (Spanish: 12 p. m., 9 a. m.): a time as people say it."""
    hour = value.hour % 12 or 12
    minutes = f":{value.minute:02d}" if value.minute else ""
    half = (
        pgettext("before noon, after a clock time", "am")
        if value.hour < 12
        else pgettext("after noon, after a clock time", "pm")
    )
    return f"{hour}{minutes} {half}"


def zone_words(zone: tzinfo) -> str:
    name = str(zone)
    if name in ZONE_WORDS:
        return str(ZONE_WORDS[name])
    # Translators: a time zone named after its city, "London time".
    return gettext("%(city)s time") % {"city": name.rsplit("/", 1)[-1].replace("_", " ")}


def due_words(due: datetime) -> str:
    """ "by Monday 7 December at 12 pm Eastern time": a promise in the person's words,
    with the date, so that it still reads right on a page opened a week later."""
    # Translators: a date format (Django's), as in "by Monday 7 December".
    day = dateformat.format(due, pgettext("date format: the day an answer is due", "l j F"))
    hour = due.hour % 12 or 12
    # Counted by the hour on the clock, because Spanish says "a la 1" but "a las 2".
    sentence = ngettext("by %(day)s at %(time)s %(zone)s", "by %(day)s at %(time)s %(zone)s", hour)
    return sentence % {"day": day, "time": clock_words(due.time()), "zone": zone_words(due.tzinfo)}
