from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains

from providers.models import Offering
from tests.factories import OfferingFactory

pytestmark = pytest.mark.django_db


def _load_samples() -> str:
    out = StringIO()
    call_command("load_sample_offerings", stdout=out)
    return out.getvalue()


def test_it_adds_sample_offerings_to_an_empty_directory():
    _load_samples()

    assert Offering.objects.count() > 0
    assert set(Offering.objects.values_list("is_sample", flat=True)) == {True}


def test_it_dates_every_sample_in_the_future():
    _load_samples()

    today = timezone.localdate()
    assert all(
        today < offering.start_date <= offering.end_date for offering in Offering.objects.all()
    )


def test_it_gives_every_seeded_provider_a_sample():
    _load_samples()

    assert set(Offering.objects.values_list("provider__slug", flat=True)) == {
        "midwest-alliance-for-mindfulness",
        "center-for-mindful-self-compassion",
        "ucsd-center-for-mindfulness",
        "brown-university-mindfulness-center",
    }


def test_it_only_adds_samples_of_programs_the_provider_runs():
    _load_samples()

    for offering in Offering.objects.select_related("provider", "program"):
        assert offering.provider.programs.filter(pk=offering.program.pk).exists(), offering


def test_it_shows_the_samples_labelled_on_provider_pages(client):
    _load_samples()

    response = client.get(
        reverse("providers:detail", kwargs={"slug": "brown-university-mindfulness-center"})
    )

    assertContains(response, "Sample listing", count=1)
    assertContains(response, "Wednesdays, 6:00 to 8:30 pm")


def test_it_adds_nothing_the_second_time():
    _load_samples()
    before = set(Offering.objects.values_list("pk", flat=True))

    output = _load_samples()

    assert set(Offering.objects.values_list("pk", flat=True)) == before
    assert "no samples added" in output


def test_it_leaves_a_directory_with_an_editors_offering_alone():
    offering = OfferingFactory(location="Friday Hall", price="$300")

    _load_samples()

    assert list(Offering.objects.all()) == [offering]
    offering.refresh_from_db()
    assert (offering.location, offering.price, offering.is_sample) == (
        "Friday Hall",
        "$300",
        False,
    )


def test_it_counts_an_unpublished_offering_as_an_editors_work():
    OfferingFactory(is_published=False)

    _load_samples()

    assert Offering.objects.filter(is_sample=True).count() == 0
