"""Work done outside the participant's request: the clinic's e-mails, and participants' links.

Every e-mail is a row, made in the transaction that asks for it (a `Notification` to the
clinic, a `ParticipantEmail` to a participant's own address, a `CheckInEmail` made by the
check-ins' sweep, advisor.follow_up), and a `django.tasks` task
that sends it, given only the row's id. The task claims the row under a lock, sends,
and marks it sent; a second run finds it sent (or locked by the run in progress) and does
nothing. A refusal is tried again later, each time after a longer wait, and after the
last attempt the row stays failed for a superuser to send again from the admin;
`requeue_notices` queues again a row whose worker died mid-send. No e-mail is ever
dropped with only a log line.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import connection, transaction
from django.tasks import Task, task
from django.utils import timezone, translation

from advisor.models import CheckInEmail, Intake, Notification, ParticipantEmail
from advisor.notifications import (
    checkin_message,
    clinic_message,
    links_message,
    participant_sender,
)
from advisor.questionnaire import text_language
from advisor.throttle import LINKS_TO_ONE_ADDRESS

logger = logging.getLogger(__name__)

URGENT = 100  # django.tasks priorities run from -100 to 100; higher goes first
FIRST_RETRY = timedelta(minutes=1)


def retry_after(attempts: int) -> timedelta:
    """1, 2, 4, 8 minutes...: a mail server that is down gets time to come back."""
    return FIRST_RETRY * 2 ** (attempts - 1)


def enqueue_with_transaction(task_: Task, *args) -> None:
    """Enqueue as part of the caller's transaction.

    A queue kept in this database (TASK_QUEUE=database) takes the task inside the
    transaction, so it commits or rolls back with the intake, and a crash after the
    commit still leaves it queued. A queue that runs tasks at once gets it after the
    commit, so a rolled-back intake sends nothing.
    """
    from django_tasks_db import DatabaseBackend

    if isinstance(task_.get_backend(), DatabaseBackend):
        task_.enqueue(*args)
    else:
        transaction.on_commit(lambda: task_.enqueue(*args))


def queue_notifications(intake: Intake, about: str = Notification.About.INTAKE) -> None:
    """The clinic's notices about an intake, one per address; call inside the transaction
    that gives cause (the intake's, or its check-in's). A check-in's answer of thoughts of
    self-harm is as urgent as a crisis intake."""
    urgent = about == Notification.About.CHECKIN_DISTRESS or (
        about == Notification.About.INTAKE and intake.flag_crisis
    )
    notices = Notification.objects.bulk_create(
        Notification(intake=intake, recipient=address, urgent=urgent, about=about)
        for address in dict.fromkeys(settings.INTAKE_NOTIFY_EMAILS)
    )
    for notice in notices:
        enqueue_with_transaction(_sender(notice), notice.pk)


def participant_email_queue(
    *, address: str, kind: str, intake: Intake | None, language: str | None = None
) -> bool:
    """Count one e-mail to a participant's address; within the cap, make its row and queue it.

    Every path that e-mails a participant comes through here, so one cap
    (LINK_EMAILS_PER_ADDRESS an hour, keyed by an HMAC of the lower-cased address) holds
    whoever asks: the intake's "e-mail me my link", "Lost your link?", a clinician's
    "send the link again". Returns False, sending nothing, once the address has had its
    share. `intake` None ("Lost your link?" for an address that holds nothing) is counted
    all the same, so that the cap itself tells nothing. Call inside the transaction that
    goes with the e-mail; only the row's id goes into the queue.

    The e-mail is written in `language`: the page's that asked for it; by default the
    language the intake was answered in (a clinician's "send the link again").
    """
    if not LINKS_TO_ONE_ADDRESS.count(mailbox(address)):
        return False
    if intake is None:
        # The same queue write as for an address that holds answers (a task that finds
        # no row), so that the time the request takes tells nothing either.
        enqueue_with_transaction(send_participant_email, 0)
        return True
    email = ParticipantEmail.objects.create(
        intake=intake,
        kind=kind,
        recipient=intake.email,
        language=text_language(language or intake.answered_in),
    )
    enqueue_with_transaction(send_participant_email, email.pk)
    return True


def mailbox(address: str) -> str:
    """The inbox an address reaches, as the cap counts it: capitals and a "+tag" after the
    name make no other inbox (robin+1@ and Robin@ both reach robin@), so they share a cap."""
    name, _, domain = address.strip().lower().rpartition("@")
    return f"{name.split('+', 1)[0]}@{domain}" if name else domain


@task
def send_participant_email(email_id: int) -> None:
    _send(ParticipantEmail.objects.filter(pk=email_id).select_related("intake"), _participant_mail)


@task
def send_checkin_email(email_id: int) -> None:
    # Never once the check-in is answered or stopped, whatever the row says.
    rows = CheckInEmail.objects.filter(
        pk=email_id, checkin__answered_at=None, checkin__stopped_at=None
    ).select_related("checkin__intake")
    _send(rows, _checkin_mail)


@task
def send_participant_links(intake_ids: list[int], attempt: int = 1) -> None:
    """A task queued before participant e-mails were rows: it becomes one, sent as one.

    (`attempt` is in the signature those tasks were stored with; the row counts afresh.)
    """
    intake = Intake.objects.filter(pk__in=intake_ids).order_by("-created_at").first()
    if intake is None:
        return  # deleted before the e-mail went
    kind = ParticipantEmail.Kind.LINK if len(intake_ids) == 1 else ParticipantEmail.Kind.LOST_LINK
    with transaction.atomic():
        email = ParticipantEmail.objects.create(
            intake=intake, kind=kind, recipient=intake.email, language=intake.answered_in
        )
        enqueue_with_transaction(send_participant_email, email.pk)


def _participant_mail(email: ParticipantEmail) -> EmailMessage:
    if email.kind == ParticipantEmail.Kind.LOST_LINK:
        # Every intake still held under the address when the e-mail goes.
        intakes = list(Intake.objects.under_address(email.recipient).order_by("created_at"))
    else:
        intakes = [email.intake]
    # A worker has no request, so no language of its own: the row's, for the words and
    # for the links (which then lead to that language's pages).
    with translation.override(text_language(email.language)):
        subject, body = links_message(intakes)
        return EmailMessage(subject, body, participant_sender(), [email.recipient])


def _checkin_mail(email: CheckInEmail) -> EmailMessage:
    with translation.override(text_language(email.language)):
        subject, body, stop = checkin_message(
            email.checkin, reminder=email.kind == email.Kind.REMINDER
        )
    # RFC 2369 and RFC 8058: a mail program's own "unsubscribe" stops the check-in in one
    # step, by a POST to the same private address the e-mail's stop link opens.
    headers = {
        "List-Unsubscribe": f"<{stop}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    return EmailMessage(subject, body, participant_sender(), [email.recipient], headers=headers)


def _clinic_mail(notice: Notification) -> EmailMessage:
    # Staff read English, whatever language the intake was answered in.
    with translation.override("en"):
        subject, body = clinic_message(notice.intake, about=notice.about)
        return EmailMessage(subject, body, None, [notice.recipient])


Row = Notification | ParticipantEmail | CheckInEmail


def _sender(row: Row) -> Task:
    if isinstance(row, ParticipantEmail):
        return send_participant_email
    if isinstance(row, CheckInEmail):
        return send_checkin_email
    return send_notification.using(priority=URGENT) if row.urgent else send_notification


@task
def send_notification(notification_id: int) -> None:
    _send(Notification.objects.filter(pk=notification_id).select_related("intake"), _clinic_mail)


def _send(rows, mail) -> None:
    """Send the one pending row of `rows`, once: `mail(row)` gives the message."""
    with transaction.atomic():
        _allow_a_slow_mail_server()
        # Locked while it is sent; a second worker skips it rather than wait and send again.
        row = (
            rows.select_for_update(skip_locked=True, of=("self",))
            .filter(status=Notification.Status.PENDING)
            .first()
        )
        if row is None:
            return  # sent already, being sent, or its intake was deleted
        row.attempts += 1
        try:
            mail(row).send()
        except Exception as error:
            _not_sent(row, error)
        else:
            row.status, row.sent_at, row.last_error = (
                Notification.Status.SENT,
                timezone.now(),
                "",
            )
        row.save(update_fields=["status", "attempts", "sent_at", "last_error"])


# Each SMTP step may take the mail server's timeout (settings.MAILERS, 10 s); a message
# is a handful of steps.
SENDING_MAY_TAKE = "5min"


def _allow_a_slow_mail_server() -> None:
    """Let this transaction sit idle while the mail server answers.

    The row stays locked while it is sent, so that no second worker sends it too; but
    PostgreSQL ends a session idle in a transaction past DATABASE_IDLE_IN_TRANSACTION_TIMEOUT,
    and a slow server answering each step just in time would outlast it: the mail gone, its
    row never marked, and sent again at every re-queue.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL idle_in_transaction_session_timeout = '{SENDING_MAY_TAKE}'")


def _not_sent(row: Row, error: Exception) -> None:
    row.last_error = f"{type(error).__name__}: {error}"[:300]
    backend = _sender(row).get_backend()
    if row.attempts < settings.NOTIFICATION_ATTEMPTS and backend.supports_defer:
        later = timezone.now() + retry_after(row.attempts)
        # In the same transaction as the attempt's record: both or neither.
        _sender(row).using(run_after=later).enqueue(row.pk)
        logger.warning(
            "%s %s not sent (attempt %s); trying again after %s",
            type(row).__name__,
            row.pk,
            row.attempts,
            later.isoformat(timespec="seconds"),
        )
        return
    row.status = Notification.Status.FAILED
    logger.error(
        "%s %s of intake %s not sent after %s attempt(s); a superuser can send it again "
        "from the admin",
        type(row).__name__,
        row.pk,
        row.intake_id,
        row.attempts,
    )


def send_again(rows) -> int:
    """A superuser's retry of failed e-mails (notices or participants'): each queued afresh,
    attempts counted anew."""
    count = 0
    with transaction.atomic():
        for row in rows.filter(status=Notification.Status.FAILED).select_for_update():
            row.status, row.attempts = Notification.Status.PENDING, 0
            row.save(update_fields=["status", "attempts"])
            enqueue_with_transaction(_sender(row), row.pk)
            count += 1
    return count


def requeue_stuck_notices(*, before) -> int:
    """Queue again each pending e-mail made before `before` that no queued task will send.

    The clinic's notices, the participants' e-mails and the check-ins alike. A worker
    killed in the middle of a send leaves its task marked running for good and the row
    pending; nothing else would ever send it. Sending is idempotent (the row lock and the
    status), so a row queued twice is still sent once. The one window left: a worker
    killed after the mail server took the message and before its row was marked sent
    leaves it pending, and it goes again (at least once, not exactly once).
    """
    from django_tasks_db.models import DBTaskResult

    count = 0
    for model, sender in (
        (Notification, send_notification),
        (ParticipantEmail, send_participant_email),
        (CheckInEmail, send_checkin_email),
    ):
        waiting = set(
            DBTaskResult.objects.filter(status="READY", task_path=sender.module_path).values_list(
                "args_kwargs__args__0", flat=True
            )
        )
        stuck = model.objects.filter(status=Notification.Status.PENDING, created_at__lt=before)
        for row in stuck.exclude(pk__in=waiting):
            _sender(row).enqueue(row.pk)
            count += 1
    return count
