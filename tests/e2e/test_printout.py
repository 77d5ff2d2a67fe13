"""The recommendation on paper: a Print button, and a printout that starts on its first page.

The printout is Chromium's own: `page.pdf()` lays the page out
with its print stylesheet, as the browser's Print command does, and pypdf reads it back.
Paper is US Letter, the clinic's, and the shorter of Letter and A4.
"""

from __future__ import annotations

import io
import unicodedata
from datetime import time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import formats, timezone
from playwright.sync_api import Page, expect
from pypdf import PageObject, PdfReader

from advisor.models import Intake
from config.clinic.models import ClinicProfile
from providers.models import Format, Provider
from providers.schedule import next_weekday
from tests.advisor.intakes import saved_intake
from tests.e2e.helpers import MSC_ONLINE, PHONE, csp_violations, watch_console
from tests.factories import OfferingFactory, program

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PRINT_BUTTON = "Print this page"
NO_SCRIPT_LINE = "use your browser's Print command"
# Window.print, replaced before the page's own script runs: it counts instead of printing.
COUNT_PRINTS = "window.print = () => { window.printCalls = (window.printCalls || 0) + 1; };"
# What a person can only click: none of it belongs on paper.
SCREEN_ONLY = (
    "Skip to main content",
    "Where to start",
    "Find a course",
    "Privacy",
    PRINT_BUTTON,
    NO_SCRIPT_LINE,
    "Keep a copy",
    "Delete my answers",
    "Read more about",
    "Add to my calendar",
)
# Someone with thoughts of self-harm, serious trauma, shame and a harsh inner critic: the
# crisis panel first, then MSC with seven reasons and a therapist suggested.
IN_CRISIS_WITH_MUCH_TO_SAY = {
    **MSC_ONLINE,
    "self_harm_thoughts": "yes",
    "high_sensitivity": "5",
    "shame": "5",
    "reactivity": "5",
    "self_regulation": "1",
    "trauma_history": "serious",
    "trauma_symptoms": "yes",
    "compassion_arises": "no",
    "in_therapy": "no",
}
# Three online MSC courses from three organisations, a week apart.
COURSE_PROVIDERS = (
    "center-for-mindful-self-compassion",
    "ucsd-center-for-mindfulness",
    "midwest-alliance-for-mindfulness",
)
# How many Letter pages each printout may take, from what is on it. The suggestion (its
# heading, three reasons, what MSC involves), the note that MSC is not therapy and the
# next step fill about two thirds of a page; each course card about a fifth; the four
# organisations that teach MSC online a few lines: two pages (measured: 94% and 59% full).
# The crisis panel adds a third of a page, four more reasons and the therapist note most
# of another: three (measured: 95%, 78% and 42% full).
MAX_PAGES = 2
MAX_PAGES_WITH_CRISIS_PANEL = 3
# "Half blank" made precise: every page but the last is filled at least two thirds of the
# way down. Only small things are kept whole (a course card is about a fifth of a page),
# so that is all a page may leave empty at its foot.
PAGE_FILLED = 2 / 3


@pytest.fixture
def courses() -> list[str]:
    """Three upcoming online MSC runs; their sign-up addresses."""
    start = next_weekday(timezone.localdate() + timedelta(days=21), 2)
    addresses = []
    for weeks, slug in enumerate(COURSE_PROVIDERS):
        provider = Provider.objects.get(slug=slug)
        run = OfferingFactory(
            provider=provider,
            program=program("MSC"),
            start_date=start + timedelta(weeks=weeks),
            end_date=start + timedelta(weeks=weeks + 8),
            starts_at=time(19),
            ends_at=time(21, 30),
            time_zone="America/New_York",
            format=Format.ONLINE,
            location="",
            registration_url=f"{provider.website.rstrip('/')}/register",
        )
        addresses.append(run.registration_url)
    return addresses


