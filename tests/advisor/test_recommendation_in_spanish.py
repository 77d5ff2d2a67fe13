"""The recommendation in the page's language: its reasons from the codes stored with it,
its course section, and Spanish-taught runs first for someone who answered in Spanish.

An intake keeps its reasons as codes with their English words; a Spanish page says each
one again in Spanish from its code and the person's answers. Scoring never sees the
language: the same answers give the same codes.
"""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.utils import timezone, translation
from hypothesis import given, settings

from advisor import scoring
from advisor.models import Intake
from advisor.scoring import reason_text, recommend
from providers.models import Format, Region
from providers.schedule import next_weekday
from tests.advisor.answer_sets import any_answers
from tests.advisor.intakes import neutral_post
from tests.factories import OfferingFactory, ProviderFactory, program
from tests.helpers import Page
from tests.hypothesis_examples import examples


@settings(max_examples=examples(500), derandomize=True, database=None)
@given(answers=any_answers())
def test_every_reason_the_rules_give_has_its_own_spanish(answers):
    for reason in recommend(answers).reasons:
        spanish = reason_text(reason.code, answers, "es")
        assert spanish and spanish != reason.text, reason.code
        assert reason_text(reason.code, answers, "en") == reason.text
        # Spanish for every part of a reason made of the person's own answers.
        assert " and " not in spanish and "You said" not in spanish, spanish


@settings(max_examples=examples(200), derandomize=True, database=None)
@given(answers=any_answers())
def test_the_language_changes_no_code(answers):
    with translation.override("es"):
        in_spanish = recommend(answers).as_dict()
    assert in_spanish == recommend(answers).as_dict()


def test_every_rule_and_decision_has_spanish_words():
    for rule in scoring.RULES:
        assert rule.reason_es, rule.code
    assert set(scoring.DECISION_REASONS_ES) == set(scoring.DECISION_REASONS)
    assert set(scoring.GOAL_WORDS_ES) == set(scoring.GOAL_WORDS)
    for need in scoring.SAFETY_NEEDS:
        assert need.words_es and need.words_es != need.words, need.code


def test_a_code_the_rules_no_longer_have_gives_no_words():
    assert reason_text("retired_rule", {}, "es") is None


# The page


def _page(client, intake: Intake, language: str) -> Page:
    with translation.override(language):
        url = intake.get_absolute_url()
    response = client.get(url)
    assert response.status_code == 200
    return Page.of(response)


@pytest.mark.django_db
def test_the_spanish_page_gives_the_reasons_in_spanish(client, make_intake):
    intake = make_intake(self_criticism="5", answered_in="es")

    reasons = _page(client, intake, "es").find(class_="recommended-program").words

    assert "Usted dijo que a menudo se trata con dureza." in reasons
    assert "You said" not in reasons


@pytest.mark.django_db
def test_the_same_intake_on_the_english_page_gives_them_in_english(client, make_intake):
    intake = make_intake(self_criticism="5", answered_in="es")

    reasons = _page(client, intake, "en").find(class_="recommended-program").words

    assert "You said you are often hard on yourself." in reasons
    assert "Usted dijo" not in reasons


@pytest.mark.django_db
def test_reasons_built_from_the_answers_name_them_in_spanish(client, make_intake):
    # Only one course, and a goal the rules name back to the person.
    intake = make_intake(one_program_only="yes", primary_goal="stress", answered_in="es")

    words = _page(client, intake, "es").find(class_="recommended-program").words

    assert "menos estrés" in words
    assert "less stress" not in words


@pytest.mark.django_db
def test_a_stored_reason_the_rules_no_longer_know_keeps_its_stored_words(client, make_intake):
    intake = make_intake(self_criticism="5", answered_in="es")
    snapshot = intake.recommendation
    first = snapshot["first"]
    snapshot["reasons"].append({"code": "retired_rule", "program": first, "text": "Old words."})
    Intake.objects.filter(pk=intake.pk).update(recommendation=snapshot)

    words = _page(client, intake, "es").find(class_="recommended-program").words

    assert "Old words." in words


@pytest.mark.django_db
def test_a_look_from_the_spanish_form_gives_its_reasons_in_spanish(client):
    data = {**neutral_post(), "self_criticism": "5", "look": "1"}

    response = client.post("/es/intake/", data)

    assert response.status_code == 200
    assert not Intake.objects.exists()
    words = Page.of(response).find(class_="recommended-program").words
    assert "Usted dijo que a menudo se trata con dureza." in words


@pytest.mark.django_db
def test_the_course_section_is_drawn_in_each_pages_language(client, make_intake):
    # Drawn once and kept per set of choices: the English copy must not serve Spanish.
    intake = make_intake(self_criticism="5", answered_in="es")
    english = _page(client, intake, "en").find("section", class_="section")

    spanish = _page(client, intake, "es").find("section", class_="section")

    assert english.find("h2").words == "Where to take MSC"
    assert spanish.find("h2").words == "Dónde tomar MSC"
    assert "Noreste de EE. UU." in spanish.words


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("form", "first"), [("/es/intake/", "spanish"), ("/intake/", "english")], ids=["es", "en"]
)
def test_a_spanish_intake_lists_spanish_taught_runs_first(client, form, first):
    # Any language asked for: the English run is sooner, the Spanish one later.
    for name, weeks, language in (("english", 0, "en"), ("spanish", 2, "es"), ("french", 1, "fr")):
        OfferingFactory(
            provider=ProviderFactory(
                region=Region.NORTHEAST,
                offers_online=True,
                offers_in_person=False,
                programs=["MSC"],
            ),
            program=program("MSC"),
            registration_url=f"https://{name}.example.org/register",
            format=Format.ONLINE,
            location="",
            language=language,
            start_date=next_weekday(timezone.localdate() + timedelta(days=14), 1)
            + timedelta(weeks=weeks),
        )
    data = {
        **neutral_post(),
        "self_criticism": "5",
        "region": "northeast",
        "format_preference": "online",
        "language": "other",
    }
    response = client.post(form, data)

    page = Page.of(client.get(response["Location"]))
    listing = page.find("ul", class_="online-courses")
    hosts = [
        urlsplit(card.find("p", class_="course-links").find("a")["href"]).hostname.split(".")[0]
        for card in listing.find_all("li", class_="offering")
    ]
    assert hosts[0] == first
    assert sorted(hosts) == ["english", "french", "spanish"]
