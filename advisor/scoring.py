"""Which program to start with: the article's criteria as a table of named rules.

Pure Python on purpose (no Django import): the rules are clinical logic, tested
without a database, and every intake stores the RULES_VERSION it was scored
under so a clinician can tell which rules produced a recommendation.

Two tracks compete. The mindfulness track is MBSR, or MBCT where depression has
come back more than once and is now in remission, or where preventing relapse
is the goal. The compassion track is MSC. Each rule an answer meets adds its
weight to one track and a reason the recommendation page shows. The heavier
track goes first and the other second, with three exceptions taken from the
article and the design:

- Trauma symptoms, intense shame or strong reactivity put MSC first: the
  article says these people need to widen what they can tolerate before turning
  mindfulness's close attention on themselves.
- A person who can take only one program gets the one that teaches what they
  most want to learn, unless one of those safety needs says MSC.
- A tie goes to the mindfulness track, except where the article's condition
  for starting there (no serious trauma, able to steady oneself) is not met.

Source: "Exploring the Complementary Relationship Between MBSR and MSC"
(shared/reference/article-mbsr-and-msc.txt) and shared/DESIGN.md.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from advisor.questionnaire import CHOICE, LIKERT, QUESTIONS, YES_NO

RULES_VERSION = "2026.11-1"

# Programs and tracks
MBSR = "MBSR"
MBCT = "MBCT"
MSC = "MSC"
PROGRAMS = (MBSR, MBCT, MSC)
MINDFULNESS = "mindfulness"
COMPASSION = "compassion"

# Flags
CRISIS = "crisis"
CLINICIAN_REVIEW = "clinician_review"
THERAPIST_SUGGESTED = "therapist_suggested"
FLAGS = (CRISIS, CLINICIAN_REVIEW, THERAPIST_SUGGESTED)

# Strength of a recommendation
STRONG = "strong"
MODERATE = "moderate"
SLIGHT = "slight"

# Likert answers run 1 (not at all like me) to 5 (very much like me).
LIKERT_MIN = 1
LIKERT_MAX = 5
# "Quite" or "very much" like me: the trait is there.
LIKE_ME = 4
# "Somewhat" like me is enough to count as steadying oneself adequately.
ADEQUATE_SELF_REGULATION = 3

# Weights: each of the article's criteria counts the same, a stated goal counts
# less (it is a wish, not a need), and the safety needs count more.
CRITERION_WEIGHT = 2
SAFETY_NEED_WEIGHT = 3
GOAL_WEIGHT = 1
INFORMATION_ONLY = 0

# How far ahead the first track must be for each strength.
STRONG_MARGIN = 4
MODERATE_MARGIN = 2

MINDFULNESS_GOALS = frozenset({"focus", "stress", "mood", "relapse_prevention"})
COMPASSION_GOALS = frozenset({"self_kindness", "inner_critic"})

LIKERT_ITEMS = tuple(q.code for q in QUESTIONS if q.kind == LIKERT)
CHOICES = {q.code: q.values for q in QUESTIONS if q.kind in (CHOICE, YES_NO)}


class Answers:
    """Read-only view of the answers that the rules ask questions of.

    Missing answers meet no criterion. Present answers must be valid: a value
    outside the codebook is a bug upstream, so it raises instead of being
    scored as if it meant something.
    """

    def __init__(self, raw: Mapping[str, Any]) -> None:
        self._values: dict[str, int | str] = {}
        for name in LIKERT_ITEMS:
            if raw.get(name) not in (None, ""):
                self._values[name] = _likert(name, raw[name])
        for name, allowed in CHOICES.items():
            if raw.get(name) not in (None, ""):
                self._values[name] = _choice(name, raw[name], allowed)

    def level(self, name: str) -> int | None:
        value = self._values.get(name)
        return value if isinstance(value, int) else None

    def like_me(self, name: str) -> bool:
        level = self.level(name)
        return level is not None and level >= LIKE_ME

    def says(self, name: str, value: str) -> bool:
        return self._values.get(name) == value

    def is_yes(self, name: str) -> bool:
        return self.says(name, "yes")


def _likert(name: str, value: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and value.strip().isdecimal():
        number = int(value)
    else:
        raise ValueError(f"{name} must be a whole number from 1 to 5, not {value!r}")
    if not LIKERT_MIN <= number <= LIKERT_MAX:
        raise ValueError(f"{name} must be from 1 to 5, not {number}")
    return number


def _choice(name: str, value: Any, allowed: tuple[str, ...]) -> str:
    if isinstance(value, bool) and allowed == ("yes", "no"):
        return "yes" if value else "no"
    if value not in allowed:
        raise ValueError(f"{name} must be one of {', '.join(allowed)}, not {value!r}")
    return value


# The article's conditions, named so that rules and decisions read as the article does.


def has_safety_need(a: Answers) -> bool:
    """Trauma symptoms, intense shame or strong reactivity: the article's case for MSC first."""
    return a.is_yes("trauma_symptoms") or a.like_me("shame") or a.like_me("reactivity")


