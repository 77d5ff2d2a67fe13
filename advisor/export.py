"""Intakes as CSV for clinicians: codebook codes as columns, safe to open in a spreadsheet.

Two versions of the same columns: answers as their codebook codes (for analysis), or in
the words the participant chose from (for reading). Times are written as staff read them
everywhere, "28 Nov 2026 15:33 EST", in the clinic's zone. After the intake's own
columns come what happened since: the course they told us they signed up for, and their
check-in.

A third, de-identified, for evaluation: the same answers and outcomes as codes, with no
name, address, phone, id, link or words anyone typed, under a pseudonym, and every date
moved by the intake's own random number of days and given as a day only
(advisor.deidentify). Its rows come in the order of their pseudonyms, so that they cannot
be matched to an identified export's rows by their place in the file.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime, tzinfo

from advisor import checkin_questions, questionnaire
from advisor.clinicians import display_name
from advisor.deidentify import shifted_day
from advisor.flags import flag_label, flag_reasons
from advisor.models import CheckIn, CheckInEmail, DeidentifiedKey, Intake, SignUp
from config.clinic.staff_time import staff_time
from config.clinic.time_zone import clinic_time_zone

# A cell starting with one of these is run as a formula by spreadsheet programs.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")

# What happened after the recommendation, in the order it happens: the sign-up, then the
# check-in's invitation and answers (the check-in's questions in the order asked).
OUTCOME_COLUMNS = (
    "signed_up_program",
    # The course run's id in the directory; "other" for another course, "removed" for a
    # run the directory no longer holds.
    "signed_up_run",
    "signed_up_at",
    "checkin_opt_in",
    "checkin_sent_at",
    "checkin_stopped_at",
    "checkin_answered_at",
    "checkin_started",
    "checkin_program",
    "checkin_finished",
    "checkin_helpful",
    "checkin_what_helped",
    "checkin_wants_next",
    "checkin_self_harm_thoughts",
)
CHECKIN_ANSWERS = {f"checkin_{code}": code for code in checkin_questions.CODES}
OTHER_RUN, REMOVED_RUN = "other", "removed"
RUN_WORDS = {OTHER_RUN: "Another course", REMOVED_RUN: "A run since removed from the directory"}

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
    *OUTCOME_COLUMNS,
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


def follow_up_of(intake: Intake) -> tuple[SignUp | None, CheckIn | None, CheckInEmail | None]:
    """The intake's sign-up, check-in and check-in invitation, each None when there is none.

    Read from what the export's query loaded (select_related, prefetch_related): no query.
    """
    sign_up, checkin = _one(intake, "sign_up"), _one(intake, "checkin")
    invitation = None
    if checkin is not None:
        kind = CheckInEmail.Kind.INVITATION
        invitation = next((email for email in checkin.emails.all() if email.kind == kind), None)
    return sign_up, checkin, invitation


def _one(intake: Intake, relation: str):
    # A reverse one-to-one raises when there is no row, rather than give None.
    try:
        return getattr(intake, relation)
    except (SignUp.DoesNotExist, CheckIn.DoesNotExist):
        return None


def _run(sign_up: SignUp) -> str:
    if sign_up.offering_id:
        return str(sign_up.offering_id)
    return REMOVED_RUN if sign_up.run_ends else OTHER_RUN


def _outcomes(
    intake: Intake, moment: Callable[[datetime | None], str], *, in_words: bool
) -> dict[str, object]:
    """The sign-up and the check-in's columns; `moment` writes a time (or "" for none)."""
    sign_up, checkin, invitation = follow_up_of(intake)
    values: dict[str, object] = {name: "" for name in OUTCOME_COLUMNS}
    opted_in = questionnaire.yes_no(intake.checkin_opt_in)
    values["checkin_opt_in"] = ("Yes" if intake.checkin_opt_in else "No") if in_words else opted_in
    if sign_up is not None:
        run = _run(sign_up)
        values["signed_up_program"] = sign_up.program
        values["signed_up_run"] = RUN_WORDS.get(run, run) if in_words else run
        values["signed_up_at"] = moment(sign_up.signed_up_at)
    if checkin is not None:
        values["checkin_sent_at"] = moment(invitation.sent_at if invitation else None)
        values["checkin_stopped_at"] = moment(checkin.stopped_at)
        values["checkin_answered_at"] = moment(checkin.answered_at)
        for column, code in CHECKIN_ANSWERS.items():
            value = getattr(checkin, code)
            if in_words and code != "what_helped":
                value = checkin_questions.QUESTIONS_BY_CODE[code].answer_label(value)
            values[column] = "" if value is None else value
    return values


