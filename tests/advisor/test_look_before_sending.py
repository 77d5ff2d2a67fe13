"""Looking at a suggestion before sending anything.

The intake form's second button ("See where to start, without sending my answers") posts
the same form with look=1: the answers are checked by the same form, scored by the same
recommend(), and shown on the same page, and nothing is stored, logged or e-mailed. Name,
e-mail and consent are needed only to send. The page says no one at the clinic has seen
the answers, and offers to send them with every answer carried over, as an ordinary send.
A look is counted against the connection's limit as a send is.
"""

from __future__ import annotations

import logging

import pytest
from django.apps import apps
from django.core import mail
from django.db import OperationalError
from django.urls import reverse

from advisor import questionnaire, views
from advisor.models import Intake
from config.clinic.record import current_clinic
from providers.models import Format, Provider, Region
from tests.advisor.intakes import EMAIL_ADDRESS, neutral_post
from tests.factories import OfferingFactory, ProviderFactory, program
from tests.helpers import Element, Page

pytestmark = pytest.mark.django_db

LOOK = {"look": "1"}
CRISIS_TITLE = "Please reach out for support now"
NOT_SEEN = "No one at"
TOO_MANY = "Many questionnaires have come from your internet connection"
# A name no log line could hold by chance.
LOOKER = "Quillon"
# Answers that lean to MSC, so the page has reasons to show.
MSC_LEANING = {"self_criticism": "5", "high_sensitivity": "5", "primary_goal": "inner_critic"}
SEND_ONLY = ("first_name", "email", "consent")


def a_look(**overrides: str | None) -> dict[str, str]:
    """A look post: every answer, no name, e-mail or consent, and the look button's value."""
    data = {**neutral_post(), **LOOK, **dict.fromkeys(SEND_ONLY), **overrides}
    return {name: value for name, value in data.items() if value is not None}


def rows_in_every_table() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def look(client, data: dict[str, str]):
    return client.post(reverse("advisor:intake"), data)


def send_form(page: Page) -> Element:
    form = page.find("form", class_="send-after-look__form")
    assert form is not None
    return form


def hidden_inputs(form: Element) -> dict[str, str]:
    return {i["name"]: i.get("value", "") for i in form.find_all("input", type="hidden")}


@pytest.fixture
def opened_form(client) -> None:
    """The person opened the form first, as anyone does (the page may set up the clinic)."""
    assert client.get(reverse("advisor:intake")).status_code == 200


def test_it_shows_the_suggestion_without_a_name_an_email_or_consent(client):
    response = look(client, a_look(**MSC_LEANING))

    assert response.status_code == 200
    page = Page.of(response)
    assert page.find("h1").words == "Your suggested starting point"
    first = page.find("section", class_="recommended-program")
    assert "(MSC)" in first.find("h2").words
    assert page.find_all("li", within=page.find("ul", class_="reasons"))


def test_it_stores_no_row_in_any_table(client, opened_form):
    before = rows_in_every_table()

    response = look(client, a_look(self_harm_thoughts="yes", first_name=LOOKER))

    assert response.status_code == 200
    assert rows_in_every_table() == before


def test_it_sends_no_email(client, opened_form):
    look(client, a_look(self_harm_thoughts="yes", first_name=LOOKER, email=EMAIL_ADDRESS))

    assert mail.outbox == []


def test_it_logs_no_answer_and_no_name(client, opened_form, caplog):
    caplog.set_level(logging.DEBUG)

    look(client, a_look(first_name=LOOKER, email=EMAIL_ADDRESS, self_harm_thoughts="yes"))

    logged = "\n".join(f"{r.getMessage()} {r.args!r}" for r in caplog.records)
    assert LOOKER not in logged
    assert EMAIL_ADDRESS not in logged
    for code in questionnaire.ANSWER_CODES:
        assert code not in logged


def test_it_leads_with_the_crisis_panel_for_a_yes_to_self_harm(client):
    page = Page.of(look(client, a_look(self_harm_thoughts="yes")))

    panel = page.find("section", class_="crisis-panel")
    assert panel.find("h1").words == CRISIS_TITLE
    assert panel.find("a", href="tel:988") is not None
    # Nothing reached the clinic: the panel promises no call.
    assert "have not reached our clinic" in panel.words


