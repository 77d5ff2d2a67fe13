"""The scoring engine's clinical logic, held to the article and to DESIGN.md.

Sources: shared/reference/article-mbsr-and-msc.txt (who starts with MBSR/MBCT,
who with MSC, what to do with only one program), the codebook and "Scoring, in
words" in shared/DESIGN.md; rules version 2026.11-2 (serious trauma or "rather not
say" with difficulty calming down, and strong
reactivity with difficulty calming down, are safety needs; compassion not
arising counts only after some practice; strength follows the score margin;
reasons speak to the person); 2026.11-3 ("I'd rather not say" is
the cautious answer; about trauma symptoms now it is read as possible symptoms,
a safety need of its own), and 2026.12-1 (trauma symptoms behind "no trauma" were
never asked and count as no, for the form and the rules alike; trauma history
left unsaid with difficulty calming down suggests a therapist). Where the article
leaves a choice open (the LIKE_ME and ADEQUATE_SELF_REGULATION thresholds, the
weights, ties, strength), the tests hold the engine to rules version 2026.11-2.

The flags and the answers behind them are in test_scoring_safety.py.

Pure Python: no database, no Django models.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

import pytest
from hypothesis import given

from advisor.scoring import (
    ADEQUATE_SELF_REGULATION,
    CLINICIAN_REVIEW,
    COMPASSION,
    CRISIS,
    DECISION_REASONS,
    LIKE_ME,
    LIKERT_MAX,
    LIKERT_MIN,
    MBCT,
    MBSR,
    MINDFULNESS,
    MODERATE,
    MSC,
    RULES,
    RULES_VERSION,
    SLIGHT,
    STRONG,
    THERAPIST_SUGGESTED,
    Answers,
    recommend,
)
from tests.advisor.scoring_answers import (
    CHOICE_ITEMS,
    COMPLETE_ANSWERS,
    LIKERT_ITEMS,
    NOT_LIKE_ME,
    PARTIAL_ANSWERS,
    PROPERTY_SETTINGS,
    UNSAID,
    UNSTEADY,
    YES_NO_ITEMS,
    answers,
    hard_to_calm,
    score,
    trauma_symptoms,
    without,
)

PROGRAMS = (MBSR, MBCT, MSC)
FLAGS = (CRISIS, CLINICIAN_REVIEW, THERAPIST_SUGGESTED)
STRENGTHS = (STRONG, MODERATE, SLIGHT)
TRACK_OF = {MBSR: MINDFULNESS, MBCT: MINDFULNESS, MSC: COMPASSION}
RULE_CODES = frozenset(rule.code for rule in RULES)
RULE_BY_CODE = {rule.code: rule for rule in RULES}

# Answers that pull hard one way, to show what overrides them.
MINDFULNESS_HEAVY = {
    "self_worth": LIKERT_MAX,
    "attention_difficulty": LIKERT_MAX,
    "compassion_practices_offputting": LIKERT_MAX,
    "takes_things_personally": LIKERT_MAX,
}
COMPASSION_HEAVY = {
    "self_criticism": LIKERT_MAX,
    "high_sensitivity": LIKERT_MAX,
    "compassion_arises": "no",
    "mindfulness_experience": "some",
}
# The safety needs of DESIGN.md: each puts MSC first, whatever else was said.
# (trauma_symptoms is asked only after some trauma history, so the case says so.)
SAFETY_NEEDS = {
    "trauma-symptoms": {"trauma_symptoms": "yes", "trauma_history": "some"},
    "unsaid-trauma-symptoms": {"trauma_symptoms": UNSAID, "trauma_history": "some"},
    "intense-shame": {"shame": LIKE_ME},
    "reactivity-hard-to-calm": {"reactivity": LIKE_ME, "self_regulation": UNSTEADY},
    "serious-trauma-hard-to-calm": {"trauma_history": "serious", "self_regulation": UNSTEADY},
    "unsaid-trauma-hard-to-calm": {
        "trauma_history": "prefer_not_to_say",
        "self_regulation": UNSTEADY,
    },
}
# The same answers with adequate self-regulation: ordinary criteria (or, for "rather not
# say", no criterion at all), weighed like the others.
NOT_SAFETY_NEEDS = {
    "reactivity-able-to-calm": {"reactivity": LIKE_ME, "self_regulation": ADEQUATE_SELF_REGULATION},
    "serious-trauma-able-to-calm": {
        "trauma_history": "serious",
        "self_regulation": ADEQUATE_SELF_REGULATION,
    },
    "unsaid-trauma-able-to-calm": {
        "trauma_history": "prefer_not_to_say",
        "self_regulation": ADEQUATE_SELF_REGULATION,
    },
    "shame-below-like_me": {"shame": NOT_LIKE_ME},
}

TIE_BREAKS = {"balanced_start_mindfulness", "balanced_start_gently"}


def codes(result: Mapping[str, Any]) -> list[str]:
    return [reason["code"] for reason in result["reasons"]]


def rules_met(result: Mapping[str, Any]) -> set[str]:
    return {code for code in codes(result) if code in RULE_CODES}


def reason(result: Mapping[str, Any], code: str) -> dict[str, str]:
    (found,) = [r for r in result["reasons"] if r["code"] == code]
    return found


def assert_valid(result: Mapping[str, Any], raw: Mapping[str, Any]) -> None:
    """What every recommendation must look like, whatever the answers."""
    assert set(result) == {
        "first",
        "then",
        "strength",
        "scores",
        "reasons",
        "flags",
        "flag_causes",
        "rules_version",
    }
    first, then = result["first"], result["then"]
    assert first in PROGRAMS
    assert then is None or then in PROGRAMS
    if then is not None:
        assert then != first
        assert TRACK_OF[then] != TRACK_OF[first]
        assert {first, then} != {MBSR, MBCT}
    assert result["strength"] in STRENGTHS
    assert set(result["scores"]) == {MINDFULNESS, COMPASSION}
    assert result["rules_version"] == RULES_VERSION

    assert result["reasons"], "a recommendation always says why"
    for each in result["reasons"]:
        assert set(each) == {"code", "program", "text"}
        assert each["program"] in PROGRAMS
        assert each["code"]
        assert each["text"].strip()
    # One mindfulness program per recommendation: MBSR and MBCT never both appear.
    named = {first, then} | {each["program"] for each in result["reasons"]}
    assert not {MBSR, MBCT} <= named

    flags = result["flags"]
    assert len(flags) == len(set(flags))
    assert set(flags) <= set(FLAGS)
    if CRISIS in flags:
        assert CLINICIAN_REVIEW in flags

    # Every criterion met on the first program's track is given as a reason for it.
    parsed = Answers(raw)
    for rule in RULES:
        if rule.track == TRACK_OF[first] and rule.applies(parsed):
            assert reason(result, rule.code)["program"] == first


# 1. Every rule, one case on each side of its threshold.

# (rule code, overrides, whether the rule applies, program the reason names)
THRESHOLDS = [
    pytest.param(
        "steady_self_worth_trouble_focusing",
        {"self_worth": LIKE_ME, "attention_difficulty": LIKE_ME},
        MBSR,
        id="self_worth-and-attention-at-like_me",
    ),
    pytest.param(
        "steady_self_worth_trouble_focusing",
        {"self_worth": NOT_LIKE_ME, "attention_difficulty": LIKERT_MAX},
        None,
        id="self_worth-below-like_me",
    ),
    pytest.param(
        "steady_self_worth_trouble_focusing",
        {"self_worth": LIKERT_MAX, "attention_difficulty": NOT_LIKE_ME},
        None,
        id="attention-below-like_me",
    ),
    pytest.param(
        "takes_things_personally",
        {"takes_things_personally": LIKE_ME},
        MBSR,
        id="personally-at-like_me-no-trauma-adequate-regulation",
    ),
    pytest.param(
        "takes_things_personally",
        {"takes_things_personally": NOT_LIKE_ME},
        None,
        id="personally-below-like_me",
    ),
    pytest.param(
        "takes_things_personally",
        {"takes_things_personally": LIKERT_MAX, "self_regulation": UNSTEADY},
        None,
        id="personally-regulation-below-adequate",
    ),
    pytest.param(
        "takes_things_personally",
        {"takes_things_personally": LIKERT_MAX, "self_regulation": ADEQUATE_SELF_REGULATION},
        MBSR,
        id="personally-regulation-at-adequate",
    ),
    pytest.param(
        "takes_things_personally",
        {"takes_things_personally": LIKERT_MAX, "trauma_history": "some"},
        MBSR,
        id="personally-some-trauma",
    ),
    pytest.param(
        "takes_things_personally",
        {"takes_things_personally": LIKERT_MAX, "trauma_history": "serious"},
        None,
        id="personally-serious-trauma",
    ),
    pytest.param(
        "takes_things_personally",
        {"takes_things_personally": LIKERT_MAX, "trauma_history": "prefer_not_to_say"},
        None,
        id="personally-trauma-prefer-not-to-say",
    ),
    pytest.param(
        "takes_things_personally",
        {"takes_things_personally": LIKERT_MAX, "trauma_history": "some", "trauma_symptoms": "yes"},
        None,
        id="personally-trauma-symptoms",
    ),
    # Trauma symptoms left unsaid are not the "no" that taking things personally needs.
    pytest.param(
        "takes_things_personally",
        {
            "takes_things_personally": LIKERT_MAX,
            "trauma_history": "some",
            "trauma_symptoms": UNSAID,
        },
        None,
        id="personally-trauma-symptoms-unsaid",
    ),
    pytest.param(
        "takes_things_personally",
        {"takes_things_personally": LIKERT_MAX, "trauma_history": "some", "trauma_symptoms": "no"},
        MBSR,
        id="personally-some-trauma-symptoms-no",
    ),
    pytest.param(
        "compassion_practices_offputting",
        {"compassion_practices_offputting": LIKE_ME},
        MBSR,
        id="offputting-at-like_me",
    ),
    pytest.param(
        "compassion_practices_offputting",
        {"compassion_practices_offputting": NOT_LIKE_ME},
        None,
        id="offputting-below-like_me",
    ),
    pytest.param(
        "very_self_critical", {"self_criticism": LIKE_ME}, MSC, id="self_criticism-at-like_me"
    ),
    pytest.param(
        "very_self_critical",
        {"self_criticism": NOT_LIKE_ME},
        None,
        id="self_criticism-below-like_me",
    ),
    pytest.param(
        "highly_sensitive", {"high_sensitivity": LIKE_ME}, MSC, id="sensitivity-at-like_me"
    ),
    pytest.param(
        "highly_sensitive",
        {"high_sensitivity": NOT_LIKE_ME},
        None,
        id="sensitivity-below-like_me",
    ),
    # (trauma_symptoms is asked only after some trauma, so each case says so.)
    pytest.param(
        "trauma_symptoms",
        {"trauma_history": "some", "trauma_symptoms": "yes"},
        MSC,
        id="trauma-symptoms-yes",
    ),
    pytest.param(
        "trauma_symptoms",
        {"trauma_history": "some", "trauma_symptoms": "no"},
        None,
        id="trauma-symptoms-no",
    ),
    pytest.param(
        "trauma_symptoms",
        {"trauma_history": "some", "trauma_symptoms": UNSAID},
        None,
        id="trauma-symptoms-unsaid-is-no-yes",
    ),
    pytest.param(
        "trauma_symptoms",
        {"trauma_history": "none", "trauma_symptoms": "yes"},
        None,
        id="trauma-symptoms-yes-left-over-behind-no-trauma",
    ),
    # "Rather not say" about trauma symptoms: its own safety need, never the yes's words.
    pytest.param(
        "unsaid_trauma_symptoms",
        {"trauma_history": "some", "trauma_symptoms": UNSAID},
        MSC,
        id="trauma-symptoms-unsaid",
    ),
    pytest.param(
        "unsaid_trauma_symptoms",
        {"trauma_history": "some", "trauma_symptoms": "yes"},
        None,
        id="trauma-symptoms-yes-is-not-unsaid",
    ),
    pytest.param(
        "unsaid_trauma_symptoms",
        {"trauma_history": "some", "trauma_symptoms": "no"},
        None,
        id="trauma-symptoms-no-is-not-unsaid",
    ),
    pytest.param(
        "unsaid_trauma_symptoms",
        {"trauma_history": "none"},
        None,
        id="trauma-symptoms-not-asked-after-no-trauma",
    ),
    pytest.param("intense_shame", {"shame": LIKE_ME}, MSC, id="shame-at-like_me"),
    pytest.param("intense_shame", {"shame": NOT_LIKE_ME}, None, id="shame-below-like_me"),
    # Reactivity: an ordinary criterion for someone able to calm down, a safety need otherwise.
    pytest.param("reactivity", {"reactivity": LIKE_ME}, MSC, id="reactivity-at-like_me"),
    pytest.param("reactivity", {"reactivity": NOT_LIKE_ME}, None, id="reactivity-below-like_me"),
    pytest.param(
        "reactivity",
        {"reactivity": LIKE_ME, "self_regulation": UNSTEADY},
        None,
        id="reactivity-regulation-below-adequate-is-not-ordinary",
    ),
    pytest.param(
        "reactivity_hard_to_calm",
        {"reactivity": LIKE_ME, "self_regulation": UNSTEADY},
        MSC,
        id="reactivity-at-like_me-regulation-below-adequate",
    ),
    pytest.param(
        "reactivity_hard_to_calm",
        {"reactivity": LIKE_ME, "self_regulation": ADEQUATE_SELF_REGULATION},
        None,
        id="reactivity-at-like_me-regulation-at-adequate",
    ),
    pytest.param(
        "reactivity_hard_to_calm",
        {"reactivity": NOT_LIKE_ME, "self_regulation": UNSTEADY},
        None,
        id="reactivity-below-like_me-regulation-below-adequate",
    ),
    # Serious trauma: an ordinary criterion for someone able to calm down, a safety need
    # otherwise (the article's precondition for mindfulness first).
    pytest.param(
        "serious_trauma_history", {"trauma_history": "serious"}, MSC, id="trauma-history-serious"
    ),
    pytest.param(
        "serious_trauma_history", {"trauma_history": "some"}, None, id="trauma-history-some"
    ),
    pytest.param(
        "serious_trauma_history", {"trauma_history": "none"}, None, id="trauma-history-none"
    ),
    pytest.param(
        "serious_trauma_history",
        {"trauma_history": "prefer_not_to_say"},
        None,
        id="trauma-history-prefer-not-to-say",
    ),
    pytest.param(
        "serious_trauma_history",
        {"trauma_history": "serious", "self_regulation": UNSTEADY},
        None,
        id="serious-trauma-regulation-below-adequate-is-not-ordinary",
    ),
    pytest.param(
        "serious_trauma_hard_to_calm",
        {"trauma_history": "serious", "self_regulation": UNSTEADY},
        MSC,
        id="serious-trauma-regulation-below-adequate",
    ),
    pytest.param(
        "serious_trauma_hard_to_calm",
        {"trauma_history": "serious", "self_regulation": ADEQUATE_SELF_REGULATION},
        None,
        id="serious-trauma-regulation-at-adequate",
    ),
    pytest.param(
        "serious_trauma_hard_to_calm",
        {"trauma_history": "some", "self_regulation": UNSTEADY},
        None,
        id="some-trauma-regulation-below-adequate",
    ),
    # "Rather not say" is not a no: with difficulty calming down it is a safety need.
    pytest.param(
        "unsaid_trauma_hard_to_calm",
        {"trauma_history": "prefer_not_to_say", "self_regulation": UNSTEADY},
        MSC,
        id="unsaid-trauma-regulation-below-adequate",
    ),
    pytest.param(
        "unsaid_trauma_hard_to_calm",
        {"trauma_history": "prefer_not_to_say", "self_regulation": ADEQUATE_SELF_REGULATION},
        None,
        id="unsaid-trauma-regulation-at-adequate",
    ),
    pytest.param(
        "unsaid_trauma_hard_to_calm",
        {"trauma_history": "serious", "self_regulation": UNSTEADY},
        None,
        id="serious-trauma-is-not-unsaid",
    ),
    pytest.param(
        "unsaid_trauma_hard_to_calm",
        {"trauma_history": "none", "self_regulation": UNSTEADY},
        None,
        id="no-trauma-regulation-below-adequate",
    ),
    # Compassion not arising counts only for someone who has practised mindfulness.
    pytest.param(
        "compassion_not_arising",
        {"compassion_arises": "no", "mindfulness_experience": "some"},
        MSC,
        id="compassion-arises-no-some-practice",
    ),
    pytest.param(
        "compassion_not_arising",
        {"compassion_arises": "no", "mindfulness_experience": "none"},
        None,
        id="compassion-arises-no-without-practice",
    ),
    pytest.param(
        "compassion_not_arising",
        {"compassion_arises": "no", "mindfulness_experience": "regular"},
        None,
        id="compassion-arises-no-regular-practice-is-the-heavier-rule",
    ),
    pytest.param(
        "compassion_not_arising",
        {"compassion_arises": "yes", "mindfulness_experience": "some"},
        None,
        id="compassion-arises-yes",
    ),
    pytest.param(
        "compassion_not_arising",
        {"compassion_arises": "unsure", "mindfulness_experience": "some"},
        None,
        id="compassion-arises-unsure",
    ),
    pytest.param(
        "compassion_not_arising",
        {"compassion_arises": "not_applicable", "mindfulness_experience": "some"},
        None,
        id="compassion-arises-not-applicable",
    ),
    pytest.param(
        "compassion_not_arising_regular_practice",
        {"compassion_arises": "no", "mindfulness_experience": "regular"},
        MSC,
        id="compassion-arises-no-regular-practice",
    ),
    pytest.param(
        "compassion_not_arising_regular_practice",
        {"compassion_arises": "no", "mindfulness_experience": "some"},
        None,
        id="compassion-arises-no-some-practice-is-not-regular",
    ),
    pytest.param(
        "compassion_not_arising_regular_practice",
        {"compassion_arises": "no", "mindfulness_experience": "none"},
        None,
        id="compassion-arises-no-without-practice-is-not-regular",
    ),
    pytest.param(
        "compassion_not_arising_regular_practice",
        {"compassion_arises": "unsure", "mindfulness_experience": "regular"},
        None,
        id="compassion-arises-unsure-regular-practice",
    ),
    pytest.param("goal_mindfulness", {"primary_goal": "focus"}, MBSR, id="goal-focus"),
    pytest.param("goal_mindfulness", {"primary_goal": "stress"}, MBSR, id="goal-stress"),
    pytest.param("goal_mindfulness", {"primary_goal": "mood"}, MBSR, id="goal-mood"),
    pytest.param(
        "goal_mindfulness",
        {"primary_goal": "relapse_prevention"},
        MBCT,
        id="goal-relapse-prevention",
    ),
    pytest.param(
        "goal_mindfulness", {"primary_goal": "not_sure"}, None, id="goal-not-sure-is-no-goal"
    ),
    pytest.param(
        "goal_mindfulness",
        {"primary_goal": "self_kindness"},
        None,
        id="goal-self-kindness-is-not-mindfulness",
    ),
    pytest.param(
        "goal_compassion", {"primary_goal": "self_kindness"}, MSC, id="goal-self-kindness"
    ),
    pytest.param("goal_compassion", {"primary_goal": "inner_critic"}, MSC, id="goal-inner-critic"),
    pytest.param(
        "goal_compassion", {"primary_goal": "not_sure"}, None, id="goal-not-sure-is-no-wish"
    ),
    pytest.param(
        "goal_compassion", {"primary_goal": "focus"}, None, id="goal-focus-is-not-compassion"
    ),
]


@pytest.mark.parametrize("code, overrides, program", THRESHOLDS)
def test_it_applies_each_rule_exactly_from_its_threshold(code, overrides, program):
    result = score(**overrides)

    if program is None:
        assert code not in codes(result)
    else:
        assert reason(result, code)["program"] == program


def test_it_has_a_threshold_case_for_every_rule():
    covered = {param.values[0] for param in THRESHOLDS}
    assert covered == RULE_CODES


# Each rule as the only criterion met, against its counterpart just below the
# threshold. Below, nothing is met and the tie-break decides; at the threshold
# the rule alone decides. Mindfulness rules that allow it are tried with
# unsteady self-regulation, where the tie-break would have said MSC. The scores
# show each rule's weight: 2 for a criterion, 3 for a safety need and for compassion
# not arising in regular practice, 1 for a goal.
# (rule code, below, at, first below, first at)
SOLO = [
    pytest.param(
        "steady_self_worth_trouble_focusing",
        {"self_worth": LIKE_ME, "attention_difficulty": NOT_LIKE_ME, "self_regulation": UNSTEADY},
        {"self_worth": LIKE_ME, "attention_difficulty": LIKE_ME, "self_regulation": UNSTEADY},
        MSC,
        MBSR,
        id="self_worth-and-attention",
    ),
    pytest.param(
        "takes_things_personally",
        {"takes_things_personally": NOT_LIKE_ME},
        {"takes_things_personally": LIKE_ME},
        MBSR,
        MBSR,
        id="takes-things-personally",
    ),
    pytest.param(
        "compassion_practices_offputting",
        {"compassion_practices_offputting": NOT_LIKE_ME, "self_regulation": UNSTEADY},
        {"compassion_practices_offputting": LIKE_ME, "self_regulation": UNSTEADY},
        MSC,
        MBSR,
        id="compassion-offputting",
    ),
    pytest.param(
        "goal_mindfulness",
        {"primary_goal": "not_sure", "self_regulation": UNSTEADY},
        {"primary_goal": "stress", "self_regulation": UNSTEADY},
        MSC,
        MBSR,
        id="goal-mindfulness",
    ),
    pytest.param(
        "very_self_critical",
        {"self_criticism": NOT_LIKE_ME},
        {"self_criticism": LIKE_ME},
        MBSR,
        MSC,
        id="self-critical",
    ),
    pytest.param(
        "highly_sensitive",
        {"high_sensitivity": NOT_LIKE_ME},
        {"high_sensitivity": LIKE_ME},
        MBSR,
        MSC,
        id="highly-sensitive",
    ),
    pytest.param(
        "trauma_symptoms",
        {"trauma_history": "some", "trauma_symptoms": "no"},
        {"trauma_history": "some", "trauma_symptoms": "yes"},
        MBSR,
        MSC,
        id="trauma-symptoms",
    ),
    pytest.param(
        "unsaid_trauma_symptoms",
        {"trauma_history": "some", "trauma_symptoms": "no"},
        {"trauma_history": "some", "trauma_symptoms": UNSAID},
        MBSR,
        MSC,
        id="unsaid-trauma-symptoms",
    ),
    pytest.param(
        "intense_shame",
        {"shame": NOT_LIKE_ME},
        {"shame": LIKE_ME},
        MBSR,
        MSC,
        id="intense-shame",
    ),
    pytest.param(
        "reactivity",
        {"reactivity": NOT_LIKE_ME},
        {"reactivity": LIKE_ME},
        MBSR,
        MSC,
        id="reactivity",
    ),
    pytest.param(
        "serious_trauma_history",
        {"trauma_history": "some"},
        {"trauma_history": "serious"},
        MBSR,
        MSC,
        id="serious-trauma-history",
    ),
    pytest.param(
        "reactivity_hard_to_calm",
        {"reactivity": NOT_LIKE_ME, "self_regulation": UNSTEADY},
        {"reactivity": LIKE_ME, "self_regulation": UNSTEADY},
        MSC,
        MSC,
        id="reactivity-hard-to-calm",
    ),
    pytest.param(
        "serious_trauma_hard_to_calm",
        {"trauma_history": "some", "self_regulation": UNSTEADY},
        {"trauma_history": "serious", "self_regulation": UNSTEADY},
        MSC,
        MSC,
        id="serious-trauma-hard-to-calm",
    ),
    pytest.param(
        "unsaid_trauma_hard_to_calm",
        {"trauma_history": "prefer_not_to_say", "self_regulation": ADEQUATE_SELF_REGULATION},
        {"trauma_history": "prefer_not_to_say", "self_regulation": UNSTEADY},
        MSC,
        MSC,
        id="unsaid-trauma-hard-to-calm",
    ),
    pytest.param(
        "compassion_not_arising",
        {"compassion_arises": "unsure", "mindfulness_experience": "some"},
        {"compassion_arises": "no", "mindfulness_experience": "some"},
        MBSR,
        MSC,
        id="compassion-not-arising",
    ),
    pytest.param(
        "compassion_not_arising_regular_practice",
        {"compassion_arises": "unsure", "mindfulness_experience": "regular"},
        {"compassion_arises": "no", "mindfulness_experience": "regular"},
        MBSR,
        MSC,
        id="compassion-not-arising-regular-practice",
    ),
    pytest.param(
        "goal_compassion",
        {"primary_goal": "not_sure"},
        {"primary_goal": "self_kindness"},
        MBSR,
        MSC,
        id="goal-compassion",
    ),
]


@pytest.mark.parametrize("code, below, at, first_below, first_at", SOLO)
def test_it_lets_a_rule_decide_the_order_on_its_own(code, below, at, first_below, first_at):
    rule = RULE_BY_CODE[code]
    other_track = COMPASSION if rule.track == MINDFULNESS else MINDFULNESS

    under = score(**below)
    met = score(**at)

    assert rules_met(under) == set()
    assert under["first"] == first_below
    assert TIE_BREAKS & set(codes(under))

    assert rules_met(met) == {code}
    assert met["first"] == first_at
    assert TRACK_OF[met["first"]] == rule.track
    assert met["then"] != met["first"]
    assert met["scores"] == {rule.track: rule.weight, other_track: 0}
    assert not TIE_BREAKS & set(codes(met))


def test_it_has_a_solo_case_for_every_rule():
    assert {param.values[0] for param in SOLO} == RULE_CODES


SOLO_AT = {param.values[0]: param.values[2] for param in SOLO}


@pytest.mark.parametrize(
    "code, weight",
    [
        pytest.param("trauma_symptoms", 3, id="trauma-symptoms-safety-need"),
        pytest.param("unsaid_trauma_symptoms", 3, id="unsaid-trauma-symptoms-safety-need"),
        pytest.param("intense_shame", 3, id="intense-shame-safety-need"),
        pytest.param("reactivity_hard_to_calm", 3, id="reactivity-hard-to-calm-safety-need"),
        pytest.param("serious_trauma_hard_to_calm", 3, id="serious-trauma-hard-to-calm"),
        pytest.param("unsaid_trauma_hard_to_calm", 3, id="unsaid-trauma-hard-to-calm"),
        pytest.param("reactivity", 2, id="reactivity-ordinary"),
        pytest.param("serious_trauma_history", 2, id="serious-trauma-ordinary"),
        pytest.param("compassion_not_arising", 2, id="compassion-not-arising-some-practice"),
        pytest.param(
            "compassion_not_arising_regular_practice", 3, id="compassion-not-arising-regular"
        ),
    ],
)
def test_it_weighs_the_msc_criteria_as_issue_14_sets_them(code, weight):
    result = score(**SOLO_AT[code])

    assert result["scores"] == {COMPASSION: weight, MINDFULNESS: 0}


# 2. MBCT rather than MBSR.


@pytest.mark.parametrize(
    "overrides, mindfulness_program",
    [
        pytest.param({"depression_history": "recurrent_in_remission"}, MBCT, id="recurrent"),
        pytest.param({"primary_goal": "relapse_prevention"}, MBCT, id="goal-relapse-prevention"),
        pytest.param(
            {"depression_history": "past_episode", "primary_goal": "relapse_prevention"},
            MBCT,
            id="past-episode-wanting-to-stay-well",
        ),
        pytest.param({"depression_history": "none"}, MBSR, id="no-depression"),
        pytest.param({"depression_history": "past_episode"}, MBSR, id="one-past-episode"),
        pytest.param({"depression_history": "current"}, MBSR, id="current-episode"),
        pytest.param({"depression_history": UNSAID}, MBSR, id="depression-unsaid"),
        pytest.param({"primary_goal": "mood"}, MBSR, id="goal-mood"),
    ],
)
@pytest.mark.parametrize(
    "position, lean",
    [
        pytest.param("first", {}, id="as-first"),
        pytest.param("then", {"self_criticism": LIKERT_MAX}, id="as-then"),
    ],
)
def test_it_picks_mbct_for_recurrent_depression_or_relapse_prevention(
    overrides, mindfulness_program, position, lean
):
    result = score(**overrides, **lean)

    assert result[position] == mindfulness_program
    assert {result["first"], result["then"]} == {mindfulness_program, MSC}
    other = MBSR if mindfulness_program == MBCT else MBCT
    assert other not in {each["program"] for each in result["reasons"]}
    if mindfulness_program == MBCT:
        assert any(each["program"] == MBCT for each in result["reasons"])


def test_it_offers_mbct_alone_to_someone_who_wants_to_stay_well_with_one_course():
    result = score(one_program_only="yes", primary_goal="relapse_prevention")

    assert (result["first"], result["then"]) == (MBCT, None)


@pytest.mark.parametrize(
    "lean",
    [
        pytest.param({}, id="as-first"),
        pytest.param({"self_criticism": LIKERT_MAX}, id="as-then"),
    ],
)
def test_it_does_not_call_mbct_designed_for_someone_depressed_now(lean):
    result = score(depression_history="current", primary_goal="relapse_prevention", **lean)

    mbct = [each for each in result["reasons"] if each["program"] == MBCT]
    assert "mbct_after_current_episode" in codes(result)
    assert mbct
    assert not any("designed for" in each["text"] for each in mbct)


# 3. Safety flags, each on both sides, and the answers behind them: test_scoring_safety.py.


# 4. Safety needs put MSC first, whatever else points to mindfulness.


@pytest.mark.parametrize("need", SAFETY_NEEDS.values(), ids=SAFETY_NEEDS.keys())
def test_it_puts_msc_first_for_a_safety_need_against_mindfulness_criteria(need):
    result = score(**MINDFULNESS_HEAVY, primary_goal="focus", **need)

    assert result["scores"][MINDFULNESS] > result["scores"][COMPASSION]
    assert (result["first"], result["then"]) == (MSC, MBSR)
    assert reason(result, "steady_self_worth_trouble_focusing")["program"] == MBSR


@pytest.mark.parametrize("need", SAFETY_NEEDS.values(), ids=SAFETY_NEEDS.keys())
def test_it_calls_msc_first_against_more_mindfulness_weight_only_slight(need):
    # The lead of MSC's score is below zero, and the strength follows it.
    result = score(**MINDFULNESS_HEAVY, primary_goal="focus", **need)

    assert result["strength"] == SLIGHT


def test_it_puts_msc_first_for_shame_even_with_every_article_reason_for_mindfulness():
    result = score(
        self_worth=LIKERT_MAX,
        attention_difficulty=LIKERT_MAX,
        compassion_practices_offputting=LIKERT_MAX,
        shame=LIKERT_MAX,
    )

    assert result["first"] == MSC
    assert reason(result, "intense_shame")["program"] == MSC


@pytest.mark.parametrize(
    "msc_criterion",
    [
        pytest.param({"self_criticism": LIKERT_MAX}, id="self-critical"),
        pytest.param({"high_sensitivity": LIKERT_MAX}, id="highly-sensitive"),
        *(pytest.param(ordinary, id=name) for name, ordinary in NOT_SAFETY_NEEDS.items()),
    ],
)
def test_it_weighs_an_ordinary_msc_criterion_rather_than_overriding(msc_criterion):
    # DESIGN.md names only trauma symptoms, intense shame, and strong reactivity
    # or serious (or unsaid) trauma with difficulty calming down as safety needs.
    result = score(**MINDFULNESS_HEAVY, **msc_criterion)

    assert result["first"] == MBSR
    assert result["then"] == MSC


# 5. Only one program: what the person most wants, unless a safety need says MSC.


@pytest.mark.parametrize(
    "goal, against, first",
    [
        pytest.param("focus", COMPASSION_HEAVY, MBSR, id="focus-against-msc-criteria"),
        pytest.param("stress", COMPASSION_HEAVY, MBSR, id="stress-against-msc-criteria"),
        pytest.param("mood", COMPASSION_HEAVY, MBSR, id="mood-against-msc-criteria"),
        pytest.param(
            "relapse_prevention", COMPASSION_HEAVY, MBCT, id="relapse-against-msc-criteria"
        ),
        pytest.param(
            "self_kindness", MINDFULNESS_HEAVY, MSC, id="self-kindness-against-mbsr-criteria"
        ),
        pytest.param(
            "inner_critic", MINDFULNESS_HEAVY, MSC, id="inner-critic-against-mbsr-criteria"
        ),
        pytest.param("not_sure", COMPASSION_HEAVY, MSC, id="not-sure-msc-criteria"),
        pytest.param("not_sure", MINDFULNESS_HEAVY, MBSR, id="not-sure-mbsr-criteria"),
        pytest.param("not_sure", {}, MBSR, id="not-sure-balanced"),
        pytest.param(
            "not_sure", {"self_regulation": UNSTEADY}, MSC, id="not-sure-balanced-unsteady"
        ),
        pytest.param(
            "not_sure",
            {"depression_history": "recurrent_in_remission"},
            MBCT,
            id="not-sure-balanced-recurrent-depression",
        ),
        pytest.param(
            "not_sure",
            NOT_SAFETY_NEEDS["unsaid-trauma-able-to-calm"],
            MSC,
            id="not-sure-balanced-unsaid-trauma",
        ),
        *(
            pytest.param(
                "focus", {**COMPASSION_HEAVY, **ordinary}, MBSR, id=f"focus-against-{name}"
            )
            for name, ordinary in NOT_SAFETY_NEEDS.items()
        ),
    ],
)
def test_it_gives_one_program_by_what_the_person_most_wants(goal, against, first):
    result = score(one_program_only="yes", primary_goal=goal, **against)

    assert result["first"] == first
    assert result["then"] is None


@pytest.mark.parametrize("need", SAFETY_NEEDS.values(), ids=SAFETY_NEEDS.keys())
@pytest.mark.parametrize("goal", CHOICE_ITEMS["primary_goal"])
def test_it_gives_msc_as_the_one_program_for_a_safety_need(need, goal):
    result = score(one_program_only="yes", primary_goal=goal, **MINDFULNESS_HEAVY, **need)

    assert (result["first"], result["then"]) == (MSC, None)


def test_it_gives_a_second_program_when_both_can_be_taken():
    result = score(one_program_only="no", primary_goal="inner_critic")

    assert (result["first"], result["then"]) == (MSC, MBSR)


# With one course, the other course is not on the page, and neither are its reasons.
ONE_COURSE = [
    pytest.param({**MINDFULNESS_HEAVY, **COMPASSION_HEAVY}, id="both-ways-not-sure"),
    pytest.param(
        {**MINDFULNESS_HEAVY, **COMPASSION_HEAVY, "primary_goal": "stress"}, id="goal-stress"
    ),
    pytest.param(
        {**MINDFULNESS_HEAVY, **COMPASSION_HEAVY, "primary_goal": "inner_critic"},
        id="goal-inner-critic",
    ),
    pytest.param({**MINDFULNESS_HEAVY, "shame": LIKE_ME, "primary_goal": "focus"}, id="safety"),
    pytest.param(
        {
            **COMPASSION_HEAVY,
            "depression_history": "recurrent_in_remission",
            "primary_goal": "mood",
        },
        id="mbct-for-mood",
    ),
    pytest.param(
        {**COMPASSION_HEAVY, "depression_history": "recurrent_in_remission", "shame": LIKE_ME},
        id="msc-over-mbct",
    ),
]


@pytest.mark.parametrize("overrides", ONE_COURSE)
def test_it_gives_reasons_only_for_the_one_course(overrides):
    result = score(one_program_only="yes", **overrides)

    assert {each["program"] for each in result["reasons"]} == {result["first"]}


# 6. Ties: mindfulness first, unless its precondition (no serious trauma, able to
# steady oneself) is not met.


@pytest.mark.parametrize(
    "overrides, first, then",
    [
        pytest.param({}, MBSR, MSC, id="nothing-met"),
        pytest.param(
            {"compassion_practices_offputting": LIKE_ME, "self_criticism": LIKE_ME},
            MBSR,
            MSC,
            id="one-criterion-each",
        ),
        pytest.param(
            {"compassion_practices_offputting": LIKE_ME, "trauma_history": "serious"},
            MSC,
            MBSR,
            id="one-each-with-serious-trauma",
        ),
        pytest.param(
            {"trauma_history": "some"},
            MBSR,
            MSC,
            id="nothing-met-some-trauma",
        ),
        pytest.param(
            {"trauma_history": "prefer_not_to_say"},
            MSC,
            MBSR,
            id="nothing-met-unsaid-trauma",
        ),
        pytest.param(
            {
                "compassion_practices_offputting": LIKE_ME,
                "self_criticism": LIKE_ME,
                "trauma_history": "prefer_not_to_say",
            },
            MSC,
            MBSR,
            id="one-each-unsaid-trauma",
        ),
        pytest.param({"self_regulation": UNSTEADY}, MSC, MBSR, id="nothing-met-unsteady"),
        pytest.param({"self_regulation": LIKERT_MIN}, MSC, MBSR, id="nothing-met-very-unsteady"),
        pytest.param(
            {"self_regulation": ADEQUATE_SELF_REGULATION},
            MBSR,
            MSC,
            id="nothing-met-adequately-steady",
        ),
        pytest.param(
            {
                "compassion_practices_offputting": LIKE_ME,
                "self_criticism": LIKE_ME,
                "self_regulation": UNSTEADY,
            },
            MSC,
            MBSR,
            id="one-each-unsteady",
        ),
        pytest.param(
            {"depression_history": "recurrent_in_remission"},
            MBCT,
            MSC,
            id="nothing-met-recurrent-depression",
        ),
    ],
)
def test_it_breaks_ties_toward_mindfulness_when_that_is_safe(overrides, first, then):
    result = score(**overrides)

    assert result["scores"][MINDFULNESS] == result["scores"][COMPASSION]
    assert (result["first"], result["then"]) == (first, then)
    assert result["strength"] == SLIGHT
    assert TIE_BREAKS & set(codes(result))


# Strength follows the margin: the first program's score minus the other's,
# 4 or more strong, 2 or 3 moderate, less slight; never strong during a depressive episode.

TWO_CRITERIA = {
    "self_worth": LIKE_ME,
    "attention_difficulty": LIKE_ME,
    "compassion_practices_offputting": LIKE_ME,
}
TWO_MSC_CRITERIA = {"self_criticism": LIKE_ME, "high_sensitivity": LIKE_ME}


@pytest.mark.parametrize(
    "overrides, strength",
    [
        pytest.param({}, SLIGHT, id="tie"),
        pytest.param({"primary_goal": "focus"}, SLIGHT, id="margin-1-goal-only"),
        pytest.param(
            {**TWO_CRITERIA, "self_criticism": LIKE_ME, "primary_goal": "inner_critic"},
            SLIGHT,
            id="margin-1-after-the-other-side",
        ),
        pytest.param({"compassion_practices_offputting": LIKE_ME}, MODERATE, id="margin-2"),
        pytest.param({"self_criticism": LIKE_ME}, MODERATE, id="margin-2-msc"),
        pytest.param(
            {"self_worth": LIKE_ME, "attention_difficulty": LIKE_ME, "primary_goal": "focus"},
            MODERATE,
            id="margin-3",
        ),
        pytest.param(
            {"self_criticism": LIKE_ME, "primary_goal": "inner_critic"}, MODERATE, id="margin-3-msc"
        ),
        pytest.param(TWO_CRITERIA, STRONG, id="margin-4"),
        pytest.param(TWO_MSC_CRITERIA, STRONG, id="margin-4-msc"),
        pytest.param({**TWO_CRITERIA, "primary_goal": "focus"}, STRONG, id="margin-5"),
        pytest.param(SAFETY_NEEDS["reactivity-hard-to-calm"], MODERATE, id="safety-need-alone"),
        pytest.param(
            {"shame": LIKE_ME, "self_criticism": LIKE_ME}, STRONG, id="safety-need-and-criterion"
        ),
        pytest.param(
            {
                "shame": LIKE_ME,
                "self_worth": LIKE_ME,
                "attention_difficulty": LIKE_ME,
                "primary_goal": "focus",
            },
            SLIGHT,
            id="safety-need-over-equal-mindfulness-score",
        ),
        pytest.param(
            {**MINDFULNESS_HEAVY, "shame": LIKE_ME},
            SLIGHT,
            id="safety-need-over-higher-mindfulness-score",
        ),
        pytest.param(
            {**TWO_CRITERIA, "depression_history": "current"},
            MODERATE,
            id="margin-4-depressed-now",
        ),
        pytest.param(
            {**TWO_MSC_CRITERIA, "shame": LIKE_ME, "depression_history": "current"},
            MODERATE,
            id="margin-7-msc-depressed-now",
        ),
        pytest.param(
            {"compassion_practices_offputting": LIKE_ME, "depression_history": "current"},
            MODERATE,
            id="margin-2-depressed-now",
        ),
        pytest.param(
            {"primary_goal": "focus", "depression_history": "current"},
            SLIGHT,
            id="margin-1-depressed-now",
        ),
        pytest.param(
            {**TWO_CRITERIA, "depression_history": "past_episode"},
            STRONG,
            id="margin-4-past-episode",
        ),
        pytest.param(
            {"one_program_only": "yes", "primary_goal": "inner_critic"},
            SLIGHT,
            id="one-course-margin-1",
        ),
        pytest.param(
            {"one_program_only": "yes", "primary_goal": "inner_critic", **TWO_MSC_CRITERIA},
            STRONG,
            id="one-course-margin-5",
        ),
        pytest.param(
            {"one_program_only": "yes", "primary_goal": "stress", "self_criticism": LIKE_ME},
            SLIGHT,
            id="one-course-goal-against-the-scores",
        ),
        pytest.param(
            {"one_program_only": "yes", "primary_goal": "inner_critic", **MINDFULNESS_HEAVY},
            SLIGHT,
            id="one-course-goal-against-much-higher-scores",
        ),
        pytest.param(
            {"one_program_only": "yes", "primary_goal": "focus", **MINDFULNESS_HEAVY},
            STRONG,
            id="one-course-goal-with-the-scores",
        ),
    ],
)
def test_it_says_how_clearly_the_answers_point(overrides, strength):
    assert score(**overrides)["strength"] == strength


# 7. People the article describes, in plain terms.

PERSONAS = [
    pytest.param(
        {
            "self_worth": LIKERT_MAX,
            "attention_difficulty": LIKERT_MAX,
            "primary_goal": "focus",
            "region": "west",
            "format_preference": "online",
        },
        (MBSR, MSC),
        {"steady_self_worth_trouble_focusing", "goal_mindfulness"},
        set(),
        id="confident-professional-who-cannot-focus",
    ),
    pytest.param(
        {
            "takes_things_personally": LIKERT_MAX,
            "self_regulation": LIKE_ME,
            "trauma_history": "none",
            "reactivity": 2,
            "primary_goal": "stress",
        },
        (MBSR, MSC),
        {"takes_things_personally", "goal_mindfulness"},
        set(),
        id="takes-things-personally-but-stable",
    ),
    pytest.param(
        {
            "compassion_practices_offputting": LIKERT_MAX,
            "self_criticism": 2,
            "primary_goal": "stress",
        },
        (MBSR, MSC),
        {"compassion_practices_offputting", "goal_mindfulness"},
        set(),
        id="skeptic-who-finds-kindness-exercises-corny",
    ),
    pytest.param(
        {"self_criticism": LIKERT_MAX, "self_worth": 2, "primary_goal": "inner_critic"},
        (MSC, MBSR),
        {"very_self_critical", "goal_compassion"},
        set(),
        id="harsh-self-critic",
    ),
    pytest.param(
        {"high_sensitivity": LIKERT_MAX, "primary_goal": "self_kindness"},
        (MSC, MBSR),
        {"highly_sensitive", "goal_compassion"},
        set(),
        id="highly-sensitive-person",
    ),
    pytest.param(
        {
            "trauma_history": "serious",
            "trauma_symptoms": "yes",
            "in_therapy": "no",
            "self_regulation": UNSTEADY,
            "attention_difficulty": LIKERT_MAX,
            "self_worth": LIKE_ME,
            "primary_goal": "focus",
        },
        (MSC, MBSR),
        {"trauma_symptoms", "serious_trauma_hard_to_calm"},
        {THERAPIST_SUGGESTED, CLINICIAN_REVIEW},
        id="trauma-survivor-with-symptoms-and-no-therapist",
    ),
    pytest.param(
        {
            "trauma_history": "serious",
            "in_therapy": "yes",
            "takes_things_personally": LIKERT_MAX,
            "self_regulation": LIKE_ME,
        },
        (MSC, MBSR),
        {"serious_trauma_history"},
        set(),
        id="takes-things-personally-after-serious-trauma-in-therapy",
    ),
    pytest.param(
        {
            "mindfulness_experience": "regular",
            "compassion_arises": "no",
            "self_worth": LIKE_ME,
            "primary_goal": "self_kindness",
        },
        (MSC, MBSR),
        {"compassion_not_arising_regular_practice", "goal_compassion"},
        set(),
        id="meditator-for-whom-compassion-does-not-arise",
    ),
    pytest.param(
        {
            "mindfulness_experience": "regular",
            "compassion_arises": "no",
            "compassion_practices_offputting": LIKERT_MAX,
        },
        (MSC, MBSR),
        {"compassion_not_arising_regular_practice"},
        set(),
        id="regular-meditator-who-finds-kindness-exercises-corny-and-feels-no-warmth",
    ),
    pytest.param(
        {
            "reactivity": LIKERT_MAX,
            "self_regulation": LIKERT_MIN,
            "self_worth": LIKE_ME,
            "attention_difficulty": LIKERT_MAX,
            "primary_goal": "focus",
        },
        (MSC, MBSR),
        {"reactivity_hard_to_calm"},
        {THERAPIST_SUGGESTED},
        id="quick-to-react-and-slow-to-calm",
    ),
    pytest.param(
        {
            "shame": LIKERT_MAX,
            "in_therapy": "no",
            "one_program_only": "yes",
            "primary_goal": "stress",
        },
        (MSC, None),
        {"intense_shame"},
        {THERAPIST_SUGGESTED},
        id="one-course-for-stress-with-intense-shame",
    ),
    pytest.param(
        {"depression_history": "recurrent_in_remission", "primary_goal": "relapse_prevention"},
        (MBCT, MSC),
        {"goal_mindfulness"},
        set(),
        id="recurrent-depression-in-remission",
    ),
    pytest.param(
        {
            "depression_history": "recurrent_in_remission",
            "self_criticism": LIKE_ME,
            "high_sensitivity": LIKE_ME,
            "primary_goal": "mood",
        },
        (MSC, MBCT),
        {"very_self_critical", "highly_sensitive", "goal_mindfulness"},
        set(),
        id="self-critic-in-remission-takes-mbct-second",
    ),
    pytest.param(
        {
            "one_program_only": "yes",
            "primary_goal": "inner_critic",
            "self_worth": LIKE_ME,
            "attention_difficulty": LIKERT_MAX,
        },
        (MSC, None),
        {"goal_compassion"},
        set(),
        id="one-course-to-quiet-the-inner-critic",
    ),
    pytest.param(
        {
            "one_program_only": "yes",
            "primary_goal": "stress",
            "self_criticism": LIKERT_MAX,
        },
        (MBSR, None),
        {"goal_mindfulness"},
        set(),
        id="one-course-for-stress-though-self-critical",
    ),
    pytest.param(
        {"self_harm_thoughts": "yes"},
        (MBSR, MSC),
        set(),
        {CRISIS, CLINICIAN_REVIEW},
        id="thoughts-of-self-harm",
    ),
    pytest.param(
        {
            "self_harm_thoughts": "yes",
            "depression_history": "current",
            "shame": LIKERT_MAX,
            "in_therapy": "yes",
        },
        (MSC, MBSR),
        {"intense_shame"},
        {CRISIS, CLINICIAN_REVIEW},
        id="self-harm-current-depression-and-shame",
    ),
    pytest.param(
        {
            "mania_psychosis_history": "yes",
            "depression_history": "recurrent_in_remission",
            "primary_goal": "relapse_prevention",
        },
        (MBCT, MSC),
        {"goal_mindfulness"},
        {CLINICIAN_REVIEW},
        id="wants-mbct-with-a-history-of-mania",
    ),
]


@pytest.mark.parametrize("overrides, order, reasons, flags", PERSONAS)
def test_it_recommends_what_the_article_suggests_for(overrides, order, reasons, flags):
    raw = answers(**overrides)

    result = recommend(raw).as_dict()

    assert (result["first"], result["then"]) == order
    assert reasons <= rules_met(result)
    assert set(result["flags"]) == flags
    assert_valid(result, raw)


def test_it_explains_recurrent_depression_with_an_mbct_reason_of_its_own():
    result = score(depression_history="recurrent_in_remission")

    mbct_reasons = [each for each in result["reasons"] if each["program"] == MBCT]
    assert any(each["code"] not in RULE_CODES for each in mbct_reasons)


# 8. The shape of a recommendation.


@pytest.mark.parametrize(
    "overrides",
    [param.values[0] for param in PERSONAS] + [{}],
    ids=[param.id for param in PERSONAS] + ["neutral"],
)
def test_it_returns_a_well_formed_recommendation(overrides):
    raw = answers(**overrides)

    assert_valid(recommend(raw).as_dict(), raw)


def test_it_returns_a_recommendation_that_cannot_be_changed():
    recommendation = recommend(answers())

    with pytest.raises(dataclasses.FrozenInstanceError):
        recommendation.first = MSC  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        recommendation.reasons[0].text = "changed"  # type: ignore[misc]


def test_it_hands_out_a_copy_in_as_dict():
    recommendation = recommend(answers())

    recommendation.as_dict()["scores"][MINDFULNESS] = 99

    assert recommendation.as_dict()["scores"][MINDFULNESS] == 0


def test_it_ignores_contact_details_and_practicalities():
    plain = score()
    other = score(
        first_name="Someone Else",
        email="else@example.org",
        region="outside_us",
        format_preference="in_person",
        mindfulness_experience="regular",
    )

    assert other == plain


# 9. Invalid input raises; missing input meets no criterion.


@pytest.mark.parametrize("item", LIKERT_ITEMS)
@pytest.mark.parametrize(
    "value",
    [
        pytest.param(LIKERT_MIN - 1, id="below-range"),
        pytest.param(LIKERT_MAX + 1, id="above-range"),
        pytest.param("abc", id="text"),
        pytest.param(2.5, id="fraction"),
        pytest.param(True, id="boolean"),
    ],
)
def test_it_rejects_a_likert_answer_outside_the_codebook(item, value):
    with pytest.raises(ValueError):
        recommend(answers(**{item: value}))


@pytest.mark.parametrize("item", LIKERT_ITEMS)
@pytest.mark.parametrize("value", [LIKERT_MIN, LIKERT_MAX])
def test_it_accepts_the_ends_of_the_likert_scale(item, value):
    raw = answers(**{item: value})

    assert_valid(recommend(raw).as_dict(), raw)


@pytest.mark.parametrize(
    "item, value",
    [pytest.param(item, "maybe", id=f"{item}-maybe") for item in YES_NO_ITEMS]
    + [
        pytest.param("trauma_history", "sometimes", id="trauma_history-sometimes"),
        pytest.param("depression_history", "mild", id="depression_history-mild"),
        pytest.param("compassion_arises", "often", id="compassion_arises-often"),
        pytest.param("primary_goal", "happiness", id="primary_goal-happiness"),
        pytest.param("mindfulness_experience", "expert", id="mindfulness_experience-expert"),
        pytest.param("trauma_history", 1, id="trauma_history-number"),
    ],
)
def test_it_rejects_a_choice_outside_the_codebook(item, value):
    with pytest.raises(ValueError):
        recommend(answers(**{item: value}))


def test_it_scores_no_answers_at_all():
    result = recommend({}).as_dict()

    assert rules_met(result) == set()
    # Unanswered safety questions never count as "no".
    assert result["flags"] == [CLINICIAN_REVIEW]
    assert_valid(result, {})


@pytest.mark.parametrize("item", LIKERT_ITEMS + YES_NO_ITEMS + tuple(CHOICE_ITEMS))
def test_it_scores_answers_with_one_question_missing(item):
    raw = without(item)

    assert_valid(recommend(raw).as_dict(), raw)


@pytest.mark.parametrize(
    "missing, overrides, code",
    [
        pytest.param(
            "self_regulation",
            {"takes_things_personally": LIKERT_MAX},
            "takes_things_personally",
            id="personally-without-self-regulation",
        ),
        pytest.param(
            "trauma_history",
            {"takes_things_personally": LIKERT_MAX},
            "takes_things_personally",
            id="personally-without-trauma-history",
        ),
        pytest.param(
            "attention_difficulty",
            {"self_worth": LIKERT_MAX},
            "steady_self_worth_trouble_focusing",
            id="self-worth-without-attention",
        ),
        pytest.param(
            "mindfulness_experience",
            {"compassion_arises": "no"},
            "compassion_not_arising",
            id="compassion-not-arising-without-experience",
        ),
        pytest.param(
            "mindfulness_experience",
            {"compassion_arises": "no"},
            "compassion_not_arising_regular_practice",
            id="compassion-not-arising-without-experience-regular",
        ),
        pytest.param(
            "self_regulation",
            {"reactivity": LIKERT_MAX},
            "reactivity_hard_to_calm",
            id="reactivity-without-self-regulation",
        ),
        pytest.param(
            "self_regulation",
            {"trauma_history": "serious"},
            "serious_trauma_hard_to_calm",
            id="serious-trauma-without-self-regulation",
        ),
        pytest.param(
            "self_regulation",
            {"trauma_history": "prefer_not_to_say"},
            "unsaid_trauma_hard_to_calm",
            id="unsaid-trauma-without-self-regulation",
        ),
    ],
)
def test_it_does_not_assume_an_unanswered_condition_is_met(missing, overrides, code):
    result = recommend(without(missing, **overrides)).as_dict()

    assert code not in codes(result)


@pytest.mark.parametrize(
    "overrides, code",
    [
        pytest.param({"reactivity": LIKERT_MAX}, "reactivity", id="reactivity"),
        pytest.param({"trauma_history": "serious"}, "serious_trauma_history", id="serious-trauma"),
    ],
)
def test_it_weighs_an_ordinary_criterion_when_self_regulation_is_unanswered(overrides, code):
    result = recommend(without("self_regulation", **overrides)).as_dict()

    assert reason(result, code)["program"] == MSC


def test_it_treats_a_blank_answer_as_unanswered():
    result = score(shame="", self_harm_thoughts="")

    assert "intense_shame" not in codes(result)
    assert CRISIS not in result["flags"]
    assert result["flag_causes"][CLINICIAN_REVIEW] == ["self_harm_thoughts"]


# 10. Any valid answers give a valid recommendation.


def reports_safety_need(raw: Mapping[str, Any]) -> bool:
    """The safety needs of DESIGN.md, restated from the answers."""
    likert = {item: raw.get(item) or 0 for item in LIKERT_ITEMS}
    return (
        trauma_symptoms(raw) in ("yes", UNSAID)
        or likert["shame"] >= LIKE_ME
        or (likert["reactivity"] >= LIKE_ME and hard_to_calm(raw))
        or (raw.get("trauma_history") in ("serious", "prefer_not_to_say") and hard_to_calm(raw))
    )


@PROPERTY_SETTINGS
@given(raw=COMPLETE_ANSWERS)
def test_it_gives_a_valid_recommendation_for_any_complete_answers(raw):
    result = recommend(raw).as_dict()
    yes = {item for item in YES_NO_ITEMS if raw[item] == "yes"}
    safety_need = reports_safety_need(raw)
    wants_mbct = (
        raw["depression_history"] == "recurrent_in_remission"
        or raw["primary_goal"] == "relapse_prevention"
    )

    assert_valid(result, raw)
    assert (result["then"] is None) == ("one_program_only" in yes)
    if safety_need:
        assert result["first"] == MSC
    for program in (result["first"], result["then"]):
        if program in (MBSR, MBCT):
            assert program == (MBCT if wants_mbct else MBSR)
    if "one_program_only" in yes and not safety_need:
        if raw["primary_goal"] in ("focus", "stress", "mood", "relapse_prevention"):
            assert TRACK_OF[result["first"]] == MINDFULNESS
        if raw["primary_goal"] in ("self_kindness", "inner_critic"):
            assert result["first"] == MSC
    if "one_program_only" not in yes and not safety_need:
        first_track = TRACK_OF[result["first"]]
        other_track = COMPASSION if first_track == MINDFULNESS else MINDFULNESS
        assert result["scores"][first_track] >= result["scores"][other_track]


@PROPERTY_SETTINGS
@given(raw=PARTIAL_ANSWERS)
def test_it_gives_a_valid_recommendation_for_any_partial_answers(raw):
    result = recommend(raw).as_dict()

    assert_valid(result, raw)
    assert (result["then"] is None) == (raw.get("one_program_only") == "yes")


@PROPERTY_SETTINGS
@given(raw=PARTIAL_ANSWERS)
def test_it_sets_the_strength_by_the_margin_for_any_answers(raw):
    result = recommend(raw).as_dict()
    first_track = TRACK_OF[result["first"]]
    other_track = COMPASSION if first_track == MINDFULNESS else MINDFULNESS
    margin = result["scores"][first_track] - result["scores"][other_track]

    if margin >= 4 and raw.get("depression_history") != "current":
        assert result["strength"] == STRONG
    elif margin >= 2:
        assert result["strength"] == MODERATE
    else:
        assert result["strength"] == SLIGHT


@PROPERTY_SETTINGS
@given(raw=PARTIAL_ANSWERS.map(lambda raw: {**raw, "one_program_only": "yes"}))
def test_it_gives_reasons_only_for_the_one_course_for_any_answers(raw):
    result = recommend(raw).as_dict()

    assert {each["program"] for each in result["reasons"]} == {result["first"]}


# 11. The rule table.
#
# That a rule's fields are callable, strings or positive, and that the version is a string,
# is shown by what the rules do above (every recommendation carries the version:
# assert_valid); here, what the table says of itself.


def test_it_names_each_rule_once():
    assert len(RULE_CODES) == len(RULES)


ARTICLE_PHRASES = ("cheesy", "window of presence", "robust sense of self-worth", "co-arise")

# Answers that bring each decision reason onto the page.
DECISION_CASES = {
    "mbct_recurrent_depression": {"depression_history": "recurrent_in_remission"},
    "mbct_relapse_goal": {"primary_goal": "relapse_prevention"},
    "mbct_after_current_episode": {
        "depression_history": "current",
        "primary_goal": "relapse_prevention",
    },
    "safety_first": {**MINDFULNESS_HEAVY, "shame": LIKE_ME},
    "only_one_goal": {"one_program_only": "yes", "primary_goal": "stress"},
    "only_one_safety": {"one_program_only": "yes", "shame": LIKE_ME},
    "only_one_answers": {"one_program_only": "yes"},
    "balanced_start_gently": {"self_regulation": UNSTEADY},
    "balanced_start_mindfulness": {},
}


def test_it_has_a_case_for_every_decision_reason():
    assert set(DECISION_CASES) == set(DECISION_REASONS)


@pytest.mark.parametrize("code", sorted(RULE_CODES))
@pytest.mark.parametrize("phrase", ARTICLE_PHRASES)
def test_it_gives_reasons_in_our_own_words(code, phrase):
    text = reason(score(**SOLO_AT[code]), code)["text"]

    assert phrase not in text.lower()


@pytest.mark.parametrize("phrase", ARTICLE_PHRASES)
@pytest.mark.parametrize("code", DECISION_CASES.keys())
def test_it_explains_decisions_in_our_own_words(code, phrase):
    text = reason(score(**DECISION_CASES[code]), code)["text"]

    assert phrase not in text.lower()


# 12. Reasons speak to this person: what they said, their own goal, only
# their own safety needs, and only for the courses on their page.


@pytest.mark.parametrize("code", sorted(RULE_CODES))
def test_it_starts_each_rules_reason_with_what_the_person_said(code):
    text = reason(score(**SOLO_AT[code]), code)["text"]

    assert text.startswith("You said ")


# A goal in the person's own words: what any wording that names it must contain.
GOAL_NAMED_BY = {
    "focus": "attention",
    "stress": "less stress",
    "mood": "mood",
    "relapse_prevention": "depression",
    "self_kindness": "kind",
    "inner_critic": "critic",
}


@pytest.mark.parametrize("goal, words", GOAL_NAMED_BY.items())
def test_it_names_the_persons_own_goal_in_the_goal_reason(goal, words):
    result = score(primary_goal=goal)
    (goal_reason,) = [each for each in result["reasons"] if each["code"].startswith("goal_")]

    assert words in goal_reason["text"]


@pytest.mark.parametrize("goal, words", GOAL_NAMED_BY.items())
def test_it_names_the_persons_own_goal_when_it_decides_the_one_course(goal, words):
    result = score(one_program_only="yes", primary_goal=goal)

    assert words in reason(result, "only_one_goal")["text"]


# What a reason must say for each safety need, and what it must not: words that name
# needs this person did not report. ("calm" names difficulty calming down.)
NEED_NAMING = {
    "trauma-symptoms": (("trauma",), ("shame", "react", "calm", "serious", "rather not say")),
    # Never "you said ... still trouble you": they did not say so.
    "unsaid-trauma-symptoms": (
        ("rather not say", "trauma"),
        ("shame", "react", "calm", "serious", "effects of a past trauma still trouble you"),
    ),
    "intense-shame": (("shame",), ("trauma", "react", "calm")),
    "reactivity-hard-to-calm": (("calm",), ("trauma", "shame")),
    "serious-trauma-hard-to-calm": (("serious trauma", "calm"), ("shame", "react", "rather not")),
    "unsaid-trauma-hard-to-calm": (("rather not say", "calm"), ("shame", "react", "serious")),
}


@pytest.mark.parametrize(
    "decision, lean",
    [
        pytest.param("safety_first", {**MINDFULNESS_HEAVY, "primary_goal": "focus"}, id="first"),
        pytest.param("only_one_safety", {"one_program_only": "yes"}, id="only-one"),
    ],
)
@pytest.mark.parametrize("need", SAFETY_NEEDS.keys())
def test_it_names_only_the_persons_own_safety_needs(need, decision, lean):
    says, never_says = NEED_NAMING[need]

    text = reason(score(**lean, **SAFETY_NEEDS[need]), decision)["text"].lower()

    assert [words for words in says if words not in text] == []
    assert [words for words in never_says if words in text] == []


def test_it_says_rather_not_say_about_trauma_once_when_both_trauma_questions_were_unsaid():
    result = score(
        one_program_only="yes",
        trauma_history=UNSAID,
        trauma_symptoms=UNSAID,
        self_regulation=UNSTEADY,
    )

    text = reason(result, "only_one_safety")["text"]
    assert text.count("rather not say") == 1
    assert "whether a past trauma still troubles you" in text
    assert "calming down is hard" in text


def test_it_names_every_safety_need_the_person_reported():
    both = {**SAFETY_NEEDS["trauma-symptoms"], **SAFETY_NEEDS["intense-shame"]}

    text = reason(score(one_program_only="yes", **both), "only_one_safety")["text"]

    assert "trauma" in text
    assert "shame" in text


# Studies find mindfulness practice can bring kindness along: not something to tell a
# person who has practised and found that it did not.
KINDNESS_CLAIM = "kindness toward yourself and others"


@pytest.mark.parametrize(
    "experience, arises, told",
    [
        pytest.param("none", "no", True, id="no-practice-compassion-no"),
        pytest.param("some", "no", False, id="some-practice-compassion-no"),
        pytest.param("regular", "no", False, id="regular-practice-compassion-no"),
        pytest.param("some", "yes", True, id="some-practice-compassion-yes"),
        pytest.param("regular", "unsure", True, id="regular-practice-compassion-unsure"),
        pytest.param("regular", "not_applicable", True, id="regular-practice-not-applicable"),
    ],
)
def test_it_says_mindfulness_brings_kindness_only_to_those_it_has_not_failed(
    experience, arises, told
):
    result = score(
        compassion_practices_offputting=LIKE_ME,
        mindfulness_experience=experience,
        compassion_arises=arises,
    )

    assert (KINDNESS_CLAIM in reason(result, "compassion_practices_offputting")["text"]) == told


@pytest.mark.parametrize("experience", ["some", "regular"])
def test_it_never_tells_a_practised_person_without_compassion_that_mindfulness_brings_it(
    experience,
):
    result = score(
        **MINDFULNESS_HEAVY,
        **{**COMPASSION_HEAVY, "mindfulness_experience": experience},
        primary_goal="focus",
    )

    assert not any(KINDNESS_CLAIM in each["text"] for each in result["reasons"])


@pytest.mark.parametrize(
    "experience, first",
    [
        pytest.param("some", MBSR, id="some-practice-ties-and-mindfulness-goes-first"),
        pytest.param("regular", MSC, id="regular-practice-outweighs-off-putting"),
    ],
)
def test_it_weighs_compassion_not_arising_against_finding_it_off_putting(experience, first):
    result = score(
        compassion_practices_offputting=LIKE_ME,
        compassion_arises="no",
        mindfulness_experience=experience,
    )

    assert result["first"] == first
