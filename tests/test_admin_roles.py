"""Who may do what in the admin: directory editors keep the catalog and directory, nothing else."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from providers.models import Offering, Provider
from tests.factories import OfferingFactory, program
from tests.helpers import admin_form_data, links, listed_providers

pytestmark = pytest.mark.django_db

BROWN = "brown-university-mindfulness-center"


def _brown() -> Provider:
    return Provider.objects.get(slug=BROWN)


# The groups


@pytest.mark.parametrize("name", ["Clinicians", "Directory editors"])
def test_it_creates_the_staff_groups(name):
    assert Group.objects.filter(name=name).exists()


def test_it_gives_directory_editors_the_catalog_and_directory_only():
    editors = Group.objects.get(name="Directory editors")

    granted = {
        f"{app_label}.{codename}"
        for app_label, codename in editors.permissions.values_list(
            "content_type__app_label", "codename"
        )
    }

    assert granted == {
        f"{app_label}.{action}_{model}"
        for app_label, model in [
            ("programs", "program"),
            ("programs", "reference"),
            ("providers", "provider"),
            ("providers", "offering"),
        ]
        for action in ("add", "change", "delete", "view")
    }


# A directory editor


def test_it_lets_an_editor_open_the_provider_list(client, editor):
    client.force_login(editor)

    response = client.get(reverse("admin:providers_provider_changelist"))

    assertContains(response, "Brown University Mindfulness Center")


def test_it_lets_an_editor_open_a_providers_change_page(client, editor):
    client.force_login(editor)

    response = client.get(reverse("admin:providers_provider_change", args=[_brown().pk]))

    assertContains(response, 'value="Brown University Mindfulness Center"')


def test_it_saves_an_editors_change_to_a_providers_name(client, editor):
    OfferingFactory(provider=_brown(), weekly_schedule="Wednesdays, 6:00 to 8:30 pm")
    client.force_login(editor)
    url = reverse("admin:providers_provider_change", args=[_brown().pk])
    data = admin_form_data(client.get(url))
    assert data["offerings-TOTAL_FORMS"] == "1"  # the inline is really in the form

    response = client.post(url, {**data, "name": "Brown Mindfulness Center"})

    assertRedirects(response, reverse("admin:providers_provider_changelist"))
    brown = _brown()
    assert brown.name == "Brown Mindfulness Center"
    assert brown.offerings.get().weekly_schedule == "Wednesdays, 6:00 to 8:30 pm"
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


def test_it_lets_an_editor_open_a_programs_change_page(client, editor):
    msc = program("MSC")
    client.force_login(editor)

    response = client.get(reverse("admin:programs_program_change", args=[msc.pk]))

    assertContains(response, 'value="Mindful Self-Compassion"')


def test_it_saves_an_editors_change_to_a_programs_session_length(client, editor):
    msc = program("MSC")
    client.force_login(editor)
    url = reverse("admin:programs_program_change", args=[msc.pk])
    data = admin_form_data(client.get(url))

    response = client.post(url, {**data, "session_length": "about 3 hours"})

    assertRedirects(response, reverse("admin:programs_program_changelist"))
    msc.refresh_from_db()
    assert (msc.session_length, msc.slug, msc.references.count()) == ("about 3 hours", "msc", 4)


def _new_offering(start, **changes: str) -> dict[str, object]:
    """The admin's add-offering form for an MBSR run at Brown, as an editor fills it in."""
    return {
        "provider": _brown().pk,
        "program": program("MBSR").pk,
        "start_date": start.isoformat(),
        "end_date": (start + timedelta(weeks=8)).isoformat(),
        "weekly_schedule": "Mondays, 6:00 to 8:30 pm",
        "time_zone": "America/New_York",
        "language": "English",
        "registration_url": "https://www.brown.edu/public-health/mindfulness/register",
        "is_published": "on",
        **changes,
    }


def test_it_lets_an_editor_add_an_offering(client, editor):
    client.force_login(editor)
    start = timezone.localdate() + timedelta(days=21)

    response = client.post(
        reverse("admin:providers_offering_add"),
        _new_offering(
            start,
            format="in_person",
            location="121 South Main Street, Providence",
            price="$595",
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
    start = timezone.localdate() + timedelta(days=21)
    client.post(reverse("admin:providers_offering_add"), _new_offering(start, format="online"))
    client.logout()

    response = client.get(_brown().get_absolute_url())

    assertContains(response, "Mondays, 6:00 to 8:30 pm")


@pytest.mark.parametrize("url_name", ["admin:auth_user_changelist", "admin:auth_group_changelist"])
def test_it_keeps_an_editor_out_of_users_and_groups(client, editor, url_name):
    client.force_login(editor)

    response = client.get(reverse(url_name))

    assert response.status_code == 403


def test_it_shows_an_editor_no_users_or_groups_on_the_admin_index(client, editor):
    client.force_login(editor)

    response = client.get(reverse("admin:index"))

    assert reverse("admin:providers_provider_changelist") in links(response)
    assert reverse("admin:auth_user_changelist") not in links(response)
    assert reverse("admin:auth_group_changelist") not in links(response)
    assertNotContains(response, ">Users<")
    assertNotContains(response, ">Groups<")


# Olly, staff with no group, and anonymous visitors


def test_it_shows_the_outsider_no_app_on_the_admin_index(client, outsider):
    client.force_login(outsider)

    response = client.get(reverse("admin:index"))

    for app_label in ("programs", "providers", "auth"):
        assert reverse("admin:app_list", kwargs={"app_label": app_label}) not in links(response)
    assertContains(response, "have permission to view or edit anything")


def test_it_keeps_the_outsider_out_of_the_provider_list(client, outsider):
    client.force_login(outsider)

    response = client.get(reverse("admin:providers_provider_changelist"))

    assert response.status_code == 403


def test_it_sends_an_anonymous_visitor_to_the_login_page(client):
    url = reverse("admin:providers_provider_changelist")

    response = client.get(url)

    assertRedirects(response, f"{reverse('admin:login')}?next={url}")


def test_it_leaves_the_directory_unchanged_when_the_outsider_posts(client, outsider):
    client.force_login(outsider)

    response = client.post(
        reverse("admin:providers_provider_change", args=[_brown().pk]),
        {"name": "Hijacked"},
    )

    assert response.status_code == 403
    assert _brown().name == "Brown University Mindfulness Center"
    assert BROWN in listed_providers(client.get(reverse("providers:list")))
