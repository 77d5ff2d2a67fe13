"""The intake questionnaire at /intake/: what it asks, what it saves, and what it refuses.

The questions, their validation and saving, and bad input, held to the codebook in
advisor/questionnaire.py.
"""

from __future__ import annotations

import re
import urllib.parse
import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains

from advisor import questionnaire, scoring
from advisor.forms import HONEYPOT
from advisor.models import Intake
from advisor.questionnaire import LIKERT, YES_NO
from tests.clients import FormClient

pytestmark = pytest.mark.django_db

LIKERT_CODES = [q.code for q in questionnaire.QUESTIONS if q.kind == LIKERT]
YES_NO_CODES = [q.code for q in questionnaire.QUESTIONS if q.kind == YES_NO]
SNAPSHOT_KEYS = {
    "first",
    "then",
    "strength",
    "scores",
    "reasons",
    "flags",
    "flag_causes",
    "rules_version",
}

# Answers that differ from the neutral ones, so a test can tell them apart once saved.
CHOSEN = {
    "region": "west",
    "format_preference": "online",
    "self_worth": "5",
    "attention_difficulty": "4",
    "self_criticism": "1",
    "trauma_history": "some",
    "trauma_symptoms": "yes",
    "in_therapy": "yes",
    "depression_history": "past_episode",
    "primary_goal": "focus",
}


@pytest.fixture
def form_page(client):
    return client.get(reverse("advisor:intake"))


def _radios(html, code: str):
    return html.find_all("input", type="radio", name=code)


def _typed(code: str, posted: str) -> int | str:
    """What a posted answer should be once saved: a number, or the codebook value itself."""
    kind = questionnaire.QUESTIONS_BY_CODE[code].kind
    return int(posted) if kind == LIKERT else posted


def _saved_answers(intake: Intake) -> dict[str, object]:
    return {code: getattr(intake, code) for code in questionnaire.ANSWER_CODES}


# What the form asks


def test_it_names_every_form_field_by_its_codebook_code(form_page, page):
    html = page(form_page)

    names = {
        element.attrs["name"]
        for tag in ("input", "select", "textarea")
        for element in html.find_all(tag)
        if element.attrs.get("name") != "csrfmiddlewaretoken"
    }

    # Besides the codebook: the hidden form token, and the honeypot that only bots fill.
    assert names == {q.code for q in questionnaire.QUESTIONS} | {"form_token", HONEYPOT}


@pytest.mark.parametrize("code", LIKERT_CODES)
def test_it_asks_likert_items_as_five_radio_buttons(form_page, page, code):
    radios = _radios(page(form_page), code)

    assert [radio.attrs["value"] for radio in radios] == ["1", "2", "3", "4", "5"]


@pytest.mark.parametrize("code", LIKERT_CODES)
def test_it_labels_each_likert_button_with_its_meaning(form_page, page, code):
    html = page(form_page)

    labels = [html.label_for(radio.attrs["id"]) for radio in _radios(html, code)]

    assert labels == [label for _, label in questionnaire.LIKERT_OPTIONS]


@pytest.mark.parametrize("code", YES_NO_CODES)
def test_it_asks_yes_no_items_as_yes_and_no_radio_buttons(form_page, page, code):
    radios = _radios(page(form_page), code)

    assert [radio.attrs["value"] for radio in radios][:2] == ["yes", "no"]


# The sensitive questions, and only those, offer "I'd rather not say".
SENSITIVE = [
    "trauma_history",
    "trauma_symptoms",
    "depression_history",
    "self_harm_thoughts",
    "substance_misuse_recent",
    "mania_psychosis_history",
]


@pytest.mark.parametrize("code", [q.code for q in questionnaire.QUESTIONS if q.options])
def test_it_offers_rather_not_say_on_the_sensitive_questions_only(form_page, page, code):
    html = page(form_page)

    labels = [html.label_for(radio.attrs["id"]) for radio in _radios(html, code)]

    assert ("I'd rather not say" in labels) == (code in SENSITIVE)
    if code in SENSITIVE:
        assert labels[-1] == "I'd rather not say"


@pytest.mark.parametrize("code", YES_NO_CODES)
def test_it_leaves_yes_no_items_unanswered_until_the_person_answers(form_page, page, code):
    radios = _radios(page(form_page), code)

    assert not any("checked" in radio.attrs for radio in radios)


