"""Intakes as CSV for clinicians: codebook codes as columns, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from advisor import questionnaire
from advisor.models import Intake

# A cell starting with one of these is run as a formula by spreadsheet programs.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")

COLUMNS = (
    "intake_id",
    "submitted_at",
    "first_name",
    "email",
    *questionnaire.ANSWER_CODES,
    *questionnaire.PREFERENCE_CODES,
    "consented_at",
    "consent_version",
    "recommended_first",
    "recommended_then",
    "strength",
    "flags",
    "flag_causes",
    "rules_version",
    "override_program",
    "override_reason",
    "status",
    "assigned_to",
)


def spreadsheet_safe(value: object) -> str:
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def intake_row(intake: Intake) -> list[str]:
    snapshot = intake.recommendation
    values = {
        "intake_id": intake.pk,
        "submitted_at": intake.created_at.isoformat(),
        "first_name": intake.first_name,
        "email": intake.email,
        **intake.answers(),
        **{code: getattr(intake, code) for code in questionnaire.PREFERENCE_CODES},
        "consented_at": intake.consented_at.isoformat(),
        "consent_version": intake.consent_version,
        "recommended_first": snapshot["first"],
        "recommended_then": snapshot["then"] or "",
        "strength": snapshot["strength"],
        "flags": ";".join(snapshot["flags"]),
        # "clinician_review: depression_history, in_therapy; therapist_suggested: shame, ..."
        "flag_causes": "; ".join(
            f"{flag}: {', '.join(causes)}" for flag, causes in (intake.flag_causes or {}).items()
        ),
        "rules_version": intake.rules_version,
        "override_program": intake.override_program,
        "override_reason": intake.override_reason,
        "status": intake.status,
        "assigned_to": intake.assigned_to.get_username() if intake.assigned_to else "",
    }
    return [spreadsheet_safe(values[column]) for column in COLUMNS]


def intakes_csv(intakes: Iterable[Intake]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    writer.writerows(intake_row(intake) for intake in intakes)
    return buffer.getvalue()
