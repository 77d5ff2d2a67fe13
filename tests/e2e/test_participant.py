"""A participant on a phone: reads about a program, answers, slips, corrects, gets a suggestion."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from advisor import questionnaire
from advisor.models import Intake
from tests.e2e.helpers import (
    MSC_ONLINE,
    PHONE,
    answers,
    complete_intake,
    csp_violations,
    expect_answers_kept,
    fill_intake,
    online_msc_run_at_cmsc,
    question_group,
    radio,
    screenshot,
    submit_intake,
    watch_console,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

CMSC = "Center for Mindful Self-Compassion"


def test_it_takes_a_participant_from_a_program_page_to_a_recommendation(phone):
    online_msc_run_at_cmsc("https://centerformsc.example.org/register")
    console = watch_console(phone)
    given = answers(first_name="Robin", email="robin.private@example.net", **MSC_ONLINE)

    phone.goto(reverse("programs:detail", kwargs={"slug": "msc"}))
    expect(phone.get_by_role("heading", level=1)).to_have_text("Mindful Self-Compassion (MSC)")
    screenshot(phone, "program")
    phone.get_by_role("navigation", name="Main").get_by_role("link", name="Where to start").click()

    expect(phone.get_by_role("heading", level=1)).to_have_text("Find your starting point")
    screenshot(phone, "intake-empty")
    fill_intake(phone, {**given, "email": "robin.private@"}, skip=("primary_goal",))
    submit_intake(phone)

    summary = phone.get_by_role("alert")
    expect(summary.get_by_role("heading")).to_have_text("Please check 2 answers")
    expect(summary.get_by_role("link")).to_have_text(
        ["Your email address", "What would you most like to learn from a course?"]
    )
    screenshot(phone, "intake-errors")
    assert not Intake.objects.exists()
    summary.get_by_role("link", name="What would you most like to learn from a course?").click()
    first_goal = radio(phone, "primary_goal", "focus")
    expect(first_goal).to_be_in_viewport()
    expect(first_goal).to_be_focused()
    expect_answers_kept(phone, {**given, "email": "robin.private@"}, skip=("primary_goal",))

    radio(phone, "primary_goal", "inner_critic").check()
    phone.get_by_label("Your email address").fill(given["email"])
    submit_intake(phone)

    expect(phone.get_by_role("heading", level=1)).to_have_text("Your suggested starting point")
    assert phone.url.endswith(Intake.objects.get().get_absolute_url())
    program_card = phone.get_by_role("region", name="Mindful Self-Compassion (MSC)")
    expect(program_card.get_by_role("heading", level=2)).to_have_text(
        "Mindful Self-Compassion (MSC)"
    )
    reasons = program_card.get_by_role("listitem")
    expect(reasons).to_have_count(3)
    expect(reasons.first).to_contain_text("You said you are often hard on yourself.")
    where = phone.get_by_role("region", name="Where to take MSC")
    card = where.get_by_role("listitem").filter(
        has=phone.get_by_role("heading", name=f"MSC with {CMSC}", exact=True)
    )
    expect(card.get_by_role("link", name="How to sign up")).to_have_attribute(
        "href", "https://centerformsc.example.org/register"
    )
    expect(card.get_by_role("link", name=CMSC, exact=True)).to_have_attribute(
        "href", reverse("providers:detail", kwargs={"slug": "center-for-mindful-self-compassion"})
    )
    screenshot(phone, "recommendation")
    assert Intake.objects.get().recommended_program == "MSC"
    assert not csp_violations(console), console


def test_it_shows_crisis_resources_before_anything_else(phone, desktop):
    complete_intake(phone, answers(self_harm_thoughts="yes"))

    crisis_title = "Please reach out for support now"
    expect(phone.get_by_role("main").get_by_role("heading").first).to_have_text(crisis_title)
    crisis = phone.get_by_role("region", name=crisis_title)
    expect(crisis.get_by_role("heading", name=crisis_title)).to_be_in_viewport()
    expect(crisis.get_by_role("link", name="988", exact=True)).to_have_attribute("href", "tel:988")
    program = phone.get_by_role("region", name="Mindfulness-Based Stress Reduction (MBSR)")
    expect(program).to_be_visible()
    crisis_box, program_box = crisis.bounding_box(), program.bounding_box()
    assert crisis_box and program_box
    assert crisis_box["y"] + crisis_box["height"] <= program_box["y"]
    screenshot(phone, "recommendation-crisis")
    desktop.goto(phone.url)
    expect(desktop.get_by_role("main").get_by_role("heading").first).to_have_text(crisis_title)
    screenshot(desktop, "recommendation-crisis")
    assert Intake.objects.get().flag_crisis


def test_it_deletes_a_participants_answers_and_the_link_stops_working(phone, desktop):
    complete_intake(phone, answers())
    recommendation_url = phone.url

    phone.get_by_role("button", name="Delete my answers").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Delete your answers?")
    screenshot(phone, "delete-confirm")
    desktop.goto(phone.url)
    screenshot(desktop, "delete-confirm")
    assert Intake.objects.count() == 1
    phone.get_by_role("button", name="Yes, delete my answers").click()

    expect(phone.get_by_role("heading", level=1)).to_have_text("Your answers are deleted")
    screenshot(phone, "deleted")
    assert not Intake.objects.exists()
    response = phone.goto(recommendation_url)
    assert response is not None and response.status == 404
    expect(phone.get_by_role("heading", level=1)).to_have_text("We could not find that page")


def test_it_works_without_javascript(open_page):
    phone = open_page(java_script_enabled=False, **PHONE)

    complete_intake(phone, answers(first_name="Sam", **MSC_ONLINE))

    expect(phone.get_by_role("heading", name="Mindful Self-Compassion (MSC)")).to_be_visible()
    assert Intake.objects.get().first_name == "Sam"


# Going Back after sending, and sending again, saves nothing new.


def test_it_takes_a_participant_who_goes_back_and_sends_again_to_the_same_recommendation(phone):
    given = answers(first_name="Robin", **MSC_ONLINE)
    complete_intake(phone, given)
    recommendation_url = phone.url

    phone.go_back()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Find your starting point")
    fill_intake(phone, given)  # over whatever answers the browser kept
    submit_intake(phone)

    expect(phone.get_by_role("heading", level=1)).to_have_text("Your suggested starting point")
    assert phone.url == recommendation_url
    assert Intake.objects.count() == 1


def test_it_asks_about_trauma_symptoms_only_after_a_trauma_answer_without_javascript(open_page):
    phone = open_page(java_script_enabled=False, **PHONE)
    phone.goto(reverse("advisor:intake"))
    question = questionnaire.QUESTIONS_BY_CODE["trauma_symptoms"]
    # Found hidden or not, so that "hidden" cannot mean "not on the page at all".
    symptoms = phone.get_by_role("group", name=question.label, include_hidden=True)
    expect(symptoms).to_have_count(1)
    expect(symptoms).to_be_hidden()

    radio(phone, "trauma_history", "none").check()
    expect(symptoms).to_be_hidden()
    for answer in ("some", "serious", "prefer_not_to_say"):
        radio(phone, "trauma_history", answer).check()
        expect(question_group(phone, question)).to_be_visible()
    screenshot(phone, "intake-trauma-follow-up")
    radio(phone, "trauma_history", "none").check()
    expect(symptoms).to_be_hidden()