@pytest.mark.parametrize(
    "number, section",
    [(number, section) for number, section in enumerate(questionnaire.SECTIONS, start=1)],
    ids=[section.slug for section in questionnaire.SECTIONS],
)
def test_it_heads_each_section_with_where_it_stands(form_page, page, number, section):
    headings = [heading.words for heading in page(form_page).find_all("h2")]

    assert f"Part {number} of 6: {section.title}" in headings


def test_it_carries_a_hidden_form_token(form_page, page):
    token = page(form_page).find("input", name="form_token")

    assert token.attrs["type"] == "hidden"
    assert uuid.UUID(token.attrs["value"])


def test_it_tells_browsers_not_to_store_the_form(form_page):
    assert "no-store" in form_page["Cache-Control"]


def test_it_asks_search_engines_not_to_index_the_form(form_page, page):
    robots = page(form_page).find("meta", name="robots")

    assert "noindex" in robots.attrs["content"]
    assert "noindex" in form_page["X-Robots-Tag"]


# A valid answer sheet


def test_it_saves_one_intake_for_a_valid_post(post_intake):
    post_intake()

    assert Intake.objects.count() == 1


def test_it_saves_every_answer_as_a_typed_value(post_intake, valid_post):
    post_intake(**CHOSEN)

    saved = _saved_answers(Intake.objects.get())
    assert saved == {
        code: _typed(code, CHOSEN.get(code, valid_post[code]))
        for code in questionnaire.ANSWER_CODES
    }
    assert (saved["self_worth"], saved["trauma_symptoms"], saved["region"]) == (5, "yes", "west")
    assert {type(value) for code, value in saved.items() if code in LIKERT_CODES} == {int}
    assert {value for code, value in saved.items() if code in YES_NO_CODES} == {"yes", "no"}


def test_it_saves_the_first_name_and_email(post_intake):
    post_intake(first_name="Sam", email="sam@example.com")

    intake = Intake.objects.get()
    assert (intake.first_name, intake.email) == ("Sam", "sam@example.com")


def test_it_saves_a_new_intake_as_new(post_intake):
    post_intake()

    assert Intake.objects.get().status == Intake.Status.NEW


def test_it_saves_when_and_to_which_consent_text_the_person_agreed(post_intake):
    before = timezone.now()

    post_intake()

    intake = Intake.objects.get()
    assert intake.consent_version == questionnaire.CONSENT_VERSION
    assert before <= intake.consented_at <= timezone.now() + timedelta(seconds=1)


def test_it_saves_the_rules_version_the_recommendation_came_from(post_intake):
    post_intake()

    intake = Intake.objects.get()
    assert intake.rules_version == scoring.RULES_VERSION
    assert intake.recommendation["rules_version"] == scoring.RULES_VERSION


def test_it_saves_the_recommendation_in_the_designs_shape(post_intake):
    post_intake()

    assert set(Intake.objects.get().recommendation) == SNAPSHOT_KEYS


def test_it_saves_the_recommendation_the_scoring_gives_for_the_answers(post_intake):
    post_intake(**CHOSEN)

    intake = Intake.objects.get()
    assert intake.recommendation == scoring.recommend(intake.answers()).as_dict()


@pytest.mark.parametrize(
    "answers",
    [
        {},
        {"self_criticism": "5"},
        {"depression_history": "recurrent_in_remission"},
    ],
    ids=["mbsr", "msc", "mbct"],
)
def test_it_saves_the_first_program_as_the_recommended_program(post_intake, answers):
    post_intake(**answers)

    intake = Intake.objects.get()
    assert intake.recommended_program == intake.recommendation["first"]


@pytest.mark.parametrize(
    "answers",
    [
        {},
        {"self_harm_thoughts": "yes"},
        {"depression_history": "current"},
        {"trauma_history": "some", "trauma_symptoms": "yes", "in_therapy": "no"},
        {"self_harm_thoughts": "yes", "trauma_history": "serious"},
    ],
    ids=["no flags", "crisis", "clinician review", "therapist", "crisis and therapist"],
)
def test_it_saves_flags_that_match_the_recommendation(post_intake, answers):
    post_intake(**answers)

    intake = Intake.objects.get()
    flags = set(intake.recommendation["flags"])
    assert intake.flag_crisis == (scoring.CRISIS in flags)
    assert intake.flag_clinician_review == (scoring.CLINICIAN_REVIEW in flags)
    assert intake.flag_therapist_suggested == (scoring.THERAPIST_SUGGESTED in flags)


