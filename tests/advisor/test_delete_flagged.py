"""Deleting answers the clinic promised to follow up: what the person is told, what is kept.

A person flagged for a clinician (crisis, or clinician review) was told that someone from
the clinic would call or e-mail them. Deleting before anyone reached them cancels that:
the confirmation says so and repeats the crisis help, the deletion still happens, and
the deletion record keeps the flags and that nobody had reached them (nothing about the
person), so the dashboard and the deletion records can show the promise that lapsed.
"""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from advisor.models import ContactAttempt, Intake, IntakeDeletion
from advisor.services import intake_contact_add, intake_delete, intake_review, intake_to_delete
from tests.advisor.intakes import EMAIL_ADDRESS, FIRST_NAME, saved_intake
from tests.clients import FormClient

pytestmark = pytest.mark.django_db

CRISIS = {"self_harm_thoughts": "yes", "phone": "+12025550123"}
# A current depressive episode asks for a clinician, but is no crisis.
REVIEW = {"depression_history": "current", "primary_goal": "relapse_prevention"}
LAPSE_WORDS = "we won't be able to"


def delete_url(intake: Intake) -> str:
    return reverse("advisor:delete", kwargs={"token": intake.public_token})


def deletion_list_url() -> str:
    return reverse("admin:advisor_intakedeletion_changelist")


def confirm(client, intake: Intake):
    return client.post(delete_url(intake), {"confirm": "yes"})


def reach(intake: Intake, clinician) -> None:
    intake_contact_add(
        intake=intake,
        author=clinician,
        channel=ContactAttempt.Channel.CALL,
        outcome=ContactAttempt.Outcome.REACHED,
    )


def lapse_warning(html):
    return html.find("section", class_="delete-promise")


# The confirmation page


def test_it_warns_a_flagged_person_nobody_has_reached_that_the_call_will_not_happen(
    client, make_intake, page
):
    html = page(client.get(delete_url(make_intake(**CRISIS))))

    warning = lapse_warning(html)
    assert warning is not None
    assert "If you delete them now, we won't be able to call you back as we said we would" in (
        warning.words
    )


def test_it_repeats_the_crisis_help_on_the_confirmation_for_a_crisis(client, make_intake, page):
    html = page(client.get(delete_url(make_intake(**CRISIS))))

    panel = html.find("section", class_="crisis-panel")
    assert panel is not None
    assert html.find("a", href="tel:988", within=panel) is not None
    assert "please don't wait to hear from us" in panel.words
    # Nothing in it speaks as if the answers were kept or never sent.
    assert "still here for later" not in panel.words
    assert "have not reached our clinic" not in panel.words


def test_it_warns_and_offers_the_short_crisis_line_for_a_clinician_review(
    client, make_intake, page
):
    html = page(client.get(delete_url(make_intake(**REVIEW))))

    assert "we won't be able to reach you as we said we would" in lapse_warning(html).words
    assert html.find("p", class_="crisis-note", within=html.find("main")) is not None
    # No "you told us you have had thoughts of harming yourself" to someone who did not.
    assert html.find("section", class_="crisis-panel") is None


def test_it_does_not_warn_once_a_clinician_has_reached_them(client, make_intake, page, clinician):
    intake = make_intake(**CRISIS)
    reach(intake, clinician)

    html = page(client.get(delete_url(intake)))

    assert lapse_warning(html) is None
    assert LAPSE_WORDS not in html.find("main").words


def test_it_does_not_warn_when_the_status_says_they_were_contacted(client, make_intake, page):
    intake = make_intake(**CRISIS)
    intake_review(
        intake=intake, status="contacted", assigned_to=None, override_program="", override_reason=""
    )

    assert lapse_warning(page(client.get(delete_url(intake)))) is None


def test_it_does_not_warn_an_unflagged_person(client, make_intake, page):
    html = page(client.get(delete_url(make_intake())))

    assert lapse_warning(html) is None
    assert html.find("section", class_="crisis-panel") is None
    assert LAPSE_WORDS not in html.find("main").words


