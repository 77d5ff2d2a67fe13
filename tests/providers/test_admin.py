"""A directory editor keeps the directory in the admin, and the public site shows it at once.

Source: DESIGN.md ("People": a directory editor adds, edits and retires providers and
courses). Who may open which admin page
is in tests/config/test_permission_matrix.py.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from providers.models import Offering, Provider
from providers.schedule import next_weekday
from tests.factories import OfferingFactory, offering_admin_form
from tests.helpers import admin_form_data

pytestmark = pytest.mark.django_db

BROWN = "brown-university-mindfulness-center"


def _brown() -> Provider:
    return Provider.objects.get(slug=BROWN)


def test_it_saves_an_editors_change_to_a_providers_name(client, editor):
    OfferingFactory(provider=_brown(), location="Wednesday Hall")
    client.force_login(editor)
    url = reverse("admin:providers_provider_change", args=[_brown().pk])
    data = admin_form_data(client.get(url))
    assert data["offerings-TOTAL_FORMS"] == "1"  # the inline is really in the form

    response = client.post(url, {**data, "name": "Brown Mindfulness Center"})

    assertRedirects(response, reverse("admin:providers_provider_changelist"))
    brown = _brown()
    assert brown.name == "Brown Mindfulness Center"
    assert brown.offerings.get().location == "Wednesday Hall"
    assert set(brown.programs.values_list("code", flat=True)) == {"MBSR"}


def test_it_shows_an_editors_new_provider_name_in_the_directory(client, editor):
    client.force_login(editor)
    url = reverse("admin:providers_provider_change", args=[_brown().pk])
    data = admin_form_data(client.get(url))
    client.post(url, {**data, "name": "Brown Mindfulness Center"})
    client.logout()

    response = client.get(reverse("providers:list"))

    assertContains(
        response, f'<a href="{_brown().get_absolute_url()}">Brown Mindfulness Center</a>'
    )
    assertNotContains(response, "Brown University Mindfulness Center")


def test_it_lets_an_editor_add_an_offering(client, editor):
    client.force_login(editor)
    start = next_weekday(timezone.localdate() + timedelta(days=21), 0)

    response = client.post(
        reverse("admin:providers_offering_add"),
        offering_admin_form(
            start,
            format="in_person",
            # The admin edits each text as an English and a Spanish box.
            location_en="121 South Main Street, Providence",
            price_en="$595",
        ),
    )

    assertRedirects(response, reverse("admin:providers_offering_changelist"))
    offering = Offering.objects.get()
    assert (offering.provider, offering.program.code, offering.start_date, offering.price) == (
        _brown(),
        "MBSR",
        start,
        "$595",
    )


def test_it_shows_an_offering_added_by_an_editor_on_the_provider_page(client, editor):
    client.force_login(editor)
    start = next_weekday(timezone.localdate() + timedelta(days=21), 0)
    client.post(
        reverse("admin:providers_offering_add"), offering_admin_form(start, format="online")
    )
    client.logout()

    response = client.get(_brown().get_absolute_url())

    assertContains(response, "Mondays, 6:00 to 8:30 pm")
