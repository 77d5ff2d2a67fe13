"""Intakes as CSV for clinicians: codebook codes as columns, safe to open in a spreadsheet.

Two versions of the same columns: answers as their codebook codes (for analysis), or in
the words the participant chose from (for reading). Times are written as staff read them
everywhere, "28 Nov 2026 15:33 EST", in the clinic's zone.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import tzinfo

from advisor import questionnaire
from advisor.clinicians import display_name
from advisor.flags import flag_label, flag_reasons
from advisor.models import Intake
from config.clinic.staff_time import staff_time
from config.clinic.time_zone import clinic_time_zone

# A cell starting with one of these is run as a formula by spreadsheet programs.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")

COLUMNS = (
    "intake_id",
    "submitted_at",
    "first_name",
    "email",
    "phone",
    "best_time_to_call",
    "email_my_link",
    *questionnaire.ANSWER_CODES,
    *questionnaire.PREFERENCE_CODES,
    # The language of the page the answers were sent from (the answers are codes either way).
    "answered_in",
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
    "override_words",
    "status",
    "assigned_to",
)
STATUS_LABELS = dict(Intake.Status.choices)


def spreadsheet_safe(value: object) -> str:
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def _codes(intake: Intake) -> dict[str, object]:
    """What the participant chose and how the engine and clinicians read it, as codes."""
    snapshot = intake.recommendation
    return {
        **intake.answers(),
        **{code: getattr(intake, code) for code in questionnaire.PREFERENCE_CODES},
        "email_my_link": questionnaire.yes_no(intake.email_my_link),
        "answered_in": intake.answered_in,
        "flags": ";".join(snapshot["flags"]),
        # "clinician_review: depression_history, in_therapy; therapist_suggested: shame, ..."
        "flag_causes": "; ".join(
            f"{flag}: {', '.join(causes)}" for flag, causes in (intake.flag_causes or {}).items()
        ),
        "status": intake.status,
        "assigned_to": intake.assigned_to.get_username() if intake.assigned_to else "",
    }


def _words(intake: Intake) -> dict[str, object]:
    """The same, as a person reads it: the options' labels, flags and causes in words."""
    snapshot = intake.recommendation
    chosen = {**intake.answers(), **{c: getattr(intake, c) for c in questionnaire.PREFERENCE_CODES}}
    reasons = flag_reasons(intake.flag_causes or {}, intake.answers())
    return {
        **{code: questionnaire.answer_words(code, chosen) for code in chosen},
        "email_my_link": "Yes" if intake.email_my_link else "No",
        "answered_in": intake.get_answered_in_display(),
        "flags": "; ".join(flag_label(flag) for flag in snapshot["flags"]),
        "flag_causes": "; ".join(f"{flag_label(flag)}: {why}" for flag, why in reasons.items()),
        "status": STATUS_LABELS.get(intake.status, intake.status),
        "assigned_to": display_name(intake.assigned_to) if intake.assigned_to else "",
    }


def intake_row(intake: Intake, *, zone: tzinfo, in_words: bool = False) -> list[str]:
    snapshot = intake.recommendation
    values = {
        "intake_id": intake.pk,
        "submitted_at": staff_time(intake.created_at, zone),
        "first_name": intake.first_name,
        "email": intake.email,
        "phone": intake.phone.as_e164 if intake.phone else "",
        "best_time_to_call": intake.best_time_to_call,
        "consented_at": staff_time(intake.consented_at, zone),
        "consent_version": intake.consent_version,
        "recommended_first": snapshot["first"],
        "recommended_then": snapshot["then"] or "",
        "strength": snapshot["strength"],
        "rules_version": intake.rules_version,
        "override_program": intake.override_program,
        "override_reason": intake.override_reason,
        "override_words": intake.override_words,
        **(_words(intake) if in_words else _codes(intake)),
    }
    return [spreadsheet_safe(values[column]) for column in COLUMNS]


def intakes_csv(intakes: Iterable[Intake], *, in_words: bool = False) -> str:
    zone = clinic_time_zone()  # once, not once a row
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    writer.writerows(intake_row(intake, zone=zone, in_words=in_words) for intake in intakes)
    return buffer.getvalue()
