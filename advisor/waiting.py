"""How long an open intake has waited, and whether the clinic's promised answer time has passed.

The clinic promises to answer an intake within `intake_answer_hours`, and one flagged
for a clinician (crisis or clinician review) within `flagged_answer_hours`
(config.models.ClinicProfile), counted to its open hours by config.clinic.answer_due: the
same promise the person read. An intake is overdue while it is still open
(advisor.models.OPEN: nobody has reached the person yet) and that promise has passed.

Times are formatted in the zone active for the request: on staff pages that is the
clinic's (config.clinic.ClinicTimeZoneMiddleware), so no row needs its own look-up of
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
from config.clinic import OpenHours, answer_due, current_clinic, staff_time
from config.models import SAMPLE, ClinicProfile


def open_q(prefix: str = "") -> Q:
    """Still waiting for the clinic; `prefix` reaches the intake through a relation."""
    return Q(**{f"{prefix}status__in": OPEN})


def flagged_q(prefix: str = "") -> Q:
    """Flagged for a clinician first (Intake.needs_a_clinician), as a filter."""
    return Q(**{f"{prefix}flag_crisis": True}) | Q(**{f"{prefix}flag_clinician_review": True})


OPEN_Q = open_q()
FLAGGED_Q = flagged_q()


@dataclass(frozen=True)
class AnswerTimes:
    """The clinic's promised answer times and open hours, read once per page."""

    intake_hours: int
    flagged_hours: int
    clinic: ClinicProfile | None = None  # the record they were read from (None: the samples)

    @classmethod
    def of_clinic(cls) -> AnswerTimes:
        clinic = current_clinic()
        if clinic is None:  # the database is away: the page will say so; keep the samples
            return cls(SAMPLE["intake_answer_hours"], SAMPLE["flagged_answer_hours"])
        return cls(clinic.intake_answer_hours, clinic.flagged_answer_hours, clinic)

    def hours_for(self, intake: Intake) -> int:
        return self.flagged_hours if intake.needs_a_clinician else self.intake_hours

    def due(self, intake: Intake) -> datetime:
        """When the clinic promised to answer this intake (config.clinic.answer_due)."""
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
        flagged = flagged_q(prefix)
        flagged_late = flagged & Q(**{created: cutoff - timedelta(hours=self.flagged_hours)})
        other_late = ~flagged & Q(**{created: cutoff - timedelta(hours=self.intake_hours)})
        return open_q(prefix) & (flagged_late | other_late)

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
