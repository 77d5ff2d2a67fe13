"""A course's schedule and time zones in the page's language (providers.schedule says them
in English, without Django).

Spanish pages write the US clock with "a. m." and "p. m." and say a weekly meeting as
"Los lunes, de 6:30 a 9:00 p. m."; the sentences come from the catalogue, so English
pages read exactly as providers.schedule writes them.
"""

from __future__ import annotations

import functools

from django.utils.translation import get_language, gettext, gettext_noop, pgettext

from providers.schedule import (
    FRIENDLY_TIME_ZONES,
    Meeting,
    ScheduleWords,
    time_zone_label,
    time_zone_names,
)


def page_words() -> ScheduleWords:
    """How schedules are said in the active language."""
    return _words(get_language())


@functools.cache
def _words(language: str | None) -> ScheduleWords:
    defaults = ScheduleWords()
    return ScheduleWords(
        am=pgettext("before noon, after a clock time", "am"),
        pm=pgettext("after noon, after a clock time", "pm"),
        span=pgettext("from one clock time to another: 6:00 to 8:30 pm", "%(start)s to %(end)s"),
        # Translators: a weekly meeting, "Mondays, 6:00 to 8:30 pm".
        meeting=gettext("%(days)s, %(times)s"),
        every_weekday=tuple(gettext(day) for day in defaults.every_weekday),
    )


def meeting_words(meeting: Meeting) -> str:
    """ "Mondays, 6:30 to 9:00 pm", in the page's language."""
    return meeting.said(page_words())


def zone_words(name: str) -> str:
    """A time zone as the page names it: "Eastern time (US)", "Hora del Este (EE. UU.)";
    a zone without a common name reads as its IANA name, which is the same in any language."""
    label = time_zone_label(name)
    return gettext(label) if name in FRIENDLY_TIME_ZONES else label


# The finder's time-zone menu: its first choice, then every zone.
ANY_ZONE = gettext_noop("Each course's own time zone")


def time_zone_menu() -> list[tuple[str, str]]:
    """The finder's time-zone menu in the page's language (hundreds of choices, built once
    per language)."""
    return _menu(get_language())


@functools.cache
def _menu(language: str | None) -> list[tuple[str, str]]:
    return [("", gettext(ANY_ZONE)), *((name, zone_words(name)) for name in time_zone_names())]
