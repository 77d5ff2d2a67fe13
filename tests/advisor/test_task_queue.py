"""The clinic's notices go through a durable queue: nothing lost, nothing doubled.

The queue is django-tasks-db's table in the test
database, the worker is its own `db_worker` command, and the mail server is a real
SMTP server on 127.0.0.1 (aiosmtpd), one that accepts and one that refuses.
"""

from __future__ import annotations

import asyncio
import io
import socket
from collections.abc import Iterator
from datetime import timedelta
from email import message_from_string

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from advisor.models import Intake, Notification, ParticipantEmail
from advisor.services import intake_delete
from advisor.tasks import URGENT, retry_after, send_notification
from tests.advisor.intakes import neutral_post, saved_intake

# Committed, so that the worker sees what the request saved; the rollback puts back the
# catalog the data migrations seeded, which a transactional test's flush would wipe.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

CLINIC = ("intake@clinic.example.org", "lead@clinic.example.org")
ATTEMPTS = 3


class Inbox:
    """An SMTP server's handler that keeps every message it accepts."""

    def __init__(self) -> None:
        self.messages: list[tuple[tuple[str, ...], str]] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((tuple(envelope.rcpt_tos), envelope.content.decode()))
        return "250 OK"


class Refusing:
    """An SMTP server's handler that refuses every recipient."""

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        return "550 5.7.1 Not accepting mail today"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp(settings) -> Iterator[callable]:
    """Start a real SMTP server with a handler, and send the app's mail to it."""
    running = []

    def start(handler):
        controller = Controller(handler, hostname="127.0.0.1", port=_free_port())
        controller.start()
        running.append(controller)
        settings.MAILERS = {
            "default": {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {"host": "127.0.0.1", "port": controller.port, "timeout": 5},
            }
        }
        return handler

    yield start
    for controller in running:
        controller.stop()


@pytest.fixture(autouse=True)
def durable_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.INTAKE_NOTIFY_EMAILS = list(CLINIC)
    settings.NOTIFICATION_ATTEMPTS = ATTEMPTS


def _submit(**answers) -> Intake:
    return saved_intake(**answers)


def _work() -> None:
    """The worker, run until the queue holds nothing due."""
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


def _make_retries_due() -> None:
    """Time passes: every deferred retry is due now."""
    DBTaskResult.objects.filter(run_after__isnull=False).update(run_after=timezone.now())


def test_a_saved_intake_queues_one_notice_per_address_with_it(smtp):
    intake = _submit()

    notices = Notification.objects.filter(intake=intake)
    assert sorted(notices.values_list("recipient", flat=True)) == sorted(CLINIC)
    assert set(notices.values_list("status", flat=True)) == {Notification.Status.PENDING}
    assert DBTaskResult.objects.count() == len(CLINIC)


def test_a_rolled_back_intake_queues_nothing():
    with pytest.raises(RuntimeError), transaction.atomic():
        _submit()
        raise RuntimeError("something failed after the intake was saved")

    assert not Intake.objects.exists()
    assert not Notification.objects.exists()
    assert not DBTaskResult.objects.exists()


def test_the_worker_sends_each_address_its_notice_once(smtp):
    inbox = smtp(Inbox())
    intake = _submit()

    _work()
    _work()  # a second pass finds nothing left to send

    assert sorted(rcpt for rcpt, _ in inbox.messages) == sorted((a,) for a in CLINIC)
    assert all(reverse("admin:advisor_intake_change", args=[intake.pk]) in body
               for _, body in inbox.messages)  # fmt: skip
    assert all(intake.first_name not in body for _, body in inbox.messages)
    sent = Notification.objects.filter(intake=intake)
    assert set(sent.values_list("status", flat=True)) == {Notification.Status.SENT}


def test_running_the_same_task_twice_sends_once(smtp):
    inbox = smtp(Inbox())
    intake = _submit()
    task = DBTaskResult.objects.first()
    # The same task enqueued again, as a crashed worker's retry of it would be.
    DBTaskResult.objects.create(
        args_kwargs=task.args_kwargs,
        task_path=task.task_path,
        queue_name=task.queue_name,
        backend_name=task.backend_name,
        priority=task.priority,
    )

    _work()

    assert len(inbox.messages) == len(CLINIC)
    assert Notification.objects.filter(intake=intake, status="sent").count() == len(CLINIC)


def test_a_crisis_intakes_notice_goes_first(smtp):
    inbox = smtp(Inbox())
    _submit(first_name="Ordinary")
    crisis = _submit(first_name="Urgent", self_harm_thoughts="yes")
    assert DBTaskResult.objects.filter(priority=URGENT).count() == len(CLINIC)

    call_command(
        "db_worker", "--batch", "--no-startup-delay", "--no-reload", "--max-tasks", "1",
        verbosity=0,
    )  # fmt: skip

    assert len(inbox.messages) == 1
    assert f"/admin/advisor/intake/{crisis.pk}/" in inbox.messages[0][1]
    assert "URGENT" in inbox.messages[0][1]


