"""When the clinic promised to answer an intake, how long an open one has waited, and
whether that promise has passed.

The clinic promises to answer an intake within `intake_answer_hours`, and one flagged
for a clinician (crisis or clinician review) within the shorter `flagged_answer_hours`
(config.clinic.models.ClinicProfile): `answer_hours` says which, beside the flagged-intake
query, and `answer_due` counts it to the clinic's open hours. Every page, e-mail and
overdue mark reads the promise from these, so it is the same promise the person read. An
intake is overdue while it is still open (advisor.models.OPEN: nobody has reached the
person yet) and that promise has passed.

Times are formatted in the zone active for the request: on staff pages that is the
clinic's (config.middleware.ClinicTimeZoneMiddleware), so no row needs its own look-up of
the clinic's record.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.timesince import timesince

from advisor.models import OPEN, ContactAttempt, Intake
from config.clinic.models import SAMPLE, ClinicProfile
from config.clinic.open_hours import OpenHours
from config.clinic.record import current_clinic
from config.clinic.staff_time import staff_time


def open_q(prefix: str = "") -> Q:
    """Still waiting for the clinic; `prefix` reaches the intake through a relation."""
    return Q(**{f"{prefix}status__in": OPEN})


def flagged_q(prefix: str = "") -> Q:
    """Flagged for a clinician first (Intake.needs_a_clinician), as a filter."""
    return Q(**{f"{prefix}flag_crisis": True}) | Q(**{f"{prefix}flag_clinician_review": True})


OPEN_Q = open_q()
FLAGGED_Q = flagged_q()


def answer_hours(clinic: ClinicProfile | None, *, flagged: bool) -> int:
    """Within how many hours the clinic promises to answer: a flagged intake (flagged_q)
    gets the clinic's shorter answer time. With no record readable, the sample's times."""
    if clinic is None:
        return SAMPLE["flagged_answer_hours" if flagged else "intake_answer_hours"]
    return clinic.flagged_answer_hours if flagged else clinic.intake_answer_hours


def answer_due(sent: datetime, *, flagged: bool, clinic: ClinicProfile | None = None) -> datetime:
    """When the clinic has promised to answer an intake sent at `sent`, in its own zone.

    The one rule every page, e-mail and overdue mark uses: the clinic's answer time for
    the intake (answer_hours), counted in calendar hours from `sent`; if that moment falls
    while the clinic is closed, or in the first three hours of an open day (kept for
    whoever wrote while it was closed), the promise moves to three hours after the next
    opening (to its closing, if it is open less). So at a Monday-to-Friday, 9-to-5 clinic
    answering flagged intakes within 24 hours, one sent on Friday evening is due by Monday
    12 pm, one sent on Tuesday at 16:30 by Wednesday 16:30. A clinic open every day from
    00:00 to 23:59 is never closed: its promises are plain hours. No holidays. `clinic` is
    the record when the caller has it (else current_clinic()); with none readable, the
    sample's times.
    """
    clinic = clinic or current_clinic()
    return OpenHours.of(clinic).promise(sent, answer_hours(clinic, flagged=flagged))


@dataclass(frozen=True)
class AnswerTimes:
    """The clinic's promised answer times and open hours, read once per page."""

    clinic: ClinicProfile | None = None  # the record they are read from (None: the samples)

    @classmethod
    def of_clinic(cls) -> AnswerTimes:
        # With the database away (clinic None) the page says so, and keeps the samples.
        return cls(current_clinic())

    @property
    def intake_hours(self) -> int:
        return answer_hours(self.clinic, flagged=False)

    @property
    def flagged_hours(self) -> int:
        return answer_hours(self.clinic, flagged=True)

    def hours_for(self, intake: Intake) -> int:
        return answer_hours(self.clinic, flagged=intake.needs_a_clinician)

    def due(self, intake: Intake) -> datetime:
        """When the clinic promised to answer this intake (answer_due)."""
        return answer_due(intake.created_at, flagged=intake.needs_a_clinician, clinic=self.clinic)

    def is_overdue(self, intake: Intake, now: datetime | None = None) -> bool:
        """Still open, and the answer it was promised is late."""
        return intake.status in OPEN and self.due(intake) < (now or timezone.now())

    def overdue_q(self, now: datetime | None = None, prefix: str = "") -> Q:
        """Open intakes past their promised answer, as a filter the database applies: the
        same promise as `due` (OpenHours.overdue_before turns it round for the database).

        `prefix` reaches the intake through a relation ("assigned_intakes__").
        """
        cutoff, inclusive = OpenHours.of(self.clinic).overdue_before(now or timezone.now())
        created = f"{prefix}created_at__{'lte' if inclusive else 'lt'}"
        late = Q()
        for flagged, which in ((True, flagged_q(prefix)), (False, ~flagged_q(prefix))):
            hours = answer_hours(self.clinic, flagged=flagged)
            late |= which & Q(**{created: cutoff - timedelta(hours=hours)})
        return open_q(prefix) & late

    def overdue_expression(self, now: datetime | None = None) -> models.Case:
        """Whether each intake is overdue, as a column: the list reads it without a look-up."""
        return models.Case(
            models.When(self.overdue_q(now), then=models.Value(True)),
            default=models.Value(False),
            output_field=models.BooleanField(),
        )


def waited(since: datetime, now: datetime | None = None) -> str:
    """'2 days', '5 hours', '0 minutes': the largest unit only, as people say it."""
    return timesince(since, now or timezone.now(), depth=1)


def waiting_text(intake: Intake, now: datetime | None = None) -> str:
    """ "2 days (since 26 Nov 2026 09:10 EST)" for an open intake; "" once someone reached them."""
    if intake.status not in OPEN:
        return ""
    return f"{waited(intake.created_at, now)} (since {staff_time(intake.created_at)})"


def overdue_next_steps(today: date | None = None) -> models.QuerySet[ContactAttempt]:
    """Next steps whose day has passed, each the latest entry of an intake not yet closed.

    A later entry in the log means someone followed up, so only the latest one's next
    step is still waiting. `today` is the clinic's (the active zone's) date.
    """
    today = today or timezone.localdate()
    latest = (
        ContactAttempt.objects.filter(intake=models.OuterRef("intake"))
        .order_by("-created_at", "-pk")
        .values("pk")[:1]
    )
    return (
        ContactAttempt.objects.filter(next_step_due__lt=today)
        .exclude(intake__status=Intake.Status.CLOSED)
        .filter(pk=models.Subquery(latest))
    )
