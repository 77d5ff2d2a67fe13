"""The questionnaire in Spanish at /es/intake/: the same codes, the same recommendation,
and the language it was sent in kept with the intake.

A person may switch language half-way (the header's switch carries the form to the other
language's URL with `switch_language`), come back to a form with errors, or send a set of
answers from one language's page to the other's URL: every answer is kept, and the page's
URL alone says which language the intake was answered in.
"""

from __future__ import annotations

import pytest
from django.core import mail
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from advisor import questionnaire
from advisor.models import Intake
from tests.advisor.answer_sets import any_answers
from tests.advisor.intakes import another_persons_post, neutral_post
from tests.helpers import Page
from tests.hypothesis_examples import examples

pytestmark = pytest.mark.django_db

ENGLISH_FORM = "/intake/"
SPANISH_FORM = "/es/intake/"
# Answers that differ from the neutral ones, to tell a kept answer from a default.
DISTINCT = {
    "first_name": "Lucía",
    "self_criticism": "5",
    "self_regulation": "1",
    "region": "west",
    "format_preference": "online",
    "trauma_history": "some",
    "trauma_symptoms": "prefer_not_to_say",
    "primary_goal": "inner_critic",
    "language": "es",
    "time_zone": "America/Chicago",
    "best_time_to_call": "por la tarde",
}


def answers_shown(page: Page) -> dict[str, str]:
    """What the form shows as answered: ticked radios, chosen options, typed text."""
    shown = {}
    for radio in page.find_all("input", type="radio"):
        if "checked" in radio.attrs:
            shown[radio["name"]] = radio["value"]
    for select in page.find_all("select"):
        chosen = select.find("option", selected=True)
        if chosen is not None and chosen.get("value"):
            shown[select["name"]] = chosen["value"]
    for box in page.find_all("input", type="text") + page.find_all("input", type="email"):
        if box.get("value"):
            shown[box["name"]] = box["value"]
    return shown


def question_label(page: Page, code: str) -> str:
    question = page.find("div", id=f"div_id_{code}")
    legend = question.find("legend") or question.find("label")
    return " ".join(legend.get_text().split())


# The empty form


def test_the_spanish_form_asks_every_question_in_spanish(client):
    page = Page.of(client.get(SPANISH_FORM))

    assert page.find("html")["lang"] == "es"
    for question in questionnaire.QUESTIONS:
        assert question_label(page, question.code) == question.label_es, question.code


def test_the_spanish_form_offers_the_answers_in_spanish_with_the_same_codes(client):
    page = Page.of(client.get(SPANISH_FORM))
    question = questionnaire.QUESTIONS_BY_CODE["depression_history"]

    offered = {
        radio["value"]: page.label_for(radio["id"])
        for radio in page.find_all("input", type="radio")
        if radio["name"] == question.code
    }

    assert offered == dict(question.options_es)


def test_the_english_form_still_reads_in_english_after_a_spanish_one(client):
    # The empty questions are a cached fragment: one per language.
    client.get(SPANISH_FORM)

    page = Page.of(client.get(ENGLISH_FORM))

    assert question_label(page, "region") == "Where do you live?"
    assert page.find("html")["lang"] == "en"


# Sending


