"""Who may do what with intakes in the admin: the full matrix, then what each denial keeps safe.

Source: issue 4, "Roles". Clinicians read and review intakes; directory editors and staff
without a group cannot tell that intakes exist; a superuser sees everything; and nobody
adds or deletes an intake from the admin.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from advisor.models import Intake, IntakeAccess
from providers.models import Provider
from tests.advisor.admin.conftest import (
    access_list_url,
    change_url,
    changelist_url,
    dashboard_url,
    history_url,
    review_data,
)
from tests.helpers import links

pytestmark = pytest.mark.django_db

LOGIN = "login"  # sent to the admin's login page
PERSONAS = ("anonymous", "editor", "outsider", "clinician", "superuser")


def _history_version_url(intake: Intake) -> str:
    version = intake.history.earliest()
    return reverse("admin:advisor_intake_simple_history", args=[intake.pk, version.history_id])


def _export(client: Client, intake: Intake) -> HttpResponse:
    return client.post(
        changelist_url(),
        {"action": "export_csv", "index": "0", "_selected_action": [str(intake.pk)]},
    )


SURFACES: dict[str, Callable[[Client, Intake], HttpResponse]] = {
    "list": lambda client, intake: client.get(changelist_url()),
    "page": lambda client, intake: client.get(change_url(intake)),
    "change": lambda client, intake: client.post(
        change_url(intake), review_data(intake, status="in_review")
    ),
    "delete page": lambda client, intake: client.get(
        reverse("admin:advisor_intake_delete", args=[intake.pk])
    ),
    "delete": lambda client, intake: client.post(
        reverse("admin:advisor_intake_delete", args=[intake.pk]), {"post": "yes"}
    ),
    "add page": lambda client, intake: client.get(reverse("admin:advisor_intake_add")),
    "export": _export,
    "history": lambda client, intake: client.get(history_url(intake)),
    "history version": lambda client, intake: client.get(_history_version_url(intake)),
    "dashboard": lambda client, intake: client.get(dashboard_url()),
    "access records": lambda client, intake: client.get(access_list_url()),
}

# What each persona gets: anonymous, editor, outsider, clinician, superuser.
EXPECTED: dict[str, tuple[str | int, ...]] = {
    "list": (LOGIN, 403, 403, 200, 200),
    "page": (LOGIN, 403, 403, 200, 200),
    "change": (LOGIN, 403, 403, 302, 302),
    # Only a superuser deletes (on a participant's request), and leaves a record.
    "delete page": (LOGIN, 403, 403, 403, 200),
    "delete": (LOGIN, 403, 403, 403, 302),
    "add page": (LOGIN, 403, 403, 403, 403),
    "export": (LOGIN, 403, 403, 200, 200),
    "history": (LOGIN, 403, 403, 200, 200),
    "history version": (LOGIN, 403, 403, 200, 200),
    "dashboard": (LOGIN, 403, 403, 200, 200),
    "access records": (LOGIN, 403, 403, 403, 200),
}

MATRIX = [
    pytest.param(surface, persona, expected, id=f"{persona}-{surface}")
    for surface, row in EXPECTED.items()
    for persona, expected in zip(PERSONAS, row, strict=True)
]


@pytest.fixture
def log_in(client, request) -> Callable[[str], None]:
    def log_in_as(persona: str) -> None:
        if persona != "anonymous":
            client.force_login(request.getfixturevalue(persona))

    return log_in_as


@pytest.mark.parametrize(("surface", "persona", "expected"), MATRIX)
def test_it_answers_each_persona_as_the_matrix_says(
    client, log_in, make_intake, surface, persona, expected
):
    intake = make_intake(first_name="Wilhelmina")
    log_in(persona)

    response = SURFACES[surface](client, intake)

    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))
    else:
        assert response.status_code == expected


# What a denial keeps safe


@pytest.mark.parametrize("persona", ["anonymous", "editor", "outsider"])
def test_it_changes_nothing_when_someone_without_access_posts_a_review(
    client, log_in, make_intake, persona
):
    intake = make_intake()
    log_in(persona)

    client.post(change_url(intake), review_data(intake, status="closed", clinician_notes="Hi"))

    intake.refresh_from_db()
    assert (intake.status, intake.clinician_notes) == ("new", "")


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p != "superuser"])
def test_it_lets_no_one_but_a_superuser_delete_an_intake(client, log_in, make_intake, persona):
    intake = make_intake()
    log_in(persona)

    client.post(reverse("admin:advisor_intake_delete", args=[intake.pk]), {"post": "yes"})

    assert Intake.objects.filter(pk=intake.pk).exists()


@pytest.mark.parametrize("persona", ["clinician", "superuser"])
def test_it_offers_no_bulk_delete_action(client, log_in, make_intake, page, persona):
    log_in(persona)
    make_intake()

    html = page(client.get(changelist_url()))

    action_bar = html.find("select", name="action")
    actions = [option.attrs["value"] for option in html.find_all("option", within=action_bar)]
    assert "delete_selected" not in actions
    assert "export_csv" in actions


@pytest.mark.parametrize("persona", ["clinician", "superuser"])
def test_it_deletes_nothing_when_the_bulk_delete_action_is_posted_anyway(
    client, log_in, make_intake, run_action, persona
):
    intake = make_intake()
    log_in(persona)

    run_action("delete_selected", [intake], post="yes")

    assert Intake.objects.filter(pk=intake.pk).exists()


@pytest.mark.parametrize("persona", ["anonymous", "editor", "outsider"])
def test_it_exports_nothing_to_someone_without_access(client, log_in, make_intake, persona):
    intake = make_intake(first_name="Wilhelmina")
    log_in(persona)

    response = _export(client, intake)

    assert not response["Content-Type"].startswith("text/csv")
    assert "Wilhelmina" not in response.content.decode()
    assert not IntakeAccess.objects.exists()


@pytest.mark.parametrize("persona", ["editor", "outsider"])
def test_it_shows_no_intake_data_on_a_denied_page(client, log_in, make_intake, persona):
    intake = make_intake(first_name="Wilhelmina", email="wilhelmina@example.net")
    log_in(persona)

    response = client.get(change_url(intake))

    assert response.status_code == 403
    assert "Wilhelmina" not in response.content.decode()
    assert "wilhelmina@example.net" not in response.content.decode()


# Dana, the directory editor: she cannot tell that intakes exist


def _pages_an_editor_can_open() -> list[str]:
    provider = Provider.objects.order_by("pk").first()
    return [
        reverse("admin:index"),
        reverse("admin:providers_provider_changelist"),
        reverse("admin:providers_provider_change", args=[provider.pk]),
        reverse("admin:programs_program_changelist"),
    ]


def test_it_shows_no_intake_data_on_any_page_an_editor_opens(client, editor, make_intake):
    make_intake(first_name="Wilhelmina", email="wilhelmina@example.net")
    client.force_login(editor)

    for url in _pages_an_editor_can_open():
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Wilhelmina" not in response.content.decode(), url
        assert "wilhelmina@example.net" not in response.content.decode(), url


def test_it_leaves_intakes_and_their_dashboard_off_an_editors_admin_index(
    client, editor, make_intake
):
    make_intake()
    client.force_login(editor)

    response = client.get(reverse("admin:index"))

    assert changelist_url() not in links(response)
    assert dashboard_url() not in links(response)
    assert access_list_url() not in links(response)
    assert "Intake" not in response.content.decode()


# Dr Chen and the superuser


def test_it_links_a_clinician_to_intakes_but_not_to_access_records(client, clinician):
    client.force_login(clinician)

    response = client.get(reverse("admin:index"))

    assert changelist_url() in links(response)
    assert access_list_url() not in links(response)


def test_it_links_a_superuser_to_intakes_and_access_records(client, superuser):
    client.force_login(superuser)

    response = client.get(reverse("admin:index"))

    assert changelist_url() in links(response)
    assert access_list_url() in links(response)


def test_it_saves_a_clinicians_review(client, clinician, make_intake, post_review):
    intake = make_intake()
    client.force_login(clinician)

    response = post_review(intake, status="in_review", clinician_notes="Call on Monday.")

    assert response.status_code == 302
    intake.refresh_from_db()
    assert (intake.status, intake.clinician_notes) == ("in_review", "Call on Monday.")


def test_it_offers_a_clinician_no_add_button(client, clinician, make_intake):
    make_intake()
    client.force_login(clinician)

    response = client.get(changelist_url())

    assert reverse("admin:advisor_intake_add") not in links(response)
