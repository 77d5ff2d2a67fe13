"""The safety flags in words: one table of how each reads, and why each was raised.

`FLAGS` gives each flag of advisor.scoring its label, its admin badge and the line the
clinic's notice gives it: the admin, the CSV and the e-mails read them from here. The
scoring engine names the codebook answers behind each flag (`flag_causes`); the rest
of this module says them in words, for the intake page, the triage list and the CSV.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from advisor.questionnaire import PREFER_NOT
from advisor.scoring import CLINICIAN_REVIEW, CRISIS, THERAPIST_SUGGESTED


@dataclass(frozen=True)
class Flag:
    """How a flag reads wherever a person sees it."""

    code: str
    label: str  # the triage list's filter, the CSV and the "Raised:" note on an answer
    badge: str  # the admin badge; the crisis badge says its cause itself
    badge_class: str  # its look, from static/css/admin-intake.css
    email_words: str  # the line in the clinic's notice, which never holds an answer


# The one table of the flags' words: change a label here and every screen follows.
FLAGS: dict[str, Flag] = {
    flag.code: flag
    for flag in (
        Flag(
            code=CRISIS,
            label="Crisis",
            badge="Crisis: self-harm thoughts",
            badge_class="flag flag--crisis",
            email_words="CRISIS: said yes to thoughts of self-harm",
        ),
        Flag(
            code=CLINICIAN_REVIEW,
            label="Clinician review",
            badge="Clinician review",
            badge_class="flag flag--review",
            email_words="needs a clinician's review before enrolling",
        ),
        Flag(
            code=THERAPIST_SUGGESTED,
            label="Therapist suggested",
            badge="Therapist suggested",
            badge_class="flag flag--therapist",
            email_words="a therapist alongside was suggested",
        ),
    )
}


def flag_label(code: str) -> str:
    """A flag's label; an unknown code (an old snapshot's) reads as itself."""
    flag = FLAGS.get(code)
    return flag.label if flag else code


def flag_email_words(code: str) -> str:
    """A flag's line in the clinic's notice; an unknown code reads as itself."""
    flag = FLAGS.get(code)
    return flag.email_words if flag else code


# What an answer that raised a flag says, in a clinician's words.
CAUSE_WORDS = {
    "self_harm_thoughts": "thoughts of self-harm",
    "depression_history": "depressed at the moment",
    "substance_misuse_recent": "alcohol or drug misuse in the past year",
    "mania_psychosis_history": "history of mania, hypomania or psychosis",
    "trauma_symptoms": "trauma symptoms now",
    "trauma_history": "serious trauma",
    "shame": "intense shame",
    "reactivity": "strong reactivity",
    "self_regulation": "hard to calm down",
    "in_therapy": "no therapist",
    # Raised by the check-in after the course (advisor.follow_up), not by the questionnaire.
    "checkin_self_harm_thoughts": "thoughts of self-harm, said at the check-in after the course",
}
# Causes that are no answer of the questionnaire's: each reads as said, whatever it holds.
NOT_ANSWERS = frozenset({"checkin_self_harm_thoughts"})
# An answer the person chose not to give: "rather not say" is read as the cautious answer
# (a clinician's review for a safety question, never a crisis), and the clinician must
# never read it as a yes.
UNSAID_WORDS = {
    "self_harm_thoughts": "would rather not say about thoughts of self-harm",
    "depression_history": "would rather not say about depression",
    "substance_misuse_recent": "would rather not say about alcohol or drug use",
    "mania_psychosis_history": "would rather not say about mania or psychosis",
    "trauma_symptoms": "would rather not say whether trauma still troubles them",
    "trauma_history": "would rather not say about trauma",
}


def cause_words(code: str, answer: object = True) -> str:
    """Why an answer raised a flag. `answer` is what was answered: None for no answer at
    all (or a blank), PREFER_NOT for "I'd rather not say"; anything else is the answer."""
    if answer in (None, ""):
        return f"{code.replace('_', ' ')} not answered"
    if answer == PREFER_NOT:
        return UNSAID_WORDS.get(code, f"would rather not say: {code.replace('_', ' ')}")
    return CAUSE_WORDS.get(code, code.replace("_", " "))


def answers_as_given(intake: object, codes: Sequence[str]) -> dict[str, object]:
    """The answers to `codes` as the intake holds them; every other cause reads as answered.

    For a list that loads only the answers that can be unsaid, not all of them.
    """
    return {**dict.fromkeys(CAUSE_WORDS, True), **{code: getattr(intake, code) for code in codes}}


def flag_reasons(
    flag_causes: Mapping[str, Sequence[str]], answered: Mapping[str, object] | None = None
) -> dict[str, str]:
    """Each flag with why it was raised: {"clinician_review": "depressed at the moment"}.

    `answered` (the intake's answers) tells a cause that is an answer from a question left
    unanswered or unsaid; without it every cause is read as an answer.
    """
    return {
        flag: "; ".join(
            cause_words(
                code, True if answered is None or code in NOT_ANSWERS else answered.get(code)
            )
            for code in causes
        )
        for flag, causes in flag_causes.items()
    }


def causing_codes(flag_causes: Mapping[str, Sequence[str]]) -> dict[str, list[str]]:
    """For each answer's code, the flags it helped raise."""
    flags_of: dict[str, list[str]] = {}
    for flag, causes in flag_causes.items():
        for code in causes:
            flags_of.setdefault(code, []).append(flag_label(flag))
    return flags_of
