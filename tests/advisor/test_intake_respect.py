"""The questionnaire respects people: what it asks when, how it explains, where you are in it.

"Do the effects of a past trauma still trouble you?" is asked
only after a trauma answer other than "No" (without JavaScript too: the page hides it
with CSS, and the server asks for it only then; an answer that comes for it anyway
after "No" is saved and scored as "no", as recommend() reads it); the sensitive
questions offer "I'd rather not say"; each hint sits between its question and the
answers; the page shows where a person is in it. The browser side of the trauma question is in
tests/e2e/test_participant.py.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from advisor import questionnaire
from advisor.forms import MAX_RADIOS
from advisor.models import Intake
from advisor.questionnaire import PREFER_NOT
from advisor.scoring import RULES_VERSION, recommend
from tests.helpers import Page

pytestmark = pytest.mark.django_db

FOLLOW_UP = "trauma_symptoms"
UNSAID = PREFER_NOT


@pytest.fixture
def form_page(client) -> Page:
    return Page.of(client.get(reverse("advisor:intake")))


def question(html: Page, code: str):
    return html.find(id=f"div_id_{code}")


def summary_links(response) -> list[str]:
    html = Page.of(response)
    summary = html.find(class_="error-summary")
    return [] if summary is None else [a.attrs["href"] for a in html.find_all("a", within=summary)]


# The trauma question that follows another


def test_it_asks_about_trauma_symptoms_right_after_the_trauma_question(form_page):
    codes = [
        block.attrs["id"].removeprefix("div_id_")
        for block in form_page.find_all("div", class_="question")
    ]

    assert codes[codes.index("trauma_history") + 1] == FOLLOW_UP


def test_it_says_whom_the_trauma_symptoms_question_is_for(form_page):
    # Where a browser cannot hide it, the question itself says to skip it.
    legend = question(form_page, FOLLOW_UP).find("legend")

    assert legend.words.startswith("If you have lived through trauma:")


def test_it_marks_the_trauma_symptoms_question_as_one_that_follows(form_page):
    # The class the page's CSS hides until a trauma answer other than "No" is chosen.
    assert "question--follow-up" in question(form_page, FOLLOW_UP).attrs["class"]
    assert [q for q in form_page.find_all(class_="question--follow-up")] == [
        question(form_page, FOLLOW_UP)
    ]


@pytest.mark.parametrize("sent", ["yes", "no", UNSAID, "maybe", None])
def test_it_saves_no_trauma_symptoms_after_no_trauma_whatever_was_sent(post_intake, sent):
    response = post_intake(trauma_history="none", trauma_symptoms=sent)

    assert response.status_code == 302
    assert Intake.objects.get().trauma_symptoms == "no"


def test_it_gives_no_therapist_nudge_for_symptoms_sent_after_no_trauma(post_intake):
    post_intake(trauma_history="none", trauma_symptoms="yes", in_therapy="no")

    assert not Intake.objects.get().flag_therapist_suggested


@pytest.mark.parametrize("sent", ["yes", UNSAID])
def test_it_saves_and_scores_symptoms_sent_after_no_trauma_as_the_rules_read_them(
    client, post_intake, sent
):
    # The form and recommend() decide a leftover answer in one place, so what is saved,
    # what was scored, and what the rules make of the answers as sent all agree: a no.
    response = post_intake(trauma_history="none", trauma_symptoms=sent, in_therapy="no")

    intake = Intake.objects.get()
    as_sent = {**intake.answers(), "trauma_symptoms": sent}
    assert intake.trauma_symptoms == "no"
    assert intake.recommendation == recommend(as_sent).as_dict()
    assert intake.recommendation["flags"] == []
    assert intake.recommendation["rules_version"] == RULES_VERSION
    page = Page.of(client.get(response.url))
    assert page.find("section", **{"aria-labelledby": "therapist-title"}) is None
    assert "trauma" not in page.find(class_="recommended-program").words.lower()


@pytest.mark.parametrize("history", ["some", "serious", UNSAID])
@pytest.mark.parametrize("symptoms", ["yes", "no", UNSAID])
def test_it_saves_the_trauma_symptoms_answer_after_a_trauma_answer(post_intake, history, symptoms):
    post_intake(trauma_history=history, trauma_symptoms=symptoms)

    assert Intake.objects.get().trauma_symptoms == symptoms


@pytest.mark.parametrize("history", ["some", "serious", UNSAID])
def test_it_asks_for_trauma_symptoms_after_a_trauma_answer(post_intake, history):
    response = post_intake(trauma_history=history, trauma_symptoms=None)

    assert response.status_code == 200
    assert not Intake.objects.exists()
    assert summary_links(response) == [f"#id_{FOLLOW_UP}_0"]
    assert "Please choose one answer." in question(Page.of(response), FOLLOW_UP).words


def test_it_asks_only_the_trauma_question_when_neither_is_answered(post_intake):
    response = post_intake(trauma_history=None, trauma_symptoms=None)

    assert summary_links(response) == ["#id_trauma_history_0"]


def test_it_lists_problems_in_the_order_the_page_asks(post_intake):
    response = post_intake(
        first_name="", trauma_history="some", trauma_symptoms=None, self_harm_thoughts=None
    )

    assert summary_links(response) == [
        "#id_first_name",
        f"#id_{FOLLOW_UP}_0",
        "#id_self_harm_thoughts_0",
    ]


def test_it_leaves_trauma_symptoms_unchosen_on_a_form_sent_back_after_no_trauma(post_intake):
    # Were the person to change their trauma answer, the follow-up must not come pre-answered.
    response = post_intake(trauma_history="none", trauma_symptoms="no", email="")

    radios = Page.of(response).find_all("input", type="radio", name=FOLLOW_UP)
    assert radios
    assert not any("checked" in radio.attrs for radio in radios)


# "I'd rather not say"


@pytest.mark.parametrize(
    "code",
    [
        "depression_history",
        "self_harm_thoughts",
        "substance_misuse_recent",
        "mania_psychosis_history",
    ],
)
def test_it_saves_rather_not_say_and_asks_a_clinician_to_review(post_intake, code):
    post_intake(**{code: UNSAID})

    intake = Intake.objects.get()
    assert getattr(intake, code) == UNSAID
    assert intake.flag_clinician_review
    assert not intake.flag_crisis


def test_it_saves_rather_not_say_about_trauma_symptoms_as_possible_symptoms(post_intake):
    post_intake(trauma_history="some", trauma_symptoms=UNSAID, in_therapy="no")

    intake = Intake.objects.get()
    assert intake.recommended_program == "MSC"
    assert intake.flag_therapist_suggested
    assert intake.flag_clinician_review


def test_it_tells_people_what_rather_not_say_means_before_they_choose(form_page):
    safety = form_page.find(id="section-safety").find_next("p", class_="section-intro")

    assert "I'd rather not say" in safety.words
    assert "a clinician will talk with you first" in safety.words


# Hints between the question and its answers


HINTED = [q for q in questionnaire.QUESTIONS if q.hint]


def _hint(html: Page, code: str):
    return html.find(id=f"id_{code}_helptext")


@pytest.mark.parametrize("q", HINTED, ids=lambda q: q.code)
def test_it_gives_each_hint_after_its_question_and_before_its_answers(form_page, q):
    block = question(form_page, q.code)
    hint = _hint(form_page, q.code)
    parts = [
        element
        for element in block.find_all(True)
        if element.name in ("legend", "label", "input", "select") or element is hint
    ]

    assert hint.words == q.hint
    if q.kind in (questionnaire.CONSENT, questionnaire.OPT_IN):
        # A tick box is its own answer: its label says what ticking it means, then the hint.
        assert [p.name for p in parts][:2] == ["input", "label"]
        assert parts[2] is hint
    else:
        assert parts[0].name in ("legend", "label")
        assert parts[1] is hint
        assert parts[2].name in ("input", "select")


@pytest.mark.parametrize("q", HINTED, ids=lambda q: q.code)
def test_it_ties_each_hint_to_its_question_for_screen_readers(form_page, q):
    block = question(form_page, q.code)
    described = block.find("fieldset") or block.find(["input", "select"])

    assert f"id_{q.code}_helptext" in described.attrs["aria-describedby"].split()


def test_it_shows_an_error_before_the_answers_and_ties_it_to_the_question(post_intake):
    html = Page.of(post_intake(shame=None))
    fieldset = question(html, "shame").find("fieldset")
    error = html.find(id="id_shame_error")

    assert "Please choose one answer." in error.words
    assert fieldset.attrs["aria-describedby"].split() == ["id_shame_helptext", "id_shame_error"]
    assert error.find_previous("legend").words == questionnaire.QUESTIONS_BY_CODE["shame"].label
    assert error.find_previous(class_="question__hint") is _hint(html, "shame")
    assert error.find_next("input").attrs["name"] == "shame"


def test_it_asks_each_radio_question_as_a_group_named_by_its_question(form_page):
    for q in questionnaire.QUESTIONS:
        if q.options and len(q.options) <= MAX_RADIOS:
            legend = question(form_page, q.code).find("fieldset").find("legend")
            assert legend.words == q.label, q.code


# Where a person is


def test_it_lists_the_parts_at_the_top_each_a_link_to_its_part(form_page):
    parts = form_page.find("nav", class_="intake-parts")
    links = form_page.find_all("a", within=parts)

    assert [link.words for link in links] == [s.title for s in questionnaire.SECTIONS]
    for link, section in zip(links, questionnaire.SECTIONS, strict=True):
        assert link.attrs["href"] == f"#section-{section.slug}"
        assert form_page.find(id=f"section-{section.slug}").name == "h2"


def test_it_puts_the_list_of_parts_before_the_first_question(form_page):
    parts = form_page.find("nav", class_="intake-parts")

    assert parts.find_next("input", attrs={"name": "first_name"}) is not None
    assert parts.find_previous("input", attrs={"name": "first_name"}) is None


def test_it_shows_the_same_questions_to_the_next_visitor_with_a_form_of_their_own(client):
    # The empty questions are one cached fragment; the form token is each page's own.
    first, second = (Page.of(client.get(reverse("advisor:intake"))) for _ in range(2))

    def questions(html: Page) -> list[str]:
        return [str(part) for part in html.find_all("div", class_="intake-section")]

    def token(html: Page) -> str:
        return html.find("input", name="form_token").attrs["value"]

    assert questions(first) == questions(second)
    assert len(questions(first)) == len(questionnaire.SECTIONS)
    assert token(first) != token(second)
