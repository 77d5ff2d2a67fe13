"""The follow-up's addresses, tried by everyone: the private link is the only key.

"I've signed up", "don't check in with me", the check-in and its stop page answer the
same to a stranger and to a superuser signed in with password and code: a staff login
opens nothing the link does not, and without the link nothing opens. Each link opens only
its own pages: the intake's link does not open its check-in, nor the check-in's link the
answers.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test.client import MULTIPART_CONTENT
from django.urls import reverse
from django.utils import timezone

from advisor.follow_up import checkins_sweep
from advisor.models import CheckIn, Intake, SignUp
from tests.advisor.intakes import saved_intake
from tests.clients import FORM
from tests.factories import OfferingFactory
from tests.helpers import Page
from tests.security.helpers import HttpsClient

pytestmark = pytest.mark.django_db

PERSONAS = ["anonymous", "outsider", "editor", "clinician", "superuser"]
ANSWERS = {
    "started": "yes",
    "program": "MBSR",
    "finished": "yes",
    "helpful": "5",
    "what_helped": "The walking practice",
    "wants_next": "no",
    "self_harm_thoughts": "no",
}


@pytest.fixture
def intake() -> Intake:
    return saved_intake(first_name="Wilhelmina", checkin_opt_in="on")


@pytest.fixture
def checkin(intake) -> CheckIn:
    """The intake's check-in, its invitation made: its link is open."""
    checkins_sweep(now=timezone.now() + timedelta(weeks=52))
    return CheckIn.objects.get(intake=intake)


def checkin_url(token: str) -> str:
    return reverse("advisor:checkin", args=[token])


def stop_url(token: str) -> str:
    return reverse("advisor:checkin_stop", args=[token])


def signed_up_url(token: str) -> str:
    return reverse("advisor:signed_up", args=[token])


def choice_url(token: str) -> str:
    return reverse("advisor:checkin_choice", args=[token])


def what_it_shows(response) -> str:
    """The page's main part as a reader sees it, the CSRF token aside (it is no word)."""
    return Page.of(response).find("main").words


# The same for everyone


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_check_in_page_is_the_same_for_everyone(sign_in, checkin, persona):
    stranger = HttpsClient(address="203.0.113.9")
    client = sign_in(persona)

    theirs, anyones = (
        client.get(checkin_url(checkin.token)),
        stranger.get(checkin_url(checkin.token)),
    )

    assert theirs.status_code == anyones.status_code == 200
    assert what_it_shows(theirs) == what_it_shows(anyones)
    assert "no-store" in theirs["Cache-Control"]


@pytest.mark.parametrize("persona", PERSONAS)
def test_anyone_with_the_link_answers_the_check_in(sign_in, checkin, persona):
    client = sign_in(persona)

    response = client.post(checkin_url(checkin.token), ANSWERS)

    assert response.status_code == 302
    assert CheckIn.objects.get(pk=checkin.pk).answered_at is not None


@pytest.mark.parametrize("persona", PERSONAS)
def test_anyone_with_the_link_stops_the_check_in(sign_in, checkin, persona):
    client = sign_in(persona)

    asked = client.get(stop_url(checkin.token))
    stopped = client.post(stop_url(checkin.token))

    assert (asked.status_code, stopped.status_code) == (200, 200)
    assert CheckIn.objects.get(pk=checkin.pk).stopped_at is not None


@pytest.mark.parametrize("persona", PERSONAS)
def test_anyone_with_the_intakes_link_says_what_they_signed_up_for(sign_in, intake, persona):
    run = OfferingFactory()
    client = sign_in(persona)

    response = client.post(signed_up_url(intake.public_token), {"offering": str(run.pk)})

    assert response.status_code == 302
    assert SignUp.objects.get(intake=intake).offering == run


@pytest.mark.parametrize("persona", PERSONAS)
def test_anyone_with_the_intakes_link_stops_its_check_in(sign_in, intake, persona):
    client = sign_in(persona)

    response = client.post(choice_url(intake.public_token))

    assert response.status_code == 302
    assert CheckIn.objects.get(intake=intake).stopped_at is not None


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("url", [signed_up_url, choice_url], ids=["signed-up", "check-in choice"])
def test_the_buttons_addresses_answer_no_get_for_anyone(sign_in, intake, persona, url):
    response = sign_in(persona).get(url(intake.public_token))

    assert response.status_code == 405


# Without the link, nothing: not even for a superuser


def every_follow_up_request(token: str):
    """Every request the follow-up's addresses take, with `token` in place of the link."""
    return [
        ("get", checkin_url(token), None),
        ("post", checkin_url(token), ANSWERS),
        ("get", stop_url(token), None),
        ("post", stop_url(token), {}),
        ("post", signed_up_url(token), {"program": "MSC"}),
        ("post", choice_url(token), {}),
    ]


