"""The scoring engine's flags, and the answers behind each, held to DESIGN.md.

`crisis` exactly when the person reports thoughts of self-harm. `clinician_review` for
self-harm, a current depressive episode, recent substance misuse, mania or psychosis,
trauma symptoms without a therapist, and for any of the four safety questions left
unanswered: a safety question never defaults to "no". `therapist_suggested`, for someone
with no therapist (or who did not say), on trauma symptoms, serious trauma, intense shame,
strong reactivity with difficulty calming down, or "rather not say" about trauma history
with difficulty calming down ("MSC is not therapy, so having your own personal therapist
is probably also a good idea"). Trauma symptoms behind "no trauma" were never asked and
count as no. `flag_causes` names, for each flag
raised, the codebook codes whose answers (or missing answers) raised it.

Since rules 2026.11-3, "I'd rather not say" is the cautious answer. On a safety
question it asks for a clinician, as no answer does (never a crisis, never MBCT); about
trauma symptoms now it has the consequences of a yes (MSC first, a therapist and a
clinician for someone without one), in words of its own.

Pure Python: no database, no Django models. The answer helpers are test_scoring.py's.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from advisor.scoring import (
    ADEQUATE_SELF_REGULATION,
    CLINICIAN_REVIEW,
    CRISIS,
    LIKE_ME,
    LIKERT_MAX,
    THERAPIST_SUGGESTED,
    recommend,
)
from tests.advisor.scoring_answers import (
    CHOICE_ITEMS,
    COMPLETE_ANSWERS,
    LIKERT_ITEMS,
    NOT_LIKE_ME,
    PARTIAL_ANSWERS,
    PROPERTY_SETTINGS,
    SENSITIVE_YES_NO,
    UNSAID,
    UNSTEADY,
    YES_NO_ITEMS,
    answers,
    hard_to_calm,
    score,
    trauma_symptoms,
    without,
)

# From DESIGN.md: the questions that screen for what a group course cannot hold.
SAFETY_QUESTIONS = (
    "self_harm_thoughts",
    "substance_misuse_recent",
    "mania_psychosis_history",
    "depression_history",
)
SCORED_CODES = frozenset(LIKERT_ITEMS) | frozenset(YES_NO_ITEMS) | frozenset(CHOICE_ITEMS)


def causes_of(result: dict[str, Any]) -> dict[str, set[str]]:
    """flag_causes with each list as a set: which answers, not in which order."""
    return {flag: set(codes) for flag, codes in result["flag_causes"].items()}


def with_therapy(therapy: str | None, **overrides: Any) -> dict[str, Any]:
    """The neutral answers changed, with in_therapy answered so, or unanswered for None."""
    if therapy is None:
        return without("in_therapy", **overrides)
    return answers(in_therapy=therapy, **overrides)


# 1. Each flag on both sides, with the answers that raised it.

# (overrides, {flag: causes})
FLAG_CASES = [
    pytest.param({}, {}, id="neutral"),
    pytest.param(
        {"self_harm_thoughts": "yes"},
        {CRISIS: {"self_harm_thoughts"}, CLINICIAN_REVIEW: {"self_harm_thoughts"}},
        id="self-harm-yes",
    ),
    pytest.param({"self_harm_thoughts": "no"}, {}, id="self-harm-no"),
    pytest.param(
        {"self_harm_thoughts": UNSAID},
        {CLINICIAN_REVIEW: {"self_harm_thoughts"}},
        id="self-harm-unsaid-is-no-crisis",
    ),
    pytest.param(
        {"depression_history": "current"},
        {CLINICIAN_REVIEW: {"depression_history"}},
        id="depression-current",
    ),
    pytest.param({"depression_history": "recurrent_in_remission"}, {}, id="depression-remission"),
    pytest.param({"depression_history": "past_episode"}, {}, id="depression-past"),
    pytest.param({"depression_history": "none"}, {}, id="depression-none"),
    pytest.param(
        {"depression_history": UNSAID},
        {CLINICIAN_REVIEW: {"depression_history"}},
        id="depression-unsaid",
    ),
    pytest.param(
        {"substance_misuse_recent": "yes"},
        {CLINICIAN_REVIEW: {"substance_misuse_recent"}},
        id="substance-yes",
    ),
    pytest.param({"substance_misuse_recent": "no"}, {}, id="substance-no"),
    pytest.param(
        {"substance_misuse_recent": UNSAID},
        {CLINICIAN_REVIEW: {"substance_misuse_recent"}},
        id="substance-unsaid",
    ),
    pytest.param(
        {"mania_psychosis_history": "yes"},
        {CLINICIAN_REVIEW: {"mania_psychosis_history"}},
        id="mania-yes",
    ),
    pytest.param({"mania_psychosis_history": "no"}, {}, id="mania-no"),
    pytest.param(
        {"mania_psychosis_history": UNSAID},
        {CLINICIAN_REVIEW: {"mania_psychosis_history"}},
        id="mania-unsaid",
    ),
    pytest.param(
        {"trauma_history": "some", "trauma_symptoms": "yes", "in_therapy": "no"},
        {
            CLINICIAN_REVIEW: {"trauma_symptoms", "in_therapy"},
            THERAPIST_SUGGESTED: {"trauma_symptoms", "in_therapy"},
        },
        id="trauma-symptoms-no-therapist",
    ),
    pytest.param(
        {"trauma_history": "some", "trauma_symptoms": "yes", "in_therapy": "yes"},
        {},
        id="trauma-symptoms-in-therapy",
    ),
    pytest.param(
        {"trauma_history": "some", "trauma_symptoms": UNSAID, "in_therapy": "no"},
        {
            CLINICIAN_REVIEW: {"trauma_symptoms", "in_therapy"},
            THERAPIST_SUGGESTED: {"trauma_symptoms", "in_therapy"},
        },
        id="trauma-symptoms-unsaid-no-therapist",
    ),
    pytest.param(
        {"trauma_history": "some", "trauma_symptoms": UNSAID, "in_therapy": "yes"},
        {},
        id="trauma-symptoms-unsaid-in-therapy",
    ),
    pytest.param(
        {"trauma_history": UNSAID, "trauma_symptoms": UNSAID, "in_therapy": "no"},
        {
            CLINICIAN_REVIEW: {"trauma_symptoms", "in_therapy"},
            THERAPIST_SUGGESTED: {"trauma_symptoms", "in_therapy"},
        },
        id="trauma-and-its-symptoms-unsaid-no-therapist",
    ),
    pytest.param(
        {"trauma_history": "serious", "in_therapy": "no"},
        {THERAPIST_SUGGESTED: {"trauma_history", "in_therapy"}},
        id="serious-trauma-no-therapist",
    ),
    pytest.param(
        {"trauma_history": "serious", "in_therapy": "yes"}, {}, id="serious-trauma-in-therapy"
    ),
    pytest.param({"trauma_history": "some"}, {}, id="some-trauma-no-symptoms"),
    pytest.param(
        {"trauma_history": "prefer_not_to_say"}, {}, id="trauma-prefer-not-to-say-no-symptoms"
    ),
    pytest.param(
        {"shame": LIKE_ME, "in_therapy": "no"},
        {THERAPIST_SUGGESTED: {"shame", "in_therapy"}},
        id="intense-shame-no-therapist",
    ),
    pytest.param(
        {"reactivity": LIKE_ME, "self_regulation": UNSTEADY, "in_therapy": "no"},
        {THERAPIST_SUGGESTED: {"reactivity", "self_regulation", "in_therapy"}},
        id="reactivity-hard-to-calm-no-therapist",
    ),
    pytest.param(
        {
            "self_harm_thoughts": "yes",
            "depression_history": "current",
            "substance_misuse_recent": "yes",
            "mania_psychosis_history": "yes",
            "trauma_history": "serious",
            "trauma_symptoms": "yes",
        },
        {
            CRISIS: {"self_harm_thoughts"},
            CLINICIAN_REVIEW: {
                "self_harm_thoughts",
                "depression_history",
                "substance_misuse_recent",
                "mania_psychosis_history",
                "trauma_symptoms",
                "in_therapy",
            },
            THERAPIST_SUGGESTED: {"trauma_symptoms", "trauma_history", "in_therapy"},
        },
        id="everything-at-once",
    ),
]


@pytest.mark.parametrize("overrides, causes", FLAG_CASES)
def test_it_raises_exactly_the_safety_flags_the_answers_call_for(overrides, causes):
    result = score(**overrides)

    assert set(result["flags"]) == set(causes)
    assert len(result["flags"]) == len(set(result["flags"]))


@pytest.mark.parametrize("overrides, causes", FLAG_CASES)
def test_it_names_the_answers_behind_each_flag(overrides, causes):
    assert causes_of(score(**overrides)) == causes


@pytest.mark.parametrize(
    "overrides",
    [param.values[0] for param in FLAG_CASES],
    ids=[param.id for param in FLAG_CASES],
)
def test_it_gives_causes_for_exactly_the_flags_raised(overrides):
    result = score(**overrides)

    assert list(result["flag_causes"]) == result["flags"]


# 2. A safety question left unanswered is not a "no": a clinician looks first.


@pytest.mark.parametrize("question", SAFETY_QUESTIONS)
def test_it_asks_for_a_clinician_when_a_safety_question_is_unanswered(question):
    result = recommend(without(question)).as_dict()

    assert result["flag_causes"] == {CLINICIAN_REVIEW: [question]}


@pytest.mark.parametrize("question", SAFETY_QUESTIONS)
def test_it_asks_for_a_clinician_when_a_safety_answer_is_blank(question):
    result = score(**{question: ""})

    assert result["flag_causes"] == {CLINICIAN_REVIEW: [question]}


def test_it_does_not_call_an_unanswered_self_harm_question_a_crisis():
    result = recommend(without("self_harm_thoughts")).as_dict()

    assert CRISIS not in result["flags"]


@pytest.mark.parametrize("question", SAFETY_QUESTIONS)
def test_it_asks_for_a_clinician_when_a_safety_question_is_unsaid(question):
    result = score(**{question: UNSAID})

    assert result["flag_causes"] == {CLINICIAN_REVIEW: [question]}


def test_it_does_not_call_unsaid_thoughts_of_self_harm_a_crisis():
    assert CRISIS not in score(self_harm_thoughts=UNSAID)["flags"]


# 3. A therapist alongside MSC: on each trigger, for someone with no therapist or who did
# not say, never for someone already in therapy.

THERAPY = [
    pytest.param("yes", False, id="in-therapy"),
    pytest.param("no", True, id="no-therapist"),
    pytest.param(None, True, id="therapy-unanswered"),
]

# (answers, the codes that show the trigger)
THERAPIST_TRIGGERS = {
    "trauma-symptoms": (
        {"trauma_history": "some", "trauma_symptoms": "yes"},
        {"trauma_symptoms"},
    ),
    "unsaid-trauma-symptoms": (
        {"trauma_history": "some", "trauma_symptoms": UNSAID},
        {"trauma_symptoms"},
    ),
    "serious-trauma-able-to-calm": (
        {"trauma_history": "serious", "self_regulation": ADEQUATE_SELF_REGULATION},
        {"trauma_history"},
    ),
    "serious-trauma-hard-to-calm": (
        {"trauma_history": "serious", "self_regulation": UNSTEADY},
        {"trauma_history"},
    ),
    "shame-at-like_me": ({"shame": LIKE_ME}, {"shame"}),
    "shame-at-like_me-hard-to-calm": (
        {"shame": LIKE_ME, "self_regulation": UNSTEADY},
        {"shame"},
    ),
    "reactivity-hard-to-calm": (
        {"reactivity": LIKE_ME, "self_regulation": UNSTEADY},
        {"reactivity", "self_regulation"},
    ),
    # Rules 2026.12-1: trauma left unsaid by someone who finds it hard to calm down.
    "unsaid-trauma-hard-to-calm": (
        {"trauma_history": UNSAID, "self_regulation": UNSTEADY},
        {"trauma_history", "self_regulation"},
    ),
    # Two triggers that share an answer name it once.
    "unsaid-trauma-and-reactivity-hard-to-calm": (
        {"trauma_history": UNSAID, "reactivity": LIKE_ME, "self_regulation": UNSTEADY},
        {"trauma_history", "reactivity", "self_regulation"},
    ),
}

# Just across each trigger's threshold, and what DESIGN.md leaves out of the list.
NOT_THERAPIST_TRIGGERS = {
    "shame-below-like_me": {"shame": NOT_LIKE_ME},
    "reactivity-able-to-calm": {
        "reactivity": LIKE_ME,
        "self_regulation": ADEQUATE_SELF_REGULATION,
    },
    "reactivity-below-like_me-hard-to-calm": {
        "reactivity": NOT_LIKE_ME,
        "self_regulation": UNSTEADY,
    },
    "some-trauma-hard-to-calm": {"trauma_history": "some", "self_regulation": UNSTEADY},
    "no-trauma-hard-to-calm": {"trauma_history": "none", "self_regulation": UNSTEADY},
    "unsaid-trauma-able-to-calm": {
        "trauma_history": UNSAID,
        "self_regulation": ADEQUATE_SELF_REGULATION,
    },
    "trauma-symptoms-no": {"trauma_history": "some", "trauma_symptoms": "no"},
    "trauma-symptoms-left-over-behind-no-trauma": {
        "trauma_history": "none",
        "trauma_symptoms": "yes",
    },
    "very-self-critical": {"self_criticism": LIKERT_MAX},
    "highly-sensitive": {"high_sensitivity": LIKERT_MAX},
}


@pytest.mark.parametrize("therapy, suggested", THERAPY)
@pytest.mark.parametrize("trigger", THERAPIST_TRIGGERS.keys())
def test_it_suggests_a_therapist_on_each_trigger_to_someone_without_one(
    trigger, therapy, suggested
):
    overrides, trigger_codes = THERAPIST_TRIGGERS[trigger]

    result = recommend(with_therapy(therapy, **overrides)).as_dict()

    expected = trigger_codes | {"in_therapy"} if suggested else None
    assert causes_of(result).get(THERAPIST_SUGGESTED) == expected


@pytest.mark.parametrize("therapy", ["no", None], ids=["no-therapist", "therapy-unanswered"])
@pytest.mark.parametrize("overrides", NOT_THERAPIST_TRIGGERS.values(), ids=NOT_THERAPIST_TRIGGERS)
def test_it_does_not_suggest_a_therapist_without_a_trigger(overrides, therapy):
    result = recommend(with_therapy(therapy, **overrides)).as_dict()

    assert THERAPIST_SUGGESTED not in result["flags"]


@pytest.mark.parametrize("symptoms", ["yes", UNSAID])
@pytest.mark.parametrize("therapy, reviewed", THERAPY)
def test_it_asks_for_a_clinician_for_trauma_symptoms_without_a_therapist(
    therapy, reviewed, symptoms
):
    result = recommend(
        with_therapy(therapy, trauma_history="some", trauma_symptoms=symptoms)
    ).as_dict()

    expected = {"trauma_symptoms", "in_therapy"} if reviewed else None
    assert causes_of(result).get(CLINICIAN_REVIEW) == expected


# 4. For any answers.


def review_causes(raw: dict[str, Any]) -> set[str]:
    """The answers that call for a clinician, restated from DESIGN.md."""
    causes = {
        question
        for question in ("self_harm_thoughts", "substance_misuse_recent", "mania_psychosis_history")
        if raw.get(question) in (None, "yes", UNSAID)
    }
    if raw.get("depression_history") in (None, "current", UNSAID):
        causes.add("depression_history")
    if trauma_symptoms(raw) in ("yes", UNSAID) and raw.get("in_therapy") != "yes":
        causes |= {"trauma_symptoms", "in_therapy"}
    return causes


def therapist_causes(raw: dict[str, Any]) -> set[str]:
    """The answers that call for a therapist alongside MSC, restated from DESIGN.md."""
    if raw.get("in_therapy") == "yes":
        return set()
    causes = set()
    if trauma_symptoms(raw) in ("yes", UNSAID):
        causes.add("trauma_symptoms")
    if raw.get("trauma_history") == "serious":
        causes.add("trauma_history")
    if raw.get("trauma_history") == UNSAID and hard_to_calm(raw):
        causes |= {"trauma_history", "self_regulation"}
    if (raw.get("shame") or 0) >= LIKE_ME:
        causes.add("shame")
    if (raw.get("reactivity") or 0) >= LIKE_ME and hard_to_calm(raw):
        causes |= {"reactivity", "self_regulation"}
    return causes | {"in_therapy"} if causes else set()


@PROPERTY_SETTINGS
@given(raw=PARTIAL_ANSWERS)
def test_it_declares_a_crisis_exactly_when_self_harm_is_reported(raw):
    result = recommend(raw).as_dict()

    assert (CRISIS in result["flags"]) == (raw.get("self_harm_thoughts") == "yes")


@PROPERTY_SETTINGS
@given(raw=COMPLETE_ANSWERS, dropped=st.sets(st.sampled_from(SAFETY_QUESTIONS), min_size=1))
def test_it_asks_for_a_clinician_whenever_safety_answers_are_missing(raw, dropped):
    partial = {code: value for code, value in raw.items() if code not in dropped}

    result = recommend(partial).as_dict()

    assert CLINICIAN_REVIEW in result["flags"]
    assert dropped <= set(result["flag_causes"][CLINICIAN_REVIEW])


@PROPERTY_SETTINGS
@given(raw=PARTIAL_ANSWERS)
@example(raw={"trauma_history": "none", "trauma_symptoms": "yes"})
def test_it_asks_for_a_clinician_exactly_for_the_answers_that_call_for_one(raw):
    result = recommend(raw).as_dict()

    assert causes_of(result).get(CLINICIAN_REVIEW, set()) == review_causes(raw)


@PROPERTY_SETTINGS
@given(raw=PARTIAL_ANSWERS)
# The generated answers seldom meet these: trauma unsaid with calming down hard, and
# symptoms left over behind "no trauma".
@example(raw={"trauma_history": UNSAID, "self_regulation": 2})
@example(raw={"trauma_history": UNSAID, "self_regulation": 1, "reactivity": LIKE_ME})
@example(raw={"trauma_history": "none", "trauma_symptoms": UNSAID})
def test_it_suggests_a_therapist_exactly_for_the_answers_that_call_for_one(raw):
    result = recommend(raw).as_dict()

    assert causes_of(result).get(THERAPIST_SUGGESTED, set()) == therapist_causes(raw)


@PROPERTY_SETTINGS
@given(raw=PARTIAL_ANSWERS)
def test_it_gives_codebook_causes_for_exactly_the_flags_raised_for_any_answers(raw):
    result = recommend(raw).as_dict()

    assert list(result["flag_causes"]) == result["flags"]
    for causes in result["flag_causes"].values():
        assert causes
        assert set(causes) <= SCORED_CODES


# "I'd rather not say" is the cautious answer, whatever else was said.

# Each sensitive question: its plain "no", and the answer whose consequences unsaid shares.
SENSITIVE = {
    "self_harm_thoughts": ("no", "yes"),
    "substance_misuse_recent": ("no", "yes"),
    "mania_psychosis_history": ("no", "yes"),
    "depression_history": ("none", "current"),
    "trauma_symptoms": ("no", "yes"),
}


def test_it_restates_every_sensitive_question():
    assert set(SENSITIVE) == set(SENSITIVE_YES_NO) | {"depression_history"}


@PROPERTY_SETTINGS
@given(raw=COMPLETE_ANSWERS, question=st.sampled_from(sorted(SENSITIVE)))
def test_it_never_drops_a_flag_when_a_no_becomes_rather_not_say(raw, question):
    said_no = recommend({**raw, question: SENSITIVE[question][0]}).as_dict()
    unsaid = recommend({**raw, question: UNSAID}).as_dict()

    before, after = causes_of(said_no), causes_of(unsaid)
    assert all(codes <= after.get(flag, set()) for flag, codes in before.items())
    assert CLINICIAN_REVIEW in after or question == "trauma_symptoms"


@PROPERTY_SETTINGS
@given(raw=COMPLETE_ANSWERS, question=st.sampled_from(sorted(SENSITIVE)))
def test_it_flags_rather_not_say_as_it_flags_a_yes_but_for_the_crisis(raw, question):
    said_yes = recommend({**raw, question: SENSITIVE[question][1]}).as_dict()
    unsaid = recommend({**raw, question: UNSAID}).as_dict()

    expected = causes_of(said_yes)
    if question == "self_harm_thoughts":
        expected.pop(CRISIS)  # a yes is a crisis; not saying is not
    assert causes_of(unsaid) == expected


@PROPERTY_SETTINGS
@given(raw=COMPLETE_ANSWERS)
def test_it_starts_someone_unsure_about_trauma_symptoms_where_it_starts_a_yes(raw):
    said_yes = recommend({**raw, "trauma_symptoms": "yes"}).as_dict()
    unsaid = recommend({**raw, "trauma_symptoms": UNSAID}).as_dict()

    assert (unsaid["first"], unsaid["then"]) == (said_yes["first"], said_yes["then"])
    assert unsaid["scores"] == said_yes["scores"]


def test_it_names_several_safety_needs_in_one_plain_sentence():
    result = score(
        shame=5,
        reactivity=5,
        self_regulation=1,
        trauma_history="serious",
        one_program_only="yes",
    )

    (text,) = [r["text"] for r in result["reasons"] if r["code"] == "only_one_safety"]
    assert "deep shame" in text
    assert "serious trauma" in text
    assert "sweep you up" in text
    assert text.count("calming down is hard") == 1


# 5. "Rather not say" about trauma history with difficulty calming down (rules 2026.12-1):
# a therapist alongside MSC for someone without one, as for serious trauma. "Difficulty
# calming down" is self-regulation of 2 or less: the cases sit on either side of it.

CALMING_IS_HARD = 2
CALMING_IS_ADEQUATE = 3

# (trauma_history, self_regulation, the answers that suggest a therapist, for someone
# without one)
UNSAID_TRAUMA_CASES = [
    pytest.param(
        UNSAID,
        CALMING_IS_HARD,
        {"trauma_history", "self_regulation"},
        id="unsaid-trauma-calming-hard",
    ),
    pytest.param(UNSAID, CALMING_IS_ADEQUATE, None, id="unsaid-trauma-calming-adequate"),
    pytest.param("none", CALMING_IS_HARD, None, id="no-trauma-calming-hard"),
    pytest.param("none", CALMING_IS_ADEQUATE, None, id="no-trauma-calming-adequate"),
    pytest.param("some", CALMING_IS_HARD, None, id="some-trauma-calming-hard"),
    pytest.param("some", CALMING_IS_ADEQUATE, None, id="some-trauma-calming-adequate"),
    # Serious trauma suggests a therapist however well the person calms down.
    pytest.param("serious", CALMING_IS_HARD, {"trauma_history"}, id="serious-trauma-calming-hard"),
    pytest.param(
        "serious", CALMING_IS_ADEQUATE, {"trauma_history"}, id="serious-trauma-calming-adequate"
    ),
]


def test_it_puts_difficulty_calming_down_at_two_or_less():
    assert ADEQUATE_SELF_REGULATION == CALMING_IS_ADEQUATE == CALMING_IS_HARD + 1


@pytest.mark.parametrize("therapy, suggested", THERAPY)
@pytest.mark.parametrize("history, regulation, trigger_codes", UNSAID_TRAUMA_CASES)
def test_it_suggests_a_therapist_for_unsaid_trauma_only_with_difficulty_calming_down(
    history, regulation, trigger_codes, therapy, suggested
):
    # trauma_symptoms answered "no" where it is asked, so only the trauma history speaks.
    result = recommend(
        with_therapy(therapy, trauma_history=history, self_regulation=regulation)
    ).as_dict()

    expected = trigger_codes | {"in_therapy"} if suggested and trigger_codes else None
    assert causes_of(result).get(THERAPIST_SUGGESTED) == expected
    assert (THERAPIST_SUGGESTED in result["flags"]) == (expected is not None)


@pytest.mark.parametrize("therapy", ["no", None], ids=["no-therapist", "therapy-unanswered"])
def test_it_names_the_unsaid_trauma_and_the_calming_down_behind_the_therapist(therapy):
    result = recommend(
        with_therapy(therapy, trauma_history=UNSAID, self_regulation=CALMING_IS_HARD)
    ).as_dict()

    assert result["flag_causes"][THERAPIST_SUGGESTED] == [
        "trauma_history",
        "self_regulation",
        "in_therapy",
    ]
    # A nudge toward a therapist, not a clinician's review: nothing here was a safety answer.
    assert CLINICIAN_REVIEW not in result["flags"]
    assert result["first"] == "MSC"


@pytest.mark.parametrize("regulation", [1, CALMING_IS_HARD])
def test_it_gives_no_therapist_nudge_to_someone_in_therapy_who_would_rather_not_say(regulation):
    result = score(trauma_history=UNSAID, self_regulation=regulation, in_therapy="yes")

    assert result["flags"] == []
    assert result["first"] == "MSC"  # still the gentler start


# 6. A leftover trauma-symptoms answer behind "no trauma": the question was not asked,
# so whatever came for it counts as no, here as in the form (test_intake_respect.py).


@pytest.mark.parametrize("sent", ["yes", UNSAID])
@pytest.mark.parametrize("therapy", ["no", None], ids=["no-therapist", "therapy-unanswered"])
def test_it_raises_no_flag_from_trauma_symptoms_left_over_behind_no_trauma(sent, therapy):
    result = recommend(with_therapy(therapy, trauma_history="none", trauma_symptoms=sent))

    assert result.as_dict()["flags"] == []
    assert result == recommend(with_therapy(therapy, trauma_history="none", trauma_symptoms="no"))


@PROPERTY_SETTINGS
@given(raw=COMPLETE_ANSWERS, sent=st.sampled_from(("yes", "no", UNSAID, None)))
def test_it_scores_no_trauma_the_same_whatever_came_for_its_symptoms(raw, sent):
    no_trauma = {**raw, "trauma_history": "none"}
    left_over = {**no_trauma, "trauma_symptoms": sent}

    assert recommend(left_over) == recommend({**no_trauma, "trauma_symptoms": "no"})
