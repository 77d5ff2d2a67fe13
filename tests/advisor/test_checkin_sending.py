"""The check-in's e-mails: made by the sweep when due, sent once by the worker, and never
once they are no longer wanted.

A person who stops the check-in (the stop page's button, their mail program's one-click
"unsubscribe", or "Please don't check in with me" on their page) or deletes their answers
(or has them deleted by a superuser, or by the retention purge) gets nothing more: later
sweeps make nothing, and an e-mail already made but not yet sent does not go. Two sweeps
or two workers at once still make and send each e-mail once (on PostgreSQL, whose row
locks they rely on). A mail server that refuses is tried again, then the e-mail is left
failed, in sight.
"""

from __future__ import annotations

import asyncio
import io
import os
import smtplib
import socket
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.locmem import EmailBackend as Outbox
from django.core.management import call_command
from django.db import connection
from django.test.client import MULTIPART_CONTENT
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult

from advisor import questionnaire
from advisor.follow_up import checkins_sweep
from advisor.models import CheckIn, CheckInEmail, Intake, Notification, OutgoingEmail
from advisor.tasks import URGENT, send_checkin_email, send_notification
from tests.advisor.follow_up import make_retries_due, run_the_queue
from tests.advisor.intakes import neutral_post, saved_intake
from tests.clients import FORM, FormClient
from tests.helpers import Page

pytestmark = pytest.mark.django_db

PERSON = "wilhelmina.private@example.net"
CLINIC = "clinic@example.org"
ATTEMPTS = 3
# Far enough on for any check-in to be due (ten weeks by default, or a run's end).
LATER = timedelta(weeks=30)
REMINDER_DUE = timedelta(days=7)

PENDING = OutgoingEmail.Status.PENDING
SENT = OutgoingEmail.Status.SENT
FAILED = OutgoingEmail.Status.FAILED
CANCELLED = OutgoingEmail.Status.CANCELLED


@pytest.fixture(autouse=True)
def durable_queue(settings):
    """The queue production keeps in the database: each e-mail is a task row to run."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.INTAKE_NOTIFY_EMAILS = [CLINIC]
    settings.NOTIFICATION_ATTEMPTS = ATTEMPTS


def mail_backend(settings, backend: type) -> None:
    path = f"{__name__}.{backend.__name__}"
    if hasattr(settings, "MAILERS"):
        settings.MAILERS = {"default": {"BACKEND": path}}
    else:
        settings.EMAIL_BACKEND = path


def asked_for_a_checkin(**answers: str) -> Intake:
    return saved_intake(email=PERSON, checkin_opt_in="on", **answers)


def sweep(after: timedelta = LATER):
    return checkins_sweep(now=timezone.now() + after)


def to_the_person() -> list[mail.EmailMessage]:
    return [message for message in mail.outbox if message.to == [PERSON]]


def invitation_sent(intake: Intake) -> CheckInEmail:
    """Sweep and send: the invitation, gone to the person."""
    sweep()
    run_the_queue()
    email = CheckInEmail.objects.get(checkin__intake=intake, kind=CheckInEmail.Kind.INVITATION)
    assert email.status == SENT
    return email


def reminder_time(invitation: CheckInEmail) -> timedelta:
    """How far from now the reminder falls due."""
    return invitation.sent_at + REMINDER_DUE - timezone.now()


# Asked for on the form: the tick box


def send_the_form(client, path: str, **changes: str):
    response = client.post(path, {**neutral_post(), "email": PERSON, **changes})
    assert response.status_code == 302
    return Intake.objects.get(public_token=response["Location"].rstrip("/").rsplit("/", 1)[-1])


def test_ticking_the_box_asks_for_a_check_in_under_the_sentence_ticked(client):
    intake = send_the_form(client, reverse("advisor:intake"), checkin_opt_in="on")

    checkin = CheckIn.objects.get(intake=intake)
    assert intake.checkin_opt_in is True
    assert questionnaire.checkin_consent_text(checkin.consent_version) == (
        questionnaire.QUESTIONS_BY_CODE["checkin_opt_in"].label
    )
    assert (checkin.answered_at, checkin.stopped_at) == (None, None)
    assert not checkin.emails.exists()  # nothing until it is due


def test_a_spanish_tick_keeps_the_spanish_sentence(client):
    with translation.override("es"):
        path = reverse("advisor:intake")

    intake = send_the_form(client, path, checkin_opt_in="on")

    version = CheckIn.objects.get(intake=intake).consent_version
    assert questionnaire.checkin_consent_text(version).startswith("¿Podemos escribirle")


def test_leaving_the_box_unticked_asks_for_nothing(client):
    intake = send_the_form(client, reverse("advisor:intake"))

    assert intake.checkin_opt_in is False
    assert not CheckIn.objects.exists()
    assert sweep().invitations == 0


def test_the_box_ticked_on_a_look_is_still_ticked_on_its_send_form(client):
    look = {**neutral_post(), "look": "1", "checkin_opt_in": "on"}
    for name in ("first_name", "email", "consent"):
        look.pop(name)
    html = Page.of(client.post(reverse("advisor:intake"), look))
    assert not CheckIn.objects.exists()  # a look stores nothing
    form = html.find("form", class_="send-after-look__form")
    tick = html.find("input", within=form, name="checkin_opt_in")
    assert tick.has_attr("checked")

    sent = {
        field["name"]: field.get("value", "")
        for field in html.find_all("input", within=form, type="hidden")
    }
    response = client.post(
        form["action"],
        {**sent, "first_name": "Robin", "email": PERSON, "consent": "on", "checkin_opt_in": "on"},
    )

    assert response.status_code == 302
    assert CheckIn.objects.filter(intake__email=PERSON).count() == 1


# Made once, when due


def test_the_invitation_is_made_once_however_often_the_sweep_runs():
    intake = asked_for_a_checkin()

    swept = [sweep() for _ in range(3)]

    assert [s.invitations for s in swept] == [1, 0, 0]
    assert CheckInEmail.objects.filter(checkin__intake=intake).count() == 1
    run_the_queue()
    assert len(to_the_person()) == 1


def test_no_reminder_before_the_invitation_has_gone():
    """An invitation the mail server has not taken yet starts no reminder's week."""
    intake = asked_for_a_checkin()
    sweep()  # made, not sent

    swept = sweep(LATER + timedelta(weeks=4))

    assert swept.reminders == 0
    assert list(
        CheckInEmail.objects.filter(checkin__intake=intake).values_list("kind", flat=True)
    ) == [CheckInEmail.Kind.INVITATION]


