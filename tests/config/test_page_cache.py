"""Public catalog pages come from the cache, and every editor's change shows at once."""

from __future__ import annotations

import pytest
from django.http import HttpResponse
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from config.page_cache import cached_public_page
from programs.models import Program, Reference
from providers.models import Provider
from tests.factories import OfferingFactory, ProviderFactory

pytestmark = pytest.mark.django_db


# Looking a page up in the cache takes this many queries at most (the database cache).
CACHE_LOOKUPS = 2


def test_it_serves_a_repeat_visit_to_the_directory_without_rebuilding_it(
    client, queries, django_assert_max_num_queries
):
    url = reverse("providers:list")
    first = queries.of(lambda: client.get(url))
    assert len(first) > CACHE_LOOKUPS  # the first visit builds the page

    # Only the cache's own lookups remain: the page's queries are gone.
    with django_assert_max_num_queries(CACHE_LOOKUPS):
        assert client.get(url).status_code == 200


def test_it_shows_a_new_provider_at_once(client):
    url = reverse("providers:list") + "?program=MSC"
    client.get(url)

    ProviderFactory(name="Still Water Sangha", programs=["MSC"])

    assertContains(client.get(url), "Still Water Sangha")


def test_it_shows_a_retired_provider_leaving_at_once(client):
    url = reverse("providers:list")
    provider = Provider.objects.get(slug="brown-university-mindfulness-center")
    client.get(url)

    provider.is_active = False
    provider.save()

    assertNotContains(client.get(url), provider.name)


def test_it_shows_a_new_offering_on_the_provider_page_at_once(client):
    provider = ProviderFactory(programs=["MBSR"])
    url = provider.get_absolute_url()
    client.get(url)

    OfferingFactory(provider=provider, location="Dawn Hall")

    assertContains(client.get(url), "Dawn Hall")


def test_it_shows_a_program_change_on_the_home_page_at_once(client):
    client.get(reverse("home"))
    msc = Program.objects.get(code="MSC")
    msc.tagline = "A kinder way through hard moments."
    msc.save()

    assertContains(client.get(reverse("home")), "A kinder way through hard moments.")


def test_it_shows_a_reference_linked_to_a_program_at_once(client):
    url = reverse("programs:detail", kwargs={"slug": "msc"})
    client.get(url)
    reference = Reference.objects.create(authors="Doe, J.", year=2026, title="A new study")

    Program.objects.get(code="MSC").references.add(reference)

    assertContains(client.get(url), "A new study")


def test_it_renders_afresh_for_signed_in_staff(client, editor, queries):
    url = reverse("providers:list")
    client.get(url)
    client.force_login(editor)

    assert len(queries.of(lambda: client.get(url))) > CACHE_LOOKUPS


def test_a_kept_copy_answers_with_every_header_the_page_was_rendered_with(rf):
    """A hit answers as the miss did: the type, a download's name, a Vary, any header."""
    renders = []

    def page(request):
        renders.append(request)
        response = HttpResponse("<p>Courses</p>", content_type="text/html; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="courses.ics"'
        response["Content-Language"] = "es"
        response["Vary"] = "Accept-Language"
        return response

    cached = cached_public_page(page)

    miss = cached(rf.get("/a-page-kept-for-this-test/"))
    hit = cached(rf.get("/a-page-kept-for-this-test/"))

    assert len(renders) == 1  # the second answer is the kept copy
    assert dict(hit.headers) == dict(miss.headers)
    assert hit["Content-Language"] == "es"
    assert hit.content == miss.content


@pytest.mark.parametrize("name", ["home", "providers:list", "programs:list"])
def test_a_public_page_from_the_cache_has_the_headers_of_its_first_rendering(client, name):
    url = reverse(name)

    miss, hit = client.get(url), client.get(url)

    assert dict(hit.headers) == dict(miss.headers)
