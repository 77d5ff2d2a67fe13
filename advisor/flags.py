"""The safety flags as clinicians read them: a label each, and why it was raised.

The scoring engine names the codebook answers behind each flag (`flag_causes`);
this says them in words, for the intake page, the triage list and the CSV.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from advisor.questionnaire import PREFER_NOT
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
            cause_words(code, True if answered is None else answered.get(code)) for code in causes
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