def can_steady_oneself(a: Answers) -> bool:
    level = a.level("self_regulation")
    return level is not None and level >= ADEQUATE_SELF_REGULATION


def free_of_serious_trauma(a: Answers) -> bool:
    """Said no serious trauma, and no trauma symptoms now; 'prefer not to say' is not a no."""
    return (a.says("trauma_history", "none") or a.says("trauma_history", "some")) and not a.is_yes(
        "trauma_symptoms"
    )


def mindfulness_first_is_safe(a: Answers) -> bool:
    """The article's condition for starting with MBSR/MBCT, used when the answers are balanced.

    A person who would rather not say about trauma has not told us there was none, so a
    tie goes the gentler way for them too. Questions not asked at all do not count against.
    """
    trauma_unclear = a.says("trauma_history", "serious") or a.says(
        "trauma_history", "prefer_not_to_say"
    )
    unsteady = a.level("self_regulation") is not None and not can_steady_oneself(a)
    return not trauma_unclear and not unsteady


def wants_mbct(a: Answers) -> bool:
    return a.says("depression_history", "recurrent_in_remission") or a.says(
        "primary_goal", "relapse_prevention"
    )


@dataclass(frozen=True)
class Rule:
    """One criterion: when it applies, which track it favours, by how much, and why."""

    code: str
    track: str
    weight: int
    criterion: str
    reason: str
    applies: Callable[[Answers], bool]


RULES: tuple[Rule, ...] = (
    Rule(
        code="steady_self_worth_trouble_focusing",
        track=MINDFULNESS,
        weight=CRITERION_WEIGHT,
        criterion="MBSR/MBCT first: secure sense of self-worth, but attention is hard to hold.",
        reason=(
            "You feel fairly settled in yourself, and what you struggle with is keeping your "
            "attention where you want it. Mindfulness courses train exactly that, and studies "
            "have found that attention gets steadier with practice."
        ),
        applies=lambda a: a.like_me("self_worth") and a.like_me("attention_difficulty"),
    ),
    Rule(
        code="takes_things_personally",
        track=MINDFULNESS,
        weight=CRITERION_WEIGHT,
        criterion=(
            "MBSR/MBCT first: takes things personally, with no serious trauma history and "
            "able to calm oneself."
        ),
        reason=(
            "Things people say or do tend to sting, and you can usually calm yourself when "
            "upset. Mindfulness practice helps you notice a reaction as it starts and step back "
            "from it, so it carries you along less often."
        ),
        applies=lambda a: (
            a.like_me("takes_things_personally")
            and free_of_serious_trauma(a)
            and can_steady_oneself(a)
        ),
    ),
    Rule(
        code="compassion_practices_offputting",
        track=MINDFULNESS,
        weight=CRITERION_WEIGHT,
        criterion="MBSR/MBCT first: compassion practices feel off-putting.",
        reason=(
            "Exercises about being kind to yourself don't appeal to you right now, and that is "
            "common. A mindfulness course asks for none of them, and regular mindfulness "
            "practice tends to bring more kindness toward yourself and others along the way."
        ),
        applies=lambda a: a.like_me("compassion_practices_offputting"),
    ),
    Rule(
        code="very_self_critical",
        track=COMPASSION,
        weight=CRITERION_WEIGHT,
        criterion="MSC first: strongly self-critical.",
        reason=(
            "You are often hard on yourself. MSC teaches you to answer that inner critic the way "
            "a good friend would, which makes it easier to look closely at your own mind later."
        ),
        applies=lambda a: a.like_me("self_criticism"),
    ),
    Rule(
        code="highly_sensitive",
        track=COMPASSION,
        weight=CRITERION_WEIGHT,
        criterion="MSC first: highly sensitive.",
        reason=(
            "You feel things strongly. MSC starts gently, with ways to comfort and support "
            "yourself when feelings run high."
        ),
        applies=lambda a: a.like_me("high_sensitivity"),
    ),
    Rule(
        code="trauma_symptoms",
        track=COMPASSION,
        weight=SAFETY_NEED_WEIGHT,
        criterion="MSC first: current trauma symptoms (safety need; MSC is not therapy).",
        reason=(
            "You are living with the effects of trauma. MSC builds skills for staying with "
            "hard experiences without being overwhelmed, which is a safer place to begin."
        ),
        applies=lambda a: a.is_yes("trauma_symptoms"),
    ),
    Rule(
        code="intense_shame",
        track=COMPASSION,
        weight=SAFETY_NEED_WEIGHT,
        criterion="MSC first: intense shame (safety need).",
        reason=(
            "Shame weighs on you. MSC works directly with shame, helping you meet it with "
            "warmth and remember that you are not alone in it."
        ),
        applies=lambda a: a.like_me("shame"),
    ),
    Rule(
        code="reactivity",
        track=COMPASSION,
        weight=SAFETY_NEED_WEIGHT,
        criterion="MSC first: strong reactivity, a narrow window of tolerance (safety need).",
        reason=(
            "Strong reactions can sweep you up quickly. MSC helps widen the range of feelings "
            "you can stay with, so that closer attention later feels safe rather than flooding."
        ),
        applies=lambda a: a.like_me("reactivity"),
    ),
    Rule(
        code="serious_trauma_history",
        track=COMPASSION,
        weight=CRITERION_WEIGHT,
        criterion="MSC first: serious trauma history (MBSR/MBCT first assumes none).",
        reason=(
            "You have been through serious trauma. Starting with kindness toward yourself "
            "gives you support to lean on before the closer inward attention of a "
            "mindfulness course."
        ),
        applies=lambda a: a.says("trauma_history", "serious"),
    ),
    Rule(
        code="compassion_not_arising",
        track=COMPASSION,
        weight=CRITERION_WEIGHT,
        criterion="MSC first: mindfulness practice does not bring self-compassion with it.",
        reason=(
            "Your mindfulness practice hasn't brought much warmth toward yourself. For some "
            "people attention alone doesn't do that, and MSC teaches the kindness part directly."
        ),
        applies=lambda a: a.says("compassion_arises", "no"),
    ),
    Rule(
        code="goal_mindfulness",
        track=MINDFULNESS,
        weight=GOAL_WEIGHT,
        criterion="Goal: attention, stress, mood or staying well point to MBSR/MBCT.",
        reason=(
            "What you most want from a course (steadier attention, less stress, a lighter mood "
            "or staying well) is what mindfulness courses focus on."
        ),
        applies=lambda a: any(a.says("primary_goal", goal) for goal in MINDFULNESS_GOALS),
    ),
    Rule(
        code="goal_compassion",
        track=COMPASSION,
        weight=GOAL_WEIGHT,
        criterion="Goal: self-kindness or a gentler inner critic point to MSC.",
        reason=(
            "What you most want from a course (being kinder to yourself, or quieting a harsh "
            "inner voice) is what MSC teaches."
        ),
        applies=lambda a: any(a.says("primary_goal", goal) for goal in COMPASSION_GOALS),
    ),
)

