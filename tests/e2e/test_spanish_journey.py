"""A participant in Spanish: from /es/ to a suggestion on a phone, pages axe finds nothing
wrong with, and a half-filled form carried to the other language without losing a thing.

The questions are found by their field names, not their labels: the labels are the
codebook's Spanish, which other tests check word for word.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from advisor import questionnaire
from advisor.forms import MAX_RADIOS
from advisor.models import Intake
from advisor.questionnaire import CONSENT, OPT_IN, PREFERENCE
from tests.advisor.intakes import saved_intake
from tests.e2e.helpers import (
    MSC_ONLINE,
    TYPED,
    answers,
    asked,
    axe_violations,
    describe,
    screenshot,
    watch_console,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SEND = "Enviar mis respuestas y ver mi recomendación"
INTAKE_TITLE = "Encuentre su punto de partida"
SUGGESTION_TITLE = "Su punto de partida sugerido"


def field(page: Page, code: str, value: str | None = None):
    if value is None:
        return page.locator(f'#intake-form [name="{code}"]')
    return page.locator(f'#intake-form input[name="{code}"][value="{value}"]')


def fill_by_name(page: Page, given: dict[str, str], codes=None) -> None:
    for question in questionnaire.QUESTIONS:
        if (codes and question.code not in codes) or not asked(question, given):
            continue
        value = given[question.code]
        if question.kind in TYPED:
            field(page, question.code).fill(value)
        elif question.kind in (CONSENT, OPT_IN):
            field(page, question.code).set_checked(value == "on")
        elif question.kind == PREFERENCE and not value:
            continue
        elif question.kind == PREFERENCE and len(question.options) > MAX_RADIOS:
            field(page, question.code).select_option(value)
        else:
            field(page, question.code, value).check()


def expect_kept(page: Page, given: dict[str, str], codes) -> None:
    for code in codes:
        question = questionnaire.QUESTIONS_BY_CODE[code]
        if question.kind in TYPED:
            expect(field(page, code)).to_have_value(given[code])
        elif question.kind in (CONSENT, OPT_IN):
            expect(field(page, code)).to_be_checked(checked=given[code] == "on")
        else:
            expect(field(page, code, given[code])).to_be_checked()


def test_a_participant_answers_in_spanish_on_a_phone_and_gets_a_spanish_suggestion(phone):
    console = watch_console(phone)
    given = answers(first_name="Lucía", email="lucia.privada@example.net", **MSC_ONLINE)

    phone.goto("/es/")
    expect(phone.locator("html")).to_have_attribute("lang", "es")
    screenshot(phone, "es-home")
    nav = phone.get_by_role("navigation", name="Principal")
    nav.get_by_role("link", name="Por dónde empezar").click()

    expect(phone.get_by_role("heading", level=1)).to_have_text(INTAKE_TITLE)
    assert phone.url.endswith("/es/intake/")
    fill_by_name(phone, given)
    screenshot(phone, "es-intake-filled")
    phone.get_by_role("button", name=SEND).click()

    expect(phone.get_by_role("heading", level=1)).to_have_text(SUGGESTION_TITLE)
    intake = Intake.objects.get()
    assert intake.answered_in == "es"
    assert "/es/recommendation/" in phone.url
    expect(phone.get_by_role("heading", name="Dónde tomar MSC")).to_be_visible()
    expect(phone.get_by_role("button", name="Borrar mis respuestas")).to_be_visible()
    # Nothing wider than the phone: no sideways scrolling to read a Spanish sentence.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(phone, "es-recommendation")
    assert console == []


def _spanish_recommendation(page: Page) -> None:
    intake = saved_intake(**MSC_ONLINE)
    page.goto(f"/es/recommendation/{intake.public_token}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(SUGGESTION_TITLE)


def _open(path: str):
    def open_(page: Page) -> None:
        page.goto(path)
        expect(page.locator("html")).to_have_attribute("lang", "es")

    return open_


SPANISH_PAGES = {
    "es-home": _open("/es/"),
    "es-intake": _open("/es/intake/"),
    "es-recommendation": _spanish_recommendation,
    "es-courses": _open("/es/courses/"),
}


@pytest.mark.parametrize("name", SPANISH_PAGES)
def test_axe_finds_nothing_wrong_with_a_spanish_page(phone, name):
    SPANISH_PAGES[name](phone)

    violations = axe_violations(phone, name)

    assert not violations, f"axe found problems on {name}:\n" + describe(violations)


# What someone has typed and chosen when they notice the page is not in their language.
HALF_FILLED = ("first_name", "region", "format_preference", "self_criticism", "consent")


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_switching_language_half_way_keeps_every_answer(open_page, javascript):
    page = open_page(java_script_enabled=javascript, viewport={"width": 390, "height": 844})
    given = answers(first_name="Lucía", **MSC_ONLINE)

    page.goto("/intake/")
    fill_by_name(page, given, codes=HALF_FILLED)
    page.get_by_role("banner").get_by_role("button", name="Español").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(INTAKE_TITLE)
    assert page.url.endswith("/es/intake/")
    expect_kept(page, given, HALF_FILLED)
    assert not Intake.objects.exists()
    # Back again, still nothing lost, and no error shown for the questions not yet answered.
    page.get_by_role("banner").get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Find your starting point")
    expect_kept(page, given, HALF_FILLED)
    expect(page.locator(".error-summary")).to_have_count(0)