def test_it_says_plainly_that_no_one_at_the_clinic_has_seen_the_answers(client):
    page = Page.of(look(client, a_look()))

    assert NOT_SEEN in page.find("p", class_="not-sent").words
    offer = page.find("section", class_="send-after-look").words
    assert "Until you send them, no one at the clinic has seen your answers." in offer


def test_it_shows_no_private_link_no_delete_button_and_clears_no_kept_answers(client):
    response = look(client, a_look(self_harm_thoughts="yes", email_my_link="on"))

    page = Page.of(response)
    assert page.find(**{"data-answers-saved": True}) is None
    assert page.find("button", string="Delete my answers") is None
    assert "/recommendation/" not in response.content.decode()
    assert "We are emailing you" not in page.soup.get_text()


def test_it_promises_no_call_for_answers_not_sent(client):
    page = Page.of(look(client, a_look(depression_history="current")))

    review = page.find("section", class_="note--review")
    assert "if you send us your answers, a clinician" in review.words


def test_it_carries_every_answer_over_into_the_send_form(client):
    data = a_look(**MSC_LEANING, language="es", time_zone="Europe/London", region="west")

    carried = hidden_inputs(send_form(Page.of(look(client, data))))

    for code in (*questionnaire.ANSWER_CODES, *questionnaire.PREFERENCE_CODES, "form_token"):
        assert carried[code] == data[code], code
    assert "look" not in carried


def test_it_asks_for_the_name_email_and_consent_on_the_send_form(client):
    data = a_look(first_name=LOOKER, consent="on", phone="(617) 555-0134")
    form = send_form(Page.of(look(client, data)))

    # What was typed comes along; the consent is ticked here or not at all.
    assert form.find("input", attrs={"name": "first_name"})["value"] == LOOKER
    assert form.find("input", attrs={"name": "phone"})["value"] == "+16175550134"
    assert form.find("input", attrs={"name": "email"}) is not None
    consent = form.find("input", attrs={"name": "consent"})
    assert consent is not None and not consent.has_attr("checked")


def test_it_saves_one_intake_with_those_answers_when_sent_from_the_page(client):
    data = a_look(**MSC_LEANING, region="west", language="es")
    form = send_form(Page.of(look(client, data)))
    assert Intake.objects.count() == 0

    sent = {**hidden_inputs(form), "first_name": LOOKER, "email": EMAIL_ADDRESS, "consent": "on"}
    response = client.post(form["action"], sent)

    intake = Intake.objects.get()
    assert response.status_code == 302
    assert response["Location"] == intake.get_absolute_url()
    assert intake.first_name == LOOKER
    assert {code: str(value) for code, value in intake.answers().items()} == {
        code: data[code] for code in questionnaire.ANSWER_CODES
    }
    assert (intake.region, intake.language) == ("west", "es")
    assert intake.recommended_program == "MSC"


def test_it_asks_for_the_name_email_and_consent_before_sending(client):
    form = send_form(Page.of(look(client, a_look())))

    response = client.post(form["action"], hidden_inputs(form))

    assert response.status_code == 200
    errors = Page.of(response).find("div", class_="error-summary").words
    assert "Please tell us your first name." in errors
    assert "Please give an email address" in errors
    assert "Please tick this box" in errors
    assert Intake.objects.count() == 0


def test_it_shows_the_forms_errors_for_a_malformed_look_and_stores_nothing(client, opened_form):
    before = rows_in_every_table()

    response = look(client, a_look(self_worth="9", region="mars", shame=None))

    assert response.status_code == 200
    summary = Page.of(response).find("div", class_="error-summary")
    assert "Please check 3 answers" in summary.words
    assert rows_in_every_table() == before


def test_it_does_not_ask_for_a_name_email_or_consent_on_a_look_with_errors(client):
    response = look(client, a_look(shame=None))

    summary = Page.of(response).find("div", class_="error-summary").words
    assert "Please check 1 answer" in summary
    assert "first name" not in summary


def test_it_still_checks_a_name_given_on_a_look(client):
    response = look(client, a_look(email="not-an-address"))

    assert (
        "Please check the email address"
        in Page.of(response).find("div", class_="error-summary").words
    )