def test_the_e_mail_goes_in_the_language_the_answers_were_given_in():
    intake = asked_for_a_checkin(answered_in="es")

    invitation_sent(intake)

    (message,) = to_the_person()
    token = CheckIn.objects.get(intake=intake).token
    assert f"/es/check-in/{token}/" in message.body
    assert f"/es/check-in/{token}/stop/" in message.message()["List-Unsubscribe"]


def test_a_spanish_e_mail_is_in_spanish():
    intake = asked_for_a_checkin(answered_in="es")

    invitation_sent(intake)

    (message,) = to_the_person()
    assert message.subject != "How did your course go?"
    assert "A few short questions" not in message.body


# Answered: nothing more


def test_once_answered_no_reminder_is_made():
    intake = asked_for_a_checkin()
    invitation = invitation_sent(intake)
    CheckIn.objects.filter(intake=intake).update(answered_at=timezone.now())

    swept = sweep(reminder_time(invitation) + timedelta(days=1))

    assert swept.reminders == 0
    assert CheckInEmail.objects.count() == 1


def test_answering_cancels_a_reminder_made_but_not_yet_sent(client):
    intake = asked_for_a_checkin()
    invitation = invitation_sent(intake)
    sweep(reminder_time(invitation))  # the reminder is made and queued
    checkin = CheckIn.objects.get(intake=intake)

    client.post(
        reverse("advisor:checkin", args=[checkin.token]),
        {"started": "no", "wants_next": "no", "self_harm_thoughts": "no"},
    )
    mail.outbox.clear()
    run_the_queue()

    assert to_the_person() == []
    reminder = CheckInEmail.objects.get(kind=CheckInEmail.Kind.REMINDER)
    assert reminder.status == CANCELLED


def test_a_queued_e_mail_of_a_check_in_answered_since_is_not_sent():
    """Whatever its row says: the check-in's own state is read when it is sent."""
    intake = asked_for_a_checkin()
    sweep()
    CheckIn.objects.filter(intake=intake).update(answered_at=timezone.now())  # row still pending

    run_the_queue()

    assert to_the_person() == []


