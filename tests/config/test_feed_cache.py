"""The calendar feed (/courses/calendar.ics?<filters>) is kept like the course finder's pages.

A calendar app asks for its feed again and again; each request for the same filters is
served from the shared cache, and a directory editor's change shows in the next one.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import OfferingFactory, ProviderFactory, program

pytestmark = pytest.mark.django_db

# Looking a copy up in the database cache: one query (tests/config/test_page_cache.py).
CACHE_LOOKUPS = 1


def _feed(client, query: str = ""):
    response = client.get(reverse("courses:feed") + query)
    assert response.status_code == 200
    return response


def test_it_serves_a_repeat_request_for_the_feed_from_the_cache(client, queries):
    OfferingFactory(
        provider=ProviderFactory(programs=["MSC"]), program=program("MSC"), location="Dawn Hall"
    )
    first = _feed(client, "?program=msc")

    again = queries.of(lambda: _feed(client, "?program=msc"))

    assert len(again) == CACHE_LOOKUPS
    assert again[0].startswith('SELECT "cache_key"')
    assert b"Dawn Hall" in first.content


def test_it_serves_the_kept_feed_as_the_same_calendar_file(client):
    first = _feed(client)

    again = _feed(client)

    assert again.content == first.content
    assert again["Content-Type"] == "text/calendar; charset=utf-8"
    assert again["Content-Disposition"] == 'attachment; filename="courses.ics"'


def test_it_shows_a_new_course_in_the_feed_at_once(client):
    provider = ProviderFactory(programs=["MSC"])
    _feed(client, "?program=msc")

    OfferingFactory(provider=provider, program=program("MSC"), location="Evening Hall")

    assert b"Evening Hall" in _feed(client, "?program=msc").content


def test_it_shows_a_retired_provider_leaving_the_feed_at_once(client):
    provider = ProviderFactory(programs=["MSC"])
    OfferingFactory(provider=provider, location="Morning Hall")
    assert b"Morning Hall" in _feed(client).content

    provider.is_active = False
    provider.save()

    assert b"Morning Hall" not in _feed(client).content


def test_it_renders_a_feed_for_filters_it_does_not_keep(client, queries):
    # A made-up value is answered (as the finder answers it) but gets no copy of its own.
    _feed(client, "?program=nonsense")

    again = queries.of(lambda: _feed(client, "?program=nonsense"))

    assert any("providers_offering" in sql for sql in again)
