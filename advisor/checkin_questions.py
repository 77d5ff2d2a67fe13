"""The check-in's codebook: the few questions we ask after a course, in English and Spanish.

Pure Python, like the intake's codebook (advisor/questionnaire.py), whose building
blocks it shares: the same `Question`, the same yes/no answers, the same way of saying a
text in both languages. Our own words throughout, written for someone a week past the
last session of a course; no published questionnaire is quoted. Codes are DESIGN.md's.
"""

from __future__ import annotations

from dataclasses import dataclass

from advisor.questionnaire import (
    CHOICE,
    LIKERT,
    SENSITIVE_YES_NO_WORDS,
    TEXT,
    YES_NO,
    YES_NO_WORDS,
    AnswersTo,
    Option,
    Question,
    Words,
    _question,
)

SECTION = "checkin"
OTHER = "other"

HELPFUL_WORDS: tuple[Option, ...] = (
    (1, Words("Not helpful", "Nada útil")),
    (2, Words("A little helpful", "Un poco útil")),
    (3, Words("Fairly helpful", "Bastante útil")),
    (4, Words("Very helpful", "Muy útil")),
    (5, Words("Extremely helpful", "Sumamente útil")),
)
HELPFUL_MIN, HELPFUL_MAX = 1, 5
PROGRAM_WORDS: tuple[Option, ...] = (
    (
        "MBSR",
        Words(
            "Mindfulness-Based Stress Reduction (MBSR)",
            "Reducción del Estrés Basada en Mindfulness (MBSR)",
        ),
    ),
    (
        "MBCT",
        Words(
            "Mindfulness-Based Cognitive Therapy (MBCT)",
            "Terapia Cognitiva Basada en Mindfulness (MBCT)",
        ),
    ),
    ("MSC", Words("Mindful Self-Compassion (MSC)", "Autocompasión Consciente (MSC)")),
    (OTHER, Words("Another course", "Otro curso")),
)
WHAT_HELPED_MAX = 1000

QUESTIONS: tuple[Question, ...] = (
    _question(
        "started",
        SECTION,
        YES_NO,
        Words("Did you start a course?", "¿Empezó algún curso?"),
        Words(
            "Any course counts, whether or not it was one we suggested.",
            "Cuenta cualquier curso, sea o no uno de los que le sugerimos.",
        ),
        SENSITIVE_YES_NO_WORDS,
    ),
    _question(
        "program",
        SECTION,
        CHOICE,
        Words("Which course was it?", "¿Qué curso fue?"),
        Words("Only if you started one.", "Solo si empezó alguno."),
        PROGRAM_WORDS,
        required=False,
    ),
    _question(
        "finished",
        SECTION,
        YES_NO,
        Words("Did you get to the end of it?", "¿Llegó hasta el final del curso?"),
        Words("Only if you started one.", "Solo si empezó alguno."),
        YES_NO_WORDS,
        required=False,
    ),
    _question(
        "helpful",
        SECTION,
        LIKERT,
        Words("How helpful was it for you?", "¿Qué tan útil le resultó?"),
        Words("Only if you started one.", "Solo si empezó alguno."),
        HELPFUL_WORDS,
        required=False,
    ),
    _question(
        "what_helped",
        SECTION,
        TEXT,
        Words(
            "What helped, or what got in the way? (optional)",
            "¿Qué le ayudó, o qué le dificultó seguirlo? (opcional)",
        ),
        Words(
            "A sentence or two is plenty. A clinician may read it; please leave out anything "
            "you would rather keep to yourself.",
            "Con una o dos frases basta. Es posible que la lea un profesional de la clínica; "
            "no incluya nada que prefiera no contar.",
        ),
        max_length=WHAT_HELPED_MAX,
        required=False,
    ),
    _question(
        "wants_next",
        SECTION,
        YES_NO,
        Words(
            "Would you like to take the next program we suggested?",
            "¿Le gustaría tomar el siguiente programa que le sugerimos?",
        ),
        Words(
            "If you say yes, we show you upcoming courses and let the clinic know.",
            "Si responde que sí, le mostramos los próximos cursos y le avisamos a la clínica.",
        ),
        YES_NO_WORDS,
    ),
    _question(
        "self_harm_thoughts",
        SECTION,
        YES_NO,
        Words(
            "Lately, have you had thoughts of harming yourself?",
            "Últimamente, ¿ha tenido pensamientos de hacerse daño?",
        ),
        Words(
            "We ask everyone. If you say yes, we show you where to get help right away, and "
            "a clinician will contact you.",
            "Se lo preguntamos a todas las personas. Si responde que sí, le mostramos de "
            "inmediato dónde pedir ayuda, y un profesional de la clínica se comunicará con "
            "usted.",
        ),
        YES_NO_WORDS,
    ),
)
QUESTIONS_BY_CODE = {question.code: question for question in QUESTIONS}


@dataclass(frozen=True)
class CheckInAnswersTo(AnswersTo):
    """A check-in question's answers as a field's `choices` (see AnswersTo)."""

    def __call__(self) -> list[tuple[int | str, str]]:
        return list(QUESTIONS_BY_CODE[self.code].options)

    def deconstruct(self) -> tuple[str, tuple[str], dict]:
        return (f"{__name__}.{type(self).__name__}", (self.code,), {})


CODES = tuple(QUESTIONS_BY_CODE)
# Asked about the course itself: read only when the person started one.
ABOUT_THE_COURSE = ("program", "finished", "helpful")
