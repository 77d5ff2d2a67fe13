"""Clinicians work in English and see both: an intake answered in Spanish is read in
English, beside the questions and answers as the participant read them.

The list, its filter and the CSV say which language each intake was answered in, so that
a clinician who speaks Spanish can take the Spanish ones.
"""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from advisor import questionnaire
from advisor.models import Intake
from tests.advisor.admin.helpers import change_url, changelist_url
from tests.helpers import Page

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_chen(client, clinician):
    client.force_login(clinician)
    return clinician


@pytest.fixture
def lucia(make_intake) -> Intake:
    return make_intake(
        first_name="Lucía", answered_in="es", trauma_history="prefer_not_to_say", shame="5"
    )


@pytest.fixture
def robin(make_intake) -> Intake:
    return make_intake(first_name="Robin")


def _page(client, intake: Intake) -> Page:
    response = client.get(change_url(intake))
    assert response.status_code == 200
    return Page.of(response)


def _field(page: Page, name: str):
    row = page.find("div", class_=f"field-{name}")
    assert row is not None, name
    return row


def _answer_row(page: Page, english_label: str):
    box = _field(page, "answers_by_section")
    for heading in page.find_all("th", within=box):
        if heading.words == english_label:
            return heading.parent
    raise AssertionError(f"No row for {english_label!r}")


# The intake page


def test_a_spanish_intake_shows_each_answer_in_english_and_as_read_in_spanish(
    as_chen, client, lucia
):
    page = _page(client, lucia)
    question = questionnaire.QUESTIONS_BY_CODE["trauma_history"]

    row = _answer_row(page, question.label).words

    assert "I'd rather not say" in row
    assert question.label_es in row
    assert "Prefiero no decirlo" in row


def test_a_spanish_intake_heads_each_section_in_both_languages(as_chen, client, lucia):
    box = _field(_page(client, lucia), "answers_by_section")

    headings = [heading.words for heading in box.find_all("h3")]

    assert "Feelings and your history (Sus emociones y su historia)" in headings


def test_an_english_intake_shows_no_second_language(as_chen, client, robin):
    page = _page(client, robin)
    question = questionnaire.QUESTIONS_BY_CODE["trauma_history"]

    assert question.label_es not in _field(page, "answers_by_section").words
    assert _field(page, "language_answered").words.endswith("English")


def test_the_page_says_the_intake_was_answered_in_spanish(as_chen, client, lucia):
    assert "Spanish" in _field(_page(client, lucia), "language_answered").words


def test_the_page_shows_the_exact_spanish_consent_ticked_and_its_version(as_chen, client, lucia):
    consent = _field(_page(client, lucia), "consent").words

    assert questionnaire.consent_text(f"{questionnaire.CONSENT_VERSION}-es") in consent
    assert f"version {questionnaire.CONSENT_VERSION}-es" in consent
    # And the same version's English, for a clinician who reads no Spanish.
    assert questionnaire.consent_text(questionnaire.CONSENT_VERSION) in consent


def test_an_english_intake_shows_its_english_consent(as_chen, client, robin):
    consent = _field(_page(client, robin), "consent").words

    assert questionnaire.consent_text(questionnaire.CONSENT_VERSION) in consent
    assert "Spanish" not in consent


def test_the_preview_shows_the_participants_page_in_their_language(as_chen, client, lucia):
    response = client.get(reverse("admin:advisor_intake_preview", args=[lucia.pk]))

    assert response.status_code == 200
    assert Page.of(response).find("html")["lang"] == "es"


# The list


def _names(response) -> list[str]:
    page = Page.of(response)
    return [cell.words for cell in page.find_all("th", class_="field-first_name")]


def test_the_list_has_a_language_column(as_chen, client, lucia, robin):
    page = Page.of(client.get(changelist_url()))

    languages = {
        row.find("th", class_="field-first_name").words: row.find(
            "td", class_="field-answered_in_column"
        ).words
        for row in page.find_all("tr")
        if row.find("th", class_="field-first_name")
    }

    assert languages == {"Lucía": "Spanish", "Robin": "English"}


@pytest.mark.parametrize(("code", "names"), [("es", ["Lucía"]), ("en", ["Robin"])])
def test_the_list_filters_by_the_language_answered_in(as_chen, client, lucia, robin, code, names):
    response = client.get(changelist_url(), {"answered_in__exact": code})

    assert _names(response) == names


def test_the_filter_is_offered_by_name(as_chen, client, lucia):
    filters = Page.of(client.get(changelist_url())).find(id="changelist-filter").words

    assert "By language answered in" in filters and "Spanish" in filters


# The CSV


@pytest.mark.parametrize(
    ("action", "spanish", "english"),
    [("export_csv", "es", "en"), ("export_csv_in_words", "Spanish", "English")],
)
def test_the_csv_says_the_language_answered_in(
    as_chen, client, lucia, robin, run_action, action, spanish, english
):
    response = run_action(action, [lucia, robin])

    rows = csv.DictReader(io.StringIO(response.content.decode("utf-8")))
    assert {row["first_name"]: row["answered_in"] for row in rows} == {
        "Lucía": spanish,
        "Robin": english,
    }
