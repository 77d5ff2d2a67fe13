"""The recommendation page for someone who would rather not say.

"I'd rather not say" is the cautious answer: a clinician talks
with the person first, and the page never tells them they said what they did not.
Thoughts of self-harm left unsaid are no crisis (no crisis panel) but the page still
offers the gentle crisis note, beside the clinician's, where it is seen.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from advisor.questionnaire import PREFER_NOT
from tests.helpers import Page

pytestmark = pytest.mark.django_db

DEPRESSED_NOW = "You told us you are going through depression at the moment."
TRAUMA_YES = "the effects of a past trauma still trouble you"


@pytest.fixture
def show(client):
    def get(intake) -> Page:
        response = client.get(
            reverse("advisor:recommendation", kwargs={"token": intake.public_token})
        )
        assert response.status_code == 200
        return Page.of(response)

    return get


def review_note(html: Page):
    return html.find("section", class_="note--review")


def test_it_shows_no_crisis_panel_to_someone_who_would_rather_not_say(make_intake, show):
    html = show(make_intake(self_harm_thoughts=PREFER_NOT))

    assert html.find(class_="crisis-panel") is None
    assert "Talk with a clinician before you enrol" in review_note(html).words


def test_it_offers_the_crisis_line_beside_the_clinicians_note_when_self_harm_is_unsaid(
    make_intake, show
):
    note = review_note(show(make_intake(self_harm_thoughts=PREFER_NOT)))

    crisis_line = note.find("a", href="tel:988")
    assert crisis_line is not None
    assert "Struggling right now?" in note.words


@pytest.mark.parametrize(
    "answers",
    [{"depression_history": "current"}, {"substance_misuse_recent": PREFER_NOT}],
    ids=["depressed-now", "substance-unsaid"],
)
def test_it_keeps_the_crisis_line_out_of_the_clinicians_note_otherwise(make_intake, show, answers):
    note = review_note(show(make_intake(**answers)))

    assert note.find("a", href="tel:988") is None


def test_it_never_says_someone_is_depressed_who_would_rather_not_say(make_intake, show):
    note = review_note(show(make_intake(depression_history=PREFER_NOT)))

    assert "Talk with a clinician before you enrol" in note.words
    assert DEPRESSED_NOW not in note.words


def test_it_still_speaks_to_someone_who_said_they_are_depressed_now(make_intake, show):
    note = review_note(show(make_intake(depression_history="current")))

    assert DEPRESSED_NOW in note.words


def test_it_suggests_msc_and_a_therapist_without_saying_trauma_troubles_them(make_intake, show):
    intake = make_intake(trauma_history="some", trauma_symptoms=PREFER_NOT, in_therapy="no")

    html = show(intake)

    assert intake.recommended_program == "MSC"
    assert html.find("section", **{"aria-labelledby": "therapist-title"}) is not None
    assert (
        "would rather not say whether a past trauma still troubles you"
        in html.find(class_="recommended-program").words
    )
    assert TRAUMA_YES not in html.find("main").words


THERAPIST = {"aria-labelledby": "therapist-title"}


@pytest.mark.parametrize(
    "therapy, suggested", [("no", True), ("yes", False)], ids=["no-therapist", "in-therapy"]
)
def test_it_suggests_a_therapist_to_someone_unsaid_about_trauma_who_finds_calming_hard(
    make_intake, show, therapy, suggested
):
    intake = make_intake(trauma_history=PREFER_NOT, self_regulation=2, in_therapy=therapy)

    html = show(intake)

    assert intake.recommended_program == "MSC"
    assert intake.flag_therapist_suggested == suggested
    assert (html.find("section", **THERAPIST) is not None) == suggested
    first = html.find(class_="recommended-program").words
    assert "rather not say about past trauma" in first
    assert "serious trauma" not in html.find("main").words


def test_it_suggests_no_therapist_for_unsaid_trauma_when_calming_down_is_not_hard(
    make_intake, show
):
    intake = make_intake(trauma_history=PREFER_NOT, self_regulation=3, in_therapy="no")

    assert not intake.flag_therapist_suggested
    assert show(intake).find("section", **THERAPIST) is None
