"""Audit: who opened which intake and who changed what; superusers read it, nobody edits it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from advisor.models import Intake, IntakeAccess, IntakeDeletion
from advisor.services import intake_accesses_record, intake_delete
from tests.advisor.admin.helpers import access_list_url, change_url, history_url

pytestmark = pytest.mark.django_db


def _accesses(intake: Intake) -> list[tuple[str, str]]:
    return list(intake.accesses.values_list("username", "how"))


# Access records


def test_it_records_who_opened_an_intake_page(client, clinician, make_intake):
    intake = make_intake()
    client.force_login(clinician)

    client.get(change_url(intake))

    (access,) = IntakeAccess.objects.all()
    assert (access.intake, access.user, access.username, access.how) == (
        intake,
        clinician,
        "chen",
        "page",
    )
    assert access.accessed_at is not None


def test_it_records_every_opening(client, clinician, superuser, make_intake):
    intake = make_intake()
    client.force_login(clinician)
    client.get(change_url(intake))
    client.get(change_url(intake))
    client.force_login(superuser)
    client.get(change_url(intake))

    assert sorted(_accesses(intake)) == [("chen", "page"), ("chen", "page"), ("root", "page")]


def test_it_records_who_opened_an_intakes_history(client, clinician, make_intake):
    intake = make_intake()
    client.force_login(clinician)

    client.get(history_url(intake))

    assert _accesses(intake) == [("chen", "history")]


def test_it_records_who_opened_an_earlier_version_of_an_intake(client, clinician, make_intake):
    # The version page shows the participant's name, e-mail and answers, as the intake page does.
    intake = make_intake(first_name="Wilhelmina")
    version = intake.history.earliest()
    client.force_login(clinician)

    response = client.get(
        reverse("admin:advisor_intake_simple_history", args=[intake.pk, version.history_id])
    )

    assert "Wilhelmina" in response.content.decode()
    assert [username for username, _ in _accesses(intake)] == ["chen"]


def test_it_records_no_access_for_a_save(client, clinician, make_intake, post_review):
    intake = make_intake()
    client.force_login(clinician)
    client.get(change_url(intake))

    post_review(intake, status="in_review")

    assert _accesses(intake) == [("chen", "page")]


def test_it_records_no_access_for_a_refused_look(client, editor, make_intake):
    intake = make_intake()
    client.force_login(editor)

    client.get(change_url(intake))
    client.get(history_url(intake))

    assert not IntakeAccess.objects.exists()


def test_it_records_no_access_for_an_intake_that_does_not_exist(client, clinician, make_intake):
    intake = make_intake()
    client.force_login(clinician)

    client.get(reverse("admin:advisor_intake_change", args=[intake.pk + 1000]))

    assert not IntakeAccess.objects.exists()


def test_it_keeps_the_username_after_the_account_is_removed(client, clinician, make_intake):
    intake = make_intake()
    client.force_login(clinician)
    client.get(change_url(intake))
    client.logout()

    clinician.delete()

    assert _accesses(intake) == [("chen", "page")]


def test_it_records_following_the_view_on_site_link(client, clinician, make_intake, page):
    # The link the intake page shows, not a URL this test builds: whatever it leads to must
    # leave a record of the look.
    intake = make_intake(first_name="Wilhelmina")
    client.force_login(clinician)
    link = page(client.get(change_url(intake))).find("a", class_="viewsitelink")

    response = client.get(link["href"], follow=True)

    assert response.status_code == 200
    assert "Staff preview" in response.content.decode()
    assert sorted(_accesses(intake)) == [("chen", "page"), ("chen", "preview")]


# Change history


def test_it_keeps_who_changed_the_status_in_the_history(
    client, clinician, make_intake, post_review
):
    intake = make_intake()
    client.force_login(clinician)

    post_review(intake, status="in_review")

    latest = intake.history.latest()
    assert (latest.history_user, latest.history_type) == (clinician, "~")
    assert latest.status == "in_review"
    assert latest.prev_record.status == "new"


def test_it_shows_the_change_on_the_history_page(
    client, clinician, superuser, make_intake, post_review
):
    intake = make_intake()
    client.force_login(clinician)
    post_review(intake, status="in_review")
    client.force_login(superuser)

    response = client.get(history_url(intake))

    assert response.status_code == 200
    assert "chen" in response.content.decode()


def test_it_keeps_no_answers_or_contact_details_in_the_history(make_intake):
    intake = make_intake(first_name="Wilhelmina", email="wilhelmina@example.net")

    fields = {field.name for field in intake.history.model._meta.fields}

    assert fields.isdisjoint({"first_name", "email", "shame", "self_harm_thoughts"})
    assert {"status", "recommendation", "rules_version", "override_program"} <= fields


# The access records in the admin


@pytest.fixture
def access(make_intake, clinician) -> IntakeAccess:
    """Dr Chen opened Wilhelmina's intake."""
    intake_accesses_record(
        intakes=[make_intake(first_name="Wilhelmina")], user=clinician, how="page"
    )
    return IntakeAccess.objects.get()


