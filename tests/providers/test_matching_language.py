"""The courses suggested to one person, taught in their language first.

A Spanish intake's list of courses (the recommendation page passes
`CourseChoices(prefer_language="es")`) starts with the runs taught in Spanish, then the
others, each part soonest first; it reads them with as many queries as a list in plain
date order, and a cached list kept for one choice is never served for the other.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from providers.matching import CourseChoices, courses_for
from providers.models import Format, Region
from providers.schedule import next_weekday
from tests.factories import OfferingFactory, ProviderFactory, program

pytestmark = pytest.mark.django_db


def _choices(**changes) -> CourseChoices:
    """Someone in the Northeast who would take MSC in person or online, in any language."""
    return CourseChoices(
        **{
            "program": "MSC",
            "region": Region.NORTHEAST,
            "format_preference": "either",
            "language": "",
            "viewer_zone": "",
            **changes,
        }
    )


def _run(name: str, *, weeks: int, language: str, online: bool = False):
    start = next_weekday(timezone.localdate() + timedelta(days=14), 1) + timedelta(weeks=weeks)
    return OfferingFactory(
        provider=ProviderFactory(region=Region.NORTHEAST, offers_online=online),
        program=program("MSC"),
        start_date=start,
        end_date=start + timedelta(weeks=7),
        format=Format.ONLINE if online else Format.IN_PERSON,
        location="" if online else "12 Harbor Street, Portland",
        language=language,
        registration_url=f"https://{name}.example.org/register",
    )


def _names(runs) -> list[str]:
    return [run.registration_url.split("//")[1].split(".")[0] for run in runs]


@pytest.fixture
def runs():
    """English runs sooner than the Spanish ones, in person and online."""
    _run("english-first", weeks=0, language="en")
    _run("english-second", weeks=1, language="en")
    _run("spanish-later", weeks=3, language="es")
    _run("spanish-soon", weeks=2, language="es")
    _run("online-english", weeks=0, language="en", online=True)
    _run("online-spanish", weeks=4, language="es", online=True)


def test_it_lists_runs_in_the_preferred_language_first_then_the_others(runs):
    matches = courses_for(_choices(prefer_language="es"), limit=6)

    assert _names(matches.in_person) == [
        "spanish-soon",
        "spanish-later",
        "english-first",
        "english-second",
    ]
    assert _names(matches.online) == ["online-spanish", "online-english"]


def test_without_a_preference_it_lists_the_soonest_first(runs):
    matches = courses_for(_choices(), limit=6)

    assert _names(matches.in_person) == [
        "english-first",
        "english-second",
        "spanish-soon",
        "spanish-later",
    ]


def test_a_short_list_keeps_the_preferred_language_in_it(runs):
    matches = courses_for(_choices(prefer_language="es"), limit=2)

    assert _names(matches.in_person) == ["spanish-soon", "spanish-later"]


def test_a_language_asked_for_still_filters_whatever_the_preference(runs):
    matches = courses_for(_choices(language="en", prefer_language="es"), limit=6)

    assert _names(matches.in_person) == ["english-first", "english-second"]


def test_the_preference_costs_no_query(runs):
    def count(choices: CourseChoices) -> int:
        with CaptureQueriesContext(connection) as captured:
            courses_for(choices, limit=6)
        return len(captured.captured_queries)

    assert count(_choices(prefer_language="es")) == count(_choices())


def test_the_preference_is_part_of_the_lists_cache_key():
    """The recommendation page keys its cached list on the CourseChoices' repr."""
    assert _choices(prefer_language="es") != _choices()
    assert "prefer_language='es'" in repr(_choices(prefer_language="es"))