@settings(
    max_examples=examples(25),
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(answers=any_answers(), language=st.sampled_from(["", "en", "es", "other"]))
def test_the_same_answers_get_the_same_recommendation_in_either_language(
    client, settings, answers, language
):
    settings.INTAKE_RATE_LIMIT = 1_000_000
    sent = {}
    for url in (ENGLISH_FORM, SPANISH_FORM):
        data = {**another_persons_post(), **answers, "language": language}
        response = client.post(url, data)
        assert response.status_code == 302, url
        sent[url] = Intake.objects.get(form_token=data["form_token"])

    english, spanish = sent[ENGLISH_FORM], sent[SPANISH_FORM]
    assert (english.answered_in, spanish.answered_in) == ("en", "es")
    assert english.answers() == spanish.answers()
    assert spanish.recommendation == english.recommendation
    assert spanish.course_language == english.course_language or language == ""


def test_a_spanish_intake_records_its_language_and_the_spanish_consent(client):
    data = {**neutral_post(), **DISTINCT}

    response = client.post(SPANISH_FORM, data)

    intake = Intake.objects.get()
    assert response.status_code == 302
    assert response["Location"].startswith("/es/recommendation/")
    assert intake.answered_in == "es"
    assert intake.consent_version == f"{questionnaire.CONSENT_VERSION}-es"
    assert intake.consent_text == questionnaire.QUESTIONS_BY_CODE["consent"].label_es


def test_an_english_intake_records_english_and_the_english_consent(client):
    client.post(ENGLISH_FORM, neutral_post())

    intake = Intake.objects.get()
    assert (intake.answered_in, intake.consent_version) == ("en", questionnaire.CONSENT_VERSION)
    assert intake.consent_text == questionnaire.QUESTIONS_BY_CODE["consent"].label


def test_a_spanish_answer_set_sent_to_the_english_address_is_recorded_english(client):
    # Read from the Spanish form, sent to the English URL: the URL says the language.
    token = Page.of(client.get(SPANISH_FORM)).find("input", id="id_form_token")["value"]
    data = {**neutral_post(), **DISTINCT, "form_token": token}

    client.post(ENGLISH_FORM, data)
    intake = Intake.objects.get()
    again = {**data, "form_token": neutral_post()["form_token"], "first_name": "Otra"}
    client.post(SPANISH_FORM, again)
    other = Intake.objects.exclude(pk=intake.pk).get()

    assert (intake.answered_in, other.answered_in) == ("en", "es")
    assert intake.recommendation == other.recommendation


def test_a_spanish_intake_that_left_the_language_question_matches_courses_in_spanish(client):
    client.post(SPANISH_FORM, {**neutral_post(), "language": ""})

    intake = Intake.objects.get()
    assert intake.language == ""
    assert intake.course_language == "es"


# Errors


def test_a_form_sent_back_with_errors_stays_in_spanish_with_every_answer_kept(client):
    data = {**neutral_post(), **DISTINCT, "first_name": "", "consent": ""}

    response = client.post(SPANISH_FORM, data)

    page = Page.of(response)
    assert response.status_code == 200
    assert not Intake.objects.exists()
    assert page.find("html")["lang"] == "es"
    assert page.find("form", id="intake-form")["action"] == SPANISH_FORM
    assert "Por favor, díganos su nombre." in page.find(class_="error-summary").words
    assert question_label(page, "first_name") == "Su nombre"
    shown = answers_shown(page)
    for code, value in DISTINCT.items():
        if code != "first_name":
            assert shown.get(code) == value, code


def test_an_english_form_sent_back_with_errors_stays_english(client):
    response = client.post(ENGLISH_FORM, {**neutral_post(), "first_name": ""})

    page = Page.of(response)
    assert page.find("form", id="intake-form")["action"] == ENGLISH_FORM
    assert "Please tell us your first name." in page.find(class_="error-summary").words


# Switching language half-way


def half_filled() -> dict[str, str]:
    """A form part answered: no consent, no e-mail, a safety question left."""
    data = {**neutral_post(), **DISTINCT}
    for code in ("email", "consent", "mania_psychosis_history"):
        data.pop(code)
    return data


@pytest.mark.parametrize(
    ("to", "lang", "label"),
    [(SPANISH_FORM, "es", "¿Dónde vive?"), (ENGLISH_FORM, "en", "Where do you live?")],
)
def test_the_switch_shows_the_form_in_the_other_language_with_every_answer(client, to, lang, label):
    data = half_filled()

    response = client.post(to, {**data, "switch_language": lang})

    page = Page.of(response)
    assert response.status_code == 200
    assert page.find("html")["lang"] == lang
    assert question_label(page, "region") == label
    shown = answers_shown(page)
    for code, value in DISTINCT.items():
        assert shown.get(code) == value, code
    assert page.find("input", name="form_token")["value"] == data["form_token"]
    assert page.find("form", id="intake-form")["action"] == to


def test_the_switch_shows_no_error_and_saves_nothing(client, settings, mailoutbox):
    settings.INTAKE_NOTIFY_EMAILS = ["clinic@example.org"]

    response = client.post(SPANISH_FORM, {**half_filled(), "switch_language": "es"})

    page = Page.of(response)
    assert page.find(class_="error-summary") is None
    assert page.find(class_="question__error") is None
    assert not Intake.objects.exists()
    assert mailoutbox == [] and mail.outbox == []


def test_the_switch_is_not_counted_against_the_connection(client, settings):
    settings.INTAKE_RATE_LIMIT = 1
    for _ in range(3):
        assert (
            client.post(SPANISH_FORM, {**half_filled(), "switch_language": "es"}).status_code == 200
        )

    response = client.post(SPANISH_FORM, neutral_post())

    assert response.status_code == 302
    assert Intake.objects.get().answered_in == "es"


def test_the_switch_remembers_the_language_chosen(client, settings):
    response = client.post(SPANISH_FORM, {**half_filled(), "switch_language": "es"})

    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"


def test_answers_carried_over_by_the_switch_are_sent_in_the_new_language(client):
    data = {**neutral_post(), **DISTINCT}
    client.post(SPANISH_FORM, {**data, "switch_language": "es"})

    client.post(SPANISH_FORM, data)

    assert Intake.objects.get().answered_in == "es"


def test_a_switch_with_self_harm_said_keeps_the_crisis_help_in_view(client):
    data = {**half_filled(), "self_harm_thoughts": "yes", "switch_language": "es"}

    page = Page.of(client.post(SPANISH_FORM, data))

    assert page.find(class_="crisis-panel") is not None


# Lost your link?


def test_the_lost_link_switch_keeps_the_address_and_sends_nothing(client, mailoutbox, settings):
    settings.LINK_REQUEST_LIMIT = 1
    client.post(ENGLISH_FORM, {**neutral_post(), "email": "ana@example.org"})
    for _ in range(2):
        response = client.post(
            "/es/intake/lost-link/", {"email": "ana@example.org", "switch_language": "es"}
        )
        page = Page.of(response)
        assert response.status_code == 200
        assert page.find("html")["lang"] == "es"
        assert page.find("input", name="email")["value"] == "ana@example.org"
        assert page.find(class_="question__error") is None
    assert mailoutbox == []
    # Not counted: the one request this connection has is still there.
    assert client.post("/es/intake/lost-link/", {"email": "ana@example.org"}).status_code == 302


@settings(
    max_examples=examples(30),
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    typed=st.dictionaries(
        st.sampled_from([q.code for q in questionnaire.QUESTIONS] + ["form_token"]),
        st.text(max_size=300),
    ),
    to=st.sampled_from([ENGLISH_FORM, SPANISH_FORM]),
)
def test_the_switch_never_fails_whatever_was_typed(client, typed, to):
    response = client.post(to, {**typed, "switch_language": "es"})

    assert response.status_code in (200, 400)
    assert not Intake.objects.exists()
