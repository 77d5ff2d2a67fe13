"""What the recommendation page shows, read from the intake's stored snapshot."""

from __future__ import annotations

from typing import Any

from advisor.models import Intake
from advisor.scoring import CLINICIAN_REVIEW, CRISIS, MSC, THERAPIST_SUGGESTED
from config.page_cache import public_pages_version
from programs.models import Program
from providers.models import Offering, Provider

MAX_OFFERINGS = 12
# The page names a handful; the directory link lists them all.
MAX_PROVIDERS = 8
CLINICIAN_CHOICE = (
    "A clinician at our clinic has read your answers and suggests starting with this course "
    "instead. They will be glad to talk it through with you."
)


def recommendation_context(intake: Intake) -> dict[str, Any]:
    snapshot = intake.recommendation
    flags = set(snapshot["flags"])
    overridden = intake.override_program not in ("", snapshot["first"])
    if not overridden:
        first, then, reasons = snapshot["first"], snapshot["then"], snapshot["reasons"]
    else:
        first = intake.override_program
        # A clinician's choice replaces the questionnaire's; its reasons no longer apply, and
        # the clinician's own reason is a clinical note, not for this page.
        then, reasons = None, [{"program": first, "text": CLINICIAN_CHOICE}]
    programs = Program.objects.filter(code__in=[first, then]).in_bulk(field_name="code")
    offerings = (
        Offering.objects.upcoming()
        .filter(program__code=first)
        .reachable_from(intake.region, intake.format_preference)[:MAX_OFFERINGS]
    )
    providers = (
        Provider.objects.for_directory()
        .offering(first)
        .reachable_from(intake.region, intake.format_preference)[:MAX_PROVIDERS]
    )
    return {
        "intake": intake,
        "first": programs.get(first),
        "then": programs.get(then) if then else None,
        "first_reasons": [r for r in reasons if r["program"] == first],
        "then_reasons": [r for r in reasons if r["program"] == then],
        "only_one": intake.one_program_only and not overridden,
        "crisis": CRISIS in flags,
        "clinician_review": CLINICIAN_REVIEW in flags,
        "therapist_suggested": THERAPIST_SUGGESTED in flags,
        "mentions_msc": MSC in (first, then),
        "offerings": offerings,
        "providers": providers,
        "directory_version": public_pages_version(),
        "directory_query": f"program={first}"
        + ("&format=online" if intake.format_preference == "online" else ""),
    }