def test_the_clinics_notice_of_distress_at_a_check_in_goes_ahead_in_the_queue(client):
    intake = asked_for_a_checkin()
    sweep()
    checkin = CheckIn.objects.get(intake=intake)

    client.post(
        reverse("advisor:checkin", args=[checkin.token]),
        {"started": "no", "wants_next": "no", "self_harm_thoughts": "yes"},
    )

    notice = Notification.objects.get(intake=intake, about="checkin_distress")
    queued = DBTaskResult.objects.get(
        task_path=send_notification.module_path, args_kwargs__args__0=notice.pk
    )
    assert queued.priority == URGENT


# Opt-out, three ways


def stop_from_the_stop_page(checkin: CheckIn) -> None:
    response = FormClient().post(reverse("advisor:checkin_stop", args=[checkin.token]))
    assert response.status_code == 200


def one_click(encoding: str):
    def stop_by_one_click(checkin: CheckIn) -> None:
        """The mail program's own "unsubscribe" (RFC 8058): the header's address, posted
        with no CSRF token, as multipart/form-data (as the RFC says it SHOULD be) or as an
        ordinary form (as it MAY be)."""
        (message,) = to_the_person()[:1]
        address = message.message()["List-Unsubscribe"].strip("<>")
        assert message.message()["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        path = "/" + address.split("://", 1)[1].split("/", 1)[1]
        response = FormClient(enforce_csrf_checks=True).post(
            path, {"List-Unsubscribe": "One-Click"}, content_type=encoding
        )
        assert response.status_code == 200

    return stop_by_one_click


def stop_from_the_recommendation_page(checkin: CheckIn) -> None:
    token = checkin.intake.public_token
    response = FormClient().post(reverse("advisor:checkin_choice", args=[token]))
    assert response.status_code == 302


STOPS = {
    "the stop page": stop_from_the_stop_page,
    "one click": one_click(FORM),
    "one click, multipart": one_click(MULTIPART_CONTENT),
    "the recommendation page": stop_from_the_recommendation_page,
}


@pytest.mark.parametrize("stop", STOPS)
def test_stopping_after_the_invitation_means_no_reminder(stop):
    intake = asked_for_a_checkin()
    invitation = invitation_sent(intake)

    STOPS[stop](CheckIn.objects.get(intake=intake))
    swept = [sweep(reminder_time(invitation) + timedelta(days=days)) for days in (0, 7, 60)]
    run_the_queue()

    assert [s.reminders for s in swept] == [0, 0, 0]
    assert len(to_the_person()) == 1
    assert CheckIn.objects.get(intake=intake).stopped_at is not None


@pytest.mark.parametrize("stop", STOPS)
def test_stopping_cancels_the_reminder_made_but_not_yet_sent(stop):
    intake = asked_for_a_checkin()
    invitation = invitation_sent(intake)
    sweep(reminder_time(invitation))  # made and queued, not sent

    STOPS[stop](CheckIn.objects.get(intake=intake))
    run_the_queue()

    assert len(to_the_person()) == 1
    assert CheckInEmail.objects.get(kind=CheckInEmail.Kind.REMINDER).status == CANCELLED


def test_stopping_from_the_page_before_any_e_mail_means_none_is_ever_made():
    intake = asked_for_a_checkin()

    stop_from_the_recommendation_page(CheckIn.objects.get(intake=intake))
    swept = [sweep(LATER * n) for n in (1, 2, 4)]
    run_the_queue()

    assert [s.invitations for s in swept] == [0, 0, 0]
    assert not CheckInEmail.objects.exists()
    assert to_the_person() == []


def test_stopping_cancels_an_invitation_made_but_not_yet_sent():
    intake = asked_for_a_checkin()
    sweep()  # the invitation is made and queued
    checkin = CheckIn.objects.get(intake=intake)

    stop_from_the_stop_page(checkin)
    run_the_queue()

    assert to_the_person() == []
    assert CheckInEmail.objects.get().status == CANCELLED


# Deleted: nothing more, and nothing left


def delete_by_the_person(intake: Intake) -> None:
    response = FormClient().post(
        reverse("advisor:delete", args=[intake.public_token]), {"confirm": "yes"}
    )
    assert response.status_code == 302
    assert not Intake.objects.filter(pk=intake.pk).exists()


def delete_by_a_superuser(intake: Intake) -> None:
    from django.contrib.auth.models import User

    admin = FormClient()
    admin.force_login(User.objects.create_superuser("root", password="a-long-test-passphrase"))
    response = admin.post(reverse("admin:advisor_intake_delete", args=[intake.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not Intake.objects.filter(pk=intake.pk).exists()


def delete_by_the_retention_purge(intake: Intake) -> None:
    Intake.objects.filter(pk=intake.pk).update(created_at=timezone.now() - timedelta(days=400))
    call_command("purge_intakes", "--days", "365", stdout=io.StringIO())
    assert not Intake.objects.filter(pk=intake.pk).exists()


DELETIONS = {
    "by the person": delete_by_the_person,
    "by a superuser": delete_by_a_superuser,
    "by the retention purge": delete_by_the_retention_purge,
}


@pytest.mark.parametrize("delete", DELETIONS)
def test_deleted_answers_cancel_an_invitation_not_yet_sent(delete):
    intake = asked_for_a_checkin()
    sweep()  # made and queued

    DELETIONS[delete](intake)
    mail.outbox.clear()
    ran = run_the_queue()

    assert ran >= 1
    assert to_the_person() == []
    assert not CheckIn.objects.exists()
    assert not CheckInEmail.objects.exists()


@pytest.mark.parametrize("delete", DELETIONS)
def test_deleted_answers_cancel_everything_to_come(delete):
    intake = asked_for_a_checkin()
    invitation = invitation_sent(intake)
    sweep(reminder_time(invitation))  # the reminder made and queued

    DELETIONS[delete](intake)
    mail.outbox.clear()
    swept = [sweep(reminder_time(invitation) + timedelta(days=days)) for days in (1, 30)]
    run_the_queue()

    assert [(s.invitations, s.reminders) for s in swept] == [(0, 0), (0, 0)]
    assert to_the_person() == []
    assert not CheckInEmail.objects.exists()


def test_deleting_before_anything_was_made_leaves_nothing_to_make():
    intake = asked_for_a_checkin()

    delete_by_the_person(intake)

    assert sweep().invitations == 0
    assert not CheckIn.objects.exists()


# A mail server that refuses


class Refusing(BaseEmailBackend):
    """A mail server that refuses the recipient."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPRecipientsRefused({PERSON: (550, b"5.7.1 Not accepting mail today")})


def work() -> None:
    """The worker, run until the queue holds nothing due."""
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_refused_check_in_is_tried_again_then_left_failed_in_sight(settings):
    mail_backend(settings, Refusing)
    intake = asked_for_a_checkin()
    sweep()

    work()
    email = CheckInEmail.objects.get(checkin__intake=intake)
    assert (email.status, email.attempts) == (PENDING, 1)
    assert "Not accepting mail today" in email.last_error
    retry = DBTaskResult.objects.filter(status="READY", task_path=send_checkin_email.module_path)
    assert retry.get().run_after > timezone.now()
    work()  # not due yet: nothing happens
    assert CheckInEmail.objects.get(pk=email.pk).attempts == 1

    for _ in range(ATTEMPTS - 1):
        make_retries_due()
        work()

    email.refresh_from_db()
    assert (email.status, email.attempts) == (FAILED, ATTEMPTS)
    assert not DBTaskResult.objects.filter(
        status="READY", task_path=send_checkin_email.module_path
    ).exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_failed_check_in_starts_no_reminder(settings):
    mail_backend(settings, Refusing)
    intake = asked_for_a_checkin()
    sweep()
    work()
    for _ in range(ATTEMPTS - 1):
        make_retries_due()
        work()
    assert CheckInEmail.objects.get(checkin__intake=intake).status == FAILED

    assert sweep(LATER + timedelta(weeks=5)).reminders == 0


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_check_in_whose_worker_died_mid_send_is_queued_again_and_sent_once():
    intake = asked_for_a_checkin()
    sweep()
    # The worker took the tasks and died: they stay "running" for good.
    DBTaskResult.objects.update(status="RUNNING")

    call_command("requeue_notices", "--older-than", "0", stdout=io.StringIO())
    work()
    call_command("requeue_notices", "--older-than", "0", stdout=io.StringIO())
    work()

    assert len(to_the_person()) == 1
    assert CheckInEmail.objects.get(checkin__intake=intake).status == SENT


# Two at once, on PostgreSQL


class SlowOutbox(Outbox):
    """Django's test outbox behind a mail server that takes its time over each message:
    long enough for a second worker to reach the same row while the first is sending."""

    def send_messages(self, messages):
        time.sleep(0.5)
        return super().send_messages(messages)


postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite has no row locks to skip"
)


def at_once(work_of_each: list) -> None:
    """Run each callable in its own thread and connection, all let go at the same moment."""
    start = threading.Barrier(len(work_of_each), timeout=10)
    errors: list[BaseException] = []

    def run(job) -> None:
        try:
            start.wait()
            job()
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(job,)) for job in work_of_each]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    assert not errors, errors


@postgresql_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_workers_sending_the_same_check_in_at_once_send_it_once(settings):
    mail_backend(settings, SlowOutbox)
    intake = asked_for_a_checkin()
    sweep()
    email = CheckInEmail.objects.get(checkin__intake=intake)

    at_once([lambda: send_checkin_email.call(email.pk)] * 2)

    assert len(to_the_person()) == 1
    email.refresh_from_db()
    assert (email.status, email.attempts) == (SENT, 1)


class SlowInbox:
    """A real SMTP server's handler that keeps each message it accepts, taking its time."""

    def __init__(self) -> None:
        self.recipients: list[str] = []

    async def handle_DATA(self, server, session, envelope):
        await asyncio.sleep(0.3)
        self.recipients.extend(envelope.rcpt_tos)
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def db_worker_process(smtp_port: int) -> subprocess.Popen:
    """`manage.py db_worker --batch` in a process of its own, on this test's database,
    sending to the SMTP server on `smtp_port`."""
    database = connection.settings_dict
    url = (
        f"postgres://{database['USER']}:{database['PASSWORD'] or ''}@{database['HOST']}:"
        f"{database['PORT'] or 5432}/{database['NAME']}"
    )
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SECRET_KEY": "two-workers",
        "DJANGO_DEBUG": "0",
        "TASK_QUEUE": "database",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
        "EMAIL_USE_TLS": "0",
        "INTAKE_NOTIFY_EMAILS": CLINIC,
    }
    return subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay", "--no-reload"],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


@postgresql_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_worker_processes_at_once_send_each_check_in_once():
    inbox = SlowInbox()
    server = Controller(inbox, hostname="127.0.0.1", port=free_port())
    server.start()
    people = [saved_intake(email=f"person{n}@example.net", checkin_opt_in="on") for n in range(4)]
    sweep()
    # Each e-mail queued twice, as a re-queue of a worker thought dead would do.
    for task in list(DBTaskResult.objects.filter(task_path=send_checkin_email.module_path)):
        send_checkin_email.enqueue(*task.args_kwargs["args"])
    assert DBTaskResult.objects.filter(task_path=send_checkin_email.module_path).count() == 8
    try:
        workers = [db_worker_process(server.port) for _ in range(2)]
        outputs = [worker.communicate(timeout=90)[0] for worker in workers]
    finally:
        server.stop()

    assert [worker.returncode for worker in workers] == [0, 0], outputs
    sent = [address for address in inbox.recipients if address.startswith("person")]
    assert sorted(sent) == sorted(intake.email for intake in people)
    assert set(CheckInEmail.objects.values_list("status", flat=True)) == {SENT}
    assert set(CheckInEmail.objects.values_list("attempts", flat=True)) == {1}


@postgresql_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_sweeps_at_once_make_each_e_mail_once():
    people = [saved_intake(email=f"person{n}@example.net", checkin_opt_in="on") for n in range(12)]
    found: list = []

    at_once([lambda: found.append(sweep())] * 2)

    assert sum(swept.invitations for swept in found) == len(people)
    assert CheckInEmail.objects.count() == len(people)
    for intake in people:
        assert CheckInEmail.objects.filter(checkin__intake=intake).count() == 1
    work()
    assert len([m for m in mail.outbox if m.to[0].startswith("person")]) == len(people)


@postgresql_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_sweeps_at_once_make_each_reminder_once():
    people = [saved_intake(email=f"person{n}@example.net", checkin_opt_in="on") for n in range(8)]
    sweep()
    work()
    invitation = CheckInEmail.objects.filter(kind=CheckInEmail.Kind.INVITATION).first()
    found: list = []

    at_once([lambda: found.append(sweep(reminder_time(invitation) + timedelta(hours=1)))] * 2)

    assert sum(swept.reminders for swept in found) == len(people)
    assert CheckInEmail.objects.filter(kind=CheckInEmail.Kind.REMINDER).count() == len(people)