def test_a_left_message_is_not_reaching_them(client, make_intake, page, clinician):
    intake = make_intake(**CRISIS)
    intake_contact_add(
        intake=intake,
        author=clinician,
        channel=ContactAttempt.Channel.CALL,
        outcome=ContactAttempt.Outcome.LEFT_MESSAGE,
    )

    assert lapse_warning(page(client.get(delete_url(intake)))) is not None


# Deleting, and what is kept


def test_it_still_deletes_a_flagged_intake_when_confirmed(client, make_intake):
    intake = make_intake(**CRISIS)

    response = confirm(client, intake)

    assert response.status_code == 302
    assert response["Location"] == reverse("advisor:deleted")
    assert not Intake.objects.filter(pk=intake.pk).exists()


def test_it_records_the_flags_and_that_nobody_had_reached_them(client, make_intake):
    intake = make_intake(**CRISIS)

    confirm(client, intake)

    record = IntakeDeletion.objects.get(intake_id=intake.pk)
    assert record.flag_codes == ["crisis", "clinician_review"]
    assert record.contacted is False
    assert record.deleted_by == IntakeDeletion.By.PARTICIPANT


def test_it_records_that_they_had_been_reached(client, make_intake, clinician):
    intake = make_intake(**CRISIS)
    reach(intake, clinician)

    confirm(client, intake)

    assert IntakeDeletion.objects.get(intake_id=intake.pk).contacted is True


def test_the_record_of_a_flagged_deletion_holds_nothing_about_the_person(client, make_intake):
    intake = make_intake(**CRISIS)

    confirm(client, intake)

    stored = " ".join(str(value) for value in IntakeDeletion.objects.values().get().values())
    for personal in (FIRST_NAME, EMAIL_ADDRESS, CRISIS["phone"], "2025550123", intake.public_token):
        assert personal not in stored


def test_an_unflagged_deletion_records_no_flags(client, make_intake, page):
    intake = make_intake()

    response = confirm(client, intake)

    assert page(client.get(response["Location"])).find("h1").words == "Your answers are deleted"
    record = IntakeDeletion.objects.get(intake_id=intake.pk)
    assert (record.flags, record.contacted) == ("", False)
    assert not IntakeDeletion.objects.unreached_flagged().exists()


def test_the_retention_purge_records_the_flags_too(make_intake):
    from advisor.services import intakes_purge

    intake = make_intake(**REVIEW)

    intakes_purge(older_than=timezone.now() + timedelta(seconds=1))

    record = IntakeDeletion.objects.get(intake_id=intake.pk)
    assert (record.flag_codes, record.contacted) == (["clinician_review"], False)


# Posted twice


def test_a_confirmation_posted_twice_deletes_once_and_records_once(client, make_intake, page):
    intake = make_intake(**CRISIS)

    first, second = confirm(client, intake), confirm(client, intake)

    assert first.status_code == 302
    assert second.status_code == 404
    assert page(second).find("h1").words == "There are no answers under this link"
    assert "If you have just deleted your answers, that is done" in page(second).find("main").words
    assert IntakeDeletion.objects.filter(intake_id=intake.pk).count() == 1


def test_a_second_deletion_that_found_the_intake_before_the_first_records_nothing(make_intake):
    """Both taps read the intake before either deleted it: only the first one counts."""
    intake = make_intake(**CRISIS)
    seen_by_second = intake_to_delete(token=intake.public_token)

    assert intake_delete(intake=intake, by=IntakeDeletion.By.PARTICIPANT) is True
    assert intake_delete(intake=seen_by_second, by=IntakeDeletion.By.PARTICIPANT) is False
    assert IntakeDeletion.objects.count() == 1