def send(client, method: str, url: str, data):
    return client.get(url) if method == "get" else client.post(url, data)


@pytest.mark.parametrize("persona", PERSONAS)
def test_a_made_up_link_opens_nothing_for_anyone(sign_in, checkin, persona):
    client = sign_in(persona)

    answers = [send(client, *request) for request in every_follow_up_request("made-up-link")]

    assert [a.status_code for a in answers] == [404] * len(answers)
    checkin.refresh_from_db()
    assert (checkin.answered_at, checkin.stopped_at) == (None, None)
    assert not SignUp.objects.exists()


@pytest.mark.parametrize("persona", PERSONAS)
def test_a_deleted_intakes_links_open_nothing_for_anyone(sign_in, checkin, persona):
    from advisor.services import intake_delete

    intake = checkin.intake
    tokens = (intake.public_token, checkin.token)
    intake_delete(intake=intake, by="participant")
    client = sign_in(persona)

    answers = [
        send(client, *request) for token in tokens for request in every_follow_up_request(token)
    ]

    assert {a.status_code for a in answers} == {404}


# Each link opens its own pages only


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_intakes_link_does_not_open_its_check_in(sign_in, checkin, persona):
    client = sign_in(persona)
    token = checkin.intake.public_token

    answers = [
        client.get(checkin_url(token)),
        client.post(checkin_url(token), ANSWERS),
        client.get(stop_url(token)),
        client.post(stop_url(token)),
    ]

    assert [a.status_code for a in answers] == [404] * 4
    checkin.refresh_from_db()
    assert (checkin.answered_at, checkin.stopped_at) == (None, None)


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_check_ins_link_does_not_open_the_answers(sign_in, checkin, persona):
    client = sign_in(persona)
    run = OfferingFactory()

    answers = [
        client.get(reverse("advisor:recommendation", args=[checkin.token])),
        client.get(reverse("advisor:delete", args=[checkin.token])),
        client.post(reverse("advisor:delete", args=[checkin.token]), {"confirm": "yes"}),
        client.post(signed_up_url(checkin.token), {"offering": str(run.pk)}),
        client.post(choice_url(checkin.token)),
    ]

    assert [a.status_code for a in answers] == [404] * 5
    assert Intake.objects.filter(pk=checkin.intake_id).exists()
    assert not SignUp.objects.exists()
    assert CheckIn.objects.get(pk=checkin.pk).stopped_at is None


def test_the_check_in_page_shows_nothing_of_the_answers(checkin):
    """Whoever holds the check-in's link (a shared inbox, a forwarded e-mail) reads no
    answer of the intake's, nor its name or address, nor a way to them."""
    intake = checkin.intake
    client = HttpsClient()

    pages = [client.get(checkin_url(checkin.token)), client.get(stop_url(checkin.token))]
    client.post(checkin_url(checkin.token), ANSWERS)
    pages.append(client.get(checkin_url(checkin.token)))

    for response in pages:
        html = response.content.decode()
        assert response.status_code == 200
        assert intake.first_name not in html
        assert intake.email not in html
        assert intake.public_token not in html


# Only the stop link takes a POST without the page's token


POSTS_NEEDING_THE_PAGES_TOKEN = {
    "the check-in's answers": lambda c: (checkin_url(c.token), ANSWERS),
    "I've signed up": lambda c: (signed_up_url(c.intake.public_token), {"program": "MSC"}),
    "don't check in with me": lambda c: (choice_url(c.intake.public_token), {}),
}


@pytest.mark.parametrize("post", POSTS_NEEDING_THE_PAGES_TOKEN)
def test_a_post_from_another_site_is_refused(checkin, post):
    url, data = POSTS_NEEDING_THE_PAGES_TOKEN[post](checkin)

    response = HttpsClient(enforce_csrf_checks=True).post(url, data)

    assert response.status_code == 403
    checkin.refresh_from_db()
    assert (checkin.answered_at, checkin.stopped_at) == (None, None)
    assert not SignUp.objects.exists()


@pytest.mark.parametrize("encoding", [FORM, MULTIPART_CONTENT], ids=["urlencoded", "multipart"])
def test_the_one_click_stop_needs_no_token(checkin, encoding):
    """RFC 8058's one-click POST, as a mail provider sends it: multipart/form-data, as the
    RFC says it SHOULD be, or an ordinary form, as it MAY be."""
    response = HttpsClient(enforce_csrf_checks=True).post(
        stop_url(checkin.token), {"List-Unsubscribe": "One-Click"}, content_type=encoding
    )

    assert response.status_code == 200
    assert CheckIn.objects.get(pk=checkin.pk).stopped_at is not None
