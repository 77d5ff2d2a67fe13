from __future__ import annotations

from datetime import time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from providers.models import Format, Provider, Region
from providers.schedule import next_weekday
from tests.factories import OfferingFactory, ProviderFactory, program
from tests.helpers import listed_providers

pytestmark = pytest.mark.django_db

MIDWEST = "midwest-alliance-for-mindfulness"
CMSC = "center-for-mindful-self-compassion"
DEEPENING = "community-for-deepening-practice"
UCSD = "ucsd-center-for-mindfulness"
BROWN = "brown-university-mindfulness-center"
SEEDED = {MIDWEST, CMSC, DEEPENING, UCSD, BROWN}

# The directory is also the target of links in the wild (emails, program pages), so its
# query string is an interface: these tests spell it out.
DIRECTORY = "/providers/"


def _directory(client, query: str = ""):
    return client.get(f"{DIRECTORY}?{query}" if query else DIRECTORY)


def _provider_page(client, slug: str):
    return client.get(reverse("providers:detail", kwargs={"slug": slug}))


def _today():
    return timezone.localdate()


# The seeded directory


@pytest.mark.parametrize(
    "slug, codes",
    [
        (MIDWEST, {"MBSR", "MBCT", "MSC"}),
        (CMSC, {"MSC"}),
        (DEEPENING, {"MSC"}),
        (UCSD, {"MBSR", "MSC"}),
        (BROWN, {"MBSR"}),
    ],
)
def test_it_seeds_the_article_providers_with_their_programs(slug, codes):
    provider = Provider.objects.get(slug=slug)

    assert set(provider.programs.values_list("code", flat=True)) == codes
    assert provider.is_active


def test_it_seeds_exactly_the_five_article_providers():
    assert set(Provider.objects.values_list("slug", flat=True)) == SEEDED


def test_it_seeds_the_deepening_community_as_online_only_with_no_region():
    provider = Provider.objects.get(slug=DEEPENING)

    assert (provider.offers_online, provider.offers_in_person, provider.region) == (
        True,
        False,
        "",
    )


def test_it_shows_an_online_only_provider_as_online_only(client):
    response = _provider_page(client, DEEPENING)

    assertContains(response, "<dt>Where</dt><dd>Online only</dd>", html=True)
    assertContains(response, "<dt>Teaches</dt><dd>Online</dd>", html=True)


def test_it_lists_every_active_provider_without_filters(client):
    response = _directory(client)

    assert listed_providers(response) == SEEDED
    assertContains(response, "5 providers</h2>")


# Filters


def test_it_filters_by_program(client):
    response = _directory(client, "program=MBCT")

    assert listed_providers(response) == {MIDWEST}
    assertContains(response, "1 provider matches your choices")


def test_it_accepts_a_lower_case_program_code(client):
    response = _directory(client, "program=msc")

    assert listed_providers(response) == {MIDWEST, CMSC, DEEPENING, UCSD}


def test_it_filters_online_providers(client):
    in_person_only = ProviderFactory(offers_in_person=True, offers_online=False)

    response = _directory(client, "format=online")

    assert listed_providers(response) == SEEDED
    assert in_person_only.slug not in listed_providers(response)


def test_it_filters_in_person_providers(client):
    in_person_only = ProviderFactory(offers_in_person=True, offers_online=False)

    response = _directory(client, "format=in_person")

    assert listed_providers(response) == SEEDED - {DEEPENING} | {in_person_only.slug}


def test_it_filters_by_region(client):
    response = _directory(client, "region=west")

    assert listed_providers(response) == {CMSC, UCSD}


def test_it_combines_program_format_and_region(client):
    # Each filter on its own would let this provider through; only the format rules it out.
    ProviderFactory(
        programs=["MBSR"], region=Region.WEST, offers_in_person=False, offers_online=True
    )

    response = _directory(client, "program=MBSR&format=in_person&region=west")

    assert listed_providers(response) == {UCSD}