# Serialized like the other transactional tests: its flush must leave the seeded catalog
# for the next one (tests/advisor/test_task_queue.py).
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has no row locks to wait on")
def test_two_confirmations_at_the_same_moment_delete_once_on_postgresql():
    """The second POST reads the intake, then waits on the first one's lock; when the first
    commits, the second finds nothing to delete, says so, and records nothing."""
    intake = saved_intake(**CRISIS)
    answers: list = []

    def second_tap() -> None:
        try:
            answers.append(FormClient().post(delete_url(intake), {"confirm": "yes"}))
        finally:
            connection.close()

    with transaction.atomic():
        Intake.objects.select_for_update().get(pk=intake.pk)  # the first tap holds the row
        other = threading.Thread(target=second_tap)
        other.start()
        _wait_for_a_lock_wait(deadline=time.monotonic() + 10)
        assert intake_delete(intake=intake, by=IntakeDeletion.By.PARTICIPANT) is True
    other.join(timeout=10)

    assert not other.is_alive()
    assert [a.status_code for a in answers] == [404]
    assert "There are no answers under this link" in answers[0].content.decode()
    assert IntakeDeletion.objects.filter(intake_id=intake.pk).count() == 1


def _wait_for_a_lock_wait(*, deadline: float) -> None:
    """Until another connection waits on a row lock (the second tap reached its delete)."""
    # pg_locks, not pg_stat_activity: the latter is a snapshot for the whole transaction.
    query = "SELECT count(*) FROM pg_locks WHERE NOT granted"
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(query)
            if cursor.fetchone()[0]:
                return
            time.sleep(0.02)
    raise AssertionError("The second confirmation never waited on the first one's lock")


# What the clinic sees


def test_the_dashboard_counts_a_flagged_person_who_deleted_before_we_reached_them(
    client, make_intake, clinician, page
):
    confirm(client, make_intake(**CRISIS))
    confirm(client, make_intake())  # unflagged: no promise lapsed
    reached = make_intake(**REVIEW)
    reach(reached, clinician)
    confirm(client, reached)  # reached first: nothing lapsed either
    client.force_login(clinician)

    html = page(client.get(reverse("admin:advisor_intake_dashboard")))

    section = html.find("section", **{"aria-labelledby": "unreached-deletions-heading"})
    assert "1 flagged person deleted their answers before we reached them" in section.words
    assert len(html.find_all("li", within=section)) == 1
    # The records are for superusers: a clinician gets the count and dates, not a link.
    assert html.find("a", href=deletion_list_url() + "?promise=lapsed") is None


def test_the_dashboard_leaves_out_deletions_older_than_thirty_days(
    client, make_intake, clinician, page
):
    confirm(client, make_intake(**CRISIS))
    IntakeDeletion.objects.update(deleted_at=timezone.now() - timedelta(days=31))
    client.force_login(clinician)

    html = page(client.get(reverse("admin:advisor_intake_dashboard")))

    section = html.find("section", **{"aria-labelledby": "unreached-deletions-heading"})
    assert section.words.startswith("Deleted before we reached them None in the last 30 days")


def test_a_superuser_follows_the_dashboard_to_those_deletion_records(
    client, make_intake, superuser, clinician, page
):
    lapsed = make_intake(**CRISIS)
    confirm(client, lapsed)
    unflagged = make_intake()
    confirm(client, unflagged)
    client.force_login(superuser)

    html = page(client.get(reverse("admin:advisor_intake_dashboard")))
    link = html.find("a", href=deletion_list_url() + "?promise=lapsed")
    listed = page(client.get(link.attrs["href"]))

    results = listed.find("table", id="result_list")
    rows = [row for row in listed.find_all("tr", within=results) if listed.find("td", within=row)]
    assert len(rows) == 1
    assert listed.find("td", class_="field-intake_id", within=rows[0]).words == str(lapsed.pk)
    assert listed.find("td", class_="field-flag_list", within=rows[0]).words == (
        "crisis, clinician review"
    )
    assert FIRST_NAME not in listed.find("body").words


def test_the_deletion_records_list_shows_flags_and_contact_for_every_deletion(
    client, make_intake, superuser, page
):
    confirm(client, make_intake(**REVIEW))
    client.force_login(superuser)

    listed = page(client.get(deletion_list_url()))

    assert listed.find("td", class_="field-flag_list").words == "clinician review"
    contacted = listed.find("td", class_="field-contacted")
    assert listed.find("img", alt="False", within=contacted) is not None
    assert "A flagged person deleted their answers before we reached them" in (
        listed.find(id="changelist-filter").words
    )