RULES_BY_CODE = MappingProxyType({rule.code: rule for rule in RULES})

# Reasons that explain a decision rather than add weight.
DECISION_REASONS = MappingProxyType(
    {
        "mbct_recurrent_depression": (
            "You have had depression more than once and are well now. MBCT is the mindfulness "
            "course built for this: it was designed to help people stay well, and a large trial "
            "found it protected against relapse about as well as staying on antidepressants."
        ),
        "mbct_relapse_goal": (
            "You most want to stay well after depression. MBCT is the mindfulness course "
            "designed for that."
        ),
        "safety_first": (
            "Some of your answers point toward a mindfulness course. Even so, because of what "
            "you told us about trauma symptoms, shame or strong reactions, we suggest beginning "
            "with MSC: it helps you stay with hard feelings without being overwhelmed."
        ),
        "only_one_goal": (
            "You can take only one course, so we suggest the one that teaches what you most "
            "want to learn."
        ),
        "only_one_safety": (
            "You can take only one course. Because of what you told us about trauma symptoms, "
            "shame or strong reactions, MSC is the safer one to choose."
        ),
        "only_one_answers": (
            "You can take only one course and weren't sure what you most want from it, so we "
            "suggest the one your other answers point to."
        ),
        "balanced_start_gently": (
            "Your answers don't lean clearly either way. Because of what you said about "
            "trauma or about steadying yourself when upset, we suggest starting with the gentler "
            "of the two."
        ),
        "balanced_start_mindfulness": (
            "Your answers don't lean clearly either way. Either course is a good place to "
            "begin; we suggest the mindfulness course first because it lays a foundation of "
            "steady attention that self-compassion practice builds on."
        ),
    }
)


@dataclass(frozen=True)
class Reason:
    code: str
    program: str
    text: str

    def as_dict(self) -> dict[str, str]:
        return {"code": self.code, "program": self.program, "text": self.text}