@pytest.mark.parametrize(
    "query, option",
    [
        (
            "program=MBCT",
            '<option value="MBCT" selected>Mindfulness-Based Cognitive Therapy</option>',
        ),
        ("program=msc", '<option value="MSC" selected>Mindful Self-Compassion</option>'),
        ("format=online", '<option value="online" selected>Online</option>'),
        ("region=west", '<option value="west" selected>West US</option>'),
    ],
)
def test_it_keeps_the_chosen_filter_selected(client, query, option):
    response = _directory(client, query)

    assertContains(response, option, html=True)


@pytest.mark.parametrize(
    "query, label",
    [("program=YOGA", "program"), ("region=mars", "region"), ("format=carrier-pigeon", "format")],
)
def test_it_ignores_an_unknown_filter_value_and_says_so(client, query, label):
    response = _directory(client, query)

    assert listed_providers(response) == SEEDED
    assertContains(
        response, f"We did not recognise the choice for {label}, so we left that filter out."
    )


def test_it_applies_the_known_filters_beside_an_unknown_one(client):
    response = _directory(client, "program=YOGA&region=west")

    assert listed_providers(response) == {CMSC, UCSD}
    assertContains(response, "We did not recognise the choice for program")


def test_it_says_nothing_about_ignored_filters_when_all_are_known(client):
    response = _directory(client, "program=MSC&format=online&region=west")

    assertNotContains(response, "We did not recognise")


@pytest.mark.parametrize(
    "query",
    [
        "program=" + "x" * 5000,
        "region=" + "west" * 2000,
        "format=%F0%9F%A7%98%20ünïcødé",
        "program=%FF%FE%FD",
        "program=%00",
        "region=%27%20OR%201%3D1%20--",
        "program=MSC&program=YOGA&program=",
        "format[]=online",
        "program",
        "=&&=",
    ],
)
def test_it_never_fails_on_a_garbage_query_string(client, query):
    response = _directory(client, query)

    assert response.status_code == 200
    assert listed_providers(response) <= SEEDED


def test_it_explains_an_empty_result_and_links_to_the_full_list(client):
    response = _directory(client, "program=MBCT&region=west")

    assert listed_providers(response) == set()
    assertContains(response, "No provider matches all of these choices.")
    assertContains(
        response, f'<a href="{reverse("providers:list")}">Show every provider</a>', html=True
    )


# Inactive providers


def test_it_does_not_list_an_inactive_provider(client):
    Provider.objects.filter(slug=BROWN).update(is_active=False)

    response = _directory(client)

    assert listed_providers(response) == SEEDED - {BROWN}
    assertNotContains(response, "Brown University Mindfulness Center")


def test_it_gives_a_404_for_an_inactive_providers_page(client):
    Provider.objects.filter(slug=BROWN).update(is_active=False)

    response = _provider_page(client, BROWN)

    assertContains(response, "We could not find that page", status_code=404)


def test_it_gives_a_404_for_an_unknown_provider(client):
    response = _provider_page(client, "nowhere-mindfulness")

    assert response.status_code == 404


# A provider's page and its offerings


def test_it_shows_the_providers_details(client):
    response = _provider_page(client, UCSD)

    assertContains(response, "<h1>UC San Diego Center for Mindfulness</h1>", html=True)
    assertContains(response, "San Diego, California (West US)")
    assertContains(response, "<dt>Teaches</dt><dd>In person and online</dd>", html=True)


def test_it_shows_an_upcoming_published_offering(client):
    start = next_weekday(_today() + timedelta(days=10), 3)
    offering = OfferingFactory(
        start_date=start, weekday=3, starts_at=time(19), ends_at=time(21, 30), price="$450"
    )

    response = _provider_page(client, offering.provider.slug)

    assertContains(response, "Thursdays, 7:00 to 9:30 pm")
    assertContains(response, "$450")
    assertNotContains(response, "No upcoming dates are listed here right now.")


def test_it_hides_an_unpublished_offering(client):
    offering = OfferingFactory(location="Draft Thursdays", is_published=False)

    response = _provider_page(client, offering.provider.slug)

    assertNotContains(response, "Draft Thursdays")
    assertContains(response, "No upcoming dates are listed here right now.")


