"""The courses to suggest to one person: their program, language, region, format and zone.

Honest about what it finds: when someone who would go in person has nothing near
them, it says so and offers online runs that meet at waking hours where they live,
rather than quietly listing online courses as if they were what was asked for.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import time

from django.utils.http import urlencode

from providers.models import Format, Offering

# Online runs looked at for each suggestion; enough to find a handful at good hours.
CANDIDATES = 60
# A session that starts before this or ends after that, where the person lives, is not
# one to offer them as suiting their time zone.
EARLIEST, LATEST = time(7, 0), time(22, 0)


@dataclass(frozen=True)
class CourseChoices:
    """Everything a person's list of courses depends on (besides the catalog and the date).

    Frozen and compared by value, so one object can be both the list's input and the key
    of its cached copy: a choice the list reads is a field here, and so in the key.
    """

    program: str
    region: str
    format_preference: str
    # "" means any language (they chose "other"); a zone "" means none is known.
    language: str
    viewer_zone: str
    # Runs taught in this language come first, the others after them, each part soonest
    # first (a Spanish intake's list starts with Spanish-taught runs); "" keeps plain
    # soonest-first order. A field, not an argument, so that it is in the cached list's key.
    prefer_language: str = ""
    # Each run with an "I've signed up for this one" button, for the person's own page (the
    # buttons post a form that page holds outside the cached list).
    sign_up: bool = False


@dataclass
class CourseMatches:
    in_person: list[Offering] = field(default_factory=list)
    online: list[Offering] = field(default_factory=list)
    # Wanted in person (or either) but nothing in person is near them.
    none_in_person_near: bool = False
    # Query string for /courses/ with the same choices.
    courses_query: str = ""

    def __bool__(self) -> bool:
        return bool(self.in_person or self.online)


def at_waking_hours(offering: Offering, viewer_zone: str) -> bool:
    """Every session starts and ends between EARLIEST and LATEST in `viewer_zone`."""
    if not viewer_zone:
        return True
    meetings = offering.meetings_in(viewer_zone)
    return bool(meetings) and all(
        EARLIEST <= meeting.starts < meeting.ends <= LATEST for meeting in meetings
    )


def courses_for(choices: CourseChoices, *, limit: int) -> CourseMatches:
    """The soonest upcoming runs of the chosen program that suit this person, by format."""
    runs = Offering.objects.upcoming().filter(program__code=choices.program)
    if choices.language:
        runs = runs.filter(language=choices.language)
    runs = runs.in_language_first(choices.prefer_language)
    matches = CourseMatches()
    if choices.format_preference != Format.ONLINE:
        matches.in_person = list(
            runs.filter(format=Format.IN_PERSON, provider__region=choices.region)[:limit]
        )
        matches.none_in_person_near = not matches.in_person
    if choices.format_preference != Format.IN_PERSON or matches.none_in_person_near:
        online = runs.filter(format=Format.ONLINE)[:CANDIDATES]
        matches.online = [run for run in online if at_waking_hours(run, choices.viewer_zone)][
            :limit
        ]
    with_local_times((*matches.in_person, *matches.online), choices.viewer_zone)
    # Where nothing in person is near, the finder is asked for what the page offers
    # instead: online runs (and anything in person that appears there later).
    asked_format = "" if matches.none_in_person_near else choices.format_preference
    matches.courses_query = _query(choices, asked_format)
    return matches


def with_local_times(offerings: Iterable[Offering], viewer_zone: str) -> list[Offering]:
    """Each run with `local_meetings`: its sessions in the visitor's zone, when that differs."""
    runs = list(offerings)
    for run in runs:
        run.local_meetings = (
            run.meetings_in(viewer_zone) if viewer_zone and viewer_zone != run.time_zone else []
        )
    return runs


def _query(choices: CourseChoices, format_preference: str) -> str:
    filters = {
        "program": choices.program,
        "region": choices.region,
        "language": choices.language,
        "tz": choices.viewer_zone,
    }
    if format_preference in (Format.IN_PERSON, Format.ONLINE):
        filters["format"] = format_preference
    return urlencode({name: value for name, value in filters.items() if value})