@dataclass(frozen=True)
class Recommendation:
    first: str
    then: str | None
    strength: str
    scores: Mapping[str, int]
    reasons: tuple[Reason, ...]
    flags: tuple[str, ...]
    rules_version: str = RULES_VERSION

    def as_dict(self) -> dict[str, Any]:
        return {
            "first": self.first,
            "then": self.then,
            "strength": self.strength,
            "scores": dict(self.scores),
            "reasons": [reason.as_dict() for reason in self.reasons],
            "flags": list(self.flags),
            "rules_version": self.rules_version,
        }


def recommend(answers: Mapping[str, int | str]) -> Recommendation:
    """Score the intake answers and say which program to start with, which next, and why."""
    a = Answers(answers)
    mindfulness_program = MBCT if wants_mbct(a) else MBSR
    program_of = {MINDFULNESS: mindfulness_program, COMPASSION: MSC}

    met = [rule for rule in RULES if rule.applies(a)]
    scores = {
        MINDFULNESS: sum(rule.weight for rule in met if rule.track == MINDFULNESS),
        COMPASSION: sum(rule.weight for rule in met if rule.track == COMPASSION),
    }
    first_track, decision = _first_track(a, scores)
    other_track = COMPASSION if first_track == MINDFULNESS else MINDFULNESS
    only_one = a.is_yes("one_program_only")

    reasons = [Reason(rule.code, program_of[rule.track], rule.reason) for rule in met]
    if decision:
        reasons.insert(0, Reason(decision, program_of[first_track], DECISION_REASONS[decision]))
    if mindfulness_program == MBCT:
        code = (
            "mbct_recurrent_depression"
            if a.says("depression_history", "recurrent_in_remission")
            else "mbct_relapse_goal"
        )
        reasons.append(Reason(code, MBCT, DECISION_REASONS[code]))

    return Recommendation(
        first=program_of[first_track],
        then=None if only_one else program_of[other_track],
        strength=_strength(a, scores, first_track, decision),
        scores=MappingProxyType(scores),
        reasons=tuple(reasons),
        flags=_flags(a),
    )


def _first_track(a: Answers, scores: Mapping[str, int]) -> tuple[str, str]:
    """The track to start with, and the decision reason when the scores alone did not decide."""
    if a.is_yes("one_program_only"):
        if has_safety_need(a):
            return COMPASSION, "only_one_safety"
        if any(a.says("primary_goal", goal) for goal in MINDFULNESS_GOALS):
            return MINDFULNESS, "only_one_goal"
        if any(a.says("primary_goal", goal) for goal in COMPASSION_GOALS):
            return COMPASSION, "only_one_goal"
        track, _ = _by_scores(a, scores)
        return track, "only_one_answers"
    if has_safety_need(a) and scores[COMPASSION] <= scores[MINDFULNESS]:
        return COMPASSION, "safety_first"
    return _by_scores(a, scores)


def _by_scores(a: Answers, scores: Mapping[str, int]) -> tuple[str, str]:
    if scores[MINDFULNESS] > scores[COMPASSION]:
        return MINDFULNESS, ""
    if scores[COMPASSION] > scores[MINDFULNESS]:
        return COMPASSION, ""
    if mindfulness_first_is_safe(a):
        return MINDFULNESS, "balanced_start_mindfulness"
    return COMPASSION, "balanced_start_gently"


def _strength(a: Answers, scores: Mapping[str, int], first: str, decision: str) -> str:
    """How clearly the answers point to the first program."""
    if (first == COMPASSION and has_safety_need(a)) or decision == "only_one_goal":
        return STRONG
    other = COMPASSION if first == MINDFULNESS else MINDFULNESS
    margin = scores[first] - scores[other]
    if margin >= STRONG_MARGIN:
        return STRONG
    if margin >= MODERATE_MARGIN:
        return MODERATE
    return SLIGHT


def _flags(a: Answers) -> tuple[str, ...]:
    flags = []
    if a.is_yes("self_harm_thoughts"):
        flags.append(CRISIS)
    if (
        a.is_yes("self_harm_thoughts")
        or a.says("depression_history", "current")
        or a.is_yes("substance_misuse_recent")
        or a.is_yes("mania_psychosis_history")
    ):
        flags.append(CLINICIAN_REVIEW)
    # An unanswered therapy question is treated as no therapist: the nudge is the safe default.
    if (a.is_yes("trauma_symptoms") or a.says("trauma_history", "serious")) and not a.is_yes(
        "in_therapy"
    ):
        flags.append(THERAPIST_SUGGESTED)
    return tuple(flags)
