"""E-mails to a participant's address: one cap whoever asks, only the clinic's own words.

Nobody has confirmed that the address typed into a form is the sender's, so each e-mail to
it is counted against one cap per address (LINK_EMAILS_PER_ADDRESS an hour), whichever
path sends it: the intake's "e-mail me my link", "Lost your link?", a clinician's "send
the link again". And none repeats anything the sender typed. E-mails go through the
task queue; the immediate queue runs them when the transaction commits, which these
tests let happen.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from advisor.models import Intake, ParticipantEmail
from advisor.services import intake_delete
from config.clinic.models import ClinicProfile
from tests.advisor.intakes import another_persons_post
from tests.clients import FormClient
from tests.helpers import Page

# What the clinician reads when the address has had its hour's e-mails.
LINK_CAP_REACHED = (
    "Nothing was sent: this address has had as many e-mails from us as we send in an hour. "
    "Please try again later, or reach them another way."
)

pytestmark = pytest.mark.django_db

VICTIM = "victim@example.net"
CAP = 3
# What a stranger might type to make the clinic's e-mail carry their words.
LURE = "Urgent: verify at http://evil.example/login"
TYPED = {"first_name": LURE, "best_time_to_call": "Call http://evil.example now"}


@pytest.fixture(autouse=True)
def cap(settings):
    settings.LINK_EMAILS_PER_ADDRESS = CAP
    settings.LINK_REQUEST_LIMIT = 100
    settings.INTAKE_NOTIFY_EMAILS = []
    settings.SITE_URL = "https://intake.example.org"


@pytest.fixture
def ask_with_answers(client, committed):
    """Send the questionnaire as someone new, ticking "e-mail me my link", to `email`."""

    def send(email: str = VICTIM, **answers: str):
        data = {**another_persons_post(), "email": email, "email_my_link": "on", **answers}
        response = committed(client.post, reverse("advisor:intake"), data)
        assert response.status_code == 302
        return response

    return send


@pytest.fixture
def ask_lost_link(client, committed):
    def ask(email: str = VICTIM):
        response = committed(client.post, reverse("advisor:lost_link"), {"email": email})
        assert response.url == reverse("advisor:lost_link_sent")
        return response

    return ask


@pytest.fixture
def as_chen(clinician) -> FormClient:
    browser = FormClient()
    browser.force_login(clinician)
    return browser


@pytest.fixture
def resend_by_staff(as_chen, committed):
    def resend(intake: Intake):
        return committed(as_chen.post, send_link_url(intake), follow=True)

    return resend


def send_link_url(intake: Intake) -> str:
    return reverse("admin:advisor_intake_send_link", args=[intake.pk])


def messages_shown(html: Page) -> list[str]:
    """The admin's messages at the top of a page, as the user reads them."""
    shown = html.find("ul", class_="messagelist")
    return [item.words for item in html.find_all("li", within=shown)] if shown else []


def to_victim(outbox) -> list:
    return [message for message in outbox if message.to == [VICTIM]]


# One cap, whoever asks


def test_it_sends_eight_ticked_forms_to_one_address_only_as_many_emails_as_the_cap(
    ask_with_answers, mailoutbox
):
    responses = [ask_with_answers() for _ in range(8)]

    assert len(to_victim(mailoutbox)) == CAP
    assert ParticipantEmail.objects.filter(recipient=VICTIM).count() == CAP
    # Every form was still saved and led to its own page: only the e-mails were capped.
    assert Intake.objects.count() == 8
    assert len({response.url for response in responses}) == 8


def test_it_promises_the_link_email_only_when_it_is_on_its_way(ask_with_answers, client):
    within = [ask_with_answers() for _ in range(CAP)]
    past_the_cap = ask_with_answers()

    def says_emailing(response) -> bool:
        return "emailing you the link" in Page.of(client.get(response.url)).find("main").words

    assert all(says_emailing(response) for response in within)
    assert not says_emailing(past_the_cap)


def test_it_counts_the_form_lost_link_and_staff_resend_against_one_cap(
    ask_with_answers, ask_lost_link, resend_by_staff, mailoutbox
):
    ask_with_answers()
    ask_lost_link()
    intake = Intake.objects.get()
    resend_by_staff(intake)
    assert len(to_victim(mailoutbox)) == CAP

    ask_with_answers()
    ask_lost_link()
    resend_by_staff(intake)

    assert len(to_victim(mailoutbox)) == CAP
    kinds = ParticipantEmail.objects.values_list("kind", flat=True)
    assert sorted(kinds) == ["link", "lost_link", "staff_resend"]


def test_it_counts_the_address_whatever_its_capitals(ask_with_answers, ask_lost_link, mailoutbox):
    ask_with_answers(email="Victim@Example.NET")
    ask_with_answers(email="VICTIM@example.net")
    ask_lost_link("  victim@EXAMPLE.net ")

    ask_lost_link()

    assert len(mailoutbox) == CAP


