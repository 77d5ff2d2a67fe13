"""Answer sets for the scoring's tests: the codebook as DESIGN.md gives it, a neutral set
that meets no rule and raises no flag, and hypothesis strategies for any answers.

The codebook is copied from DESIGN.md rather than from the engine, so that a drift between
the two shows up in the tests. Pure Python: no database, no Django models.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from hypothesis import settings
from hypothesis import strategies as st

from advisor.scoring import (
    ADEQUATE_SELF_REGULATION,
    LIKE_ME,
    LIKERT_MAX,
    LIKERT_MIN,
    recommend,
)
from tests.hypothesis_examples import examples

LIKERT_ITEMS = (
    "self_worth",
    "attention_difficulty",
    "takes_things_personally",
    "compassion_practices_offputting",
    "self_criticism",
    "high_sensitivity",
    "shame",
    "reactivity",
    "self_regulation",
)
YES_NO_ITEMS = (
    "trauma_symptoms",
    "in_therapy",
    "self_harm_thoughts",
    "substance_misuse_recent",
    "mania_psychosis_history",
    "one_program_only",
)
CHOICE_ITEMS = {
    "region": ("northeast", "midwest", "south", "west", "outside_us"),
    "format_preference": ("in_person", "online", "either"),
    "trauma_history": ("none", "some", "serious", "prefer_not_to_say"),
    "depression_history": (
        "none",
        "past_episode",
        "recurrent_in_remission",
        "current",
        "prefer_not_to_say",
    ),
    "mindfulness_experience": ("none", "some", "regular"),
    "compassion_arises": ("yes", "no", "unsure", "not_applicable"),
    "primary_goal": (
        "focus",
        "stress",
        "mood",
        "relapse_prevention",
        "self_kindness",
        "inner_critic",
        "not_sure",
    ),
}

# The yes/no questions that also offer "I'd rather not say".
SENSITIVE_YES_NO = (
    "trauma_symptoms",
    "self_harm_thoughts",
    "substance_misuse_recent",
    "mania_psychosis_history",
)
UNSAID = "prefer_not_to_say"

# One step under "quite like me": the trait is not there.
NOT_LIKE_ME = LIKE_ME - 1
# One step under "somewhat": not steadying oneself adequately.
UNSTEADY = ADEQUATE_SELF_REGULATION - 1

# Every codebook item answered, and no criterion, flag or tie-break triggered.
NEUTRAL: dict[str, Any] = {
    "first_name": "Robin",
    "email": "robin@example.org",
    "consent": True,
    "region": "midwest",
    "format_preference": "either",
    **dict.fromkeys(LIKERT_ITEMS, NOT_LIKE_ME),
    "self_regulation": ADEQUATE_SELF_REGULATION,
    "trauma_history": "none",
    "trauma_symptoms": "no",
    "depression_history": "none",
    "mindfulness_experience": "none",
    "compassion_arises": "not_applicable",
    "in_therapy": "no",
    "self_harm_thoughts": "no",
    "substance_misuse_recent": "no",
    "mania_psychosis_history": "no",
    "one_program_only": "no",
    "primary_goal": "not_sure",
}


def answers(**overrides: Any) -> dict[str, Any]:
    """A full, neutral answer set with the given answers changed."""
    unknown = set(overrides) - set(NEUTRAL)
    assert not unknown, f"not in the codebook: {unknown}"
    return {**NEUTRAL, **overrides}


def without(*names: str, **overrides: Any) -> dict[str, Any]:
    """The neutral answers with some questions left unanswered."""
    raw = answers(**overrides)
    for name in names:
        del raw[name]
    return raw


def score(**overrides: Any) -> dict[str, Any]:
    return recommend(answers(**overrides)).as_dict()


# Any valid answers, as hypothesis draws them.

LIKERT = st.integers(min_value=LIKERT_MIN, max_value=LIKERT_MAX)
YES_NO = st.sampled_from(("yes", "no"))
YES_NO_OR_UNSAID = st.sampled_from(("yes", "no", UNSAID))
ITEM_STRATEGIES = {
    **dict.fromkeys(LIKERT_ITEMS, LIKERT),
    **dict.fromkeys(YES_NO_ITEMS, YES_NO),
    **dict.fromkeys(SENSITIVE_YES_NO, YES_NO_OR_UNSAID),
    **{item: st.sampled_from(values) for item, values in CHOICE_ITEMS.items()},
}
COMPLETE_ANSWERS = st.fixed_dictionaries(ITEM_STRATEGIES)
PARTIAL_ANSWERS = st.fixed_dictionaries({}, optional=ITEM_STRATEGIES)
PROPERTY_SETTINGS = settings(
    max_examples=examples(300), derandomize=True, database=None, deadline=None
)


def hard_to_calm(raw: Mapping[str, Any]) -> bool:
    """Self-regulation answered, and below "somewhat like me"."""
    return raw.get("self_regulation") is not None and raw["self_regulation"] <= UNSTEADY


def trauma_symptoms(raw: Mapping[str, Any]) -> Any:
    """The trauma-symptoms answer that counts, restated from the codebook: asked only
    after a trauma answer other than "No", and not asked, it means no."""
    return "no" if raw.get("trauma_history") == "none" else raw.get("trauma_symptoms")
