"""Calendar files stay whole whatever text is already saved in the directory.

The admin now refuses control characters, but rows saved before it did (or changed by
an update that skips validation) may hold any text: line breaks of every kind, NULs,
very long lines. Each calendar file still answers 200, parses back, and no property
carries a control character.
"""

from __future__ import annotations

import unicodedata
from urllib.parse import unquote

import pytest
from django.core.cache import caches
from django.db import connection
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from providers.models import Offering, Provider
from tests.factories import OfferingFactory
from tests.hypothesis_examples import examples

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=examples(150),
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

NASTY = [
    "\r\n",
    "\n",
    "\r",
    "\x00",
    "\u2028",
    "\u2029",
    "\x85",
    "\x0b\x0c",
    "\x1b[31m",
    "\t",
    ";,\\:",
    'X-WR-CALNAME:"',
    "\r\nEND:VCALENDAR\r\nBEGIN:VEVENT",
    "é" * 300,
    "x" * 2000,
]


def _text(max_size: int) -> st.SearchStrategy[str]:
    pieces = st.one_of(st.sampled_from(NASTY), st.text(max_size=40))
    text = st.lists(pieces, max_size=6).map("".join).map(lambda s: s[:max_size])
    if connection.vendor == "postgresql":
        # PostgreSQL refuses a NUL in any text, so no row can hold one there.
        text = text.map(lambda s: s.replace("\x00", ""))
    return text


def _column(field: str) -> int:
    return Offering._meta.get_field(field).max_length or 0


PROVIDER_TEXT = st.fixed_dictionaries(
    {
        name: _text(Provider._meta.get_field(name).max_length or 2000)
        for name in ("name", "description", "website", "city", "state_or_country", "who_can_join")
    }
)
RUN_TEXT = st.fixed_dictionaries(
    {
        name: _text(_column(name))
        for name in ("location", "price", "registration_url", "schedule_as_written")
    }
)


TEXT_PROPERTIES = ("SUMMARY", "LOCATION", "DESCRIPTION", "URL", "X-WR-CALNAME")


def _control_characters(text: str) -> list[str]:
    return [ch for ch in text if unicodedata.category(ch) == "Cc"]


def _visible(text: str) -> str:
    """What a reader sees of `text`: everything but spacing and control characters."""
    return "".join(ch for ch in text if not ch.isspace() and unicodedata.category(ch) != "Cc")


def _parse_clean(body: bytes) -> Calendar:
    # Every content line ends in CRLF and holds no other control character.
    for line in body.decode().split("\r\n"):
        assert _control_characters(line) == [], line
    calendar = Calendar.from_ical(body)
    for component in calendar.walk():
        for name in TEXT_PROPERTIES:
            if name in component:
                assert _control_characters(str(component[name])) == [], (name, component[name])
    return calendar


@pytest.fixture
def run(db) -> Offering:
    return OfferingFactory()


@FUZZ
@given(provider_text=PROVIDER_TEXT, run_text=RUN_TEXT)
def test_it_serves_whole_calendar_files_whatever_text_was_saved(
    client, run, provider_text, run_text
):
    Provider.objects.filter(pk=run.provider_id).update(**provider_text)
    Offering.objects.filter(pk=run.pk).update(**run_text)
    # A cached feed would show the text of an earlier example.
    for alias in caches:
        caches[alias].clear()

    for url in (run.calendar_url, reverse("courses:feed")):
        response = client.get(url)
        assert response.status_code == 200, url
        calendar = _parse_clean(response.content)
        [event] = calendar.walk("VEVENT")
        assert str(event["UID"]) == f"course-run-{run.pk}@mindful-path"
        # The saved words come back, whatever spacing and control characters were dropped.
        assert _visible(provider_text["name"]) in _visible(str(event["SUMMARY"]))
        assert _visible(run_text["location"]) == _visible(str(event.get("LOCATION", "")))
        url = str(event.get("URL", ""))
        assert not any(ch.isspace() for ch in url), url
        assert _visible(unquote(url)) == _visible(unquote(run_text["registration_url"]))


def test_it_writes_a_name_with_a_line_break_on_one_line(client, run):
    """The probe's case: a newline in a provider's name made its calendar file a 500."""
    Provider.objects.filter(pk=run.provider_id).update(name="Quiet Harbor\r\nMindfulness\x1b")

    response = client.get(run.calendar_url)

    assert response.status_code == 200
    calendar = Calendar.from_ical(response.content)
    assert str(calendar["X-WR-CALNAME"]) == "MBSR with Quiet Harbor Mindfulness"
    [event] = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]).endswith("with Quiet Harbor Mindfulness")


def test_it_leaves_out_a_run_whose_saved_time_zone_is_unknown(client, run):
    Offering.objects.filter(pk=run.pk).update(time_zone="Mars/Olympus\nMons")

    response = client.get(run.calendar_url)

    assert response.status_code == 200
    assert Calendar.from_ical(response.content).walk("VEVENT") == []
