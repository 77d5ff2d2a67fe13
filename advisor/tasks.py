"""Work done outside the participant's request: the clinic's e-mails, and participants' links.

Every notice is a `Notification` row, made with its intake, and a `django.tasks` task
that sends it. The task claims the row under a lock, sends, and marks it sent; a second
run finds it sent (or locked by the run in progress) and does nothing. A refusal is
tried again later, each time after a longer wait, and after the last attempt the row
stays failed for a superuser to send again from the admin.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.tasks import Task, task
from django.utils import timezone

from advisor.models import Intake, Notification
from advisor.notifications import clinic_message, links_message

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


def queue_notifications(intake: Intake) -> None:
    """The clinic's notices of a new intake, one per address; call inside its transaction."""
    notices = Notification.objects.bulk_create(
        Notification(intake=intake, recipient=address, urgent=intake.flag_crisis)
        for address in dict.fromkeys(settings.INTAKE_NOTIFY_EMAILS)
    )
    for notice in notices:
        enqueue_with_transaction(_sender(notice), notice.pk)


def queue_participant_links(intake_ids: list[int]) -> None:
    """E-mail a participant the private links of these intakes (all under one address).

    Only ids go into the queue: a queued task is stored, and a token or an address kept
    there would outlive a deleted intake. An empty list is queued too, so that "Lost
    your link?" does the same work whether or not an address has answers.
    """
    enqueue_with_transaction(send_participant_links, sorted(intake_ids))


@task
def send_participant_links(intake_ids: list[int], attempt: int = 1) -> None:
    intakes = list(Intake.objects.filter(pk__in=intake_ids).order_by("created_at"))
    if not intakes:
        return  # deleted before the e-mail went
    try:
        send_mail(*links_message(intakes), None, [intakes[0].email])
    except Exception as error:
        backend = send_participant_links.get_backend()
        if attempt < settings.NOTIFICATION_ATTEMPTS and backend.supports_defer:
            later = timezone.now() + retry_after(attempt)
            send_participant_links.using(run_after=later).enqueue(intake_ids, attempt + 1)
            logger.warning("Links e-mail not sent (attempt %s): %s", attempt, type(error).__name__)
        else:
            logger.error(
                "Links e-mail for intake(s) %s not sent after %s attempt(s); a clinician can "
                "send the link again from the intake's page",
                intake_ids,
                attempt,
            )


def _sender(notice: Notification) -> Task:
    return send_notification.using(priority=URGENT) if notice.urgent else send_notification


@task
def send_notification(notification_id: int) -> None:
    with transaction.atomic():
        # Locked while it is sent; a second worker skips it rather than wait and send again.
        notice = (
            Notification.objects.select_for_update(skip_locked=True)
            .select_related("intake")
            .filter(pk=notification_id, status=Notification.Status.PENDING)
            .first()
        )
        if notice is None:
            return  # sent already, being sent, or its intake was deleted
        notice.attempts += 1
        try:
            send_mail(*clinic_message(notice.intake), None, [notice.recipient])
        except Exception as error:
            _not_sent(notice, error)
        else:
            notice.status, notice.sent_at, notice.last_error = (
                Notification.Status.SENT,
                timezone.now(),
                "",
            )
        notice.save(update_fields=["status", "attempts", "sent_at", "last_error"])


def _not_sent(notice: Notification, error: Exception) -> None:
    notice.last_error = f"{type(error).__name__}: {error}"[:300]
    backend = send_notification.get_backend()
    if notice.attempts < settings.NOTIFICATION_ATTEMPTS and backend.supports_defer:
        later = timezone.now() + retry_after(notice.attempts)
        # In the same transaction as the attempt's record: both or neither.
        _sender(notice).using(run_after=later).enqueue(notice.pk)
        logger.warning(
            "Notice %s not sent (attempt %s); trying again after %s",
            notice.pk,
            notice.attempts,
            later.isoformat(timespec="seconds"),
        )
        return
    notice.status = Notification.Status.FAILED
    logger.error(
        "Notice %s of intake %s not sent after %s attempt(s); a superuser can send it again "
        "from the admin",
        notice.pk,
        notice.intake_id,
        notice.attempts,
    )


def send_again(notices) -> int:
    """A superuser's retry of failed notices: each queued afresh, attempts counted anew."""
    count = 0
    with transaction.atomic():
        for notice in notices.filter(status=Notification.Status.FAILED).select_for_update():
            notice.status, notice.attempts = Notification.Status.PENDING, 0
            notice.save(update_fields=["status", "attempts"])
            enqueue_with_transaction(_sender(notice), notice.pk)
            count += 1
    return count


def requeue_stuck_notices(*, before) -> int:
    """Queue again each pending notice made before `before` that no queued task will send.

    A worker killed in the middle of a send leaves its task marked running for good and
    the notice pending; nothing else would ever send it. Sending is idempotent (the row
    lock and the status), so a notice queued twice is still sent once.
    """
    from django_tasks_db.models import DBTaskResult

    queued = DBTaskResult.objects.filter(
        status="READY", task_path=send_notification.module_path
    ).values_list("args_kwargs__args__0", flat=True)
    waiting = set(queued)
    count = 0
    stuck = Notification.objects.filter(status=Notification.Status.PENDING, created_at__lt=before)
    for notice in stuck.exclude(pk__in=waiting):
        _sender(notice).enqueue(notice.pk)
        count += 1
    return count
