"""The clinicians' dashboard says which e-mails have not gone out, and for how long.

A notice to the clinic waits only for the queue's worker; one still waiting after a few
minutes means the worker (or the mail server) has stopped and the clinic is not being
told of new intakes, crisis ones included.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from advisor.follow_up import checkin_stop, checkins_sweep
from advisor.models import CheckInEmail, Notification, ParticipantEmail
from tests.advisor.admin.helpers import dashboard_url

pytestmark = pytest.mark.django_db

CLINIC = ["intake@clinic.example"]
CRISIS = {"self_harm_thoughts": "yes"}


@pytest.fixture(autouse=True)
def durable_queue(settings):
    """Production's queue, with no worker running until a test runs one."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.INTAKE_NOTIFY_EMAILS = CLINIC


@pytest.fixture
def dashboard(client, page):
    def open_dashboard(user):
        client.force_login(user)
        response = client.get(dashboard_url())
        assert response.status_code == 200
        return page(response)

    return open_dashboard


def _made_ago(model, **ago: float) -> None:
    """Every row of `model` made that long ago (created_at is set on insert)."""
    model.objects.update(created_at=timezone.now() - timedelta(**ago))


def _unsent(html):
    return html.find("section", **{"aria-labelledby": "unsent-heading"})


def _run_the_worker() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


def test_it_says_how_long_the_oldest_notice_has_waited(dashboard, clinician, make_intake):
    make_intake(first_name="Casey", **CRISIS)
    _made_ago(Notification, minutes=12)

    section = _unsent(dashboard(clinician))

    assert section.words.startswith(
        "E-mails waiting to be sent Oldest notice waiting to be sent: 12 minutes (since "
    )
    assert "Not sent yet: 1 notice to the clinic, 0 e-mails to participants." in section.words


def test_it_marks_a_notice_late_after_ten_minutes(dashboard, clinician, make_intake):
    make_intake(**CRISIS)
    _made_ago(Notification, minutes=11)

    section = _unsent(dashboard(clinician))

    assert "unsent--late" in section["class"]
    assert section.find("span", class_="flag--overdue").words == "Late"
    assert "check that the queue's worker (manage.py db_worker) is running" in section.words


def test_it_does_not_mark_a_notice_of_a_few_minutes_late(dashboard, clinician, make_intake):
    make_intake(**CRISIS)
    _made_ago(Notification, minutes=3)

    section = _unsent(dashboard(clinician))

    assert "Oldest notice waiting to be sent: 3 minutes" in section.words
    assert "unsent--late" not in section["class"]
    assert section.find("span", class_="flag--overdue") is None


# The worker closes its database connection as it finishes, as it does in production.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_says_all_notices_sent_once_the_worker_has_run(dashboard, clinician, make_intake):
    make_intake(**CRISIS)
    _made_ago(Notification, minutes=30)

    _run_the_worker()

    assert [message.to for message in mail.outbox] == [CLINIC]
    section = _unsent(dashboard(clinician))
    assert section.words == (
        "E-mails waiting to be sent "
        "All notices sent: no e-mail to the clinic or to a participant is waiting."
    )


def test_it_counts_a_participants_email_waiting_longest(dashboard, clinician, make_intake):
    make_intake(email_my_link="on")
    _made_ago(ParticipantEmail, minutes=40)
    _made_ago(Notification, minutes=2)

    section = _unsent(dashboard(clinician))

    assert "Oldest e-mail (to a participant) waiting to be sent: 40 minutes" in section.words
    assert "1 notice to the clinic, 1 e-mail to a participant." in section.words
    assert "unsent--late" in section["class"]


def test_it_counts_a_check_in_email_waiting_with_the_participants(
    dashboard, clinician, make_intake
):
    make_intake(checkin_opt_in="on")
    checkins_sweep(now=timezone.now() + timedelta(weeks=52))  # the invitation, queued
    _made_ago(CheckInEmail, minutes=25)
    _made_ago(Notification, minutes=2)

    section = _unsent(dashboard(clinician))

    assert "Oldest e-mail (to a participant) waiting to be sent: 25 minutes" in section.words
    assert "1 notice to the clinic, 1 e-mail to a participant." in section.words


def test_it_does_not_count_a_failed_check_in_email_no_longer_wanted(
    dashboard, clinician, make_intake
):
    robin = make_intake(checkin_opt_in="on")
    checkins_sweep(now=timezone.now() + timedelta(weeks=52))
    CheckInEmail.objects.update(status=CheckInEmail.Status.FAILED, attempts=5)
    Notification.objects.update(status=Notification.Status.SENT)
    checkin_stop(checkin=robin.checkin)  # nothing more is sent: it waits for nobody

    section = _unsent(dashboard(clinician))

    assert "All notices sent" in section.words


def test_it_links_the_failed_check_in_emails_for_a_superuser(
    client, dashboard, superuser, make_intake
):
    make_intake(checkin_opt_in="on")
    checkins_sweep(now=timezone.now() + timedelta(weeks=52))

    links = {a.words: a["href"] for a in _unsent(dashboard(superuser)).find_all("a")}

    assert client.get(links["Check-in e-mails failed"]).status_code == 200


def test_it_keeps_a_failed_notice_in_view(dashboard, clinician, make_intake):
    # Tried as often as allowed and refused each time: it waits for a superuser.
    make_intake(**CRISIS)
    _made_ago(Notification, hours=3)
    Notification.objects.update(status=Notification.Status.FAILED, attempts=5)

    section = _unsent(dashboard(clinician))

    assert "Oldest notice waiting to be sent: 3 hours" in section.words
    assert "1 of them failed and waits for a superuser to send it again" in section.words


def test_it_links_the_unsent_notices_for_a_superuser_only(
    client, dashboard, clinician, superuser, make_intake, page
):
    make_intake(**CRISIS)
    assert _unsent(dashboard(clinician)).find("a") is None

    link = _unsent(dashboard(superuser)).find("a")

    assert link.words == "Notices waiting"
    response = client.get(link["href"])
    assert response.status_code == 200
    assert "intake@clinic.example" in page(response).find(id="result_list").words


def test_it_runs_as_many_queries_with_many_unsent_emails_as_with_one(
    client, clinician, make_intake, queries
):
    client.force_login(clinician)
    make_intake(**CRISIS)
    client.get(dashboard_url())  # a first request may write the session (the idle timer)
    with_one = queries.of(lambda: client.get(dashboard_url()))

    for index in range(20):
        make_intake(email_my_link="on" if index % 2 else None, **(CRISIS if index % 3 else {}))
    Notification.objects.filter(pk__in=Notification.objects.values("pk")[:5]).update(
        status=Notification.Status.FAILED
    )

    with queries.as_many_as(with_one):
        assert client.get(dashboard_url()).status_code == 200