def test_a_refused_notice_is_tried_again_later_then_left_failed_in_sight(smtp, admin_client):
    smtp(Refusing())
    intake = _submit()

    _work()
    notice = Notification.objects.filter(intake=intake).first()
    assert (notice.status, notice.attempts) == (Notification.Status.PENDING, 1)
    assert "Not accepting mail today" in notice.last_error
    retry = DBTaskResult.objects.filter(status="READY").order_by("run_after").first()
    assert retry.run_after >= timezone.now() + retry_after(1) - timedelta(seconds=30)
    _work()  # not due yet: nothing happens
    assert Notification.objects.get(pk=notice.pk).attempts == 1

    for _ in range(ATTEMPTS - 1):
        _make_retries_due()
        _work()

    notice.refresh_from_db()
    assert (notice.status, notice.attempts) == (Notification.Status.FAILED, ATTEMPTS)
    assert not DBTaskResult.objects.filter(status="READY").exists()
    page = admin_client.get(reverse("admin:advisor_notification_changelist") + "?status=failed")
    assert notice.recipient in page.content.decode()


def test_a_superuser_sends_a_failed_notice_again_and_it_arrives_once(smtp, admin_client):
    smtp(Refusing())
    intake = _submit()
    _work()
    for _ in range(ATTEMPTS - 1):
        _make_retries_due()
        _work()
    failed = list(Notification.objects.filter(intake=intake).values_list("pk", flat=True))
    inbox = smtp(Inbox())  # the mail server is back

    response = admin_client.post(
        reverse("admin:advisor_notification_changelist"),
        {"action": "send_again", "index": "0", "_selected_action": [str(pk) for pk in failed]},
    )
    _work()
    _work()

    assert response.status_code == 302
    assert sorted(rcpt for rcpt, _ in inbox.messages) == sorted((a,) for a in CLINIC)
    assert set(Notification.objects.values_list("status", flat=True)) == {"sent"}


def test_a_notice_of_answers_deleted_before_it_was_sent_sends_nothing(smtp):
    inbox = smtp(Inbox())
    intake = _submit()
    intake_delete(intake=intake, by="participant")

    _work()

    assert inbox.messages == []
    assert not Notification.objects.exists()


def test_a_double_submit_queues_no_second_notice(client):
    answers = neutral_post()
    first = client.post(reverse("advisor:intake"), answers)
    again = client.post(reverse("advisor:intake"), answers)

    assert again["Location"] == first["Location"] == Intake.objects.get().get_absolute_url()
    assert Notification.objects.count() == len(CLINIC)
    assert DBTaskResult.objects.count() == len(CLINIC)


def test_another_browser_sending_the_same_form_queues_its_own_notices(client):
    answers = neutral_post()
    client.post(reverse("advisor:intake"), answers)
    client.cookies.clear()  # someone else's browser, the same form token

    client.post(reverse("advisor:intake"), {**answers, "first_name": "Alex"})

    assert Intake.objects.count() == 2
    assert Notification.objects.count() == DBTaskResult.objects.count() == 2 * len(CLINIC)


def test_a_notice_whose_worker_died_mid_send_is_queued_again_and_sent_once(smtp):
    inbox = smtp(Inbox())
    intake = _submit()
    # The worker took the tasks and died: they stay "running" for good.
    DBTaskResult.objects.update(status="RUNNING")

    call_command("requeue_notices", "--older-than", "0", stdout=io.StringIO())
    _work()
    call_command("requeue_notices", "--older-than", "0", stdout=io.StringIO())
    _work()

    assert sorted(rcpt for rcpt, _ in inbox.messages) == sorted((a,) for a in CLINIC)
    assert set(Notification.objects.filter(intake=intake).values_list("status", flat=True)) == {
        "sent"
    }


def test_a_notice_waiting_for_its_retry_is_not_queued_again(smtp):
    smtp(Refusing())
    _submit()
    _work()  # refused once: each notice now waits for its deferred retry
    waiting = DBTaskResult.objects.filter(status="READY").count()

    out = io.StringIO()
    call_command("requeue_notices", "--older-than", "0", stdout=out)

    assert out.getvalue().strip() == "Queued 0 e-mail(s) again."
    assert DBTaskResult.objects.filter(status="READY").count() == waiting == len(CLINIC)


# A participant's own e-mail (their link) is a row too


PARTICIPANT = "robin.private@example.net"


