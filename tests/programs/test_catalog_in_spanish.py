"""The program pages in Spanish: the seeded catalog carries Spanish written by us, a page
under /es/ shows it, and a text with no Spanish shows its English instead.

Editors keep both side by side in the admin; the list finds a program whose Spanish is
missing.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from modeltranslation.translator import translator

from config.clinic.models import ClinicProfile
from programs.models import Program, Reference
from providers.models import Provider
from tests.factories import program
from tests.helpers import Page, admin_form_data

pytestmark = pytest.mark.django_db

TRANSLATED = translator.get_options_for_model(Program).fields
SPANISH_NAMES = {
    "MBSR": "Reducción del Estrés Basada en Mindfulness",
    "MBCT": "Terapia Cognitiva Basada en Mindfulness",
    "MSC": "Autocompasión Consciente",
}


def _page(client, url: str) -> Page:
    response = client.get(url)
    assert response.status_code == 200
    return Page.of(response)


# What the migrations seed


@pytest.mark.parametrize("code", ["MBSR", "MBCT", "MSC"])
def test_every_seeded_program_text_has_its_spanish(code):
    seeded = program(code)

    missing = [name for name in TRANSLATED if not getattr(seeded, f"{name}_es")]
    assert missing == []
    assert seeded.name_es == SPANISH_NAMES[code]
    # The English stays as it was seeded.
    assert seeded.name_en == seeded.name and seeded.summary_en.startswith(code)


@pytest.mark.parametrize("code", ["MBSR", "MBCT", "MSC"])
def test_the_spanish_cautions_give_the_988_lifeline_in_spanish(code):
    cautions = program(code).cautions_es

    for words in ("llame al 988 y marque 2", "AYUDA", "988lineadevida.org"):
        assert words in cautions


def test_every_seeded_reference_has_a_summary_in_both_languages():
    summaries = list(Reference.objects.values_list("summary_en", "summary_es"))

    assert len(summaries) == 8
    assert all(english and spanish and english != spanish for english, spanish in summaries)


def test_the_seeded_providers_and_the_sample_clinic_have_their_spanish():
    descriptions = dict(Provider.objects.values_list("slug", "description_es"))
    follow_on = Provider.objects.get(slug="community-for-deepening-practice")

    assert len(descriptions) == 5 and all(descriptions.values())
    assert follow_on.who_can_join_es == "Solo para personas que ya completaron MSC"
    clinic = ClinicProfile.objects.get()
    assert (clinic.hours_en, clinic.hours_es) == (
        "Monday to Friday, 9 am to 5 pm",
        "De lunes a viernes, de 9 a. m. a 5 p. m.",
    )


# The pages


def test_a_spanish_program_page_shows_the_spanish_text(client):
    page = _page(client, "/es/programs/msc/")
    article = page.find("article")

    assert page.find("h1").words == "Autocompasión Consciente (MSC)"
    assert "en lugar de criticarse" in article.words
    assert page.find("div", class_="cautions").words.endswith(
        "a cualquier hora del día o de la noche."
    )
    headings = [h2.words for h2 in page.find_all("h2", within=article)]
    assert headings[:2] == ["Lo que le pide", "A quién suele convenirle"]
    facts = page.find("dl", class_="program-facts").words
    assert "8 sesiones semanales de unas 2 horas y media a 3 horas cada una" in facts


def test_the_english_program_page_is_unchanged(client):
    page = _page(client, "/programs/msc/")

    assert page.find("h1").words == "Mindful Self-Compassion (MSC)"
    assert "8 weekly sessions, about 2.5 to 3 hours each" in page.find("dl").words
    assert "Autocompasión" not in page.find("article").words


def test_a_text_with_no_spanish_shows_its_english_on_the_spanish_page(client):
    msc = program("MSC")
    Program.objects.filter(pk=msc.pk).update(summary_es="", retreat_es=None)

    page = _page(client, "/es/programs/msc/")
    article = page.find("article").words

    assert msc.summary_en.split(". ")[0] in article
    assert "a half day, about 4 hours" in page.find("dl", class_="program-facts").words
    # The texts that have Spanish still show it.
    assert page.find("h1").words == "Autocompasión Consciente (MSC)"


def test_the_references_keep_their_published_titles_with_a_summary_in_the_pages_language(
    client,
):
    spanish = _page(client, "/es/programs/mbct/").find("ol", class_="references")
    english = _page(client, "/programs/mbct/").find("ol", class_="references")
    kuyken = Reference.objects.get(authors__startswith="Kuyken")

    spanish_item = next(li for li in spanish.find_all("li") if "Kuyken" in li.words)
    english_item = next(li for li in english.find_all("li") if "Kuyken" in li.words)
    assert spanish_item.find(class_="reference-summary").words == kuyken.summary_es
    assert english_item.find(class_="reference-summary").words == kuyken.summary_en
    # The citation is in English as published, and marked so for a screen reader.
    assert spanish_item.find("span", lang="en").words == kuyken.citation


def test_the_spanish_home_page_names_the_programs_in_spanish(client):
    page = _page(client, "/es/")

    titles = [h3.words for h3 in page.find_all("h3", class_="card-title")]
    assert titles == [f"{SPANISH_NAMES[code]} ({code})" for code in ("MBSR", "MBCT", "MSC")]
    assert page.find("h1").words == "Encuentre el curso de mindfulness adecuado para usted"


def test_a_spanish_program_page_says_how_its_providers_teach_in_spanish(client):
    page = _page(client, "/es/programs/mbsr/")

    providers = page.find("ul", class_="provider-links").words
    assert "(presencial y en línea)" in providers
    assert "Área metropolitana de Kansas City, Kansas y Misuri" in providers


# The admin


@pytest.fixture
def signed_in(client, editor):
    client.force_login(editor)
    return client


def test_an_editor_sees_a_programs_english_and_spanish_side_by_side_and_saves_both(signed_in):
    msc = program("MSC")
    change = reverse("admin:programs_program_change", args=[msc.pk])
    response = signed_in.get(change)
    page = Page.of(response)

    for name in ("summary", "cautions", "session_length"):
        english = page.find(id=f"id_{name}_en").find_parent("div", class_="form-row")
        assert english is page.find(id=f"id_{name}_es").find_parent("div", class_="form-row")
    saved = signed_in.post(
        change,
        {
            **admin_form_data(response),
            "tagline_en": "Eight weeks of kindness to yourself.",
            "tagline_es": "Ocho semanas de amabilidad con usted.",
        },
    )

    assert saved.status_code == 302
    msc.refresh_from_db()
    assert (msc.tagline_en, msc.tagline_es) == (
        "Eight weeks of kindness to yourself.",
        "Ocho semanas de amabilidad con usted.",
    )


def test_the_program_list_finds_a_program_missing_some_spanish(signed_in):
    Program.objects.filter(code="MBCT").update(what_you_do_es="")
    url = reverse("admin:programs_program_changelist")

    needing = signed_in.get(url + "?needs_spanish=yes").context["cl"].result_list
    complete = signed_in.get(url + "?needs_spanish=no").context["cl"].result_list

    assert [p.code for p in needing] == ["MBCT"]
    assert sorted(p.code for p in complete) == ["MBSR", "MSC"]


def test_the_reference_list_finds_a_reference_without_a_spanish_summary(signed_in):
    added = Reference.objects.create(
        authors="Neff, K.", year=2023, title="Self-compassion", summary_en="A review."
    )
    url = reverse("admin:programs_reference_changelist")

    needing = signed_in.get(url + "?needs_spanish=yes").context["cl"].result_list

    assert list(needing) == [added]
