"""Who may see intakes in the admin: clinicians read and review them; no one else sees them.

Source: issue 3 and advisor/migrations/0003_clinician_permissions.py. A later issue
expands the admin; these tests hold only the access rules.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

from advisor.models import Intake

pytestmark = pytest.mark.django_db


def _changelist() -> str:
    return reverse("admin:advisor_intake_changelist")


def _change(intake: Intake) -> str:
    return reverse("admin:advisor_intake_change", args=[intake.pk])


def test_it_lets_a_clinician_open_the_intake_list(client, clinician, make_intake):
    make_intake(first_name="Wilhelmina")
    client.force_login(clinician)

    response = client.get(_changelist())

    assertContains(response, "Wilhelmina")


def test_it_lets_a_clinician_open_an_intake(client, clinician, make_intake):
    intake = make_intake(first_name="Wilhelmina")
    client.force_login(clinician)

    response = client.get(_change(intake))

    assertContains(response, "Wilhelmina")


def test_it_shows_intakes_on_a_clinicians_admin_index(client, clinician):
    client.force_login(clinician)

    response = client.get(reverse("admin:index"))

    assertContains(response, _changelist())


def test_it_keeps_the_intake_list_from_a_directory_editor(client, editor, make_intake):
    make_intake()
    client.force_login(editor)

    response = client.get(_changelist())

    assert response.status_code == 403


def test_it_keeps_an_intake_from_a_directory_editor(client, editor, make_intake):
    intake = make_intake(first_name="Wilhelmina")
    client.force_login(editor)

    response = client.get(_change(intake))

    assert response.status_code == 403
    assert "Wilhelmina" not in response.content.decode()


def test_it_leaves_intakes_off_a_directory_editors_admin_index(client, editor):
    client.force_login(editor)

    response = client.get(reverse("admin:index"))

    assert response.status_code == 200
    assert "Intake" not in response.content.decode()


@pytest.mark.parametrize("persona", ["outsider", "editor"])
def test_it_keeps_intakes_from_staff_without_the_clinicians_group(
    client, make_intake, request, persona
):
    intake = make_intake()
    client.force_login(request.getfixturevalue(persona))

    assert client.get(_changelist()).status_code == 403
    assert client.get(_change(intake)).status_code == 403


def test_it_sends_a_visitor_to_the_admin_login(client, make_intake):
    intake = make_intake()

    response = client.get(_change(intake))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_it_lets_no_clinician_add_an_intake(client, clinician):
    client.force_login(clinician)

    response = client.get(reverse("admin:advisor_intake_add"))

    assert response.status_code == 403


def test_it_lets_no_clinician_delete_an_intake(client, clinician, make_intake):
    intake = make_intake()
    client.force_login(clinician)
    delete_url = reverse("admin:advisor_intake_delete", args=[intake.pk])

    response = client.post(delete_url, {"post": "yes"})

    assert response.status_code == 403
    assert Intake.objects.filter(pk=intake.pk).exists()


def test_it_shows_a_clinician_no_delete_link(client, clinician, make_intake):
    intake = make_intake()
    client.force_login(clinician)

    response = client.get(_change(intake))

    assert reverse("admin:advisor_intake_delete", args=[intake.pk]) not in response.content.decode()