def _participant_messages(inbox: Inbox) -> list[str]:
    """The bodies of the messages to the participant, as their mail program shows them."""
    return [
        message_from_string(raw).get_payload(decode=True).decode()
        for rcpt, raw in inbox.messages
        if rcpt == (PARTICIPANT,)
    ]


def test_a_participants_link_is_a_row_sent_by_the_worker(smtp):
    inbox = smtp(Inbox())
    intake = _submit(email=PARTICIPANT, email_my_link="on")

    (email,) = ParticipantEmail.objects.filter(intake=intake)
    assert (email.kind, email.recipient, email.status) == ("link", PARTICIPANT, "pending")
    _work()

    (body,) = _participant_messages(inbox)
    assert intake.public_token in body
    email.refresh_from_db()
    assert (email.status, email.attempts) == (ParticipantEmail.Status.SENT, 1)


def test_a_refused_link_is_tried_again_then_left_failed_in_sight_and_sent_again(smtp, admin_client):
    smtp(Refusing())
    intake = _submit(email=PARTICIPANT, email_my_link="on")
    email = ParticipantEmail.objects.get(intake=intake)

    _work()
    email.refresh_from_db()
    assert (email.status, email.attempts) == (ParticipantEmail.Status.PENDING, 1)
    assert "Not accepting mail today" in email.last_error
    for _ in range(ATTEMPTS - 1):
        _make_retries_due()
        _work()

    email.refresh_from_db()
    assert (email.status, email.attempts) == (ParticipantEmail.Status.FAILED, ATTEMPTS)
    assert not DBTaskResult.objects.filter(status="READY").exists()
    changelist = reverse("admin:advisor_participantemail_changelist")
    page = admin_client.get(changelist + "?status=failed")
    assert PARTICIPANT in page.content.decode()

    inbox = smtp(Inbox())  # the mail server is back
    admin_client.post(
        changelist, {"action": "send_again", "index": "0", "_selected_action": [str(email.pk)]}
    )
    _work()
    _work()

    assert len(_participant_messages(inbox)) == 1
    assert ParticipantEmail.objects.get(pk=email.pk).status == ParticipantEmail.Status.SENT


def test_a_link_whose_worker_died_mid_send_is_queued_again_and_sent_once(smtp):
    inbox = smtp(Inbox())
    intake = _submit(email=PARTICIPANT, email_my_link="on")
    DBTaskResult.objects.update(status="RUNNING")  # the worker took the tasks and died

    out = io.StringIO()
    call_command("requeue_notices", "--older-than", "0", stdout=out)
    _work()
    call_command("requeue_notices", "--older-than", "0", stdout=io.StringIO())
    _work()

    assert out.getvalue().strip() == f"Queued {len(CLINIC) + 1} e-mail(s) again."
    (body,) = _participant_messages(inbox)
    assert intake.public_token in body
    assert ParticipantEmail.objects.get(intake=intake).status == ParticipantEmail.Status.SENT


def test_a_link_waiting_for_its_retry_is_not_queued_again(smtp):
    smtp(Refusing())
    _submit(email=PARTICIPANT, email_my_link="on")
    _work()  # refused once: each e-mail now waits for its deferred retry

    out = io.StringIO()
    call_command("requeue_notices", "--older-than", "0", stdout=out)

    assert out.getvalue().strip() == "Queued 0 e-mail(s) again."


def test_a_link_queued_before_links_were_rows_is_still_sent(smtp):
    from advisor.tasks import send_participant_links

    inbox = smtp(Inbox())
    intake = _submit(email=PARTICIPANT)
    send_participant_links.enqueue([intake.pk])  # as an older release queued it

    _work()

    (body,) = _participant_messages(inbox)
    assert intake.public_token in body
    assert ParticipantEmail.objects.get(intake=intake).status == ParticipantEmail.Status.SENT


class Slow(Inbox):
    """An SMTP server that takes its time over each message, as a busy one does."""

    async def handle_DATA(self, server, session, envelope):
        await asyncio.sleep(2)
        return await super().handle_DATA(server, session, envelope)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's own session limit")
def test_a_slow_mail_server_still_gets_its_notice_marked_sent_once(smtp):
    """The row stays locked while it is sent; PostgreSQL must not end the session for
    sitting idle in that transaction while the mail server answers."""
    inbox = smtp(Slow())
    intake = _submit()
    notice = Notification.objects.filter(intake=intake).first()
    with connection.cursor() as cursor:  # stricter than production's, to be quick
        cursor.execute("SET idle_in_transaction_session_timeout = '1s'")
    try:
        send_notification.call(notice.pk)
    finally:
        connection.close()  # the session setting goes with it

    notice.refresh_from_db()
    assert notice.status == Notification.Status.SENT
    assert [rcpt for rcpt, _ in inbox.messages] == [(notice.recipient,)]
