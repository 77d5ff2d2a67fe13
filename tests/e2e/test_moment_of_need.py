"""At the moment of need: crisis help under the question, and answers that survive the phone.

A "Yes" to thoughts of self-harm shows the crisis panel right under the question, before
anything is sent, with and without JavaScript, on a small phone (360 px); "I'd rather not
say" shows the short crisis line. With JavaScript the answers are kept in the tab's
sessionStorage: a reload, or Back from a form that could not be saved, gives them back;
sending them (once saved) or "Clear my answers" forgets them.
"""

from __future__ import annotations

import json

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from advisor import questionnaire
from advisor.models import Intake
from tests.e2e.helpers import (
    MSC_ONLINE,
    PHONE,
    answers,
    csp_violations,
    expect_accessible,
    expect_answers_kept,
    fill_intake,
    radio,
    screenshot,
    submit_intake,
    watch_console,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# A small phone: the narrowest width the form is laid out for.
SMALL_PHONE = {**PHONE, "viewport": {"width": 360, "height": 740}}
HELP_TITLE = "Help you can reach now"
KEY = "mindful-path:intake-answers"
THUMB_PX = 44
OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"


@pytest.fixture(params=[True, False], ids=["javascript", "no-javascript"])
def small_phone(open_page, request) -> Page:
    return open_page(java_script_enabled=request.param, **SMALL_PHONE)


@pytest.fixture
def small_phone_with_js(open_page) -> Page:
    return open_page(**SMALL_PHONE)


def open_intake(page: Page) -> None:
    page.goto(reverse("advisor:intake"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Find your starting point")


def crisis_help(page: Page):
    """The panel under the question, found shown or hidden (so hidden is not merely absent)."""
    return page.locator("#div_id_self_harm_thoughts .crisis-help")


def short_line(page: Page):
    return page.locator("#div_id_self_harm_thoughts .crisis-on-unsaid .crisis-note")


def kept_in_the_tab(page: Page) -> dict | None:
    stored = page.evaluate(f"window.sessionStorage.getItem({json.dumps(KEY)})")
    return None if stored is None else json.loads(stored)


# Help under the question


def test_it_shows_crisis_help_under_the_question_on_a_yes_before_sending(small_phone):
    open_intake(small_phone)
    expect(crisis_help(small_phone)).to_have_count(1)
    expect(crisis_help(small_phone)).to_be_hidden()
    # Hidden from screen readers too, not only from sight.
    expect(small_phone.get_by_role("heading", name=HELP_TITLE)).to_have_count(0)

    radio(small_phone, "self_harm_thoughts", "yes").check()

    panel = small_phone.get_by_role("region", name=HELP_TITLE)
    expect(panel).to_be_visible()
    call = panel.get_by_role("link", name="Call 988")
    text = panel.get_by_role("link", name="Text 988")
    expect(call).to_have_attribute("href", "tel:988")
    expect(text).to_have_attribute("href", "sms:988")
    expect(panel).to_contain_text("Outside the US: call your local emergency number.")
    expect(panel).to_contain_text("You can still send your answers below")
    expect(short_line(small_phone)).to_be_hidden()
    # Right under the answers: below the last one, above the next question.
    last_answer = radio(small_phone, "self_harm_thoughts", "prefer_not_to_say").bounding_box()
    next_question = small_phone.locator("#div_id_substance_misuse_recent").bounding_box()
    panel_box = panel.bounding_box()
    assert last_answer and next_question and panel_box
    assert last_answer["y"] < panel_box["y"] < next_question["y"]
    assert small_phone.evaluate(OVERFLOW) <= 0
    panel.scroll_into_view_if_needed()
    screenshot(small_phone, "intake-crisis-help")
    assert Intake.objects.count() == 0  # nothing was sent for it

    radio(small_phone, "self_harm_thoughts", "no").check()
    expect(crisis_help(small_phone)).to_be_hidden()
    expect(short_line(small_phone)).to_be_hidden()


def test_its_call_and_text_buttons_are_big_enough_for_a_thumb(small_phone):
    open_intake(small_phone)
    radio(small_phone, "self_harm_thoughts", "yes").check()

    panel = small_phone.get_by_role("region", name=HELP_TITLE)
    for name in ("Call 988", "Text 988"):
        box = panel.get_by_role("link", name=name).bounding_box()
        assert box is not None
        assert box["height"] >= THUMB_PX, (name, box)
        assert box["x"] + box["width"] <= SMALL_PHONE["viewport"]["width"], (name, box)


def test_it_shows_the_short_crisis_line_for_rather_not_say(small_phone):
    open_intake(small_phone)

    radio(small_phone, "self_harm_thoughts", "prefer_not_to_say").check()

    line = short_line(small_phone)
    expect(line).to_be_visible()
    expect(line.get_by_role("link", name="988")).to_have_attribute("href", "tel:988")
    expect(crisis_help(small_phone)).to_be_hidden()


def test_it_makes_the_988_in_the_questions_hint_a_link(small_phone):
    open_intake(small_phone)

    hint = small_phone.locator("#id_self_harm_thoughts_helptext")
    expect(hint.get_by_role("link", name="988")).to_have_attribute("href", "tel:988")


def test_it_finds_no_serious_accessibility_problem_with_the_help_shown(small_phone_with_js):
    page = small_phone_with_js
    open_intake(page)
    radio(page, "self_harm_thoughts", "yes").check()
    expect(page.get_by_role("region", name=HELP_TITLE)).to_be_visible()
    expect_accessible(page, "intake-crisis-help")

    radio(page, "self_harm_thoughts", "prefer_not_to_say").check()
    expect(short_line(page)).to_be_visible()
    expect_accessible(page, "intake-crisis-line")


# Where the person is, on a small phone


def test_every_part_fits_a_small_phone_and_shows_how_far_along_it_is(small_phone):
    open_intake(small_phone)
    width = SMALL_PHONE["viewport"]["width"]
    sections = small_phone.locator(".intake-section")
    expect(sections).to_have_count(len(questionnaire.SECTIONS))

    assert small_phone.evaluate(OVERFLOW) <= 0
    filled = []
    for number, section in enumerate(questionnaire.SECTIONS, start=1):
        part = sections.nth(number - 1)
        heading = part.get_by_role("heading", level=2)
        expect(heading).to_contain_text(f"Part {number} of {len(questionnaire.SECTIONS)}")
        expect(heading).to_contain_text(section.title)
        box = part.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= width, (section.slug, box)
        filled.append(
            part.locator(".intake-part").evaluate(
                "el => getComputedStyle(el.closest('.intake-section'))"
                ".getPropertyValue('--part-done').trim()"
            )
        )
    # The bar under each "Part N of 6" fills further part by part, to the whole at the end.
    assert all(filled), filled
    assert filled[-1] == "100%"

    submit_intake(small_phone)  # nothing answered: the form comes back with its errors
    expect(small_phone.get_by_role("alert").get_by_role("heading")).to_contain_text("Please check")
    assert small_phone.evaluate(OVERFLOW) <= 0


# Answers that survive the phone


def test_a_reload_keeps_the_answers(small_phone_with_js):
    page = small_phone_with_js
    given = answers(first_name="Robin", self_harm_thoughts="yes", **MSC_ONLINE)
    console = watch_console(page)
    open_intake(page)
    fill_intake(page, given, skip=("consent",))

    page.reload()

    expect(page.get_by_role("heading", level=1)).to_have_text("Find your starting point")
    expect_answers_kept(page, given, skip=("consent",))
    expect(page.get_by_role("region", name=HELP_TITLE)).to_be_visible()
    kept = kept_in_the_tab(page)
    assert kept and kept["first_name"] == "Robin"
    for token in ("csrfmiddlewaretoken", "form_token", "contact_website"):
        assert token not in kept
    assert page.evaluate("window.localStorage.length") == 0
    assert Intake.objects.count() == 0
    assert not csp_violations(console), console


def test_back_from_a_form_that_could_not_be_saved_keeps_the_answers(small_phone_with_js, settings):
    page = small_phone_with_js
    settings.INTAKE_RATE_LIMIT = 0  # a waiting room's Wi-Fi has used up the hour
    given = answers(first_name="Sam", self_criticism="5", region="west")
    open_intake(page)
    fill_intake(page, given)
    submit_intake(page)
    expect(page.get_by_role("alert").filter(has_text="Your answers were not saved")).to_be_visible()

    page.go_back()

    expect(page.get_by_role("heading", level=1)).to_have_text("Find your starting point")
    expect_answers_kept(page, given)
    assert Intake.objects.count() == 0


def test_nothing_is_left_in_the_tab_once_the_answers_are_saved(small_phone_with_js):
    page = small_phone_with_js
    given = answers(first_name="Robin")
    open_intake(page)
    fill_intake(page, given)
    assert kept_in_the_tab(page)

    submit_intake(page)

    expect(page.get_by_role("heading", name="Your suggested starting point")).to_be_visible()
    # Deferred scripts have run by DOMContentLoaded; the heading can show before that.
    page.wait_for_load_state("domcontentloaded")
    assert Intake.objects.count() == 1
    assert kept_in_the_tab(page) is None
    assert page.evaluate("window.sessionStorage.length") == 0
    assert page.evaluate("window.localStorage.length") == 0
    open_intake(page)
    expect(page.get_by_label(questionnaire.QUESTIONS_BY_CODE["first_name"].label)).to_have_value("")


def test_clear_my_answers_empties_the_form_and_the_tab(small_phone_with_js):
    page = small_phone_with_js
    given = answers(first_name="Robin", self_harm_thoughts="yes", trauma_history="some")
    open_intake(page)
    fill_intake(page, given)
    expect(page.get_by_role("region", name=HELP_TITLE)).to_be_visible()

    page.get_by_role("button", name="Clear my answers").click()

    expect(page.get_by_role("status")).to_have_text(
        "Your answers have been cleared from this page and from this tab."
    )
    name = page.get_by_label(questionnaire.QUESTIONS_BY_CODE["first_name"].label)
    expect(name).to_have_value("")
    expect(page.locator(".intake-form input:checked")).to_have_count(0)
    expect(crisis_help(page)).to_be_hidden()
    assert kept_in_the_tab(page) is None
    expect(page.locator("#id_form_token")).not_to_have_value("")
    page.reload()
    expect(name).to_have_value("")
    expect(page.locator(".intake-form input:checked")).to_have_count(0)


def test_without_javascript_nothing_offers_to_keep_or_clear_answers(open_page):
    page = open_page(java_script_enabled=False, **SMALL_PHONE)
    open_intake(page)

    expect(page.get_by_role("button", name="Clear my answers")).to_have_count(0)
    expect(page.get_by_text("kept in this browser tab")).to_be_hidden()
