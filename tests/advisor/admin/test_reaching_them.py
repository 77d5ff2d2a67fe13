"""How a clinician reaches the participant: their phone as a link to call, whether they asked
for their link by e-mail, and a button that e-mails them their link again.

An optional phone number with a good time to call is shown to clinicians as a `tel:`
link; a clinician can send the link again from the admin, and that is recorded as an
access.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission, User

from advisor.models import Intake, IntakeAccess
from tests.advisor.admin.helpers import change_url, messages_shown, send_link_url
from tests.clients import FormClient

pytestmark = pytest.mark.django_db

SEND_LINK = "Send the participant their link"


@pytest.fixture
def robin(make_intake) -> Intake:
    return make_intake(
        first_name="Robin",
        email="robin@example.org",
        phone="+12025550143",
        best_time_to_call="Weekday mornings <before 10>",
        email_my_link="on",
    )


@pytest.fixture
def as_chen(client, clinician):
    client.force_login(clinician)
    return client


@pytest.fixture
def vic(db) -> User:
    """Vic may read intakes (view_intake) and change nothing."""
    user = User.objects.create_user("vic", password="a-long-test-passphrase", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_intake"))
    return user


def _field(page, client, intake: Intake, name: str):
    html = page(client.get(change_url(intake)))
    return html.find("div", class_=f"field-{name}").find(class_="readonly")


# The phone


def test_it_links_the_phone_number_to_call(as_chen, robin, page):
    phone = _field(page, as_chen, robin, "phone_to_call")

    link = phone.find("a")
    assert link["href"] == "tel:+12025550143"
    assert link.words == "(202) 555-0143"


def test_it_shows_the_best_time_to_call_beside_the_number(as_chen, robin, page):
    phone = _field(page, as_chen, robin, "phone_to_call")

    assert phone.words == "(202) 555-0143 (best time to call: Weekday mornings <before 10>)"


def test_it_writes_a_number_from_abroad_in_full(as_chen, make_intake, page):
    intake = make_intake(phone="+442079460958")

    link = _field(page, as_chen, intake, "phone_to_call").find("a")

    assert (link["href"], link.words) == ("tel:+442079460958", "+44 20 7946 0958")


def test_it_says_when_no_phone_was_given(as_chen, make_intake, page):
    intake = make_intake()

    assert _field(page, as_chen, intake, "phone_to_call").words == "Not given"


def test_it_escapes_the_best_time_to_call(as_chen, robin):
    shown = as_chen.get(change_url(robin)).content.decode()

    assert "<before 10>" not in shown
    assert "&lt;before 10&gt;" in shown


@pytest.mark.parametrize(("asked", "shown"), [("on", "Yes"), ("", "No")])
def test_it_says_whether_they_asked_for_their_link_by_email(
    as_chen, make_intake, page, asked, shown
):
    intake = make_intake(email_my_link=asked)

    assert _field(page, as_chen, intake, "link_by_email").words == shown


# Sending the link again


def test_it_offers_a_clinician_a_button_to_send_the_link(as_chen, robin, page):
    html = page(as_chen.get(change_url(robin)))

    button = next(b for b in html.find_all("button") if b.words == SEND_LINK)
    form = next(parent for parent in button.parents if parent.name == "form")
    assert (form["method"], form["action"]) == ("post", send_link_url(robin))
    assert html.find("input", within=form, name="csrfmiddlewaretoken") is not None


def test_it_emails_the_participant_their_link(
    as_chen, robin, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        as_chen.post(send_link_url(robin))

    (sent,) = mailoutbox
    assert sent.to == ["robin@example.org"]
    assert robin.public_token in sent.body


def test_it_records_sending_the_link_as_an_access(as_chen, clinician, robin):
    as_chen.post(send_link_url(robin))

    (access,) = IntakeAccess.objects.filter(how=IntakeAccess.How.LINK_SENT)
    assert (access.intake, access.user, access.username) == (robin, clinician, "chen")


def test_it_says_the_link_is_on_its_way(as_chen, robin, page):
    response = as_chen.post(send_link_url(robin), follow=True)

    assert response.redirect_chain[-1][0] == change_url(robin)
    assert messages_shown(page(response)) == [
        "Their link is on its way to the address they gave, with how to delete their answers."
    ]


def test_it_sends_nothing_for_a_get(as_chen, robin, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = as_chen.get(send_link_url(robin))

    assert response.status_code == 405
    assert not mailoutbox
    assert not IntakeAccess.objects.filter(how=IntakeAccess.How.LINK_SENT).exists()


def test_it_answers_not_found_for_a_missing_intake(as_chen, robin):
    missing = Intake(pk=robin.pk + 1000)

    assert as_chen.post(send_link_url(missing)).status_code == 404


def test_it_refuses_to_send_without_a_csrf_token(clinician, robin):
    browser = FormClient(enforce_csrf_checks=True)
    browser.force_login(clinician)

    response = browser.post(send_link_url(robin))

    assert response.status_code == 403
    assert not IntakeAccess.objects.filter(how=IntakeAccess.How.LINK_SENT).exists()


def test_it_lets_a_reader_who_is_no_clinician_neither_see_nor_use_the_button(
    client, vic, robin, page, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(vic)
    html = page(client.get(change_url(robin)))
    assert not any(button.words == SEND_LINK for button in html.find_all("button"))

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(send_link_url(robin))

    assert response.status_code == 403
    assert not mailoutbox
