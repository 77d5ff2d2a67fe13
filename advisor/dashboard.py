"""Numbers for the clinicians' dashboard, in a fixed handful of queries."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q

from advisor.models import UNREVIEWED, Intake
from advisor.scoring import PROGRAMS


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.count / self.total) if self.total else 0


def dashboard_numbers() -> dict:
    intakes = Intake.objects.all()
    by_status = dict(intakes.values_list("status").annotate(n=Count("pk")).order_by())
    by_program = dict(intakes.values_list("recommended_program").annotate(n=Count("pk")).order_by())
    unreviewed = Q(status__in=UNREVIEWED)
    totals = intakes.aggregate(
        total=Count("pk"),
        crisis=Count("pk", filter=unreviewed & Q(flag_crisis=True)),
        review=Count("pk", filter=unreviewed & Q(flag_clinician_review=True)),
        overridden=Count("pk", filter=~Q(override_program="")),
        waiting=Count("pk", filter=unreviewed),
    )
    total = totals["total"]
    return {
        "total": total,
        "waiting": totals["waiting"],
        "flagged_crisis": totals["crisis"],
        "flagged_review": totals["review"],
        "status_bars": [
            Bar(label, by_status.get(value, 0), total) for value, label in Intake.Status.choices
        ],
        "program_bars": [Bar(code, by_program.get(code, 0), total) for code in PROGRAMS],
        "override_bars": [Bar("Overridden by a clinician", totals["overridden"], total)],
    }