def test_it_counts_a_look_against_the_connections_limit(client, settings):
    settings.INTAKE_RATE_LIMIT = 2
    for _ in range(2):
        assert look(client, a_look()).status_code == 200

    refused = look(client, a_look(**MSC_LEANING))

    assert refused.status_code == 429
    page = Page.of(refused)
    assert TOO_MANY in page.find("div", class_="not-saved").words
    kept = page.find("input", name="self_criticism", value="5")
    assert kept.has_attr("checked")


def test_it_counts_a_look_as_a_send(client, settings):
    settings.INTAKE_RATE_LIMIT = 1
    assert look(client, a_look()).status_code == 200

    refused = client.post(reverse("advisor:intake"), neutral_post())

    assert refused.status_code == 429
    assert Intake.objects.count() == 0


def test_it_saves_only_validated_values_from_a_forged_send(client):
    form = send_form(Page.of(look(client, a_look())))
    forged = {
        **hidden_inputs(form),
        "first_name": LOOKER,
        "email": EMAIL_ADDRESS,
        "consent": "on",
        # Tampered with: a valid answer changed, and fields the form does not have.
        "self_criticism": "5",
        "recommended_program": "MBCT",
        "status": "closed",
        "flag_crisis": "on",
        "public_token": "chosen-by-me",
        "override_program": "MBCT",
        "rules_version": "forged",
    }

    assert client.post(form["action"], forged).status_code == 302

    intake = Intake.objects.get()
    assert intake.self_criticism == 5
    assert intake.status == Intake.Status.NEW
    assert intake.public_token != "chosen-by-me"
    assert (intake.override_program, intake.flag_crisis) == ("", False)
    assert intake.rules_version != "forged"
    assert intake.recommendation["first"] == intake.recommended_program != "MBCT"


def test_it_refuses_a_forged_send_with_an_answer_out_of_range(client):
    form = send_form(Page.of(look(client, a_look())))
    forged = {
        **hidden_inputs(form),
        "first_name": LOOKER,
        "email": EMAIL_ADDRESS,
        "consent": "on",
        "shame": "7",
    }

    response = client.post(form["action"], forged)

    assert response.status_code == 200
    assert "Please check 1 answer" in Page.of(response).find("div", class_="error-summary").words
    assert Intake.objects.count() == 0


def test_it_is_never_cached_and_kept_out_of_search_engines(client):
    response = look(client, a_look())

    assert "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert Page.of(response).find("meta", name="robots")["content"].startswith("noindex")


def test_it_offers_the_look_button_on_the_form(client):
    page = Page.of(client.get(reverse("advisor:intake")))

    form = page.find("form", class_="intake-form")
    buttons = form.find_all("button", type="submit")
    assert buttons[0].words == "Send my answers and see my recommendation"
    look_button = form.find("button", attrs={"name": "look"})
    assert look_button["value"] == "1"
    assert look_button.words == "See where to start, without sending my answers"


def test_it_saves_once_when_the_send_form_is_posted_twice(client):
    form = send_form(Page.of(look(client, a_look())))
    sent = {**hidden_inputs(form), "first_name": LOOKER, "email": EMAIL_ADDRESS, "consent": "on"}

    first = client.post(form["action"], sent)
    again = client.post(form["action"], sent)

    assert first["Location"] == again["Location"] == Intake.objects.get().get_absolute_url()


def test_it_keeps_the_answers_when_the_database_cannot_be_reached(client, monkeypatch):
    def unreachable(**_kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(views, "unsent_context", unreachable)

    response = look(client, a_look(**MSC_LEANING))

    assert response.status_code == 503
    page = Page.of(response)
    assert page.find("input", name="self_criticism", value="5").has_attr("checked")


def test_it_looks_in_as_many_queries_with_40_providers_as_with_1(client, queries):
    Provider.objects.all().delete()
    online_msc = {**MSC_LEANING, "format_preference": "online"}

    def one_look():
        response = look(client, a_look(**online_msc))
        assert "(MSC)" in Page.of(response).find("section", class_="recommended-program").words
        return response

    _add_online_msc(1)
    current_clinic()  # the footer's clinic record is read once and then kept, as when warm
    with_one = queries.of(one_look)

    _add_online_msc(39)

    with queries.as_many_as(with_one):
        one_look()


def _add_online_msc(count: int) -> None:
    for _ in range(count):
        provider = ProviderFactory(
            region=Region.WEST, offers_in_person=False, offers_online=True, programs=["MSC"]
        )
        OfferingFactory(provider=provider, program=program("MSC"), format=Format.ONLINE)