def intake_row(intake: Intake, *, zone: tzinfo, in_words: bool = False) -> list[str]:
    snapshot = intake.recommendation

    def moment(value: datetime | None) -> str:
        return staff_time(value, zone) if value else ""

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
        **_outcomes(intake, moment, in_words=in_words),
    }
    return [spreadsheet_safe(values[column]) for column in COLUMNS]


def intakes_csv(intakes: Iterable[Intake], *, in_words: bool = False) -> str:
    zone = clinic_time_zone()  # once, not once a row
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    writer.writerows(intake_row(intake, zone=zone, in_words=in_words) for intake in intakes)
    return buffer.getvalue()


# De-identified, for evaluation

# The codes of the identified export, less everything that names, reaches or dates the
# person, and less every word typed by them or about them (the override's reason and
# words, what helped); the pseudonym in place of the id, days in place of moments.
DEIDENTIFIED_COLUMNS = (
    "pseudonym",
    "submitted_on",
    *questionnaire.ANSWER_CODES,
    # Not the time zone: a rare one narrows down where the person lives far more than
    # the region does.
    *(code for code in questionnaire.PREFERENCE_CODES if code != "time_zone"),
    "answered_in",
    "consented_on",
    # Not the consent's version: its date tells when the intake came (answered_in says
    # its language). The rules' version stays, for judging the rules; it dates the intake
    # only to the months those rules were in use.
    "recommended_first",
    "recommended_then",
    "strength",
    "flags",
    "flag_causes",
    "rules_version",
    "override_program",
    "status",
    "signed_up_program",
    # "listed" or "other": a run's id would lead to its dates, and so to the shift.
    "signed_up_run",
    "signed_up_on",
    "checkin_opt_in",
    "checkin_sent_on",
    "checkin_stopped_on",
    "checkin_answered_on",
    "checkin_started",
    "checkin_program",
    "checkin_finished",
    "checkin_helpful",
    "checkin_wants_next",
    "checkin_self_harm_thoughts",
)
LISTED_RUN = "listed"
# The identified export's dated outcome columns, and their de-identified names.
SHIFTED_OUTCOMES = {
    "signed_up_at": "signed_up_on",
    "checkin_sent_at": "checkin_sent_on",
    "checkin_stopped_at": "checkin_stopped_on",
    "checkin_answered_at": "checkin_answered_on",
}


def deidentified_row(intake: Intake, key: DeidentifiedKey, *, zone: tzinfo) -> list[str]:
    snapshot = intake.recommendation

    def day(value: datetime | None) -> str:
        return shifted_day(value, key, zone)

    outcomes = _outcomes(intake, day, in_words=False)
    for identified, shifted in SHIFTED_OUTCOMES.items():
        outcomes[shifted] = outcomes.pop(identified)
    if outcomes["signed_up_run"] not in ("", OTHER_RUN):
        outcomes["signed_up_run"] = LISTED_RUN
    values = {
        **_codes(intake),
        **outcomes,
        "pseudonym": key.pseudonym,
        "submitted_on": day(intake.created_at),
        "consented_on": day(intake.consented_at),
        "recommended_first": snapshot["first"],
        "recommended_then": snapshot["then"] or "",
        "strength": snapshot["strength"],
        "rules_version": intake.rules_version,
        "override_program": intake.override_program,
    }
    return [spreadsheet_safe(values[column]) for column in DEIDENTIFIED_COLUMNS]


def deidentified_csv(intakes: Iterable[Intake], keys: Mapping[int, DeidentifiedKey]) -> str:
    """The intakes under their keys (advisor.deidentify.deidentified_keys_issue), in the
    order of their pseudonyms."""
    zone = clinic_time_zone()
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(DEIDENTIFIED_COLUMNS)
    ordered = sorted(intakes, key=lambda intake: keys[intake.pk].pseudonym)
    writer.writerows(deidentified_row(intake, keys[intake.pk], zone=zone) for intake in ordered)
    return buffer.getvalue()
