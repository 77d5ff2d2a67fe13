"""The safety flags as clinicians read them: a label each, and why it was raised.

The scoring engine names the codebook answers behind each flag (`flag_causes`);
this says them in words, for the intake page, the triage list and the CSV.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from advisor.scoring import CLINICIAN_REVIEW, CRISIS, THERAPIST_SUGGESTED

FLAG_LABELS = {
    CRISIS: "Crisis",
    CLINICIAN_REVIEW: "Clinician review",
    THERAPIST_SUGGESTED: "Therapist suggested",
}
FLAG_CLASSES = {
    CRISIS: "flag flag--crisis",
    CLINICIAN_REVIEW: "flag flag--review",
    THERAPIST_SUGGESTED: "flag flag--therapist",
}

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
}


def cause_words(code: str, answered: bool = True) -> str:
    if not answered:
        return f"{code.replace('_', ' ')} not answered"
    return CAUSE_WORDS.get(code, code.replace("_", " "))


def flag_reasons(
    flag_causes: Mapping[str, Sequence[str]], answered: Mapping[str, object] | None = None
) -> dict[str, str]:
    """Each flag with why it was raised: {"clinician_review": "depressed at the moment"}.

    `answered` (the intake's answers) tells a cause that is an answer from a question left
    unanswered; without it every cause is read as an answer.
    """
    return {
        flag: "; ".join(
            cause_words(code, answered is None or answered.get(code) is not None) for code in causes
        )
        for flag, causes in flag_causes.items()
    }


def causing_codes(flag_causes: Mapping[str, Sequence[str]]) -> dict[str, list[str]]:
    """For each answer's code, the flags it helped raise."""
    flags_of: dict[str, list[str]] = {}
    for flag, causes in flag_causes.items():
        for code in causes:
            flags_of.setdefault(code, []).append(FLAG_LABELS[flag])
    return flags_of
