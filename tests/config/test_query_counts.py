"""Every public page runs a fixed number of queries, however big the directory grows.

Source: DESIGN.md ("Budgets": every public page runs a fixed number of queries, whatever
the number of providers or offerings). The pages span the catalog (programs) and the
directory (providers), and share the page cache of config/, so they are measured together.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from config.clinic.record import current_clinic
from programs.models import Program
from providers.models import Provider
from tests.factories import OfferingFactory, ProviderFactory, program

pytestmark = pytest.mark.django_db

WATCHED = "first-light-mindfulness"  # the provider whose own page is measured
CODES = [code for code, _ in Program.Code.choices]


def _add_providers(count: int) -> None:
    """Providers that run every program, each with a run of every program (one a sample)."""
    for _ in range(count):
        provider = ProviderFactory(programs=CODES, offers_online=True)
        _add_offerings(provider)


def _add_offerings(provider: Provider) -> None:
    for index, code in enumerate(CODES):
        OfferingFactory(provider=provider, program=program(code), is_sample=index == 0)


PAGES = {
    "home": lambda: reverse("home"),
    "program list": lambda: reverse("programs:list"),
    "program page": lambda: reverse("programs:detail", kwargs={"slug": "mbsr"}),
    "directory": lambda: reverse("providers:list"),
    # Links in the wild use the query string, so it is spelled out here.
    "directory, filtered": lambda: "/providers/?program=MBSR&format=in_person&region=northeast",
    "directory, lower-case program": lambda: "/providers/?program=msc",
    "directory, ignored filter": lambda: "/providers/?program=YOGA&region=mars",
    "provider page": lambda: reverse("providers:detail", kwargs={"slug": WATCHED}),
}


@pytest.mark.parametrize("name", PAGES)
def test_it_runs_the_same_number_of_queries_for_1_and_50_providers(client, queries, name):
    Provider.objects.all().delete()  # start from exactly one provider
    watched = ProviderFactory(slug=WATCHED, programs=CODES, offers_online=True)
    _add_offerings(watched)
    url = PAGES[name]()
    current_clinic()  # the footer's clinic record is read once and then kept, as when warm
    with_one = queries.of(lambda: client.get(url))

    _add_providers(49)
    for _ in range(5):
        _add_offerings(watched)

    with queries.as_many_as(with_one):
        assert client.get(url).status_code == 200


def test_it_shows_all_50_providers_when_counting_the_directory(client):
    # Guards the test above: its large directory really is on the page it measures.
    Provider.objects.all().delete()
    _add_providers(50)

    response = client.get(reverse("providers:list"))

    assert response.content.decode().count('class="card provider-card') == 50
