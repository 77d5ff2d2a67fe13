"""Retention: `purge_intakes` deletes what is older than INTAKE_RETENTION_DAYS, and all about it.

The privacy page promises the same.
"""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.contrib.admin.models import LogEntry
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from advisor.models import Intake, IntakeAccess
from advisor.services import intake_accesses_record
from tests.advisor.admin.helpers import change_url, review_data

pytestmark = pytest.mark.django_db


def purge(*args: str) -> str:
    out = io.StringIO()
    call_command("purge_intakes", *args, stdout=out)
    return out.getvalue()


def submitted_days_ago(intake: Intake, days: float) -> Intake:
    """Back-date an intake; `created_at` is set on insert, so tests move it afterwards."""
    Intake.objects.filter(pk=intake.pk).update(created_at=timezone.now() - timedelta(days=days))
    intake.refresh_from_db()
    return intake


@pytest.fixture
def old(make_intake, settings) -> Intake:
    """Submitted a day past the retention period."""
    return submitted_days_ago(make_intake(), settings.INTAKE_RETENTION_DAYS + 1)


@pytest.fixture
def recent(make_intake, settings) -> Intake:
    """Submitted a day before the retention period runs out."""
    return submitted_days_ago(make_intake(), settings.INTAKE_RETENTION_DAYS - 1)


def test_it_deletes_intakes_older_than_the_retention_period(old):
    purge()

    assert not Intake.objects.filter(pk=old.pk).exists()


def test_it_keeps_intakes_within_the_retention_period(old, recent):
    purge()

    assert list(Intake.objects.all()) == [recent]


def test_it_keeps_an_intake_for_a_year_by_default(make_intake):
    within_the_year = submitted_days_ago(make_intake(), 364)
    submitted_days_ago(make_intake(), 366)

    purge()

    assert list(Intake.objects.all()) == [within_the_year]


def test_it_says_how_many_it_deleted(old, recent, make_intake, settings):
    submitted_days_ago(make_intake(), settings.INTAKE_RETENTION_DAYS + 30)

    output = purge()

    assert "Deleted 2 intake(s)" in output


def test_it_deletes_who_opened_a_purged_intake(old, recent, clinician):
    intake_accesses_record(intakes=[old, recent], user=clinician, how=IntakeAccess.How.PAGE)

    purge()

    assert list(IntakeAccess.objects.values_list("intake_id", flat=True)) == [recent.pk]


def test_it_deletes_the_history_of_a_purged_intake(old, recent):
    purge()

    assert set(Intake.history.values_list("id", flat=True)) == {recent.pk}


def test_it_deletes_the_review_history_of_a_purged_intake(old, client, clinician):
    client.force_login(clinician)
    client.post(change_url(old), review_data(old, status="reviewed", notes="Called her back."))
    assert Intake.history.filter(id=old.pk).count() > 1

    purge()

    assert not Intake.history.filter(id=old.pk).exists()


def test_it_leaves_no_admin_log_naming_a_purged_participant(make_intake, client, clinician):
    # The admin's "recent actions" log keeps a description of each object it changed.
    intake = make_intake(first_name="Wilhelmina")
    client.force_login(clinician)
    client.post(change_url(intake), review_data(intake, status="reviewed"))
    submitted_days_ago(intake, 400)

    purge()

    assert [e.object_repr for e in LogEntry.objects.all() if "Wilhelmina" in str(e)] == []


def test_it_counts_without_deleting_on_a_dry_run(old, recent):
    output = purge("--dry-run")

    assert "1 intake(s)" in output
    assert "would be deleted" in output
    assert Intake.objects.count() == 2


def test_it_keeps_history_and_access_records_on_a_dry_run(old, clinician):
    intake_accesses_record(intakes=[old], user=clinician, how=IntakeAccess.How.PAGE)

    purge("--dry-run")

    assert IntakeAccess.objects.filter(intake=old).exists()
    assert Intake.history.filter(id=old.pk).exists()


def test_it_is_safe_to_run_twice(old, recent):
    purge()

    output = purge()

    assert "Deleted 0 intake(s)" in output
    assert list(Intake.objects.all()) == [recent]


def test_it_deletes_nothing_when_nothing_is_old(recent):
    output = purge()

    assert "Deleted 0 intake(s)" in output
    assert Intake.objects.count() == 1


def test_it_keeps_the_number_of_days_given(make_intake):
    ten_days = submitted_days_ago(make_intake(), 10)
    three_days = submitted_days_ago(make_intake(), 3)

    purge("--days", "7")

    assert not Intake.objects.filter(pk=ten_days.pk).exists()
    assert Intake.objects.filter(pk=three_days.pk).exists()


def test_it_reads_the_retention_period_from_the_settings(make_intake, settings):
    settings.INTAKE_RETENTION_DAYS = 30
    forty_days = submitted_days_ago(make_intake(), 40)

    purge()

    assert not Intake.objects.filter(pk=forty_days.pk).exists()


@pytest.mark.parametrize("days", ["0", "-5"])
def test_it_refuses_a_retention_period_that_would_delete_everything(recent, days):
    with pytest.raises(SystemExit) as exit_:
        call_command("purge_intakes", "--days", days, stdout=io.StringIO(), stderr=io.StringIO())

    assert exit_.value.code != 0
    assert Intake.objects.count() == 1


def test_it_leaves_the_participants_page_unreachable_after_purging(old, client):
    purge()

    response = client.get(reverse("advisor:recommendation", kwargs={"token": old.public_token}))

    assert response.status_code == 404


# The privacy page


def test_it_states_the_retention_period_on_the_privacy_page(client, settings):
    response = client.get(reverse("privacy"))

    assert f"{settings.INTAKE_RETENTION_DAYS} days" in response.content.decode()


def test_it_states_the_configured_retention_period_on_the_privacy_page(client, settings):
    settings.INTAKE_RETENTION_DAYS = 90

    response = client.get(reverse("privacy"))

    assert "90 days" in response.content.decode()


def test_it_explains_how_to_delete_answers_on_the_privacy_page(client):
    response = client.get(reverse("privacy"))

    content = response.content.decode()
    assert "Delete my answers" in content
    assert "contact the clinic" in content


def test_it_says_what_is_kept_and_why_on_the_privacy_page(client):
    response = client.get(reverse("privacy"))

    content = response.content.decode()
    assert "We keep:" in content
    assert "so that a clinician" in content


# The participant's own "delete my answers" shares the deletion with the purge.


def test_it_leaves_no_admin_log_naming_a_participant_who_deleted_their_answers(
    make_intake, client, clinician
):
    intake = make_intake(first_name="Wilhelmina")
    client.force_login(clinician)
    client.post(change_url(intake), review_data(intake, status="reviewed"))
    client.logout()

    client.post(
        reverse("advisor:delete", kwargs={"token": intake.public_token}), {"confirm": "yes"}
    )

    assert not Intake.objects.exists()
    assert [e.object_repr for e in LogEntry.objects.all() if "Wilhelmina" in str(e)] == []
