"""What the journeys share: answering the intake as a person would, screenshots, axe, sign-in."""

from __future__ import annotations

import json
from datetime import time, timedelta
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from advisor import questionnaire
from advisor.forms import FOLLOW_UP, FOLLOWS, MAX_RADIOS
from advisor.questionnaire import (
    CONSENT,
    EMAIL,
    NOT_ASKED_AFTER,
    OPT_IN,
    PREFERENCE,
    TEXT,
    Question,
)
from providers.models import Format, Offering, Provider
from providers.schedule import next_weekday
from tests.advisor.intakes import neutral_post
from tests.factories import OfferingFactory, program

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
AXE_REPORTS = ARTIFACTS / "axe"
PASSWORD = "a-long-test-passphrase"
# Typed answers (questionnaire.PHONE, not the phone below, is the phone number question).
TYPED = (TEXT, EMAIL, questionnaire.PHONE)
# Browser context options: a participant's phone, and a desk.
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
PHONE_MAX_WIDTH = 600
BLOCKING_IMPACTS = ("serious", "critical")

# Answers that put MSC first: a harsh inner critic, feeling things deeply, and the goal of
# quieting the critic. Online, so that every provider teaching MSC online matches.
MSC_ONLINE = {
    "self_criticism": "5",
    "high_sensitivity": "4",
    "primary_goal": "inner_critic",
    "region": "midwest",
    "format_preference": "online",
}


def answers(**overrides: str) -> dict[str, str]:
    """A complete valid answer set (tests/advisor/intakes.py's neutral one) with overrides."""
    data = neutral_post()
    del data["form_token"]
    return {**data, **overrides}


# The intake, as a person fills it in


def question_group(page: Page, question: Question) -> Locator:
    """A radio question's fieldset, found by its legend as a screen reader announces it."""
    return page.get_by_role("group", name=question.label)


def option_label(question: Question, value: str) -> str:
    return dict((str(option), label) for option, label in question.options)[value]


def radio(page: Page, code: str, value: str) -> Locator:
    question = questionnaire.QUESTIONS_BY_CODE[code]
    return question_group(page, question).get_by_role(
        "radio", name=option_label(question, value), exact=True
    )


def asked(question: Question, given: dict[str, str]) -> bool:
    """Whether the page asks this question, given the answers before it."""
    return question.code != FOLLOW_UP or given[FOLLOWS] != NOT_ASKED_AFTER


def fill_intake(page: Page, given: dict[str, str], *, skip: tuple[str, ...] = ()) -> None:
    """Answer every question on the open intake page by its label, leaving out `skip`."""
    for question in questionnaire.QUESTIONS:
        if question.code in skip or not asked(question, given):
            continue
        value = given[question.code]
        if question.kind in TYPED:
            page.get_by_label(question.label).fill(value)
        elif question.kind in (CONSENT, OPT_IN):
            page.get_by_label(question.label).set_checked(value == "on")
        elif question.kind == PREFERENCE and not value:
            continue  # optional, left as it is
        elif question.kind == PREFERENCE and len(question.options) > MAX_RADIOS:
            page.get_by_label(question.label).select_option(value)
        else:
            radio(page, question.code, value).check()


def expect_answers_kept(page: Page, given: dict[str, str], *, skip: tuple[str, ...] = ()) -> None:
    """Every answer in `given` (but `skip`) is still filled in or selected on the page."""
    for question in questionnaire.QUESTIONS:
        if question.code in skip or not asked(question, given):
            continue
        value = given[question.code]
        if question.kind in TYPED:
            expect(page.get_by_label(question.label)).to_have_value(value)
        elif question.kind in (CONSENT, OPT_IN):
            expect(page.get_by_label(question.label)).to_be_checked(checked=value == "on")
        elif question.kind == PREFERENCE and len(question.options) > MAX_RADIOS:
            expect(page.get_by_label(question.label)).to_have_value(value)
        elif question.kind == PREFERENCE and not value:
            continue
        else:
            expect(radio(page, question.code, value)).to_be_checked()


def submit_intake(page: Page) -> None:
    page.get_by_role("button", name="Send my answers and see my recommendation").click()


def complete_intake(page: Page, given: dict[str, str]) -> None:
    """Open the intake, answer everything, send it, and land on the recommendation."""
    page.goto(reverse("advisor:intake"))
    fill_intake(page, given)
    submit_intake(page)
    expect(page.get_by_role("heading", name="Your suggested starting point")).to_be_visible()


# Evidence for a reviewer


def screenshot(page: Page, name: str) -> Path:
    """Save the whole page to test-artifacts/screenshots/<name>-<phone|desktop>.png."""
    width = page.viewport_size["width"] if page.viewport_size else 0
    kind = "phone" if width <= PHONE_MAX_WIDTH else "desktop"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}-{kind}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def axe_violations(page: Page, name: str) -> list[dict]:
    """Run axe-core on the page; keep the full report in test-artifacts/axe/<name>.json."""
    results = Axe().run(page)
    violations = results.response["violations"]
    AXE_REPORTS.mkdir(parents=True, exist_ok=True)
    (AXE_REPORTS / f"{name}.json").write_text(json.dumps(violations, indent=2))
    return violations


def describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        targets = [", ".join(node["target"]) for node in violation["nodes"][:3]]
        more = len(violation["nodes"]) - len(targets)
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']}; "
            f"on {'; '.join(targets)}{f' and {more} more' if more > 0 else ''}"
        )
    return "\n".join(lines)


def expect_accessible(page: Page, name: str) -> None:
    """Fail, listing them, on axe violations whose impact is serious or critical."""
    blocking = [v for v in axe_violations(page, name) if v["impact"] in BLOCKING_IMPACTS]
    assert not blocking, f"axe found serious or critical problems on {name}:\n" + describe(blocking)


def watch_console(page: Page) -> list[str]:
    """Collect the page's console errors and uncaught exceptions as they happen."""
    errors: list[str] = []
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    page.on("pageerror", lambda error: errors.append(f"Uncaught: {error}"))
    return errors


def csp_violations(errors: list[str]) -> list[str]:
    return [e for e in errors if "Content Security Policy" in e or "Refused" in e]


# Staff


def sign_in(page: Page, username: str, password: str = PASSWORD) -> None:
    """Sign in through the admin's own login form (the second factor is off in tests)."""
    page.goto(reverse("admin:login"))
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(
        page.get_by_role("link", name="Log out").or_(page.get_by_role("button", name="Log out"))
    ).to_be_visible()


def online_msc_run_at_cmsc(registration_url: str) -> Offering:
    """An online MSC run at the Center for MSC, Wednesdays 7:00 to 9:30 pm New York time,
    starting on the first Wednesday three weeks from now."""
    start = next_weekday(timezone.localdate() + timedelta(days=21), 2)
    return OfferingFactory(
        provider=Provider.objects.get(slug="center-for-mindful-self-compassion"),
        program=program("MSC"),
        start_date=start,
        end_date=start + timedelta(weeks=8),
        starts_at=time(19),
        ends_at=time(21, 30),
        time_zone="America/New_York",
        format=Format.ONLINE,
        location="",
        registration_url=registration_url,
    )
