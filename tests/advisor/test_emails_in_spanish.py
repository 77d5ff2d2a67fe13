"""E-mails in the participant's language, and the clinic's in English saying which one.

A participant's link e-mail is written in the language of the page that asked for it: the
intake's for the link asked for with the answers (and a clinician's "send it again"), the
"Lost your link?" page's for that one; its links lead to that language's pages. The clinic's
notice stays in English and says when the intake was answered in Spanish.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from advisor.models import Intake, ParticipantEmail
from tests.advisor.intakes import neutral_post
from tests.clients import FormClient

pytestmark = pytest.mark.django_db

SITE = "https://intake.example.org"
ADDRESS = "lucia@example.org"
SPANISH_OPENING = "Aquí está el enlace privado a su sugerencia de curso."
ENGLISH_OPENING = "Here is the private link to your course suggestion."


@pytest.fixture(autouse=True)
def site(settings):
    settings.SITE_URL = SITE
    settings.INTAKE_NOTIFY_EMAILS = ["clinic@example.org"]
    settings.LINK_REQUEST_LIMIT = 100


@pytest.fixture
def send(client, committed):
    def post(url: str, **answers: str):
        data = {**neutral_post(), "email": ADDRESS, "email_my_link": "on", **answers}
        response = committed(client.post, url, data)
        assert response.status_code == 302
        return Intake.objects.get(form_token=data["form_token"])

    return post


def _to(outbox, address: str) -> list:
    return [message for message in outbox if message.to == [address]]


def _links(body: str) -> list[str]:
    return re.findall(r"https?://\S+", body)


def test_a_spanish_intake_gets_its_link_in_spanish(send, mailoutbox):
    send("/es/intake/")

    (message,) = _to(mailoutbox, ADDRESS)
    assert SPANISH_OPENING in message.body
    assert ENGLISH_OPENING not in message.body
    assert message.subject.startswith("Su enlace")
    ours = [link for link in _links(message.body) if link.startswith(SITE)]
    assert len(ours) == 2  # the page, and how to delete the answers
    assert all(link.startswith(f"{SITE}/es/") for link in ours)


def test_an_english_intake_gets_its_link_in_english(send, mailoutbox):
    send("/intake/")

    (message,) = _to(mailoutbox, ADDRESS)
    assert ENGLISH_OPENING in message.body
    assert not any(link.startswith(f"{SITE}/es/") for link in _links(message.body))


def test_the_spanish_link_leads_to_the_spanish_page(send, mailoutbox, client):
    intake = send("/es/intake/")

    (message,) = _to(mailoutbox, ADDRESS)

    page = f"{SITE}/es/recommendation/{intake.public_token}/"
    assert page in message.body
    assert client.get(page.removeprefix(SITE)).status_code == 200


def test_lost_link_asked_on_the_spanish_page_is_answered_in_spanish(send, committed, mailoutbox):
    send("/intake/")  # answered in English, asked for again in Spanish
    mailoutbox.clear()

    response = committed(FormClient().post, "/es/intake/lost-link/", {"email": ADDRESS})

    assert response.status_code == 302
    (message,) = _to(mailoutbox, ADDRESS)
    assert SPANISH_OPENING in message.body
    assert ParticipantEmail.objects.get(kind="lost_link").language == "es"


def test_a_clinicians_resend_goes_in_the_participants_language(
    send, committed, clinician, mailoutbox
):
    intake = send("/es/intake/")
    mailoutbox.clear()
    staff = FormClient()
    staff.force_login(clinician)

    committed(staff.post, reverse("admin:advisor_intake_send_link", args=[intake.pk]))

    (message,) = _to(mailoutbox, ADDRESS)
    assert SPANISH_OPENING in message.body


def test_the_clinics_notice_says_a_spanish_intake_is_in_spanish(send, mailoutbox):
    send("/es/intake/")

    (notice,) = _to(mailoutbox, "clinic@example.org")
    assert "Answered in Spanish" in notice.body
    assert notice.subject.endswith("(answered in Spanish)")
    # Staff read English: the notice is not translated.
    assert notice.body.startswith("A new intake arrived at")


def test_the_clinics_notice_of_an_english_intake_names_no_language(send, mailoutbox):
    send("/intake/")

    (notice,) = _to(mailoutbox, "clinic@example.org")
    assert "Spanish" not in notice.body and "Spanish" not in notice.subject
