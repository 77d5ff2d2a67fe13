"""Which program to start with: the article's criteria as a table of named rules.

Pure Python on purpose (no Django import): the rules are clinical logic, tested
without a database, and every intake stores the RULES_VERSION it was scored
under so a clinician can tell which rules produced a recommendation.

Two tracks compete. The mindfulness track is MBSR, or MBCT where depression has
come back more than once and is now in remission, or where preventing relapse
is the goal. The compassion track is MSC. Each rule an answer meets adds its
weight to one track and a reason, naming that answer, that the page shows. The
heavier track goes first and the other second, with three exceptions taken from
the article and the design:

- A safety need puts MSC first: trauma symptoms now (or "rather not say" about
  them), intense shame, strong reactivity with difficulty calming down (the
  article's "need to increase their window of presence"), or serious trauma (or
  "rather not say") with difficulty calming down (the article starts people with
  MBSR only if they have no serious trauma and "are able to self-regulate
  adequately").
- A person who can take only one program gets the one that teaches what they
  most want to learn, unless a safety need says MSC.
- A tie goes to the mindfulness track, except where the article's condition
  for starting there (no serious trauma, able to steady oneself) is not met.

Flags tell the clinic what to do, and `flag_causes` names the answers behind each.
"I'd rather not say" is always read as the cautious answer: a safety question left
unsaid asks for a clinician, as an unanswered one does, and trauma symptoms left
unsaid are treated as possibly there (without ever telling the person they said so).
Trauma history left unsaid by someone who finds it hard to calm down suggests a
therapist alongside MSC, for someone without one, as serious trauma does. Trauma
symptoms behind "no trauma" were never asked and count as no, decided for the form
and for the rules by questionnaire.effective_trauma_symptoms.

Source: "Exploring the Complementary Relationship Between MBSR and MSC"
(shared/reference/article-mbsr-and-msc.txt) and shared/DESIGN.md.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from advisor.questionnaire import (
    CHOICE,
    ENGLISH,
    FOLLOW_UP,
    LIKERT,
    NO,
    PREFER_NOT,
    QUESTIONS,
    SPANISH,
    YES,
    YES_NO,
    effective_trauma_symptoms,
    text_language,
    yes_no,
)
from programs.codes import MBCT, MBSR, MSC, PROGRAMS  # noqa: F401 (PROGRAMS: the API)

# 2026.12-1: "rather not say" about trauma with difficulty calming down suggests a therapist;
# trauma symptoms behind "no trauma" count as no (questionnaire.effective_trauma_symptoms).
RULES_VERSION = "2026.12-1"

# Programs and tracks
# MBSR, MBCT, MSC and PROGRAMS come from programs.codes.
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
# Compassion not arising for someone who practises regularly outweighs a criterion.
REGULAR_PRACTICE_WEIGHT = CRITERION_WEIGHT + 1

# How far ahead the first track must be for each strength.
STRONG_MARGIN = 4
MODERATE_MARGIN = 2

LIKERT_ITEMS = tuple(q.code for q in QUESTIONS if q.kind == LIKERT)
CHOICES = {q.code: q.values for q in QUESTIONS if q.kind in (CHOICE, YES_NO)}


class Answers:
    """Read-only view of the answers that the rules ask questions of.

    Missing answers meet no criterion. Present answers must be valid: a value
    outside the codebook is a bug upstream, so it raises instead of being
    scored as if it meant something. Trauma symptoms are read as the form saves
    them (questionnaire.effective_trauma_symptoms): behind "no trauma" the
    question was not asked, so a valid answer that came for it is a no.
    """

    def __init__(self, raw: Mapping[str, Any]) -> None:
        self._values: dict[str, int | str] = {}
        for name in LIKERT_ITEMS:
            if raw.get(name) not in (None, ""):
                self._values[name] = _likert(name, raw[name])
        for name, allowed in CHOICES.items():
            if raw.get(name) not in (None, ""):
                self._values[name] = _choice(name, raw[name], allowed)
        # Checked as given (an answer outside the codebook is still a bug), then read as
        # the form saves it.
        symptoms = effective_trauma_symptoms(self._values)
        if symptoms is not None:
            self._values[FOLLOW_UP] = symptoms

    def level(self, name: str) -> int | None:
        value = self._values.get(name)
        return value if isinstance(value, int) else None

    def like_me(self, name: str) -> bool:
        level = self.level(name)
        return level is not None and level >= LIKE_ME

    def says(self, name: str, value: str) -> bool:
        return self._values.get(name) == value

    def is_yes(self, name: str) -> bool:
        return self.says(name, YES)

    def unsaid(self, name: str) -> bool:
        """Answered "I'd rather not say": not a no, whatever else it is."""
        return self.says(name, PREFER_NOT)

    def answered(self, name: str) -> bool:
        return name in self._values


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
    if isinstance(value, bool) and YES in allowed and NO in allowed:
        return yes_no(value)
    if value not in allowed:
        raise ValueError(f"{name} must be one of {', '.join(allowed)}, not {value!r}")
    return value


# The article's conditions, named so that rules and decisions read as the article does.


def hard_to_calm(a: Answers) -> bool:
    """Self-regulation of 2 or less: not able to "self-regulate adequately"."""
    level = a.level("self_regulation")
    return level is not None and level < ADEQUATE_SELF_REGULATION


def can_steady_oneself(a: Answers) -> bool:
    level = a.level("self_regulation")
    return level is not None and level >= ADEQUATE_SELF_REGULATION


def serious_trauma_or_unsaid(a: Answers) -> bool:
    """Serious trauma, or 'rather not say': not the "no history of serious trauma" the
    article asks of people starting with mindfulness."""
    return a.says("trauma_history", "serious") or a.unsaid("trauma_history")


def trauma_symptoms_possible(a: Answers) -> bool:
    """Trauma symptoms now, or 'rather not say' about them: not the all-clear of a no."""
    return a.is_yes("trauma_symptoms") or a.unsaid("trauma_symptoms")


def unsaid_trauma_hard_to_calm(a: Answers) -> bool:
    """'Rather not say' about trauma, with self-regulation of 2 or less: a safety need (MSC
    first) and, for someone without a therapist, a therapist alongside."""
    return a.unsaid("trauma_history") and hard_to_calm(a)


def free_of_serious_trauma(a: Answers) -> bool:
    """Said no serious trauma, and no trauma symptoms now; 'prefer not to say' is not a no.

    trauma_symptoms is asked only after some trauma; not asked, it means no (Answers).
    """
    return (
        a.says("trauma_history", "none") or a.says("trauma_history", "some")
    ) and not trauma_symptoms_possible(a)


def has_practised(a: Answers) -> bool:
    return a.says("mindfulness_experience", "some") or a.says("mindfulness_experience", "regular")


def mindfulness_first_is_safe(a: Answers) -> bool:
    """The article's condition for starting with MBSR/MBCT, used when the answers are balanced.

    A person who would rather not say about trauma has not told us there was none, so a
    tie goes the gentler way for them too. Questions not asked at all do not count against.
    """
    return not serious_trauma_or_unsaid(a) and not hard_to_calm(a)


def wants_mbct(a: Answers) -> bool:
    return a.says("depression_history", "recurrent_in_remission") or a.says(
        "primary_goal", "relapse_prevention"
    )


def depressed_now(a: Answers) -> bool:
    return a.says("depression_history", "current")


# What a person said, in words the page can give back to them.
GOAL_WORDS = MappingProxyType(
    {
        "focus": "steadier attention",
        "stress": "less stress",
        "mood": "a lighter mood",
        "relapse_prevention": "staying well after depression",
        "self_kindness": "being kinder to yourself",
        "inner_critic": "a gentler inner critic",
    }
)
GOAL_WORDS_ES = MappingProxyType(
    {
        "focus": "una atención más estable",
        "stress": "menos estrés",
        "mood": "un mejor estado de ánimo",
        "relapse_prevention": "mantenerse bien después de una depresión",
        "self_kindness": "tratarse con más amabilidad",
        "inner_critic": "un crítico interior más amable",
    }
)
MINDFULNESS_GOALS = frozenset({"focus", "stress", "mood", "relapse_prevention"})
COMPASSION_GOALS = frozenset({"self_kindness", "inner_critic"})


def goals_in(language: str | None) -> Mapping[str, str]:
    return GOAL_WORDS_ES if text_language(language) == SPANISH else GOAL_WORDS


def goal_words(a: Answers, language: str = ENGLISH) -> str:
    goals = goals_in(language)
    return next((words for goal, words in goals.items() if a.says("primary_goal", goal)), "")


@dataclass(frozen=True)
class SafetyNeed:
    """A reason to start with MSC whatever else was said, and the answers that show it."""

    code: str
    words: str  # completes "you said ..."; difficulty calming down is said once, after
    applies: Callable[[Answers], bool]
    answers: tuple[str, ...]
    words_es: str = ""  # completes "usted nos dijo que ..."


SAFETY_NEEDS: tuple[SafetyNeed, ...] = (
    SafetyNeed(
        "trauma_symptoms",
        "the effects of a past trauma still trouble you",
        lambda a: a.is_yes("trauma_symptoms"),
        ("trauma_symptoms",),
        "los efectos de un trauma pasado todavía le afectan",
    ),
    SafetyNeed(
        # Treated as possible symptoms, in its own words: the person never said they have them.
        "unsaid_trauma_symptoms",
        "you would rather not say whether a past trauma still troubles you",
        lambda a: a.unsaid("trauma_symptoms"),
        ("trauma_symptoms",),
        "prefiere no decir si un trauma pasado todavía le afecta",
    ),
    SafetyNeed(
        "intense_shame",
        "you often feel deep shame",
        lambda a: a.like_me("shame"),
        ("shame",),
        "a menudo siente una vergüenza profunda",
    ),
    SafetyNeed(
        "reactivity_hard_to_calm",
        "strong feelings can sweep you up",
        lambda a: a.like_me("reactivity") and hard_to_calm(a),
        ("reactivity", "self_regulation"),
        "las emociones fuertes pueden arrastrarle",
    ),
    SafetyNeed(
        "serious_trauma_hard_to_calm",
        "you have been through serious trauma",
        lambda a: a.says("trauma_history", "serious") and hard_to_calm(a),
        ("trauma_history", "self_regulation"),
        "ha vivido un trauma grave",
    ),
    SafetyNeed(
        "unsaid_trauma_hard_to_calm",
        "you would rather not say about past trauma",
        unsaid_trauma_hard_to_calm,
        ("trauma_history", "self_regulation"),
        "prefiere no hablar de traumas pasados",
    ),
)


def safety_needs(a: Answers) -> list[SafetyNeed]:
    return [need for need in SAFETY_NEEDS if need.applies(a)]


def has_safety_need(a: Answers) -> bool:
    return bool(safety_needs(a))


HARD_TO_CALM_WORDS = {ENGLISH: "calming down is hard for you", SPANISH: "le cuesta calmarse"}
AND = {ENGLISH: " and ", SPANISH: " y "}


def _said(needs: list[SafetyNeed], language: str = ENGLISH) -> str:
    """What the person said that makes MSC the safer start, in one sentence (in `language`)."""
    hard_to_calm_too = any("self_regulation" in need.answers for need in needs)
    # "Rather not say" about trauma is said once: the question about its effects says it.
    if any(need.code == "unsaid_trauma_symptoms" for need in needs):
        needs = [need for need in needs if need.code != "unsaid_trauma_hard_to_calm"]
    language = text_language(language)
    words = [need.words_es if language == SPANISH else need.words for need in needs]
    if hard_to_calm_too:
        words.append(HARD_TO_CALM_WORDS[language])
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + AND[language] + words[-1]


@dataclass(frozen=True)
class Rule:
    """One criterion: when it applies, which track it favours, by how much, and why.

    `reason` is what the page says to the person, naming their own answer; a callable
    reason is given the answers, for a rule whose words depend on them. `reason_es` says
    the same in Spanish, in its own words. Only the English is stored with an intake;
    the page says it in its own language from the reason's code (`reason_text`).
    """

    code: str
    track: str
    weight: int
    criterion: str
    reason: str | Callable[[Answers], str]
    applies: Callable[[Answers], bool]
    reason_es: str | Callable[[Answers], str] = ""

    def reason_for(self, a: Answers, language: str = ENGLISH) -> str:
        reason = self.reason_es if text_language(language) == SPANISH else self.reason
        return reason(a) if callable(reason) else reason


def _need_rule(code: str, criterion: str, reason: str, reason_es: str) -> Rule:
    need = next(need for need in SAFETY_NEEDS if need.code == code)
    return Rule(code, COMPASSION, SAFETY_NEED_WEIGHT, criterion, reason, need.applies, reason_es)


RULES: tuple[Rule, ...] = (
    Rule(
        code="steady_self_worth_trouble_focusing",
        track=MINDFULNESS,
        weight=CRITERION_WEIGHT,
        criterion="MBSR/MBCT first: secure sense of self-worth, but attention is hard to hold.",
        reason=(
            "You said you feel fairly settled in yourself, and that keeping your attention "
            "where you want it is hard. Mindfulness courses train exactly that, and studies "
            "have found that attention gets steadier with practice."
        ),
        reason_es=(
            "Usted dijo que, en general, se siente a gusto con quien es, y que le cuesta "
            "mantener la atención donde quiere. Los cursos de mindfulness entrenan justamente "
            "eso, y los estudios han encontrado que la atención se vuelve más estable con la "
            "práctica."
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
            "You said things people say or do tend to sting, and that you can usually calm "
            "yourself when upset. Mindfulness practice helps you notice a reaction as it starts "
            "and step back from it, so it carries you along less often."
        ),
        reason_es=(
            "Usted dijo que lo que otras personas dicen o hacen suele dolerle, y que por lo "
            "general logra calmarse cuando algo le altera. La práctica de mindfulness le ayuda "
            "a notar una reacción justo cuando empieza y a tomar distancia, para que no le "
            "arrastre tan a menudo."
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
        reason=lambda a: (
            "You said exercises about being kind to yourself don't appeal to you right now, "
            "and that is common. A mindfulness course is about attention; kindness is part of "
            "it in the background rather than taught directly, with one short kindness "
            "practice at most."
            + (
                ""
                if a.says("compassion_arises", "no") and has_practised(a)
                else " Studies find that mindfulness practice can bring more kindness toward "
                "yourself and others along the way."
            )
        ),
        reason_es=lambda a: (
            "Usted dijo que los ejercicios para tratarse con cariño no le atraen por ahora, y "
            "eso es muy común. Un curso de mindfulness se centra en la atención; la amabilidad "
            "está presente en el fondo, más que enseñarse de forma directa, con una breve "
            "práctica de amabilidad como mucho."
            + (
                ""
                if a.says("compassion_arises", "no") and has_practised(a)
                else " Los estudios encuentran que la práctica de mindfulness puede traer, con "
                "el tiempo, más amabilidad hacia uno mismo y hacia los demás."
            )
        ),
        applies=lambda a: a.like_me("compassion_practices_offputting"),
    ),
    Rule(
        code="very_self_critical",
        track=COMPASSION,
        weight=CRITERION_WEIGHT,
        criterion="MSC first: strongly self-critical.",
        reason=(
            "You said you are often hard on yourself. MSC teaches you to answer that inner "
            "critic the way a good friend would, which makes it easier to look closely at your "
            "own mind later."
        ),
        reason_es=(
            "Usted dijo que a menudo se trata con dureza. MSC le enseña a responder a ese "
            "crítico interior como lo haría una buena amistad, y eso facilita mirar su propia "
            "mente más de cerca más adelante."
        ),
        applies=lambda a: a.like_me("self_criticism"),
    ),
    Rule(
        code="highly_sensitive",
        track=COMPASSION,
        weight=CRITERION_WEIGHT,
        criterion="MSC first: highly sensitive.",
        reason=(
            "You said you feel things strongly. MSC starts gently, with ways to comfort and "
            "support yourself when feelings run high."
        ),
        reason_es=(
            "Usted dijo que siente las cosas con mucha intensidad. MSC empieza con suavidad, "
            "con maneras de consolarse y darse apoyo cuando las emociones se desbordan."
        ),
        applies=lambda a: a.like_me("high_sensitivity"),
    ),
    _need_rule(
        "trauma_symptoms",
        "MSC first: current trauma symptoms (safety need; MSC is not therapy).",
        "You said the effects of a past trauma still trouble you. MSC builds skills for "
        "staying with hard experiences without being overwhelmed, which is a safer place to "
        "begin.",
        "Usted dijo que los efectos de un trauma pasado todavía le afectan. MSC enseña "
        "habilidades para estar con las experiencias difíciles sin que le desborden, y es un "
        "punto de partida más seguro.",
    ),
    _need_rule(
        "unsaid_trauma_symptoms",
        "MSC first: whether trauma symptoms trouble them now not disclosed, read as possible "
        "symptoms (safety need; MSC is not therapy).",
        "You said you would rather not say whether a past trauma still troubles you, and that "
        "is fine. In case it does, MSC is a safer place to begin: it builds skills for staying "
        "with hard experiences without being overwhelmed.",
        "Usted prefirió no decir si un trauma pasado todavía le afecta, y está bien. Por si "
        "acaso, MSC es un punto de partida más seguro: enseña habilidades para estar con las "
        "experiencias difíciles sin que le desborden.",
    ),
    _need_rule(
        "intense_shame",
        "MSC first: intense shame (safety need).",
        "You said you often feel deep shame. MSC works directly with shame, helping you meet "
        "it with warmth and remember that you are not alone in it.",
        "Usted dijo que a menudo siente una vergüenza profunda. MSC trabaja directamente con "
        "la vergüenza: le ayuda a recibirla con calidez y a recordar que no es la única "
        "persona que la vive.",
    ),
    _need_rule(
        "reactivity_hard_to_calm",
        "MSC first: strong reactivity with difficulty calming down, a narrow window of "
        "tolerance (safety need).",
        "You said strong feelings can sweep you up quickly and that calming down is hard. MSC "
        "helps widen the range of feelings you can stay with, so that closer attention later "
        "feels safe rather than flooding.",
        "Usted dijo que las emociones fuertes pueden arrastrarle muy rápido y que le cuesta "
        "calmarse. MSC le ayuda a ampliar el rango de emociones con las que puede estar, para "
        "que más adelante una atención más cercana se sienta segura y no abrumadora.",
    ),
    Rule(
        code="reactivity",
        track=COMPASSION,
        weight=CRITERION_WEIGHT,
        criterion="MSC first: strong reactivity, with adequate self-regulation.",
        reason=(
            "You said strong feelings can sweep you up quickly. MSC helps widen the range of "
            "feelings you can stay with."
        ),
        reason_es=(
            "Usted dijo que las emociones fuertes pueden arrastrarle muy rápido. MSC le ayuda "
            "a ampliar el rango de emociones con las que puede estar."
        ),
        applies=lambda a: a.like_me("reactivity") and not hard_to_calm(a),
    ),
    _need_rule(
        "serious_trauma_hard_to_calm",
        "MSC first: serious trauma history with difficulty calming down (MBSR/MBCT first "
        "assumes neither; safety need).",
        "You said you have been through serious trauma and that calming down is hard. "
        "Starting with kindness toward yourself gives you steadiness to lean on before the "
        "closer inward attention of a mindfulness course.",
        "Usted dijo que ha vivido un trauma grave y que le cuesta calmarse. Empezar por "
        "tratarse con amabilidad le da una estabilidad en la que apoyarse antes de la atención "
        "interior, más cercana, de un curso de mindfulness.",
    ),
    _need_rule(
        "unsaid_trauma_hard_to_calm",
        "MSC first: trauma history not disclosed, with difficulty calming down (safety need).",
        "You said calming down is hard for you, and you would rather not say about past "
        "trauma, which is fine. Starting with kindness toward yourself is the gentler way in.",
        "Usted dijo que le cuesta calmarse, y prefirió no hablar de traumas pasados, lo cual "
        "está bien. Empezar por tratarse con amabilidad es la forma más suave de comenzar.",
    ),
    Rule(
        code="serious_trauma_history",
        track=COMPASSION,
        weight=CRITERION_WEIGHT,
        criterion="MSC first: serious trauma history (MBSR/MBCT first assumes none).",
        reason=(
            "You said you have been through serious trauma. Starting with kindness toward "
            "yourself gives you support to lean on before the closer inward attention of a "
            "mindfulness course."
        ),
        reason_es=(
            "Usted dijo que ha vivido un trauma grave. Empezar por tratarse con amabilidad le "
            "da un apoyo en el que sostenerse antes de la atención interior, más cercana, de un "
            "curso de mindfulness."
        ),
        # "Rather not say" counts only with difficulty calming down (a safety need) and in
        # a tie, as DESIGN.md's "Scoring, in words" sets out.
        applies=lambda a: a.says("trauma_history", "serious") and not hard_to_calm(a),
    ),
    Rule(
        code="compassion_not_arising",
        track=COMPASSION,
        weight=CRITERION_WEIGHT,
        criterion="MSC first: mindfulness practice does not bring self-compassion with it.",
        reason=(
            "You said your mindfulness practice hasn't brought much warmth toward yourself. "
            "For some people attention alone doesn't do that, and MSC teaches the kindness part "
            "directly."
        ),
        reason_es=(
            "Usted dijo que su práctica de mindfulness no le ha ayudado mucho a tratarse con "
            "calidez. A algunas personas la atención por sí sola no les da eso, y MSC enseña "
            "directamente la parte de la amabilidad."
        ),
        applies=lambda a: (
            a.says("compassion_arises", "no") and a.says("mindfulness_experience", "some")
        ),
    ),
    Rule(
        code="compassion_not_arising_regular_practice",
        track=COMPASSION,
        # More than a finding that compassion practices are off-putting: for someone who
        # practises regularly, mindfulness may stay "nothing more than sharpened attention".
        weight=REGULAR_PRACTICE_WEIGHT,
        criterion=(
            "MSC first: regular mindfulness practice without compassion arising (explicit "
            "compassion training may be necessary)."
        ),
        reason=(
            "You said you practise mindfulness regularly and it hasn't brought much warmth "
            "toward yourself. For some people attention alone never does, and learning "
            "kindness directly in MSC may be what is missing."
        ),
        reason_es=(
            "Usted dijo que practica mindfulness con regularidad y que eso no le ha ayudado "
            "mucho a tratarse con calidez. A algunas personas la atención por sí sola nunca se "
            "lo da, y aprender la amabilidad directamente en MSC puede ser lo que falta."
        ),
        applies=lambda a: (
            a.says("compassion_arises", "no") and a.says("mindfulness_experience", "regular")
        ),
    ),
    Rule(
        code="goal_mindfulness",
        track=MINDFULNESS,
        weight=GOAL_WEIGHT,
        criterion="Goal: attention, stress, mood or staying well point to MBSR/MBCT.",
        reason=lambda a: (
            f"You said what you most want from a course is {goal_words(a)}, which is what "
            "mindfulness courses focus on."
        ),
        reason_es=lambda a: (
            f"Usted dijo que lo que más quiere de un curso es {goal_words(a, SPANISH)}, y en "
            "eso se centran los cursos de mindfulness."
        ),
        applies=lambda a: any(a.says("primary_goal", goal) for goal in MINDFULNESS_GOALS),
    ),
    Rule(
        code="goal_compassion",
        track=COMPASSION,
        weight=GOAL_WEIGHT,
        criterion="Goal: self-kindness or a gentler inner critic point to MSC.",
        reason=lambda a: (
            f"You said what you most want from a course is {goal_words(a)}, which is what "
            "MSC teaches."
        ),
        reason_es=lambda a: (
            f"Usted dijo que lo que más quiere de un curso es {goal_words(a, SPANISH)}, y eso "
            "es lo que enseña MSC."
        ),
        applies=lambda a: any(a.says("primary_goal", goal) for goal in COMPASSION_GOALS),
    ),
)

RULES_BY_CODE = MappingProxyType({rule.code: rule for rule in RULES})

# Reasons that explain a decision rather than add weight.
DECISION_REASONS: Mapping[str, Callable[[Answers], str]] = MappingProxyType(
    {
        "mbct_recurrent_depression": lambda a: (
            "You said you have had depression more than once and are well now. MBCT is the "
            "mindfulness course built for this: it was designed to help people stay well, and a "
            "large trial found it protected against relapse about as well as staying on "
            "antidepressants."
        ),
        "mbct_relapse_goal": lambda a: (
            "You said you most want to stay well after depression. MBCT is the mindfulness "
            "course built for that."
        ),
        "mbct_after_current_episode": lambda a: (
            "You said you are going through depression at the moment and want to stay well "
            "afterwards. MBCT is meant for people who are well, or nearly so, so a clinician "
            "will help you choose a good time to start."
        ),
        "safety_first": lambda a: (
            f"Some of your answers point toward a mindfulness course. Even so, because you said "
            f"{_said(safety_needs(a))}, we suggest beginning with MSC: it helps you stay with "
            "hard feelings without being overwhelmed."
        ),
        "only_one_goal": lambda a: (
            f"You can take only one course, and you said what you most want is {goal_words(a)}, "
            "so we suggest the course that teaches that."
        ),
        "only_one_safety": lambda a: (
            f"You can take only one course. Because you said {_said(safety_needs(a))}, MSC is "
            "the safer one to choose."
        ),
        "only_one_answers": lambda a: (
            "You can take only one course and weren't sure what you most want from it, so we "
            "suggest the one your other answers point to."
        ),
        "balanced_start_gently": lambda a: (
            "Your answers don't lean clearly either way. Because you said "
            + (
                "calming down is hard for you"
                if hard_to_calm(a)
                else "you have been through serious trauma"
                if a.says("trauma_history", "serious")
                else "you would rather not say about past trauma"
            )
            + ", we suggest starting with the gentler of the two."
        ),
        "balanced_start_mindfulness": lambda a: (
            "Your answers don't lean clearly either way. Either course is a good place to "
            "begin; we suggest the mindfulness course first because it lays a foundation of "
            "steady attention that self-compassion practice builds on."
        ),
    }
)


DECISION_REASONS_ES: Mapping[str, Callable[[Answers], str]] = MappingProxyType(
    {
        "mbct_recurrent_depression": lambda a: (
            "Usted dijo que ha tenido depresión más de una vez y que ahora se siente bien. MBCT "
            "es el curso de mindfulness creado para esto: se diseñó para ayudar a las personas "
            "a mantenerse bien, y un estudio grande encontró que protegía contra las recaídas "
            "casi tanto como seguir tomando antidepresivos."
        ),
        "mbct_relapse_goal": lambda a: (
            "Usted dijo que lo que más quiere es mantenerse bien después de una depresión. MBCT "
            "es el curso de mindfulness creado para eso."
        ),
        "mbct_after_current_episode": lambda a: (
            "Usted dijo que está pasando por una depresión en este momento y que quiere "
            "mantenerse bien después. MBCT está pensado para personas que están bien, o casi, "
            "así que un profesional de la clínica le ayudará a elegir un buen momento para "
            "empezar."
        ),
        "safety_first": lambda a: (
            "Algunas de sus respuestas apuntan hacia un curso de mindfulness. Aun así, como "
            f"usted nos dijo que {_said(safety_needs(a), SPANISH)}, le sugerimos empezar con "
            "MSC: le ayuda a estar con las emociones difíciles sin que le desborden."
        ),
        "only_one_goal": lambda a: (
            "Usted puede tomar un solo curso y dijo que lo que más quiere es "
            f"{goal_words(a, SPANISH)}, así que le sugerimos el curso que enseña eso."
        ),
        "only_one_safety": lambda a: (
            "Usted puede tomar un solo curso. Como nos dijo que "
            f"{_said(safety_needs(a), SPANISH)}, MSC es la opción más segura."
        ),
        "only_one_answers": lambda a: (
            "Usted puede tomar un solo curso y todavía no sabe bien qué quiere lograr con él, "
            "así que le sugerimos el curso al que apuntan sus otras respuestas."
        ),
        "balanced_start_gently": lambda a: (
            "Sus respuestas no se inclinan claramente hacia ningún lado. Como usted nos dijo que "
            + (
                "le cuesta calmarse"
                if hard_to_calm(a)
                else "ha vivido un trauma grave"
                if a.says("trauma_history", "serious")
                else "prefiere no hablar de traumas pasados"
            )
            + ", le sugerimos empezar por el más suave de los dos."
        ),
        "balanced_start_mindfulness": lambda a: (
            "Sus respuestas no se inclinan claramente hacia ningún lado. Cualquiera de los dos "
            "cursos es un buen lugar para empezar; le sugerimos primero el de mindfulness, "
            "porque sienta una base de atención estable sobre la que se construye la práctica "
            "de la autocompasión."
        ),
    }
)


def reason_text(code: str, answers: Mapping[str, int | str], language: str) -> str | None:
    """A stored reason's words in `language`, from its code and the answers it was given
    for; None for a code these rules no longer have (the stored words then stand).

    Not part of scoring: `recommend` is the same whatever the language, and so is every
    code it stores.
    """
    a = Answers(answers)
    if code in RULES_BY_CODE:
        return RULES_BY_CODE[code].reason_for(a, language)
    decisions = DECISION_REASONS_ES if text_language(language) == SPANISH else DECISION_REASONS
    if code in decisions:
        return decisions[code](a)
    return None


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
    flag_causes: Mapping[str, tuple[str, ...]] = MappingProxyType({})
    rules_version: str = RULES_VERSION

    def as_dict(self) -> dict[str, Any]:
        return {
            "first": self.first,
            "then": self.then,
            "strength": self.strength,
            "scores": dict(self.scores),
            "reasons": [reason.as_dict() for reason in self.reasons],
            "flags": list(self.flags),
            "flag_causes": {flag: list(causes) for flag, causes in self.flag_causes.items()},
            "rules_version": self.rules_version,
        }


def recommend(answers: Mapping[str, int | str]) -> Recommendation:
    """Score the intake answers and say which program to start with, which next, and why.

    Raises ValueError for an answer outside the codebook. A missing answer meets no
    criterion, except a missing safety answer, which asks for a clinician's review.
    """
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
    shown = {first_track} if only_one else {first_track, other_track}

    # Only reasons for a program on the page: with one course, the other's go unsaid.
    reasons = [
        Reason(rule.code, program_of[rule.track], rule.reason_for(a))
        for rule in met
        if rule.track in shown
    ]
    if decision:
        reasons.insert(0, _decision(decision, program_of[first_track], a))
    if mindfulness_program == MBCT and MINDFULNESS in shown:
        if depressed_now(a):
            code = "mbct_after_current_episode"
        elif a.says("depression_history", "recurrent_in_remission"):
            code = "mbct_recurrent_depression"
        else:
            code = "mbct_relapse_goal"
        reasons.append(_decision(code, MBCT, a))

    causes = _flag_causes(a)
    return Recommendation(
        first=program_of[first_track],
        then=None if only_one else program_of[other_track],
        strength=_strength(a, scores, first_track),
        scores=MappingProxyType(scores),
        reasons=tuple(reasons),
        flags=tuple(causes),
        flag_causes=MappingProxyType(causes),
    )


def _decision(code: str, program: str, a: Answers) -> Reason:
    return Reason(code, program, DECISION_REASONS[code](a))


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


def _strength(a: Answers, scores: Mapping[str, int], first: str) -> str:
    """How clearly the answers point to the first program: the lead of its score.

    A first program chosen against the scores (a safety need over a higher mindfulness
    score, a goal with only one course) leads by nothing and is slight. With depression
    now, a clinician helps choose when to start, so it is never strong.
    """
    other = COMPASSION if first == MINDFULNESS else MINDFULNESS
    margin = scores[first] - scores[other]
    if margin >= STRONG_MARGIN and not depressed_now(a):
        return STRONG
    if margin >= MODERATE_MARGIN:
        return MODERATE
    return SLIGHT


# The questions that screen for what a group course cannot hold: a yes, "rather not say",
# or no answer at all asks for a clinician before enrolling.
SAFETY_QUESTIONS = (
    "self_harm_thoughts",
    "substance_misuse_recent",
    "mania_psychosis_history",
    "depression_history",
)
SAFETY_YES = {
    "self_harm_thoughts": lambda a: a.is_yes("self_harm_thoughts"),
    "substance_misuse_recent": lambda a: a.is_yes("substance_misuse_recent"),
    "mania_psychosis_history": lambda a: a.is_yes("mania_psychosis_history"),
    "depression_history": depressed_now,
}


def _flag_causes(a: Answers) -> dict[str, tuple[str, ...]]:
    """Each flag raised, with the codebook codes whose answers (or missing answers) raised it."""
    causes: dict[str, tuple[str, ...]] = {}
    if a.is_yes("self_harm_thoughts"):
        causes[CRISIS] = ("self_harm_thoughts",)

    # An unanswered therapy question counts as no therapist: the nudge is the safe default.
    no_therapist = not a.is_yes("in_therapy")
    review = [
        code
        for code in SAFETY_QUESTIONS
        if SAFETY_YES[code](a) or a.unsaid(code) or not a.answered(code)
    ]
    if trauma_symptoms_possible(a) and no_therapist:
        # MBSR programs screen active trauma symptoms without treatment; a person who would
        # rather not say may have them, so a clinician asks, gently.
        review += ["trauma_symptoms", "in_therapy"]
    if review:
        causes[CLINICIAN_REVIEW] = tuple(review)

    # "MSC is not therapy, so having your own personal therapist is probably also a good
    # idea" closes the MSC-first bullet; it is suggested for the bullet's safety matters
    # (trauma symptoms, intense shame, reactivity that is hard to calm), serious trauma,
    # and trauma left unsaid by someone who finds it hard to calm down (the article's
    # precondition for mindfulness is not met, and MSC alone may not hold what is unsaid);
    # not for self-criticism or sensitivity alone.
    therapist = []
    if trauma_symptoms_possible(a):
        therapist.append("trauma_symptoms")
    if a.says("trauma_history", "serious"):
        therapist.append("trauma_history")
    if unsaid_trauma_hard_to_calm(a):
        therapist += ["trauma_history", "self_regulation"]
    if a.like_me("shame"):
        therapist.append("shame")
    if a.like_me("reactivity") and hard_to_calm(a):
        therapist += ["reactivity", "self_regulation"]
    if therapist and no_therapist:
        # Each answer named once, though two triggers may share it (self_regulation).
        causes[THERAPIST_SUGGESTED] = (*dict.fromkeys(therapist), "in_therapy")
    return causes