def test_it_counts_plus_tags_of_one_inbox_against_its_one_cap(ask_with_answers, mailoutbox):
    for tag in range(CAP + 2):
        ask_with_answers(email=f"victim+{tag}@example.net")

    assert len(mailoutbox) == CAP


def test_it_tells_a_clinician_plainly_that_the_cap_is_reached_and_sends_nothing(
    ask_lost_link, resend_by_staff, make_intake, mailoutbox, page
):
    intake = make_intake(email=VICTIM)
    for _ in range(CAP):
        ask_lost_link()
    sent = len(mailoutbox)

    response = resend_by_staff(intake)

    assert len(mailoutbox) == sent == CAP
    assert messages_shown(page(response)) == [LINK_CAP_REACHED]
    assert not ParticipantEmail.objects.filter(kind="staff_resend").exists()


def test_it_tells_a_clinician_the_link_is_on_its_way_within_the_cap(
    resend_by_staff, make_intake, mailoutbox, page
):
    intake = make_intake(email=VICTIM)

    response = resend_by_staff(intake)

    assert len(mailoutbox) == 1
    assert LINK_CAP_REACHED not in messages_shown(page(response))


def test_it_answers_lost_link_the_same_at_the_cap(ask_lost_link, make_intake, client):
    make_intake(email=VICTIM)
    answers = [ask_lost_link() for _ in range(CAP + 2)]

    assert {(a.status_code, a.url) for a in answers} == {(302, reverse("advisor:lost_link_sent"))}


def test_it_makes_one_row_for_a_lost_link_email_of_several_intakes(
    make_intake, ask_lost_link, mailoutbox
):
    older = make_intake(email=VICTIM)
    newer = make_intake(email=VICTIM)

    ask_lost_link()

    (row,) = ParticipantEmail.objects.all()
    assert (row.kind, row.intake, row.recipient) == ("lost_link", newer, VICTIM)
    (message,) = mailoutbox
    assert older.public_token in message.body and newer.public_token in message.body


def test_it_erases_a_participants_emails_with_their_intake(ask_with_answers):
    ask_with_answers()
    intake = Intake.objects.get()

    intake_delete(intake=intake, by="participant")

    assert not ParticipantEmail.objects.exists()


# Only the clinic's own words


def test_it_puts_nothing_the_sender_typed_in_any_participant_email(
    ask_with_answers, ask_lost_link, resend_by_staff, mailoutbox
):
    ask_with_answers(**TYPED, phone="(617) 555-0134", primary_goal="inner_critic")
    ask_lost_link()
    resend_by_staff(Intake.objects.get())

    assert len(mailoutbox) == 3
    for message in mailoutbox:
        text = f"{message.subject}\n{message.body}\n{message.from_email}"
        for typed in (*TYPED.values(), "evil.example", "555-0134", "Hello", "inner"):
            assert typed not in text
        assert Intake.objects.get().public_token in message.body


def test_it_greets_nobody_by_the_name_they_gave(ask_with_answers, mailoutbox):
    ask_with_answers(first_name="Wilhelmina")

    (message,) = mailoutbox
    assert "Wilhelmina" not in message.body
    assert not message.body.startswith("Hello")
    assert message.body.startswith("Here is the private link to your course suggestion.")


# A clinic name saved with a control character


@pytest.fixture
def clinic_named_with_a_newline():
    ClinicProfile.sample().save()  # saving makes any copy of the record out of date
    # As a row saved before the name's field refused control characters would hold it
    # (an update() writes no copy and runs no validator).
    ClinicProfile.objects.update(name="Calm Path\nClinic\x07 of\r\nBoston")


def test_it_still_sends_the_link_and_the_notice_with_a_one_line_subject(
    clinic_named_with_a_newline, settings, ask_with_answers, mailoutbox
):
    settings.INTAKE_NOTIFY_EMAILS = ["clinic@example.org"]

    ask_with_answers()

    (link,) = to_victim(mailoutbox)
    (notice,) = [m for m in mailoutbox if m.to == ["clinic@example.org"]]
    assert link.subject == "Your link from Calm Path Clinic of Boston"
    assert link.from_email == "Calm Path Clinic of Boston <no-reply@localhost>"
    for message in (link, notice):
        headers = message.message()
        for name in ("Subject", "From"):
            assert "\n" not in str(headers[name]) and "\r" not in str(headers[name])
    assert "Calm Path" in link.body  # the body may keep the clinic's own line breaks


def test_it_still_sends_lost_link_and_staff_emails(
    clinic_named_with_a_newline, make_intake, ask_lost_link, resend_by_staff, mailoutbox
):
    intake = make_intake(email=VICTIM)

    ask_lost_link()
    resend_by_staff(intake)

    assert [m.subject for m in mailoutbox] == ["Your link from Calm Path Clinic of Boston"] * 2
    assert set(ParticipantEmail.objects.values_list("status", flat=True)) == {"sent"}
