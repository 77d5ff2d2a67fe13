"""Why each flag was raised, in a clinician's words: an answer, no answer, or "rather not say".

The causes of each flag are read by the admin, the triage list and the CSV. An answer the
person chose not to give raises the same flags as a yes, and must never read as one.
Pure Python: no database.
"""

from __future__ import annotations

import pytest

from advisor.flags import FLAGS, flag_email_words, flag_label, flag_reasons
from advisor.scoring import CLINICIAN_REVIEW, CRISIS, THERAPIST_SUGGESTED, recommend
from advisor.scoring import FLAGS as SCORING_FLAGS
from tests.advisor.scoring_answers import UNSAID, answers, without


def reasons_for(raw: dict) -> dict[str, str]:
    """The flags' reasons as the intake page gives them, from the intake's answers."""
    return flag_reasons(recommend(raw).as_dict()["flag_causes"], raw)


@pytest.mark.parametrize(
    "question, words",
    [
        ("self_harm_thoughts", "would rather not say about thoughts of self-harm"),
        ("depression_history", "would rather not say about depression"),
        ("substance_misuse_recent", "would rather not say about alcohol or drug use"),
        ("mania_psychosis_history", "would rather not say about mania or psychosis"),
    ],
)
def test_it_says_a_safety_answer_was_unsaid(question, words):
    assert reasons_for(answers(**{question: UNSAID})) == {CLINICIAN_REVIEW: words}


def test_it_says_a_yes_in_the_clinicians_words():
    reasons = reasons_for(answers(self_harm_thoughts="yes", depression_history="current"))

    assert reasons[CLINICIAN_REVIEW] == "thoughts of self-harm; depressed at the moment"
    assert reasons[CRISIS] == "thoughts of self-harm"


def test_it_says_a_safety_question_was_not_answered():
    reasons = reasons_for(without("mania_psychosis_history"))

    assert reasons == {CLINICIAN_REVIEW: "mania psychosis history not answered"}


@pytest.mark.parametrize(
    "symptoms, words",
    [
        ("yes", "trauma symptoms now; no therapist"),
        (UNSAID, "would rather not say whether trauma still troubles them; no therapist"),
    ],
)
def test_it_says_why_trauma_symptoms_asked_for_a_clinician_and_a_therapist(symptoms, words):
    reasons = reasons_for(answers(trauma_history="some", trauma_symptoms=symptoms))

    assert reasons == {CLINICIAN_REVIEW: words, THERAPIST_SUGGESTED: words}


def test_it_has_words_for_every_flag_the_scoring_raises():
    """Every screen and e-mail reads a flag's words from the one table: none may lack them."""
    assert set(FLAGS) == set(SCORING_FLAGS)
    for flag in FLAGS.values():
        assert flag.label and flag.badge and flag.email_words
        assert flag.badge_class.startswith("flag flag--")


def test_it_reads_an_unknown_flag_as_its_code():
    """An old snapshot may hold a flag the table no longer has: it still reads as something."""
    assert flag_label("retired_flag") == "retired_flag"
    assert flag_email_words("retired_flag") == "retired_flag"
