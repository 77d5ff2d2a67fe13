"""A directory editor keeps the program pages in the admin.

Source: DESIGN.md ("People": a directory editor edits program pages), moved here from the
role tests by issue 15, item 5. Who may open which admin page is in
tests/config/test_permission_matrix.py.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from pytest_django.asserts import assertRedirects

from tests.factories import program
from tests.helpers import admin_form_data

pytestmark = pytest.mark.django_db


def test_it_saves_an_editors_change_to_a_programs_session_length(client, editor):
    msc = program("MSC")
    client.force_login(editor)
    url = reverse("admin:programs_program_change", args=[msc.pk])
    data = admin_form_data(client.get(url))

    response = client.post(url, {**data, "session_length": "about 3 hours"})

    assertRedirects(response, reverse("admin:programs_program_changelist"))
    msc.refresh_from_db()
    assert (msc.session_length, msc.slug, msc.references.count()) == ("about 3 hours", "msc", 4)
