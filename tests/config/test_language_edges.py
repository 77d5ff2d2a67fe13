"""The edges the two languages added: the switch's URL and the admin's language filters
answer every role as the rest of the admin does, and no request shape gives a 500."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

ODD_NEXTS = [
    "/%ff",
    "/es/%ff/",
    "/" + "a" * 5000,
    "/es/recommendation/made-up/",
    "/\\evil.example",
    "/?q=%00",
    "/es/../admin/",
    "\r\n/",
    "/es",
]


@pytest.mark.parametrize("next_url", ODD_NEXTS)
@pytest.mark.parametrize("language", ["es", "en", "ES", "%00"])
def test_the_switch_answers_any_next_with_a_redirect_or_not_found(client, language, next_url):
    response = client.get(f"/language/{language}/", {"next": next_url})
    assert response.status_code == (302 if language in ("es", "en") else 404)
    if response.status_code == 302:
        assert response["Location"].startswith("/") and not response["Location"].startswith("//")


DIRECTORY_LISTS = [
    "/admin/programs/program/?needs_spanish=yes",
    "/admin/programs/reference/?needs_spanish=no",
    "/admin/providers/provider/?needs_spanish=made-up",
    "/admin/providers/offering/?needs_spanish=yes",
]
INTAKE_LISTS = ["/admin/advisor/intake/?answered_in=es", "/admin/advisor/intake/?answered_in=zz"]


@pytest.mark.parametrize("url", DIRECTORY_LISTS + INTAKE_LISTS)
@pytest.mark.parametrize("persona", ["outsider", "editor", "clinician"])
def test_the_language_filters_open_only_to_whoever_may_see_the_list(client, request, persona, url):
    client.force_login(request.getfixturevalue(persona))
    may_see = {"editor": DIRECTORY_LISTS, "clinician": INTAKE_LISTS, "outsider": []}[persona]
    assert client.get(url).status_code == (200 if url in may_see else 403)