def test_it_redirects_to_the_recommendation_after_saving(post_intake):
    response = post_intake()

    intake = Intake.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "advisor:recommendation", kwargs={"token": intake.public_token}
    )


def test_it_gives_the_recommendation_an_unguessable_address(post_intake):
    post_intake()

    intake = Intake.objects.get()
    assert intake.public_token != str(intake.pk)
    # 22 URL-safe characters carry 132 bits.
    assert re.fullmatch(r"[A-Za-z0-9_-]{22,}", intake.public_token)


def test_it_gives_each_intake_its_own_address(post_intake):
    post_intake(form_token=str(uuid.uuid4()), first_name="Sam")
    post_intake(form_token=str(uuid.uuid4()), first_name="Alex")

    tokens = set(Intake.objects.values_list("public_token", flat=True))
    assert len(tokens) == 2


# An incomplete or invalid answer sheet


@pytest.fixture
def missing_answer(post_intake):
    """Self-harm left unanswered; other answers chosen so the test can see they were kept."""
    return post_intake(self_harm_thoughts=None, first_name="Sam", **CHOSEN)


def test_it_saves_nothing_when_a_required_answer_is_missing(missing_answer):
    assert missing_answer.status_code == 200
    assert not Intake.objects.exists()


def test_it_shows_an_error_summary_above_the_form(missing_answer):
    content = missing_answer.content.decode()

    assert 'class="error-summary"' in content
    assert content.index('class="error-summary"') < content.index('class="intake-form"')


def test_it_links_the_error_summary_to_the_unanswered_question(missing_answer, page):
    html = page(missing_answer)
    summary = html.find(class_="error-summary")

    hrefs = [link.attrs["href"] for link in html.find_all("a", within=summary)]

    assert hrefs == ["#id_self_harm_thoughts_0"]
    assert html.find("input", id="id_self_harm_thoughts_0") is not None


def test_it_names_the_unanswered_question_in_the_error_summary(missing_answer, page):
    summary = page(missing_answer).find(class_="error-summary")

    assert questionnaire.QUESTIONS_BY_CODE["self_harm_thoughts"].label in summary.words


def test_it_shows_the_message_next_to_the_unanswered_question(missing_answer, page):
    field = page(missing_answer).find(id="div_id_self_harm_thoughts")

    assert "Please choose one answer." in field.words


def test_it_keeps_the_chosen_radio_answers_after_an_error(missing_answer, page):
    html = page(missing_answer)

    for code, value in CHOSEN.items():
        chosen = html.find("input", type="radio", name=code, value=value)
        assert "checked" in chosen.attrs, code


def test_it_keeps_the_neutral_radio_answers_after_an_error(missing_answer, page, valid_post):
    html = page(missing_answer)

    for code in questionnaire.ANSWER_CODES:
        if code in CHOSEN or code == "self_harm_thoughts":
            continue
        chosen = html.find("input", type="radio", name=code, value=valid_post[code])
        assert "checked" in chosen.attrs, code


def test_it_keeps_the_typed_answers_after_an_error(missing_answer, page, valid_post):
    html = page(missing_answer)

    assert html.find("input", name="first_name").attrs["value"] == "Sam"
    assert html.find("input", name="email").attrs["value"] == valid_post["email"]
    assert "checked" in html.find("input", name="consent").attrs


def test_it_keeps_the_form_token_after_an_error(missing_answer, page, valid_post):
    # The corrected post must still count as the same form, or a double submit saves twice.
    token = page(missing_answer).find("input", name="form_token")

    assert token.attrs["value"] == valid_post["form_token"]


BAD_ANSWERS = {
    "likert 0": {"self_worth": "0"},
    "likert 6": {"self_worth": "6"},
    "likert not a number": {"self_worth": "abc"},
    "likert empty": {"shame": ""},
    "choice not in the codebook": {"region": "mars"},
    "yes/no not yes or no": {"in_therapy": "maybe"},
    "consent unticked": {"consent": None},
    "email malformed": {"email": "not-an-email"},
    "email missing": {"email": None},
    "first name missing": {"first_name": ""},
    "first name of 101 characters": {"first_name": "x" * 101},
    "first name of 100 KB": {"first_name": "x" * 100_000},
    "first name with a NUL byte": {"first_name": "Ro\x00bin"},
    "choice with a NUL byte": {"region": "northeast\x00"},
}


