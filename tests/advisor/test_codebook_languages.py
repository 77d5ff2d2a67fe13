"""One codebook in two languages: every text a participant reads has its Spanish beside it.

Pure: no database. What a text says is for people to judge; what a test can hold is that
none is missing, none is the English left untranslated, and the answers are the same codes
in both languages.
"""

from __future__ import annotations

import pytest
from django.utils import translation

from advisor import questionnaire
from advisor.questionnaire import SPANISH, consent_text, consent_version, text_language
from providers.regions import REGIONS
from providers.schedule import FRIENDLY_TIME_ZONES
from providers.schedule_words import zone_words

# The same word in both languages, or a name that is not translated.
SAME_IN_BOTH = {"No", "English", "Español", *questionnaire.SAME_IN_BOTH_ZONES}


def _texts():
    """(where, English, Spanish) for every text of the codebook."""
    for section in questionnaire.SECTIONS:
        yield f"{section.slug}: title", section.title, section.title_in(SPANISH)
        yield f"{section.slug}: intro", section.intro, section.intro_in(SPANISH)
    for question in questionnaire.QUESTIONS:
        yield f"{question.code}: label", question.label, question.label_in(SPANISH)
        if question.hint:
            yield f"{question.code}: hint", question.hint, question.hint_in(SPANISH)
        spanish = dict(question.options_es)
        for value, label in question.options:
            yield f"{question.code}={value}", label, spanish.get(value, "")


TEXTS = list(_texts())


@pytest.mark.parametrize(("where", "english", "spanish"), TEXTS, ids=[t[0] for t in TEXTS])
def test_every_text_has_its_own_spanish(where, english, spanish):
    assert spanish.strip(), f"{where} has no Spanish"
    if english not in SAME_IN_BOTH:
        assert spanish != english, f"{where} is still in English"


@pytest.mark.parametrize("question", questionnaire.QUESTIONS, ids=lambda q: q.code)
def test_a_hint_is_in_both_languages_or_in_neither(question):
    assert bool(question.hint) == bool(question.hint_es)


@pytest.mark.parametrize("question", questionnaire.QUESTIONS, ids=lambda q: q.code)
def test_the_answers_are_the_same_codes_in_both_languages(question):
    assert [value for value, _ in question.options_es] == list(question.values)
    assert [value for value, _ in question.options_in(SPANISH)] == list(question.values)


def test_an_answer_is_found_in_spanish_by_its_code():
    question = questionnaire.QUESTIONS_BY_CODE["trauma_history"]

    assert question.answer_label("prefer_not_to_say") == "I'd rather not say"
    assert question.answer_label("prefer_not_to_say", SPANISH) == "Prefiero no decirlo"
    assert question.answer_label("serious", "es-US") == "Sí, un trauma grave"


def test_the_language_answer_names_each_language_in_its_own_tongue():
    question = questionnaire.QUESTIONS_BY_CODE["language"]
    for language in questionnaire.TEXT_LANGUAGES:
        names = dict(question.options_in(language))
        assert (names["en"], names["es"]) == ("English", "Español")
    assert dict(question.options_in(SPANISH))["other"].startswith("Otro idioma")


def test_a_question_reads_in_one_language_at_a_time():
    question = questionnaire.QUESTIONS_BY_CODE["one_program_only"]

    english, spanish = question.in_language("en"), question.in_language("es")

    assert english.label == question.label == "Do you expect to take only one course?"
    assert spanish.label == "¿Piensa tomar un solo curso?"
    assert spanish.options == (("yes", "Sí"), ("no", "No"))


@pytest.mark.parametrize(
    ("code", "language"),
    [
        ("es", SPANISH),
        ("es-MX", SPANISH),
        ("es_US", SPANISH),
        ("en", "en"),
        ("fr", "en"),
        ("", "en"),
        (None, "en"),
    ],
)
def test_any_spanish_reads_spanish_and_anything_else_english(code, language):
    assert text_language(code) == language


def test_each_language_ticks_its_own_version_of_the_consent():
    question = questionnaire.QUESTIONS_BY_CODE["consent"]

    assert consent_version("en") == questionnaire.CONSENT_VERSION
    assert consent_version("es") == f"{questionnaire.CONSENT_VERSION}-es"
    assert consent_text(consent_version("en")) == question.label
    assert consent_text(consent_version("es")) == question.label_es
    assert consent_text(consent_version("es")).startswith("Acepto")


def test_every_consent_version_keeps_its_exact_words():
    for version, text in questionnaire.CONSENT_TEXTS.items():
        assert text.strip(), version
        assert questionnaire.consent_language(version) == (
            SPANISH if version.endswith("-es") else "en"
        )
    assert consent_text("1999-01-01") == ""


def test_the_trauma_follow_up_not_asked_says_so_in_spanish_too():
    answers = {"trauma_history": "none"}

    assert questionnaire.answer_words("trauma_symptoms", answers) == "Not asked (no trauma)"
    assert (
        questionnaire.answer_words("trauma_symptoms", answers, SPANISH)
        == "No se preguntó (sin trauma)"
    )


def test_the_intake_names_regions_and_time_zones_in_spanish_as_the_course_finder_does():
    # Two sources for one set of words (the pure codebook, the catalogue the finder reads):
    # a person must meet the same Spanish name for their region and zone on both pages.
    with translation.override("es"):
        assert {
            code: translation.gettext(label) for code, label in REGIONS
        } == questionnaire.REGION_WORDS_ES
        assert {
            name: zone_words(name) for name in FRIENDLY_TIME_ZONES
        } == questionnaire.TIME_ZONE_WORDS_ES