def test_it_hides_an_offering_that_ended_yesterday(client):
    offering = OfferingFactory(
        location="Last season's Fridays",
        start_date=_today() - timedelta(weeks=8),
        end_date=_today() - timedelta(days=1),
        joinable_until=_today() - timedelta(days=1),
    )

    response = _provider_page(client, offering.provider.slug)

    assertNotContains(response, "Last season")
    assertContains(response, "No upcoming dates are listed here right now.")


def test_it_shows_a_run_under_way_on_its_last_day_while_newcomers_may_join(client):
    offering = OfferingFactory(
        location="Final Fridays",
        start_date=_today() - timedelta(weeks=8),
        end_date=_today(),
        joinable_until=_today(),
        weekday=(_today() - timedelta(weeks=8)).weekday(),
    )

    response = _provider_page(client, offering.provider.slug)

    assertContains(response, "Final Fridays")
    assertContains(response, "Under way")


def test_it_hides_a_run_that_has_started_and_takes_no_newcomers(client):
    offering = OfferingFactory(
        location="Ongoing Mondays",
        start_date=_today() - timedelta(weeks=2),
        end_date=_today() + timedelta(weeks=6),
        weekday=(_today() - timedelta(weeks=2)).weekday(),
    )

    response = _provider_page(client, offering.provider.slug)

    assertNotContains(response, "Ongoing Mondays")


def test_it_hides_another_providers_offering(client):
    provider = ProviderFactory(programs=["MBSR"])
    OfferingFactory(location="Elsewhere on Sundays")

    response = _provider_page(client, provider.slug)

    assertNotContains(response, "Elsewhere on Sundays")


def test_it_lists_offerings_soonest_first(client):
    provider = ProviderFactory(programs=["MBSR", "MSC"])
    OfferingFactory(
        provider=provider, location="Later Tuesdays", start_date=_today() + timedelta(60)
    )
    OfferingFactory(
        provider=provider,
        program=program("MSC"),
        location="Sooner Wednesdays",
        start_date=_today() + timedelta(10),
    )

    content = _provider_page(client, provider.slug).content.decode()

    assert content.index("Sooner Wednesdays") < content.index("Later Tuesdays")


def test_it_labels_a_sample_offering(client):
    offering = OfferingFactory(is_sample=True)

    response = _provider_page(client, offering.provider.slug)

    assertContains(response, "Sample listing")


def test_it_does_not_label_a_real_offering_as_a_sample(client):
    offering = OfferingFactory(is_sample=False)

    response = _provider_page(client, offering.provider.slug)

    assertNotContains(response, "Sample listing")


# Offering validation


def _offering(**fields):
    return OfferingFactory.build(provider=ProviderFactory(), **fields)


def test_it_accepts_a_complete_offering():
    _offering().full_clean()  # the cases below differ from this one in a single field


def test_it_rejects_an_offering_that_ends_before_it_starts():
    offering = _offering(start_date=_today() + timedelta(10), end_date=_today() + timedelta(9))

    with pytest.raises(ValidationError) as raised:
        offering.full_clean()

    assert raised.value.message_dict["end_date"] == [
        "The last session cannot come before the first."
    ]


def test_it_rejects_an_unknown_time_zone():
    offering = _offering(time_zone="Mars/Olympus_Mons")

    with pytest.raises(ValidationError) as raised:
        offering.full_clean()

    assert list(raised.value.message_dict) == ["time_zone"]


def test_it_rejects_an_in_person_offering_without_a_location():
    offering = _offering(format=Format.IN_PERSON, location="")

    with pytest.raises(ValidationError) as raised:
        offering.full_clean()

    assert raised.value.message_dict == {"location": ["An in-person course needs a place."]}


def test_it_accepts_an_online_offering_without_a_location():
    _offering(format=Format.ONLINE, location="").full_clean()


@pytest.mark.django_db
def test_it_says_who_can_join_a_follow_on_course(client):
    response = client.get("/providers/?program=MSC&format=online")

    assertContains(response, "Community for Deepening Practice")
    assertContains(response, "Only for people who have completed MSC")