@pytest.mark.parametrize("answers", BAD_ANSWERS.values(), ids=BAD_ANSWERS.keys())
def test_it_saves_nothing_for_a_bad_answer(post_intake, answers):
    response = post_intake(**answers)

    assert response.status_code == 200
    assert not Intake.objects.exists()


@pytest.mark.parametrize("answers", BAD_ANSWERS.values(), ids=BAD_ANSWERS.keys())
def test_it_shows_the_form_again_with_an_error_for_a_bad_answer(post_intake, page, answers):
    response = post_intake(**answers)

    (field,) = answers
    summary = page(response).find(class_="error-summary")
    assert summary is not None
    assert questionnaire.QUESTIONS_BY_CODE[field].label in summary.words


def test_it_accepts_a_first_name_of_100_characters(post_intake):
    post_intake(first_name="x" * 100)

    assert Intake.objects.get().first_name == "x" * 100


@pytest.mark.parametrize("field", ["first_name", "region", "self_worth"])
def test_it_saves_nothing_for_bytes_that_are_not_utf_8(client, valid_post, field):
    others = {name: value for name, value in valid_post.items() if name != field}
    body = urllib.parse.urlencode(others).encode() + f"&{field}=".encode() + b"\xff\xfe"

    response = client.post(
        reverse("advisor:intake"), body, content_type="application/x-www-form-urlencoded"
    )

    assert response.status_code < 500
    assert not Intake.objects.exists()


def test_it_says_the_request_was_garbled_for_bytes_that_are_not_utf_8(client, valid_post):
    body = urllib.parse.urlencode(valid_post).encode() + b"&first_name=\xff\xfe"

    response = client.post(
        reverse("advisor:intake"), body, content_type="application/x-www-form-urlencoded"
    )

    assert response.status_code == 400
    assertContains(response, "nothing was saved", status_code=400)


@pytest.mark.parametrize("name", ["%EF%BF%BDna", "A%00na", "An%07a"], ids=["ufffd", "nul", "bell"])
def test_it_refuses_garbled_characters_in_the_name(client, valid_post, name):
    others = {key: value for key, value in valid_post.items() if key != "first_name"}
    body = urllib.parse.urlencode(others) + f"&first_name={name}"

    response = client.post(
        reverse("advisor:intake"), body, content_type="application/x-www-form-urlencoded"
    )

    assert response.status_code == 200
    assert not Intake.objects.exists()
    assertContains(response, "error-summary")


def test_it_saves_nothing_for_an_empty_post(client):
    response = client.post(reverse("advisor:intake"), {})

    assert response.status_code == 200
    assert not Intake.objects.exists()


# The hidden form token


@pytest.mark.parametrize("token", ["not-a-uuid", "", None], ids=["mangled", "empty", "missing"])
def test_it_saves_the_intake_when_the_form_token_is_lost(post_intake, token):
    response = post_intake(form_token=token)

    assert response.status_code == 302
    assert Intake.objects.count() == 1


def test_it_saves_one_intake_for_a_double_submit(post_intake):
    post_intake()
    post_intake()

    assert Intake.objects.count() == 1


def test_it_sends_both_posts_of_a_double_submit_to_the_same_page(post_intake):
    first = post_intake()
    second = post_intake()

    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]


def test_it_saves_one_intake_when_a_corrected_form_is_posted_twice(post_intake):
    post_intake(consent=None)  # the error page keeps the same token
    post_intake()
    post_intake()

    assert Intake.objects.count() == 1


# Requests that are not a person filling in the form


def test_it_refuses_a_post_with_a_wrong_csrf_token(valid_post):
    browser = FormClient(enforce_csrf_checks=True)
    browser.get(reverse("advisor:intake"))  # sets the CSRF cookie

    response = browser.post(
        reverse("advisor:intake"), {**valid_post, "csrfmiddlewaretoken": "x" * 64}
    )

    assert response.status_code == 403
    assert not Intake.objects.exists()


def test_it_refuses_a_post_without_a_csrf_cookie(valid_post):
    browser = FormClient(enforce_csrf_checks=True)

    response = browser.post(reverse("advisor:intake"), valid_post)

    assert response.status_code == 403
    assert not Intake.objects.exists()


@pytest.mark.parametrize("method", ["put", "delete", "patch"])
def test_it_allows_only_get_and_post(client, method):
    response = getattr(client, method)(reverse("advisor:intake"))

    assert response.status_code == 405
