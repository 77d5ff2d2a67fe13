"""A superuser erases an intake from its admin page, whatever is kept about it.

Production sends the clinic a notice of every intake, so every intake has records hanging
off it: notices, accesses, queued tasks, notes, the contact log and its history. Deleting
the intake from its page takes them all with it and leaves one deletion record, while a
notice or an access record is still never deleted on its own.
"""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.core import mail
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from advisor.follow_up import signup_record
from advisor.models import DeidentifiedKey, Intake, IntakeAccess, IntakeDeletion, Notification
from advisor.services import (
    intake_accesses_record,
    intake_contact_add,
    intake_note_add,
    intake_review,
)
from tests.security.helpers import NOTICE_ADDRESS

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def durable_queue(settings):
    """The queue production keeps in the database, so that tasks leave rows behind."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def followed_up_intake(make_intake, superuser, clinician) -> Intake:
    """An intake with one of everything kept about it."""
    intake = make_intake(self_harm_thoughts="yes", email_my_link="on", checkin_opt_in="on")
    signup_record(intake=intake, program="MSC")
    DeidentifiedKey.objects.create(intake=intake, pseudonym="P-erase-me", shift_days=3)
    intake_review(
        intake=intake, status="in_review", assigned_to=None, override_program="",
        override_reason="", by=clinician,
    )  # fmt: skip
    intake_note_add(intake=intake, author=clinician, text="Called, no answer.")
    intake_contact_add(intake=intake, author=clinician, channel="call", outcome="no_answer")
    intake_accesses_record(intakes=[intake], user=clinician, how=IntakeAccess.How.PAGE)
    return intake


def delete_url(intake: Intake) -> str:
    return reverse("admin:advisor_intake_delete", args=[intake.pk])


def what_is_kept(intake_id: int) -> dict[str, int]:
    """How many rows of each model that points to the intake, and of its history, name it.

    Read from the relations themselves, so that a record added later is counted too.
    """
    kept = {
        relation.related_model._meta.label: relation.related_model._default_manager.filter(
            **{relation.field.attname: intake_id}
        ).count()
        for relation in Intake._meta.related_objects
        if relation.one_to_many or relation.one_to_one
    }
    return {**kept, "history": Intake.history.filter(id=intake_id).count()}


def test_it_has_one_of_each_record_to_erase(followed_up_intake):
    # The erasure tests below are only as good as this: every kind of record is there.
    kept = what_is_kept(followed_up_intake.pk)

    assert {Notification, IntakeAccess} <= set(KEPT_IN_THE_ADMIN)
    assert {"advisor.Notification", "advisor.IntakeAccess", "advisor.IntakeNote"} <= set(kept)
    assert all(kept.values()), f"Make one of each in followed_up_intake: {kept}"
    assert Notification.objects.get(intake=followed_up_intake).recipient == NOTICE_ADDRESS
    assert DBTaskResult.objects.count() >= 2  # the clinic's notice and the participant's link


def test_it_offers_to_delete_everything_kept_on_the_confirmation_page(sign_in, followed_up_intake):
    page = sign_in("superuser").get(delete_url(followed_up_intake)).content.decode()

    assert '<input type="hidden" name="post" value="yes">' in page  # the confirm button's form
    assert "protected related objects" not in page
    assert "following types of objects" not in page  # Django's "permission lacking" list
    assert "Notification" in page


def test_it_lets_a_superuser_erase_an_intake_with_everything_kept_about_it(
    sign_in, followed_up_intake
):
    intake_id, submitted = followed_up_intake.pk, followed_up_intake.created_at
    client = sign_in("superuser")

    response = client.post(delete_url(followed_up_intake), {"post": "yes"})

    assert response.status_code == 302
    assert not Intake.objects.filter(pk=intake_id).exists()
    assert set(what_is_kept(intake_id).values()) == {0}
    record = IntakeDeletion.objects.get()
    assert (record.intake_id, record.submitted_at, record.deleted_by, record.username) == (
        intake_id,
        submitted,
        IntakeDeletion.By.STAFF,
        "root",
    )


def test_it_leads_a_superuser_from_the_intakes_page_to_the_delete(sign_in, followed_up_intake):
    page = sign_in("superuser").get(
        reverse("admin:advisor_intake_change", args=[followed_up_intake.pk])
    )

    assert delete_url(followed_up_intake) in page.content.decode()


def run_queued_tasks() -> int:
    """What the worker does with each queued task, in this test's transaction.

    (`manage.py db_worker` closes the database connection between tasks, which a test
    inside a transaction cannot survive.)
    """
    queued = list(DBTaskResult.objects.all())
    for result in queued:
        result.task.call(*result.args_kwargs["args"], **result.args_kwargs["kwargs"])
    return len(queued)


def test_it_sends_nothing_queued_for_an_erased_intake(sign_in, followed_up_intake):
    sign_in("superuser").post(delete_url(followed_up_intake), {"post": "yes"})
    mail.outbox.clear()

    ran = run_queued_tasks()

    assert ran >= 2
    assert mail.outbox == []


# Every record the admin shows that points to an intake: notices, accesses, participant
# e-mails, and any added later.
KEPT_IN_THE_ADMIN = [
    relation.related_model
    for relation in Intake._meta.related_objects
    if relation.related_model in admin.site._registry
]


@pytest.mark.parametrize("model", KEPT_IN_THE_ADMIN, ids=lambda model: model.__name__)
def test_it_never_deletes_a_record_kept_about_an_intake_on_its_own(
    sign_in, followed_up_intake, model
):
    record = model._default_manager.filter(intake=followed_up_intake).first()
    url = reverse(f"admin:advisor_{model._meta.model_name}_delete", args=[record.pk])
    client = sign_in("superuser")

    answers = [client.get(url), client.post(url, {"post": "yes"})]
    listed = client.post(
        reverse(f"admin:advisor_{model._meta.model_name}_changelist"),
        {"action": "delete_selected", "_selected_action": [record.pk], "post": "yes"},
    )

    assert [a.status_code for a in answers] == [403, 403]
    assert listed.status_code in (200, 302)
    assert model._default_manager.filter(pk=record.pk).exists()
    assert not IntakeDeletion.objects.exists()


def test_it_still_refuses_a_clinician_the_erasure(sign_in, followed_up_intake):
    response = sign_in("clinician").post(delete_url(followed_up_intake), {"post": "yes"})

    assert response.status_code == 403
    assert Intake.objects.filter(pk=followed_up_intake.pk).exists()
    assert not IntakeDeletion.objects.exists()
