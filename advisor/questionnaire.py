"""The intake questionnaire's codebook: every question's code, wording, hint and answers.

One source for the form, the model's choices, the scoring's validation and
the admin's read-out, so the wording a participant saw is the wording a
clinician reads. Pure Python (no Django), like the scoring that uses it.
Codes are part of the stable interface in DESIGN.md: change wording freely,
but a code or value only with a new rules version.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from providers.languages import LANGUAGE_NAMES
from providers.regions import REGIONS
from providers.schedule import time_zone_choices

# Which version of the consent sentence a participant agreed to; stored on every intake.
CONSENT_VERSION = "2026-11-25"

TEXT = "text"
EMAIL = "email"
CHOICE = "choice"
LIKERT = "likert"
YES_NO = "yes_no"
CONSENT = "consent"
PHONE = "phone"
# A tick box that asks for something optional (e-mailing the participant their link).
OPT_IN = "opt_in"
# An optional practicality (language, time zone): not scored, never required.
PREFERENCE = "preference"

LIKERT_OPTIONS = (
    (1, "Not at all like me"),
    (2, "A little like me"),
    (3, "Somewhat like me"),
    (4, "Quite like me"),
    (5, "Very much like me"),
)
YES = "yes"
NO = "no"
YES_NO_OPTIONS = ((YES, "Yes"), (NO, "No"))
# Offered on the sensitive questions; the rules read it as the cautious answer.
PREFER_NOT = "prefer_not_to_say"
PREFER_NOT_LABEL = "I'd rather not say"
SENSITIVE_YES_NO_OPTIONS = (*YES_NO_OPTIONS, (PREFER_NOT, PREFER_NOT_LABEL))


def yes_no(value: bool) -> str:
    """A yes/no answer given as a boolean, spelled as the codebook (and the intake) spell it."""
    return YES if value else NO


@dataclass(frozen=True)
class Section:
    slug: str
    title: str
    intro: str


@dataclass(frozen=True)
class Question:
    code: str
    section: str
    kind: str
    label: str
    hint: str = ""
    options: tuple[tuple[int | str, str], ...] = ()
    max_length: int | None = None
    required: bool = True

    @property
    def values(self) -> tuple[int | str, ...]:
        return tuple(value for value, _ in self.options)

    def answer_label(self, value: int | str | bool | None) -> str:
        """The answer in the words the participant chose from."""
        if isinstance(value, bool):
            value = yes_no(value)
        for option, label in self.options:
            if option == value:
                return label
        return "" if value is None else str(value)


SECTIONS = (
    Section(
        "about",
        "About you",
        "A few details so we can reach you and show courses you can get to.",
    ),
    Section(
        "attention",
        "Attention and how you see yourself",
        "There are no right answers. Choose how much each sentence sounds like you lately.",
    ),
    Section(
        "feelings",
        "Feelings and your history",
        "These questions help us suggest a course that feels safe to start with. "
        "Answer only as much as you are comfortable with: the most personal ones let you "
        "choose “I'd rather not say”.",
    ),
    Section(
        "goals",
        "Practice and goals",
        "What you have tried so far, and what you hope to get from a course.",
    ),
    Section(
        "safety",
        "Your safety",
        "Courses like these ask everyone the same few questions before they start. "
        "A yes, or “I'd rather not say”, never stops you getting a suggestion: it "
        "means a clinician will talk with you first.",
    ),
    Section("consent", "Before you send", "Your answers are kept private. See our privacy page."),
)


def _likert(code: str, section: str, label: str, hint: str = "") -> Question:
    return Question(code, section, LIKERT, label, hint, LIKERT_OPTIONS)


def _yes_no(
    code: str, section: str, label: str, hint: str = "", sensitive: bool = False
) -> Question:
    options = SENSITIVE_YES_NO_OPTIONS if sensitive else YES_NO_OPTIONS
    return Question(code, section, YES_NO, label, hint, options)


QUESTIONS = (
    Question(
        "first_name",
        "about",
        TEXT,
        "Your first name",
        "So we know what to call you.",
        max_length=100,
    ),
    Question(
        "email",
        "about",
        EMAIL,
        "Your email address",
        "A clinician may write to you about your answers. We never share it.",
        max_length=254,
    ),
    Question(
        "email_my_link",
        "about",
        OPT_IN,
        "Email me the link to my answers",
        "We send only the private link to your suggestion and how to delete your answers, "
        "never the answers themselves.",
        required=False,
    ),
    Question(
        "phone",
        "about",
        PHONE,
        "Your phone number (optional)",
        "If you would rather a clinician called you than wrote.",
        max_length=40,
        required=False,
    ),
    Question(
        "best_time_to_call",
        "about",
        TEXT,
        "A good time to call you (optional)",
        "For example: weekday mornings, or after 6 pm.",
        max_length=100,
        required=False,
    ),
    Question(
        "region",
        "about",
        CHOICE,
        "Where do you live?",
        "So we can show courses near you. Online courses are open to everyone.",
        REGIONS,
    ),
    Question(
        "format_preference",
        "about",
        CHOICE,
        "How would you like to take a course?",
        "",
        (("in_person", "In person"), ("online", "Online"), ("either", "Either is fine")),
    ),
    Question(
        "language",
        "about",
        PREFERENCE,
        "Which language would you like your course to be taught in?",
        "If you leave this, we show courses in English.",
        (
            ("en", LANGUAGE_NAMES["en"]),
            ("es", LANGUAGE_NAMES["es"]),
            ("other", "Another language: show me courses in any language"),
        ),
    ),
    Question(
        "time_zone",
        "about",
        PREFERENCE,
        "Your time zone",
        "So we can show online course times where you are. If you leave this, we go by "
        "where you live.",
        tuple(time_zone_choices()),
    ),
    _likert("self_worth", "attention", "On the whole, I feel all right about who I am."),
    _likert(
        "attention_difficulty",
        "attention",
        "I find it hard to keep my attention on what I am doing.",
        "For example, your mind drifts off while reading, listening or working.",
    ),
    _likert(
        "takes_things_personally",
        "attention",
        "Comments and setbacks stay with me; I take things to heart.",
    ),
    _likert(
        "compassion_practices_offputting",
        "attention",
        "Exercises about being kind to myself feel awkward, soppy or just not for me.",
        "Think of things like putting a hand on your heart or saying kind phrases to yourself.",
    ),
    _likert(
        "self_criticism",
        "feelings",
        "I am often hard on myself, and my inner voice can be harsh.",
    ),
    _likert(
        "high_sensitivity",
        "feelings",
        "I feel things very deeply, and I can be overwhelmed easily.",
    ),
    _likert(
        "shame",
        "feelings",
        "I often feel deep shame, as if something is wrong with me.",
        "Shame is the painful sense of being bad or not good enough as a person, "
        "rather than feeling bad about something you did.",
    ),
    _likert(
        "reactivity",
        "feelings",
        "Strong feelings can sweep me up fast, before I can pause.",
    ),
    _likert(
        "self_regulation",
        "feelings",
        "When I get upset, I can usually find a way to calm myself down.",
    ),
    Question(
        "trauma_history",
        "feelings",
        CHOICE,
        "Have you lived through trauma?",
        "Trauma means events that were deeply frightening or harmful, such as violence, "
        "abuse or a serious accident. You may choose not to say.",
        (
            ("none", "No"),
            ("some", "Some hard experiences, but nothing I would call serious trauma"),
            ("serious", "Yes, serious trauma"),
            (PREFER_NOT, PREFER_NOT_LABEL),
        ),
    ),
    _yes_no(
        "trauma_symptoms",
        "feelings",
        # Shown only after a trauma answer other than "No"; worded to stand on its own where
        # a browser cannot hide it.
        "If you have lived through trauma: do its effects still trouble you now?",
        "For example flashbacks, nightmares, always feeling on guard, or feeling numb or cut off.",
        sensitive=True,
    ),
    Question(
        "depression_history",
        "feelings",
        CHOICE,
        "Have you been depressed?",
        "We mean depression lasting weeks or more, not an ordinary low day.",
        (
            ("none", "No"),
            ("past_episode", "Once, in the past"),
            ("recurrent_in_remission", "More than once, and I am well now"),
            ("current", "Yes, I am depressed at the moment"),
            (PREFER_NOT, PREFER_NOT_LABEL),
        ),
    ),
    _yes_no(
        "in_therapy",
        "feelings",
        "Are you seeing a therapist or counsellor at the moment?",
    ),
    Question(
        "mindfulness_experience",
        "goals",
        CHOICE,
        "Have you practised mindfulness or meditation before?",
        "",
        (
            ("none", "No, this would be new to me"),
            ("some", "A little"),
            ("regular", "Yes, I practise regularly"),
        ),
    ),
    Question(
        "compassion_arises",
        "goals",
        CHOICE,
        "When you practise mindfulness, do you notice yourself becoming kinder toward yourself?",
        "If you have not practised yet, choose the last answer.",
        (
            ("yes", "Yes"),
            ("no", "Not really"),
            ("unsure", "I am not sure"),
            ("not_applicable", "I have not practised mindfulness"),
        ),
    ),
    Question(
        "primary_goal",
        "goals",
        CHOICE,
        "What would you most like to learn from a course?",
        "Pick the one that matters most to you.",
        (
            ("focus", "To focus and pay attention better"),
            ("stress", "To cope with stress better"),
            ("mood", "To lift my mood and worry less"),
            ("relapse_prevention", "To stay well after depression"),
            ("self_kindness", "To be kinder to myself"),
            ("inner_critic", "To quiet a harsh inner critic"),
            ("not_sure", "I am not sure yet"),
        ),
    ),
    _yes_no(
        "one_program_only",
        "goals",
        "Do you expect to take only one course?",
        "Many people take both in time. If you can take only one, we will suggest the one "
        "that best fits what you want to learn.",
    ),
    _yes_no(
        "self_harm_thoughts",
        "safety",
        "In the past month, have you had thoughts of harming yourself or ending your life?",
        "If you might act on these thoughts now, please call or text 988 (in the US) or "
        "your local emergency number.",
        sensitive=True,
    ),
    _yes_no(
        "substance_misuse_recent",
        "safety",
        "In the past year, has drinking or drug use caused problems for you?",
        sensitive=True,
    ),
    _yes_no(
        "mania_psychosis_history",
        "safety",
        "Have you ever had a period of mania or hypomania, or an episode of psychosis?",
        "Psychosis means losing touch with what is real, for example hearing voices "
        "others cannot hear.",
        sensitive=True,
    ),
    Question(
        "consent",
        "consent",
        CONSENT,
        "I agree that the clinic may keep my answers so that a clinician can review them "
        "and contact me.",
        "You can delete your answers at any time from your recommendation page.",
    ),
)

QUESTIONS_BY_CODE = {question.code: question for question in QUESTIONS}
SECTION_TITLES = {section.slug: section.title for section in SECTIONS}


@dataclass(frozen=True)
class AnswersTo:
    """A question's answers as a model field's `choices`, read from the codebook when asked.

    A callable, so that a migration records which question (`AnswersTo("region")`) and
    never its wording: rewording an answer here writes no migration. `deconstruct` is the
    protocol Django's migration writer reads (nothing here imports Django); equality by
    code is what tells the migration autodetector that nothing changed. Migrations import
    it by this name (advisor/migrations/0015), so it keeps its name and module.
    """

    code: str

    def __call__(self) -> list[tuple[int | str, str]]:
        return list(QUESTIONS_BY_CODE[self.code].options)

    def deconstruct(self) -> tuple[str, tuple[str], dict[str, Any]]:
        return (f"{__name__}.{type(self).__name__}", (self.code,), {})


# Everything but contact details and consent: what the scoring reads and the intake stores.
ANSWER_CODES = tuple(q.code for q in QUESTIONS if q.kind in (LIKERT, CHOICE, YES_NO))


# Optional practicalities the intake stores beside the answers, for matching courses.
PREFERENCE_CODES = tuple(q.code for q in QUESTIONS if q.kind == PREFERENCE)

# How to reach the person: stored with the intake, never scored.
CONTACT_CODES = ("first_name", "email", "email_my_link", "phone", "best_time_to_call")

# When someone does not say, the zone most people in their region live in.
REGION_TIME_ZONES = {
    "northeast": "America/New_York",
    "south": "America/New_York",
    "midwest": "America/Chicago",
    "west": "America/Los_Angeles",
}
DEFAULT_LANGUAGE = "en"


# A follow-up question: asked only when the question before it was not answered "none".
FOLLOW_UP = "trauma_symptoms"
FOLLOWS = "trauma_history"
NOT_ASKED_AFTER = "none"
NOT_ASKED = "Not asked (no trauma)"


def trauma_symptoms_asked(answers: Mapping[str, Any]) -> bool:
    """Whether the trauma-symptoms question was put to the person: after any trauma answer
    but "No" (an unanswered trauma question hides nothing)."""
    return answers.get(FOLLOWS) != NOT_ASKED_AFTER


def effective_trauma_symptoms(answers: Mapping[str, Any]) -> Any:
    """The trauma-symptoms answer that counts: the one place the form and the rules decide it.

    Behind a trauma answer of "No" the question was never asked, so whatever came for it
    counts as "no": a "yes" or "I'd rather not say" left over from before the person
    changed their trauma answer, or sent by a browser that could not hide the question.
    "Absent means no" (DESIGN.md): someone who told us of no trauma is not then read as
    troubled by one, and gets no safety need, therapist or clinician from it. Otherwise
    the answer as given (None when there is none), for the caller to validate.
    """
    if not trauma_symptoms_asked(answers):
        return NO
    return answers.get(FOLLOW_UP)


def answer_words(code: str, answers: dict) -> str:
    """An answer as the participant chose it, or that the question was never put to them."""
    if code == FOLLOW_UP and not trauma_symptoms_asked(answers):
        return NOT_ASKED
    return QUESTIONS_BY_CODE[code].answer_label(answers.get(code))


def questions_in(section: str) -> tuple[Question, ...]:
    return tuple(q for q in QUESTIONS if q.section == section)