def squashed(text: str) -> str:
    """Text without its spaces and line breaks, ligatures spelled out: where a printed line
    wraps is the browser's business, not the test's."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def printout(page: Page) -> list[PageObject]:
    return list(PdfReader(io.BytesIO(page.pdf(format="Letter"))).pages)


def text_of(pages: list[PageObject]) -> str:
    return squashed(" ".join(sheet.extract_text() for sheet in pages))


def filled(sheet: PageObject) -> float:
    """How far down the sheet its lowest line of text sits, as a share of its height."""
    height = float(sheet.mediabox.height)
    lowest = height

    def visit(text, cm, tm, font, size) -> None:
        nonlocal lowest
        if text.strip():
            lowest = min(lowest, tm[4] * cm[1] + tm[5] * cm[3] + cm[5])

    sheet.extract_text(visitor_text=visit)
    return 1 - lowest / height


def today_where(intake: Intake) -> str:
    zone = ZoneInfo(intake.viewer_time_zone)
    return formats.date_format(timezone.localtime(timezone=zone), "j M Y")


def expect_a_full_first_page(page: Page, intake: Intake, *, max_pages: int) -> str:
    """Print the open page; check its first sheet and its length; return all its text."""
    printed_on = {today_where(intake)}
    sheets = printout(page)
    printed_on.add(today_where(intake))  # either day, should midnight fall in between

    assert 1 <= len(sheets) <= max_pages, f"{len(sheets)} pages"
    first = text_of(sheets[:1])
    clinic = ClinicProfile.objects.get(pk=1)
    assert squashed("Your suggested starting point") in first
    assert squashed(clinic.name) in first
    assert squashed(clinic.phone.as_national) in first
    assert any(squashed(f"Printed {day}") in first for day in printed_on), first
    reasons = [r["text"] for r in intake.recommendation["reasons"] if r["program"] == "MSC"]
    assert squashed(reasons[0]) in first
    fill = [f"{filled(sheet):.0%}" for sheet in sheets]
    assert all(filled(sheet) >= PAGE_FILLED for sheet in sheets[:-1]), f"pages filled: {fill}"
    return text_of(sheets)


def test_it_prints_from_the_button_and_by_keyboard(open_page):
    intake = saved_intake(**MSC_ONLINE)
    phone = open_page(**PHONE)
    phone.add_init_script(COUNT_PRINTS)
    console = watch_console(phone)

    phone.goto(intake.get_absolute_url())
    button = phone.get_by_role("button", name=PRINT_BUTTON)
    button.click()
    button.focus()
    phone.keyboard.press("Enter")

    assert phone.evaluate("window.printCalls") == 2
    expect(phone.get_by_text(NO_SCRIPT_LINE)).to_be_hidden()
    assert not csp_violations(console), console


def test_it_tells_people_without_javascript_to_use_their_browsers_print_command(open_page):
    intake = saved_intake(**MSC_ONLINE)
    phone = open_page(java_script_enabled=False, **PHONE)

    phone.goto(intake.get_absolute_url())

    expect(phone.get_by_text(NO_SCRIPT_LINE)).to_be_visible()
    button = phone.locator("button", has_text=PRINT_BUTTON)
    expect(button).to_have_count(1)
    expect(button).to_be_hidden()


def test_it_prints_a_suggestion_with_three_courses_on_two_pages(desktop, courses):
    intake = saved_intake(**MSC_ONLINE)
    desktop.goto(intake.get_absolute_url())

    text = expect_a_full_first_page(desktop, intake, max_pages=MAX_PAGES)

    for address in courses:
        assert squashed(f"How to sign up ({address})") in text
    for provider in Provider.objects.filter(slug__in=COURSE_PROVIDERS):
        assert squashed(f"{provider.name} ({provider.website})") in text
    for words in SCREEN_ONLY:
        assert squashed(words) not in text, f"{words!r} is on paper"


def test_it_prints_the_crisis_panel_and_the_suggestion_from_the_first_page(desktop, courses):
    # The printout whose first page came out half blank: after the crisis panel, a
    # suggestion with many reasons did not fit, and was moved whole to the second page.
    intake = saved_intake(**IN_CRISIS_WITH_MUCH_TO_SAY)
    desktop.goto(intake.get_absolute_url())

    text = expect_a_full_first_page(desktop, intake, max_pages=MAX_PAGES_WITH_CRISIS_PANEL)

    assert squashed("Please reach out for support now") in text
    assert squashed("call or text 988") in text
    for words in SCREEN_ONLY:
        assert squashed(words) not in text, f"{words!r} is on paper"
