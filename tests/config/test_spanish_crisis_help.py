"""Crisis help in Spanish wherever a Spanish page gives it, and a way to it from English.

988 answers in Spanish: a call and then 2, a text with AYUDA, or its Spanish chat. A
Spanish page says so in Spanish, with the clinic's own number and what to do outside the
US: on the form under the self-harm question, on a refusal that kept the answers, on the
recommendation of someone who said yes, in the footer and on the pages nginx serves. An
English page keeps its words and adds one line, in Spanish, for a Spanish speaker who
landed there.
"""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from advisor.notifications import links_message
from config.clinic.models import ClinicProfile
from tests.advisor.intakes import another_persons_post, saved_intake
from tests.clinic_record import our_clinic_saved
from tests.helpers import Element, Page

pytestmark = pytest.mark.django_db

CHAT = "https://988lineadevida.org/"
CLINIC_PHONE = "tel:+16175550134"


@pytest.fixture(autouse=True)
def our_clinic(db) -> ClinicProfile:
    return our_clinic_saved()


def spanish(name: str, **kwargs) -> str:
    with translation.override("es"):
        return reverse(name, kwargs=kwargs or None)


def english(name: str) -> str:
    # reverse() follows the active language, which the last /es/ request left behind.
    with translation.override("en"):
        return reverse(name)


def assert_it_gives_988_in_spanish(panel: Element) -> None:
    words = panel.words
    assert "llame al 988 y marque 2 para hablar en español" in words
    assert "envíe la palabra AYUDA por mensaje de texto al 988" in words
    assert "Fuera de EE. UU.: llame al número de emergencias de su país." in words
    assert panel.find("a", href="tel:988") is not None
    assert panel.find("a", href="sms:988") is not None
    assert panel.find("a", href=CHAT).words == "988lineadevida.org"
    # English wording would mean the page gave someone in crisis words they may not read.
    assert "In the US" not in words and "Outside the US" not in words


def assert_it_gives_the_clinic(panel: Element) -> None:
    contact = panel.find("p", class_="clinic-contact")
    assert contact.find("a", href=CLINIC_PHONE) is not None
    assert "Llame a Lakeside Mindfulness Clinic" in contact.words


def test_the_spanish_form_gives_988_in_spanish_under_the_self_harm_question(client):
    page = Page.of(client.get(spanish("advisor:intake")))

    question = page.find("div", id="div_id_self_harm_thoughts")
    panel = page.find("section", class_="crisis-help", within=question)
    assert panel.find("h3").words == "Ayuda que puede recibir ahora"
    assert_it_gives_988_in_spanish(panel)
    assert_it_gives_the_clinic(panel)
    buttons = [link.words for link in panel.find_all("a", class_="crisis-actions__button")]
    assert buttons == [
        "Llamar al 988",
        "Enviar AYUDA al 988",
        "Chatear en español",
        "Llamar a Lakeside Mindfulness Clinic",
    ]


def test_the_spanish_form_gives_the_short_line_in_spanish_for_rather_not_say(client):
    page = Page.of(client.get(spanish("advisor:intake")))

    note = page.find("div", class_="crisis-on-unsaid").find("p", class_="crisis-note")
    assert note.words.startswith("¿Está pasando por un momento muy difícil?")
    assert_it_gives_988_in_spanish(note)


def test_a_spanish_refusal_leads_with_988_in_spanish_and_keeps_the_answers(client, settings):
    settings.INTAKE_RATE_LIMIT = 0
    post = {**another_persons_post(), "first_name": "Lucía", "self_harm_thoughts": "yes"}

    response = client.post(spanish("advisor:intake"), post)

    assert response.status_code == 429
    page = Page.of(response)
    panel = page.find("section", class_="crisis-panel")
    assert panel.find("h2").words == "Por favor, busque apoyo ahora"
    assert_it_gives_988_in_spanish(panel)
    assert_it_gives_the_clinic(panel)
    assert "Sus respuestas todavía no han llegado a nuestra clínica" in panel.words
    assert page.find("input", name="first_name").attrs["value"] == "Lucía"


def test_a_spanish_recommendation_after_a_yes_leads_with_988_in_spanish(client):
    intake = saved_intake(self_harm_thoughts="yes")

    page = Page.of(client.get(spanish("advisor:recommendation", token=intake.public_token)))

    panel = page.find("section", class_="crisis-panel")
    assert panel.find("h1").words == "Por favor, busque apoyo ahora"
    assert_it_gives_988_in_spanish(panel)
    assert_it_gives_the_clinic(panel)
    assert "Un profesional clínico de Lakeside Mindfulness Clinic" in panel.words


@pytest.mark.parametrize("path", ["/es/", "/es/privacy/", "/es/no-such-page/"])
def test_every_spanish_page_ends_with_988_in_spanish(client, path):
    footer = Page.of(client.get(path)).find("footer")

    assert_it_gives_988_in_spanish(footer.find("p", class_="crisis-note"))
    assert footer.find("p", class_="crisis-note-spanish") is None  # already Spanish


def test_an_english_page_keeps_its_words_and_adds_a_line_in_spanish(client):
    page = Page.of(client.get(english("advisor:intake")))

    note = page.find("footer").find("p", class_="crisis-note")
    assert note.words == (
        "Struggling right now? You do not have to wait for a course. In the US: call or text "
        "988, the Suicide & Crisis Lifeline, at any hour. Outside the US: call your local "
        "emergency number."
    )
    line = page.find("footer").find("p", class_="crisis-note-spanish")
    assert line.attrs["lang"] == "es"
    assert line.words == "Para ayuda en español, llame al 988 y marque 2, o envíe AYUDA al 988."
    panel = page.find("section", class_="crisis-help")
    assert panel.find("li", lang="es").words == line.words


def test_a_spanish_participants_email_gives_988_in_spanish():
    intake = saved_intake()

    with translation.override("es"):
        subject, body = links_message([intake])

    assert subject.startswith("Su enlace de")
    assert body.startswith("Aquí está el enlace privado a su sugerencia de curso.")
    assert body.rstrip().endswith("Fuera de EE. UU.: llame al número de emergencias de su país.")
    assert "marque 2 para hablar en español" in body and "988lineadevida.org" in body
    assert "Struggling" not in body
    assert mail.outbox == []


def test_a_refusal_offers_the_other_language_with_the_answers_carried_along(client, settings):
    settings.INTAKE_RATE_LIMIT = 0
    post = {**another_persons_post(), "first_name": "Lucía"}

    response = client.post(spanish("advisor:intake"), post)

    assert response.status_code == 429
    switch = Page.of(response).find("button", class_="language-switch")
    assert switch.words == "English"
    assert switch.attrs["form"] == "intake-form"
    assert switch.attrs["formaction"] == "/intake/"
