"""After the recommendation, in a browser on a phone (375 px): "I signed up" and the check-in.

axe-core finds no serious or critical problem on the check-in, the page its answers lead
to (with the second step's courses, and with crisis help), the stop page, and the
recommendation page with its sign-up section, before and after signing up. "I've signed
up for this one" works by keyboard alone with no JavaScript, and on the check-in the
crisis help shows under the self-harm question the moment "Yes" is chosen, by CSS alone.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from advisor import checkin_questions
from advisor.follow_up import checkins_sweep, signup_record
from advisor.models import CheckIn, SignUp
from providers.models import Format, Offering
from tests.advisor.intakes import saved_intake
from tests.e2e.helpers import PHONE, expect_accessible, screenshot
from tests.factories import OfferingFactory, ProviderFactory, program

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

NARROW_PHONE = {**PHONE, "viewport": {"width": 375, "height": 812}}
OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"
HELP_TITLE = "Help you can reach now"
CRISIS_TITLE = "Please reach out for support now"
ANSWERS = {
    "started": "yes",
    "program": "MBSR",
    "finished": "yes",
    "helpful": "4",
    "wants_next": "yes",
    "self_harm_thoughts": "no",
}


@pytest.fixture(params=[True, False], ids=["javascript", "no-javascript"])
def narrow_phone(open_page, request) -> Page:
    return open_page(java_script_enabled=request.param, **NARROW_PHONE)


@pytest.fixture
def phone_without_javascript(open_page) -> Page:
    return open_page(java_script_enabled=False, **NARROW_PHONE)


def mbsr_run() -> Offering:
    """An upcoming MBSR run near a neutral intake: north-east, in person."""
    return OfferingFactory(provider=ProviderFactory(name="Harbor Light Mindfulness"))


def online_msc_run() -> Offering:
    return OfferingFactory(
        program=program("MSC"),
        provider=ProviderFactory(name="Open Heart Online", offers_online=True),
        format=Format.ONLINE,
        location="",
    )


def invited_checkin(**answers: str) -> CheckIn:
    """A check-in whose invitation is made: its link opens its page."""
    intake = saved_intake(checkin_opt_in="on", **answers)
    checkins_sweep(now=timezone.now() + timedelta(weeks=52))
    return CheckIn.objects.get(intake=intake)


def checkin_url(checkin: CheckIn) -> str:
    return reverse("advisor:checkin", kwargs={"token": checkin.token})


def radio(page: Page, code: str, value: str) -> Locator:
    """A check-in answer, found by its question and its label as a screen reader names them."""
    question = checkin_questions.QUESTIONS_BY_CODE[code]
    label = dict((str(option), words) for option, words in question.options)[value]
    return page.get_by_role("group", name=question.label).get_by_role(
        "radio", name=label, exact=True
    )


def answer_checkin(page: Page, answers: dict[str, str]) -> None:
    for code, value in answers.items():
        radio(page, code, value).check()
    page.get_by_role("button", name="Send my answers").click()


def crisis_help(page: Page) -> Locator:
    """The help under the question, found shown or hidden (so hidden is not merely absent)."""
    return page.locator("#div_id_self_harm_thoughts .crisis-help")


def fits_the_phone(page: Page) -> None:
    assert page.evaluate(OVERFLOW) <= 0, "the page is wider than the phone"


# axe, on each page


def _checkin(page: Page) -> None:
    page.goto(checkin_url(invited_checkin()))
    expect(page.get_by_role("heading", level=1)).to_have_text("How did your course go?")


def _checkin_with_errors(page: Page) -> None:
    page.goto(checkin_url(invited_checkin()))
    radio(page, "self_harm_thoughts", "yes").check()
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_role("alert").get_by_role("heading")).to_contain_text("Please check")
    expect(page.get_by_role("heading", level=1)).to_have_text(CRISIS_TITLE)


def _answered_with_second_step(page: Page) -> None:
    online_msc_run()
    page.goto(checkin_url(invited_checkin()))
    answer_checkin(page, ANSWERS)
    step = page.get_by_role("region", name="Your next step: Mindful Self-Compassion (MSC)")
    expect(step).to_be_visible()
    expect(page.get_by_role("link", name="How to sign up")).not_to_have_count(0)


def _answered_with_crisis_help(page: Page) -> None:
    page.goto(checkin_url(invited_checkin()))
    answer_checkin(page, {**ANSWERS, "wants_next": "no", "self_harm_thoughts": "yes"})
    expect(page.get_by_role("heading", level=1)).to_have_text(CRISIS_TITLE)


def _stop(page: Page) -> None:
    page.goto(reverse("advisor:checkin_stop", kwargs={"token": invited_checkin().token}))
    expect(page.get_by_role("button", name="Stop the emails")).to_be_visible()


def _stopped(page: Page) -> None:
    _stop(page)
    page.get_by_role("button", name="Stop the emails").click()
    expect(page.get_by_role("status")).to_contain_text("Done")


def _recommendation_before_signing_up(page: Page) -> None:
    run = mbsr_run()
    page.goto(saved_intake(checkin_opt_in="on").get_absolute_url())
    expect(page.locator(f'button[name="offering"][value="{run.pk}"]')).to_be_visible()
    expect(page.get_by_role("heading", name="Signed up for a course?")).to_be_visible()


def _recommendation_signed_up(page: Page) -> None:
    run = mbsr_run()
    intake = saved_intake(checkin_opt_in="on")
    signup_record(intake=intake, offering_id=str(run.pk))
    page.goto(intake.get_absolute_url())
    expect(page.get_by_role("button", name="Undo: I have not signed up")).to_be_visible()


PAGES: dict[str, Callable[[Page], None]] = {
    "checkin": _checkin,
    "checkin-errors-crisis": _checkin_with_errors,
    "checkin-answered-second-step": _answered_with_second_step,
    "checkin-answered-crisis": _answered_with_crisis_help,
    "checkin-stop": _stop,
    "checkin-stopped": _stopped,
    "recommendation-sign-up": _recommendation_before_signing_up,
    "recommendation-signed-up": _recommendation_signed_up,
}


@pytest.mark.parametrize("name", PAGES)
def test_it_finds_no_serious_accessibility_problem_on_a_follow_up_page(open_page, name):
    page = open_page(**NARROW_PHONE)

    PAGES[name](page)

    screenshot(page, name)
    fits_the_phone(page)
    expect_accessible(page, name)


# "I've signed up for this one", by keyboard, without JavaScript


def tab_to(page: Page, target: Locator, *, most: int) -> None:
    """Press Tab until `target` has focus, as a person would, failing after `most` presses."""
    for _ in range(most):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"{most} presses of Tab never reached {target}")


def test_the_sign_up_button_works_by_keyboard_without_javascript(phone_without_javascript):
    page = phone_without_javascript
    run = mbsr_run()
    intake = saved_intake(checkin_opt_in="on")
    page.goto(intake.get_absolute_url())
    card = page.locator("li.offering").filter(has_text="Harbor Light Mindfulness")
    button = card.get_by_role("button", name="I've signed up for this one")
    # From the card's own first link (its provider), on through the card by Tab alone.
    card.get_by_role("link", name="Harbor Light Mindfulness", exact=True).focus()
    tab_to(page, button, most=4)

    page.keyboard.press("Enter")

    status = page.locator(".signed-up__now")
    expect(status).to_contain_text("MBSR with Harbor Light Mindfulness")
    assert page.url.endswith(intake.get_absolute_url() + "#signed-up")
    assert SignUp.objects.get(intake=intake).offering_id == run.pk
    screenshot(page, "recommendation-signed-up-by-keyboard")

    # And back, with the space bar this time.
    undo = page.get_by_role("button", name="Undo: I have not signed up")
    undo.focus()
    page.keyboard.press("Space")
    expect(page.locator(".signed-up__now")).to_have_count(0)
    assert not SignUp.objects.filter(intake=intake).exists()


def test_another_course_is_chosen_by_keyboard_without_javascript(phone_without_javascript):
    page = phone_without_javascript
    intake = saved_intake()
    page.goto(intake.get_absolute_url())
    menu = page.get_by_label("Signed up for a course that is not listed here? Which program is it?")
    menu.focus()
    menu.select_option("MSC")

    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="I signed up for another course")).to_be_focused()
    page.keyboard.press("Enter")

    expect(page.locator(".signed-up__now")).to_contain_text("MSC")
    assert SignUp.objects.get(intake=intake).program == "MSC"


# Crisis help under the check-in's self-harm question, by CSS alone


def test_it_shows_crisis_help_under_the_question_on_a_yes(narrow_phone):
    page = narrow_phone
    page.goto(checkin_url(invited_checkin()))
    expect(crisis_help(page)).to_have_count(1)
    expect(crisis_help(page)).to_be_hidden()
    expect(page.get_by_role("heading", name=HELP_TITLE)).to_have_count(0)

    radio(page, "self_harm_thoughts", "yes").check()

    panel = page.get_by_role("region", name=HELP_TITLE)
    expect(panel).to_be_visible()
    expect(panel.get_by_role("link", name="Call 988")).to_have_attribute("href", "tel:988")
    expect(panel.get_by_role("link", name="Text 988")).to_have_attribute("href", "sms:988")
    # Right under the answers, before the form's button.
    last_answer = radio(page, "self_harm_thoughts", "no").bounding_box()
    send = page.get_by_role("button", name="Send my answers").bounding_box()
    box = panel.bounding_box()
    assert last_answer and send and box
    assert last_answer["y"] < box["y"] < send["y"]
    fits_the_phone(page)
    panel.scroll_into_view_if_needed()
    screenshot(page, "checkin-crisis-help")

    radio(page, "self_harm_thoughts", "no").check()
    expect(crisis_help(page)).to_be_hidden()


def test_the_questions_about_the_course_wait_for_a_yes_to_starting_one(narrow_phone):
    page = narrow_phone
    page.goto(checkin_url(invited_checkin()))
    program_question = page.get_by_role(
        "group", name=checkin_questions.QUESTIONS_BY_CODE["program"].label
    )
    expect(program_question).to_be_hidden()

    radio(page, "started", "yes").check()
    expect(program_question).to_be_visible()

    radio(page, "started", "no").check()
    expect(program_question).to_be_hidden()


def test_answering_on_the_phone_leads_to_the_second_step_and_its_courses(narrow_phone):
    page = narrow_phone
    run = online_msc_run()
    checkin = invited_checkin()
    page.goto(checkin_url(checkin))

    answer_checkin(page, ANSWERS)

    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you for telling us")
    expect(
        page.get_by_role("region", name="Your next step: Mindful Self-Compassion (MSC)")
    ).to_be_visible()
    expect(page.locator(f'a[href="{run.registration_url}"]')).not_to_have_count(0)
    assert CheckIn.objects.get(pk=checkin.pk).answered_at is not None
    fits_the_phone(page)
