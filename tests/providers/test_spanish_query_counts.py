"""A Spanish page runs exactly the queries its English page runs.

Both languages' texts live in the same rows (django-modeltranslation), and Spanish-taught
runs are put first in the same ORDER BY, so /es/ adds no query: the fixed query counts of
tests/config/test_query_counts.py hold in Spanish too.
"""

from __future__ import annotations

import pytest

from config.clinic.record import current_clinic
from programs.models import Program
from tests.factories import OfferingFactory, ProviderFactory, program

pytestmark = pytest.mark.django_db

WATCHED = "first-light-mindfulness"
CODES = [code for code, _ in Program.Code.choices]

# English paths; the Spanish ones are the same under /es/.
PAGES = [
    "/",
    "/programs/",
    "/programs/mbsr/",
    "/providers/",
    "/providers/?program=MBSR&format=in_person&region=northeast",
    f"/providers/{WATCHED}/",
    "/courses/",
    "/courses/?program=MSC&language=es&tz=America/Chicago",
    "/courses/?program=YOGA&max_price=abc",
    "/courses/calendar.ics",
]


@pytest.fixture
def directory():
    provider = ProviderFactory(slug=WATCHED, programs=CODES, offers_online=True)
    for index, code in enumerate(CODES):
        OfferingFactory(provider=provider, program=program(code), language=("es", "en")[index % 2])
    current_clinic()  # the footer's record, read once and then kept, as when warm


@pytest.mark.parametrize("path", PAGES)
def test_a_spanish_page_runs_as_many_queries_as_its_english_page(client, queries, directory, path):
    # Each language's page is kept apart (its own path), so both are drawn afresh here.
    english = queries.of(lambda: client.get(path))

    with queries.as_many_as(english):
        assert client.get(f"/es{path}").status_code == 200
