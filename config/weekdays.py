"""The days of the week, as Python counts them (date.weekday(): Monday is 0).

The one list: a course run's meeting day and the clinic's open days are both these
numbers. Pure, so the schedule's arithmetic (and the codebook) can read it without Django;
pages say the words in their own language with gettext.
"""

from __future__ import annotations


def gettext_noop(text: str) -> str:
    """Marks `text` for the Spanish catalogue (makemessages reads this name) without
    importing Django; the page translates it when it shows it."""
    return text


# Lower-case in Spanish, as Django's own catalogue has them (its date formats say them).
WEEKDAYS = (
    gettext_noop("Monday"),
    gettext_noop("Tuesday"),
    gettext_noop("Wednesday"),
    gettext_noop("Thursday"),
    gettext_noop("Friday"),
    gettext_noop("Saturday"),
    gettext_noop("Sunday"),
)
# A day that comes back every week, as a schedule opens: "Mondays, 6:30 to 9:00 pm"
# ("Los lunes, de 6:30 a 9:00 p. m.").
EVERY_WEEKDAY = (
    gettext_noop("Mondays"),
    gettext_noop("Tuesdays"),
    gettext_noop("Wednesdays"),
    gettext_noop("Thursdays"),
    gettext_noop("Fridays"),
    gettext_noop("Saturdays"),
    gettext_noop("Sundays"),
)
