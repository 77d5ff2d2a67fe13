"""People can come back: their link by e-mail when they ask, and again from "Lost your link?".

E-mails go through the task queue; the immediate
queue runs them when the transaction commits, which these tests let happen.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from advisor.models import Intake, ParticipantEmail
from tests.helpers import Page

pytestmark = pytest.mark.django_db

SITE = "https://intake.example.org"
ADDRESS = "robin.private@example.net"

# Answers that stand out in an e-mail if they leak into it.
TELLING = {"trauma_history": "prefer_not_to_say", "primary_goal": "inner_critic"}


@pytest.fixture(autouse=True)
def site(settings):
    settings.SITE_URL = SITE
    settings.INTAKE_NOTIFY_EMAILS = []


@pytest.fixture
def ask_for_links(client, committed):
    def ask(email: str = ADDRESS, **extra):
        return committed(client.post, reverse("advisor:lost_link"), {"email": email}, **extra)

    return ask


def links_of(intake: Intake) -> tuple[str, str]:
    return (
        SITE + intake.get_absolute_url(),
        SITE + reverse("advisor:delete", args=[intake.public_token]),
    )


# Asking for the link with the answers


def test_ticking_the_box_emails_the_link_and_how_to_delete(post_intake, committed, mailoutbox):
    response = committed(post_intake, email_my_link="on", **TELLING)

    intake = Intake.objects.get()
    assert response.url == intake.get_absolute_url()
    assert intake.email_my_link
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [intake.email]
    for link in links_of(intake):
        assert link in message.body
    for answer in TELLING.values():
        assert answer not in message.body
    assert "Inner critic" not in message.body


def test_without_the_tick_no_link_is_emailed(post_intake, committed, mailoutbox):
    committed(post_intake)

    assert not Intake.objects.get().email_my_link
    assert mailoutbox == []


def test_sending_the_form_twice_emails_the_link_once(client, valid_post, committed, mailoutbox):
    data = {**valid_post, "email_my_link": "on"}
    committed(client.post, reverse("advisor:intake"), data)
    committed(client.post, reverse("advisor:intake"), data)

    assert Intake.objects.count() == 1
    assert len(mailoutbox) == 1


def test_the_page_says_the_link_was_emailed(client, post_intake, committed):
    response = committed(post_intake, email_my_link="on")

    words = Page.of(client.get(response.url)).find("main").words
    assert "emailing you the link" in words


# The phone number


def test_a_phone_number_and_a_good_time_are_kept(post_intake):
    post_intake(phone="(617) 555-0134", best_time_to_call="Weekday mornings")

    intake = Intake.objects.get()
    assert intake.phone.as_e164 == "+16175550134"
    assert intake.best_time_to_call == "Weekday mornings"


@pytest.mark.parametrize("number", ["12345", "call me", "+1 555 01", "617-555-01344444"])
def test_a_wrong_phone_number_gets_a_clear_error_and_keeps_the_answers(post_intake, number):
    response = post_intake(phone=number, first_name="Ada")

    assert response.status_code == 200
    assert Intake.objects.count() == 0
    page = Page.of(response)
    assert "Please check the phone number" in page.find(class_="error-summary").words
    assert 'value="Ada"' in response.content.decode()


def test_no_phone_number_is_fine(post_intake):
    post_intake(phone="", best_time_to_call="")

    assert Intake.objects.get().phone == ""


# "Lost your link?"


def test_the_page_asks_for_the_address_with_a_label(client):
    page = Page.of(client.get(reverse("advisor:lost_link")))

    field = page.find("input", id="id_email")
    assert field["type"] == "email"
    assert "email address you gave" in page.label_for("id_email")


def test_it_emails_the_links_of_every_intake_under_the_address(
    make_intake, ask_for_links, mailoutbox
):
    first = make_intake(email=ADDRESS)
    second = make_intake(email="Robin.Private@Example.NET")
    someone_else = make_intake(email="someone@example.net")

    response = ask_for_links("  ROBIN.private@example.net ")

    assert response.status_code == 302
    assert response.url == reverse("advisor:lost_link_sent")
    assert len(mailoutbox) == 1
    body = mailoutbox[0].body
    for link in (*links_of(first), *links_of(second)):
        assert link in body
    for link in links_of(someone_else):
        assert link not in body


def test_the_answer_is_the_same_whether_or_not_answers_are_held(
    client, make_intake, ask_for_links, mailoutbox
):
    make_intake(email=ADDRESS)

    held = ask_for_links(ADDRESS)
    not_held = ask_for_links("nobody@example.net")

    assert (held.status_code, held.url) == (not_held.status_code, not_held.url)
    assert len(mailoutbox) == 1  # only to the address that has answers
    sent_page = client.get(held.url)
    assert sent_page.status_code == 200
    assert "If we hold answers under the address you gave" in Page.of(sent_page).find("main").words


def test_a_wrong_address_gets_a_clear_error(client, mailoutbox):
    response = client.post(reverse("advisor:lost_link"), {"email": "not-an-address"})

    assert response.status_code == 400
    assert "should look like name@example.com" in Page.of(response).find("main").words
    assert mailoutbox == []


def test_a_network_asking_too_often_is_told_to_wait(settings, ask_for_links, make_intake):
    settings.LINK_REQUEST_LIMIT = 2
    ask_for_links()
    ask_for_links()

    response = ask_for_links()

    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "try again in an hour" in Page.of(response).find("main").words


def test_one_address_gets_only_so_many_emails_and_no_one_can_tell(
    settings, make_intake, ask_for_links, mailoutbox
):
    settings.LINK_EMAILS_PER_ADDRESS = 2
    settings.LINK_REQUEST_LIMIT = 100
    make_intake(email=ADDRESS)

    answers = [ask_for_links() for _ in range(4)]

    assert {(a.status_code, a.url) for a in answers} == {(302, reverse("advisor:lost_link_sent"))}
    assert len(mailoutbox) == 2


def test_a_deleted_intakes_link_is_never_sent(make_intake, ask_for_links, mailoutbox, client):
    intake = make_intake(email=ADDRESS)
    client.post(reverse("advisor:delete", args=[intake.public_token]), {"confirm": "yes"})

    ask_for_links()

    assert mailoutbox == []


def test_the_lost_link_pages_are_kept_out_of_search_engines(client):
    for name in ("advisor:lost_link", "advisor:lost_link_sent"):
        response = client.get(reverse(name))
        assert response["X-Robots-Tag"] == "noindex, nofollow"
        assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_the_queue_holds_ids_not_tokens_or_addresses(settings, make_intake, client):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    intake = make_intake(email=ADDRESS)

    client.post(reverse("advisor:lost_link"), {"email": ADDRESS})

    queued = DBTaskResult.objects.get(task_path__endswith="send_participant_email")
    stored = str(queued.args_kwargs)
    assert queued.args_kwargs["args"] == [ParticipantEmail.objects.get(intake=intake).pk]
    assert intake.public_token not in stored
    assert ADDRESS not in stored
