"""What happens after the recommendation, for the tests: sign-ups, check-ins, their e-mails
and answers, each made through the services and the worker's own task, as the
participant's page, the sweep and the queue make them."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from advisor.follow_up import REMINDER_AFTER, checkin_answer, checkins_sweep, signup_record
from advisor.models import CheckIn, CheckInEmail, Intake, SignUp
from advisor.tasks import send_checkin_email
from providers.models import Offering

# A check-in answered in full: started and finished MSC, would like the next program.
ANSWERS: dict[str, Any] = {
    "started": "yes",
    "program": "MSC",
    "finished": "yes",
    "helpful": "4",
    "what_helped": "The Tuesday group",
    "wants_next": "yes",
    "self_harm_thoughts": "no",
}
DID_NOT_START: dict[str, Any] = {"started": "no", "wants_next": "no", "self_harm_thoughts": "no"}
# Far enough ahead that any check-in has fallen due.
A_YEAR = timedelta(weeks=52)


def signed_up(intake: Intake, offering: Offering | None = None, program: str = "MSC") -> SignUp:
    """The person's "I've signed up for this one" (a run of the directory), or another course."""
    if offering is not None:
        return signup_record(intake=intake, offering_id=str(offering.pk))
    return signup_record(intake=intake, program=program)


def _send_waiting(intake: Intake, kind: str) -> CheckInEmail:
    email = CheckInEmail.objects.get(checkin__intake=intake, kind=kind)
    send_checkin_email.call(email.pk)  # what the worker runs
    email.refresh_from_db()
    return email


def invited(intake: Intake) -> CheckInEmail:
    """The check-in's invitation, made by the sweep once due and sent by the worker."""
    checkins_sweep(now=timezone.now() + A_YEAR)
    return _send_waiting(intake, CheckInEmail.Kind.INVITATION)


def reminded(intake: Intake) -> CheckInEmail:
    """Its reminder, made by the sweep a while after the invitation went, and sent."""
    checkins_sweep(now=timezone.now() + REMINDER_AFTER + timedelta(days=1))
    return _send_waiting(intake, CheckInEmail.Kind.REMINDER)


def answered(intake: Intake, **changes: Any) -> CheckIn:
    """The check-in answered through its service (ANSWERS with `changes`; None leaves one out)."""
    answers = {name: value for name, value in {**ANSWERS, **changes}.items() if value is not None}
    return checkin_answer(checkin=CheckIn.objects.get(intake=intake), answers=answers).checkin


def run_the_queue() -> int:
    """What the worker does with each task now due in the durable queue, in the test's own
    transaction (`manage.py db_worker` closes its connection, which a test inside a
    transaction cannot survive). How many tasks it ran."""
    due = list(DBTaskResult.objects.ready())
    for result in due:
        result.task.call(*result.args_kwargs["args"], **result.args_kwargs["kwargs"])
        DBTaskResult.objects.filter(pk=result.pk).update(status="SUCCESSFUL")
    return len(due)


def make_retries_due() -> None:
    """Time passes: every task deferred to a later try is due now."""
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())


def sent_at(email: CheckInEmail, moment: datetime) -> CheckInEmail:
    """Move an e-mail's sending to a known moment (the worker sets it to now)."""
    CheckInEmail.objects.filter(pk=email.pk).update(sent_at=moment)
    email.refresh_from_db()
    return email
