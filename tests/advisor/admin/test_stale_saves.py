"""Two clinicians on one intake: a save from an older page never undoes the other's change.

A contact logged as "reached" moves the intake to Contacted; a note saved from a page
opened before that must not move it back. Only Clinicians are offered as assignees, yet
an intake whose clinician has since left the group can still be saved.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from advisor.models import ContactAttempt, Intake
from advisor.services import intake_contact_add, intakes_assign
from tests.advisor.admin.helpers import change_url, review_data
from tests.helpers import Page

pytestmark = pytest.mark.django_db


@pytest.fixture
def opened(make_intake, clinician):
    """Robin's intake, taken by Dr Chen, as the page showed it to her."""
    intake = make_intake(first_name="Robin")
    intakes_assign(intakes=Intake.objects.filter(pk=intake.pk), clinician=clinician)
    intake.refresh_from_db()
    return intake, f"{intake.status}|{intake.assigned_to_id}"


def _reached_by_someone_else(intake: Intake, superuser) -> None:
    intake_contact_add(
        intake=intake,
        author=superuser,
        channel=ContactAttempt.Channel.CALL,
        outcome=ContactAttempt.Outcome.REACHED,
    )


def test_a_note_saved_from_an_older_page_keeps_the_status_someone_else_set(
    client, clinician, superuser, opened
):
    intake, shown = opened
    page_values = review_data(intake, note="Left a voicemail earlier.", shown=shown)
    _reached_by_someone_else(intake, superuser)
    client.force_login(clinician)

    response = client.post(change_url(intake), page_values)

    assert response.status_code == 302
    intake.refresh_from_db()
    assert intake.status == Intake.Status.CONTACTED
    assert intake.notes.get().text == "Left a voicemail earlier."


def test_changing_what_someone_else_just_changed_asks_to_look_again(
    client, clinician, superuser, opened
):
    intake, shown = opened
    page_values = review_data(intake, status="closed", shown=shown)
    _reached_by_someone_else(intake, superuser)
    client.force_login(clinician)

    response = client.post(change_url(intake), page_values)

    assert response.status_code == 200
    assert (
        "Someone else changed this while you had the page open"
        in Page.of(response).find(class_="field-status").words
    )
    intake.refresh_from_db()
    assert intake.status == Intake.Status.CONTACTED
    # Sent again from the page that now shows today's status, it saves.
    again = client.post(
        change_url(intake),
        review_data(
            intake,
            status="closed",
            shown=(Page.of(response).find("input", name="shown")["value"]),
        ),
    )
    assert again.status_code == 302
    intake.refresh_from_db()
    assert intake.status == Intake.Status.CLOSED


def test_an_intake_whose_clinician_left_the_group_can_still_take_a_note(
    client, clinician, superuser, opened
):
    intake, shown = opened
    clinician.groups.remove(Group.objects.get(name="Clinicians"))
    client.force_login(superuser)

    response = client.post(
        change_url(intake), review_data(intake, note="Handing over.", shown=shown)
    )

    assert response.status_code == 302
    intake.refresh_from_db()
    assert intake.assigned_to == clinician
    assert intake.notes.get().text == "Handing over."
