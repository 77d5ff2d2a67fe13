"""Validators for the text staff type that reaches calendars, e-mail headers and names,
and for the time zones they name.

A control character saved in a provider's name or the clinic's name ends up in an
iCalendar property, an e-mail subject or a sender's name, where a line break starts a
new header or property. Every such field refuses them: single-line fields (names,
titles, places, URLs, phone, time zone) refuse all of them, and the line and paragraph
separators too; descriptions written over several lines keep their line breaks and tabs.
"""

from __future__ import annotations

import re
import unicodedata
import zoneinfo

from django.core.exceptions import ValidationError

# Line breaks that are not control characters but that splitlines(), e-mail and some
# calendar apps treat as one.
LINE_SEPARATORS = frozenset("\u2028\u2029")

# A browser sends a textarea's line breaks as CRLF, so a lone CR is the only one refused.
_LINE_BREAK = re.compile(r"\r\n|\n")
KEPT_IN_TEXT = frozenset("\n\t")


def _breaks_a_line(ch: str) -> bool:
    return unicodedata.category(ch) == "Cc" or ch in LINE_SEPARATORS


def one_line(text: str) -> str:
    """`text` as it may stand where a line break starts a new e-mail header or calendar
    property: every control character and line separator read as a space, runs of
    spaces as one.

    The fields refuse such characters now (below), but rows saved before, or changed by an
    update that skips validation, may hold them: whatever is written out is made of this.
    """
    return " ".join("".join(" " if _breaks_a_line(ch) else ch for ch in text).split())


def _first_refused(value: str, *, kept: frozenset[str]) -> str | None:
    for ch in value:
        if ch in kept:
            continue
        if _breaks_a_line(ch) and (ch not in LINE_SEPARATORS or not kept):
            return ch
    return None


def _describe(ch: str) -> str:
    name = unicodedata.name(ch, "")
    return f"U+{ord(ch):04X}" + (f" {name}" if name else "")


def single_line(value: object) -> None:
    """Refuse line breaks, tabs and every other control character in a one-line field."""
    ch = _first_refused(str(value), kept=frozenset())
    if ch is not None:
        raise ValidationError(
            "Please keep this on one line, without line breaks, tabs or other control "
            "characters (found %(char)s).",
            code="single_line",
            params={"char": _describe(ch)},
        )


def no_control_characters(value: object) -> None:
    """Refuse control characters in a text of several lines; line breaks and tabs stay."""
    text = _LINE_BREAK.sub("\n", str(value))
    ch = _first_refused(text, kept=KEPT_IN_TEXT)
    if ch is not None:
        raise ValidationError(
            "Please remove the control character %(char)s: only line breaks and tabs are "
            "kept in this text.",
            code="control_characters",
            params={"char": _describe(ch)},
        )


def known_time_zone(value: str) -> None:
    """Refuse a time zone the tz database does not name (the clinic's, a course run's)."""
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            "Please give a time zone by its name, such as America/New_York.", code="time_zone"
        )
