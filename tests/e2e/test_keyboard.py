"""The whole intake with the keyboard alone: no clicks from the home page to the recommendation."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import Locator, Page, expect

from advisor import questionnaire
from advisor.forms import MAX_RADIOS
from advisor.models import Intake
from advisor.questionnaire import CONSENT, PREFERENCE
from tests.e2e.helpers import MSC_ONLINE, answers, asked, radio, screenshot

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# The focused element's focus ring, once any transition has finished.
FOCUS_RING = """async () => {
    const element = document.activeElement;
    await Promise.all(element.getAnimations().map(animation => animation.finished));
    const style = getComputedStyle(element);
    return {outline: style.outlineStyle, shadow: style.boxShadow};
}"""
NO_SHADOW = ("none", "rgba(0, 0, 0, 0) 0px 0px 0px 0px")


def tab_to(page: Page, target: Locator, *, most: int = 8) -> None:
    """Press Tab until `target` has focus, as a person would, failing after `most` presses."""
    for _ in range(most):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"{most} presses of Tab never reached {target}")


def focus_ring(page: Page) -> dict[str, str]:
    return page.evaluate(FOCUS_RING)


def expect_focus_visible(page: Page) -> None:
    ring = focus_ring(page)
    assert ring["outline"] != "none" or ring["shadow"] not in NO_SHADOW, ring


def test_it_lets_a_participant_answer_everything_with_the_keyboard_alone(desktop):
    # Some trauma, so that the question that follows it is asked too.
    given = answers(first_name="Robin", trauma_history="some", trauma_symptoms="no", **MSC_ONLINE)
    keys = desktop.keyboard
    desktop.goto(reverse("home"))
    screenshot(desktop, "home")

    keys.press("Tab")
    skip_link = desktop.get_by_role("link", name="Skip to main content")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()
    assert focus_ring(desktop)["outline"] != "none"
    keys.press("Enter")
    start = desktop.get_by_role("main").get_by_role("link", name="Find your starting point")
    tab_to(desktop, start)
    keys.press("Enter")

    expect(desktop.get_by_role("heading", level=1)).to_have_text("Find your starting point")
    screenshot(desktop, "intake-empty")
    keys.press("Tab")
    expect(skip_link).to_be_focused()
    keys.press("Enter")

    name = desktop.get_by_label("Your first name")
    # Past whatever links the introduction and the list of parts hold, to the first question.
    tab_to(desktop, name, most=12)
    keys.type("Robn")
    expect_focus_visible(desktop)
    # The form asks in the codebook's order: the first name first, then all the rest.
    for question in questionnaire.QUESTIONS[1:]:
        if not asked(question, given):
            continue
        keys.press("Tab")
        value = given[question.code]
        if question.code == "self_harm_thoughts":
            # Its hint gives 988 as a link: one stop on the way to the answers.
            hint = desktop.locator("#id_self_harm_thoughts_helptext")
            expect(hint.get_by_role("link", name="988")).to_be_focused()
            keys.press("Tab")
        if question.code == "email":
            # Back to the name with Shift+Tab to put right a slip, then on again.
            keys.press("Shift+Tab")
            expect(name).to_be_focused()
            keys.press("ControlOrMeta+a")
            keys.type(given["first_name"])
            keys.press("Tab")
            field = desktop.get_by_label(question.label)
            expect(field).to_be_focused()
            keys.type(value)
        elif question.kind == CONSENT:
            field = desktop.get_by_label(question.label)
            expect(field).to_be_focused()
            keys.press("Space")
            expect(field).to_be_checked()
        elif not question.required and question.kind != PREFERENCE:
            # An optional box (a phone number, a tick for the link by email): left empty.
            expect(desktop.get_by_label(question.label)).to_be_focused()
        elif question.kind == PREFERENCE and len(question.options) > MAX_RADIOS:
            # A drop-down takes the focus whole; left as it is, it goes by the region.
            expect(desktop.get_by_label(question.label)).to_be_focused()
        elif question.kind == PREFERENCE:
            # An optional group: Space chooses the focused first option.
            first = str(question.options[0][0])
            expect(radio(desktop, question.code, first)).to_be_focused()
            keys.press("Space")
            expect(radio(desktop, question.code, first)).to_be_checked()
        else:
            # Tab lands on a group's first option; the arrow keys move and choose.
            values = [str(option) for option, _ in question.options]
            expect(radio(desktop, question.code, values[0])).to_be_focused()
            position = values.index(value)
            if position == 0:
                keys.press("Space")
            for _ in range(position):
                keys.press("ArrowDown")
            expect(radio(desktop, question.code, value)).to_be_checked()
        expect_focus_visible(desktop)

    send = desktop.get_by_role("button", name="Send my answers and see my recommendation")
    tab_to(desktop, send, most=3)
    expect_focus_visible(desktop)
    keys.press("Enter")

    expect(desktop.get_by_role("heading", level=1)).to_have_text("Your suggested starting point")
    expect(desktop.get_by_role("heading", name="Mindful Self-Compassion (MSC)")).to_be_visible()
    screenshot(desktop, "recommendation")
    intake = Intake.objects.get()
    assert (intake.first_name, intake.email) == ("Robin", given["email"])
    assert intake.recommended_program == "MSC"
