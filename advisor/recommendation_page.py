"""What the recommendation page shows, read from the intake's stored snapshot."""

from __future__ import annotations

from typing import Any

from advisor.models import Intake
from advisor.scoring import CLINICIAN_REVIEW, CRISIS, MSC, THERAPIST_SUGGESTED
from programs.models import Program
from providers.models import Offering, Provider

MAX_OFFERINGS = 12


def recommendation_context(intake: Intake) -> dict[str, Any]:
    snapshot = intake.recommendation
    first, then = snapshot["first"], snapshot["then"]
    programs = Program.objects.filter(code__in=[first, then]).in_bulk(field_name="code")
    reasons = snapshot["reasons"]
    flags = set(snapshot["flags"])
    offerings = (
        Offering.objects.upcoming()
        .filter(program__code=first)
        .reachable_from(intake.region, intake.format_preference)[:MAX_OFFERINGS]
    )
    providers = (
        Provider.objects.for_directory()
        .offering(first)
        .reachable_from(intake.region, intake.format_preference)
    )
    return {
        "intake": intake,
        "first": programs.get(first),
        "then": programs.get(then) if then else None,
        "first_reasons": [r for r in reasons if r["program"] == first],
        "then_reasons": [r for r in reasons if r["program"] == then],
        "only_one": intake.one_program_only,
        "crisis": CRISIS in flags,
        "clinician_review": CLINICIAN_REVIEW in flags,
        "therapist_suggested": THERAPIST_SUGGESTED in flags,
        "mentions_msc": MSC in (first, then),
        "offerings": offerings,
        "providers": providers,
        "directory_query": f"program={first}"
        + ("&format=online" if intake.format_preference == "online" else ""),
    }
