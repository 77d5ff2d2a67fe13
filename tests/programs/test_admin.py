"""A directory editor keeps the program pages in the admin; nobody deletes a program.

Source: DESIGN.md ("People": a directory editor edits program pages; MBSR, MBCT and MSC
are fixed, never deleted). Who may
open which admin page is in tests/config/test_permission_matrix.py.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from pytest_django.asserts import assertRedirects

from programs.models import Program
from tests.factories import program
from tests.helpers import admin_form_data

pytestmark = pytest.mark.django_db


def test_it_saves_an_editors_change_to_a_programs_session_length(client, editor):
    msc = program("MSC")
    client.force_login(editor)
    url = reverse("admin:programs_program_change", args=[msc.pk])
    data = admin_form_data(client.get(url))

    # The admin edits each text as an English and a Spanish box.
    response = client.post(url, {**data, "session_length_en": "about 3 hours"})

    assertRedirects(response, reverse("admin:programs_program_changelist"))
    msc.refresh_from_db()
    assert (msc.session_length, msc.slug, msc.references.count()) == ("about 3 hours", "msc", 4)


# The programs are fixed: nobody adds or deletes one, a superuser included


@pytest.fixture(params=["editor", "superuser"])
def staff(request, client):
    """A directory editor, and a superuser: neither may delete a program."""
    client.force_login(request.getfixturevalue(request.param))
    return client


def test_it_refuses_to_delete_a_program_from_its_delete_page(staff):
    mbct = program("MBCT")
    url = reverse("admin:programs_program_delete", args=[mbct.pk])

    answers = [staff.get(url), staff.post(url, {"post": "yes"})]

    assert [answer.status_code for answer in answers] == [403, 403]
    assert set(Program.objects.values_list("code", flat=True)) == {"MBSR", "MBCT", "MSC"}


def test_it_offers_no_delete_on_a_programs_page_or_in_the_list(staff, page):
    msc = program("MSC")

    change = staff.get(reverse("admin:programs_program_change", args=[msc.pk]))
    listing = staff.get(reverse("admin:programs_program_changelist"))

    assert change.status_code == listing.status_code == 200
    assert reverse("admin:programs_program_delete", args=[msc.pk]) not in change.content.decode()
    assert "delete_selected" not in listing.content.decode()


def test_it_refuses_the_lists_delete_action(staff):
    response = staff.post(
        reverse("admin:programs_program_changelist"),
        {
            "action": "delete_selected",
            "_selected_action": [p.pk for p in Program.objects.all()],
            "post": "yes",
        },
    )

    assert response.status_code in (200, 302)
    assert Program.objects.count() == 3


def test_it_refuses_to_add_a_fourth_program(staff):
    response = staff.post(
        reverse("admin:programs_program_add"),
        {"code": "MBSR", "name": "Another course", "slug": "another"},
    )

    assert response.status_code == 403
    assert Program.objects.count() == 3
