"""Page traffic cannot evict the rate limit's counts, and made-up query strings are
not cached.

A probe requested one page under thousands of query
strings; each was kept as a copy beside the counts, and culling the store made room
by removing the counts, so the limit started again from zero.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.urls import reverse

from advisor.models import Intake
from tests.advisor.intakes import another_persons_post

pytestmark = pytest.mark.django_db


def page_copies() -> int:
    """How many copies of public pages the page cache holds (a table, by default)."""
    table = settings.CACHES["default"]["LOCATION"]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {table} WHERE cache_key LIKE %s", ["%public-page:%"])
        return cursor.fetchone()[0]


def test_made_up_query_strings_are_not_kept_as_copies(client):
    client.get(reverse("providers:list"))
    before = page_copies()

    for n in range(30):
        assert client.get(f"{reverse('providers:list')}?utm_{n}=x").status_code == 200
        assert client.get(f"{reverse('providers:list')}?program=zz{n}").status_code == 200
        assert client.get(f"{reverse('home')}?n={n}").status_code == 200

    assert page_copies() == before


def test_a_filter_the_directory_offers_is_still_served_from_a_copy(client):
    url = f"{reverse('providers:list')}?program=MSC&format=&region="
    client.get(url)

    assert page_copies() == 1


def test_flooding_the_page_cache_does_not_reset_the_rate_limit(client, settings):
    settings.INTAKE_RATE_LIMIT = 3
    for _ in range(settings.INTAKE_RATE_LIMIT):
        assert client.post(reverse("advisor:intake"), another_persons_post()).status_code == 302

    for slug in ("mbsr", "mbct", "msc"):
        client.get(reverse("programs:detail", args=[slug]))
    for program in ("MBSR", "MBCT", "MSC", "mbsr", "mbct", "msc"):
        for region in ("northeast", "south", "west", "midwest", "outside_us", ""):
            client.get(f"{reverse('providers:list')}?program={program}&region={region}")
    caches["default"].clear()  # whatever culling does, the counts are elsewhere

    response = client.post(reverse("advisor:intake"), another_persons_post())

    assert response.status_code == 429
    assert Intake.objects.count() == settings.INTAKE_RATE_LIMIT