def _access_change_url(access: IntakeAccess) -> str:
    return reverse("admin:advisor_intakeaccess_change", args=[access.pk])


def test_it_lists_access_records_for_a_superuser(client, superuser, access, page):
    client.force_login(superuser)

    html = page(client.get(access_list_url()))

    assert html.find("td", class_="field-username").words == "chen"
    assert html.find("td", class_="field-how").words == "Opened the intake page"


def test_it_shows_an_access_record_to_a_superuser_without_a_save_button(
    client, superuser, access, page
):
    client.force_login(superuser)

    response = client.get(_access_change_url(access))

    assert response.status_code == 200
    assert page(response).find("input", name="_save") is None
    assert "chen" in response.content.decode()


def test_it_refuses_a_superusers_change_to_an_access_record(client, superuser, access):
    client.force_login(superuser)

    response = client.post(_access_change_url(access), {"username": "someone-else", "how": "page"})

    assert response.status_code == 403
    access.refresh_from_db()
    assert access.username == "chen"


def test_it_refuses_a_superusers_delete_of_an_access_record(client, superuser, access):
    client.force_login(superuser)

    response = client.post(
        reverse("admin:advisor_intakeaccess_delete", args=[access.pk]), {"post": "yes"}
    )

    assert response.status_code == 403
    assert IntakeAccess.objects.filter(pk=access.pk).exists()


def test_it_refuses_a_superusers_new_access_record(client, superuser, access):
    client.force_login(superuser)

    response = client.get(reverse("admin:advisor_intakeaccess_add"))

    assert response.status_code == 403


def test_it_keeps_access_records_from_a_clinician(client, clinician, access):
    client.force_login(clinician)

    assert client.get(access_list_url()).status_code == 403
    assert client.get(_access_change_url(access)).status_code == 403


# The participant's own delete


def test_it_leaves_no_history_after_the_participants_delete(
    client, clinician, make_intake, post_review
):
    intake = make_intake()
    client.force_login(clinician)
    post_review(intake, status="in_review")
    assert Intake.history.filter(id=intake.pk).count() == 2
    intake_id = intake.pk

    intake_delete(intake=intake, by=IntakeDeletion.By.PARTICIPANT)

    assert not Intake.history.filter(id=intake_id).exists()


def test_it_leaves_no_access_records_after_the_participants_delete(client, clinician, make_intake):
    intake = make_intake()
    client.force_login(clinician)
    client.get(change_url(intake))
    client.get(history_url(intake))
    intake_id = intake.pk

    intake_delete(intake=intake, by=IntakeDeletion.By.PARTICIPANT)

    assert not IntakeAccess.objects.filter(intake_id=intake_id).exists()
