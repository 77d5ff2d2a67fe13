"""Help on the intake form itself, before anything is sent, and answers kept in the tab.

Under the self-harm question the page carries the crisis panel (shown by CSS after a
"Yes": tests/e2e/test_moment_of_need.py checks what a browser shows) and the short crisis
line for "I'd rather not say"; the question's hint gives 988 as a link. The same panel
leads the recommendation page and the form sent back unsaved. The form loads the script
that keeps answers in sessionStorage, and the saved recommendation page tells it to
forget them.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import reverse

from advisor import questionnaire
from config.clinic.models import ClinicProfile
from tests.clinic_record import our_clinic_saved
from tests.helpers import Element, Page

pytestmark = pytest.mark.django_db

CRISIS_TITLE = "Please reach out for support now"
HELP_TITLE = "Help you can reach now"
KEEP_ANSWERS = f"{settings.STATIC_URL}js/keep-answers.js"


@pytest.fixture
def our_clinic(db) -> ClinicProfile:
    return our_clinic_saved()


def intake_page(client) -> Page:
    response = client.get(reverse("advisor:intake"))
    assert response.status_code == 200
    return Page.of(response)


def self_harm_question(page: Page) -> Element:
    question = page.find("div", id="div_id_self_harm_thoughts")
    assert question is not None
    return question


def help_on_yes(page: Page) -> Element:
    box = page.find("div", class_="crisis-on-yes", within=self_harm_question(page))
    assert box is not None
    return box.find("section", class_="crisis-help")


def test_it_puts_the_crisis_panel_right_under_the_self_harm_answers(client):
    page = intake_page(client)

    question = self_harm_question(page)
    panel = help_on_yes(page)
    assert panel.find("h3").words == HELP_TITLE
    # After the last answer, so that a screen reader reaches it next.
    answers = page.find_all("input", type="radio", name="self_harm_thoughts", within=question)
    later = [el for el in answers[-1].find_all_next() if el is panel]
    assert later == [panel]


def test_it_offers_to_call_and_to_text_988_from_the_form(client):
    panel = help_on_yes(intake_page(client))

    call = panel.find("a", href="tel:988", class_="crisis-actions__button")
    text = panel.find("a", href="sms:988", class_="crisis-actions__button")
    assert call.words == "Call 988"
    assert text.words == "Text 988"
    assert "local emergency number" in panel.words


def test_it_says_sending_the_answers_is_still_worth_it(client):
    panel = help_on_yes(intake_page(client))

    assert "You can still send your answers below" in panel.words
    assert "one of them will get in touch with you" in panel.words


def test_it_gives_the_clinics_phone_as_a_button_once_the_clinic_has_its_own(client, our_clinic):
    panel = help_on_yes(intake_page(client))

    button = panel.find("a", href="tel:+16175550134", class_="crisis-actions__button")
    assert button.words == "Call Lakeside Mindfulness Clinic"
    assert "Weekdays 8 am to 6 pm" in panel.words


def test_it_gives_no_button_for_sample_clinic_details(client):
    panel = help_on_yes(intake_page(client))

    assert len(panel.find_all("a", class_="crisis-actions__button")) == 2
    assert "These are sample details" in panel.words


def test_an_edit_to_the_clinic_shows_on_the_form_at_once(client, our_clinic):
    intake_page(client)  # the empty questions are drawn and kept
    our_clinic.name = "Harbour Mindfulness"
    our_clinic.phone = "+16175550177"
    our_clinic.save()

    panel = help_on_yes(intake_page(client))

    assert panel.find("a", href="tel:+16175550177").words == "Call Harbour Mindfulness"
    assert "Lakeside" not in panel.words


def test_it_gives_rather_not_say_the_short_crisis_line(client):
    page = intake_page(client)

    line = page.find("div", class_="crisis-on-unsaid", within=self_harm_question(page))
    assert line.find("a", href="tel:988").words == "988"
    assert "Struggling right now?" in line.words


def test_it_makes_988_in_the_questions_hint_a_link(client):
    page = intake_page(client)

    hint = page.find("div", id="id_self_harm_thoughts_helptext")
    assert hint.find("a", href="tel:988").words == "988"
    # The codebook's words, the ones a clinician reads in the admin, unchanged.
    assert hint.words == questionnaire.QUESTIONS_BY_CODE["self_harm_thoughts"].hint


def test_a_form_sent_back_after_a_yes_leads_with_the_one_panel(client, valid_post):
    valid_post.update(self_harm_thoughts="yes", consent="")

    response = client.post(reverse("advisor:intake"), valid_post)

    page = Page.of(response)
    assert response.status_code == 200
    titles = [h.words for h in page.find_all(["h2", "h3"])]
    assert titles.count(CRISIS_TITLE) == 1
    assert HELP_TITLE not in titles
    panel = page.find("section", class_="crisis-panel")
    assert panel.find("a", href="sms:988").words == "Text 988"


def test_the_recommendation_leads_with_the_same_panel_and_its_buttons(client, make_intake):
    intake = make_intake(self_harm_thoughts="yes")

    panel = Page.of(client.get(intake.get_absolute_url())).find("section", class_="crisis-panel")

    assert panel.find("h1").words == CRISIS_TITLE
    assert panel.find("a", href="tel:988", class_="crisis-actions__button").words == "Call 988"
    assert panel.find("a", href="sms:988", class_="crisis-actions__button").words == "Text 988"


# Answers kept in the tab


def test_the_form_loads_the_script_that_keeps_answers(client):
    page = intake_page(client)

    script = page.find("script", src=KEEP_ANSWERS)
    assert script is not None and script.has_attr("defer")
    assert finders.find("js/keep-answers.js")
    form = page.find("form", class_="intake-form")
    assert form.has_attr("data-restore-answers")


def test_the_clear_button_is_hidden_until_the_script_shows_it(client):
    page = intake_page(client)

    block = page.find("div", class_="keep-answers")
    button = page.find("button", class_="keep-answers__clear", within=block)
    assert block.has_attr("hidden")
    assert button.words == "Clear my answers"
    assert button.attrs["type"] == "button"


def test_a_form_sent_back_keeps_what_was_sent_rather_than_restore(client, valid_post):
    valid_post["consent"] = ""

    page = Page.of(client.post(reverse("advisor:intake"), valid_post))

    assert not page.find("form", class_="intake-form").has_attr("data-restore-answers")


def test_the_saved_recommendation_tells_the_script_to_forget_the_answers(client, make_intake):
    page = Page.of(client.get(make_intake().get_absolute_url()))

    assert page.find("script", src=KEEP_ANSWERS) is not None
    assert page.find("section", **{"data-answers-saved": True}) is not None


def test_the_script_keeps_answers_only_for_the_tab():
    source = Path(finders.find("js/keep-answers.js")).read_text(encoding="utf-8")

    assert "sessionStorage" in source
    assert "localStorage" not in source.replace("never localStorage", "")


# Where the person is in the form


def test_every_part_of_the_form_has_its_progress_bar():
    css = Path(finders.find("css/site.css")).read_text(encoding="utf-8")
    parts = len(questionnaire.SECTIONS)

    numbered = re.findall(r"\.intake-section:nth-child\((\d+) of \.intake-section\)", css)
    assert [int(n) for n in numbered] == list(range(1, parts + 1))
    assert f"calc(100% * 1 / {parts})" in css
