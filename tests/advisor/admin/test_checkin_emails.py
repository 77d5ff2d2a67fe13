"""The check-in's e-mails, and the clinic's notices about check-ins, in the records a
superuser reads.

A check-in e-mail the mail server refuses is tried again later, each time after a longer
wait, and after the last attempt waits, failed, in the list for a superuser to send
again; sent again it arrives once. One whose check-in was answered or stopped since is
not queued again. Nobody else sees these e-mails, nor adds, changes or deletes them.
"""

from __future__ import annotations

import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.urls import reverse
from django.utils import timezone

from advisor.follow_up import checkin_stop, checkins_sweep
from advisor.models import CheckInEmail, Intake, Notification
from tests.advisor.admin.helpers import messages_shown
from tests.advisor.follow_up import (
    A_YEAR,
    answered,
    make_retries_due,
    run_the_queue,
)

pytestmark = pytest.mark.django_db

PERSON = "robin.checkin@example.net"
CLINIC = "clinic@example.org"
ATTEMPTS = 3
FAILED, SENT = CheckInEmail.Status.FAILED, CheckInEmail.Status.SENT


class RefusingMailServer(BaseEmailBackend):
    """A mail server that refuses every recipient."""

    def send_messages(self, messages):
        refused = {
            address: (550, b"5.7.1 Not accepting mail today") for m in messages for address in m.to
        }
        raise smtplib.SMTPRecipientsRefused(refused)


def _mail_server(settings, backend: str) -> None:
    settings.MAILERS = {"default": {"BACKEND": backend}}


def _refusing(settings) -> None:
    _mail_server(settings, f"{__name__}.{RefusingMailServer.__name__}")


def _accepting(settings) -> None:
    _mail_server(settings, "django.core.mail.backends.locmem.EmailBackend")


@pytest.fixture(autouse=True)
def durable_queue(settings):
    """Production's queue, which a test works through itself (run_the_queue)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.INTAKE_NOTIFY_EMAILS = [CLINIC]
    settings.NOTIFICATION_ATTEMPTS = ATTEMPTS


@pytest.fixture
def robin(make_intake) -> Intake:
    return make_intake(first_name="Robin", email=PERSON, checkin_opt_in="on")


def _list_url(query: str = "") -> str:
    return reverse("admin:advisor_checkinemail_changelist") + query


def _invitation(intake: Intake) -> CheckInEmail:
    return CheckInEmail.objects.get(checkin__intake=intake, kind=CheckInEmail.Kind.INVITATION)


def _invite(intake: Intake) -> CheckInEmail:
    """The sweep makes the invitation once it is due, and queues it."""
    checkins_sweep(now=timezone.now() + A_YEAR)
    return _invitation(intake)


def _refused_every_time(settings, intake: Intake) -> CheckInEmail:
    """The invitation, tried as often as allowed against a refusing mail server."""
    _refusing(settings)
    _invite(intake)
    run_the_queue()
    for _ in range(ATTEMPTS - 1):
        make_retries_due()
        run_the_queue()
    return _invitation(intake)


def _to_the_person() -> list[mail.EmailMessage]:
    return [message for message in mail.outbox if message.to == [PERSON]]


def _send_again(client, *emails: CheckInEmail, follow: bool = False):
    data = {
        "action": "send_again",
        "index": "0",
        "_selected_action": [str(email.pk) for email in emails],
    }
    return client.post(_list_url(), data, follow=follow)


# Refused, retried, failed, in sight


def test_a_refused_check_in_email_is_tried_again_later(settings, robin):
    _refusing(settings)
    _invite(robin)

    run_the_queue()

    email = _invitation(robin)
    assert (email.status, email.attempts) == (CheckInEmail.Status.PENDING, 1)
    assert "Not accepting mail today" in email.last_error
    assert run_the_queue() == 0  # its next try is not due yet


def test_a_check_in_email_refused_every_time_waits_failed_in_the_list(
    client, settings, superuser, robin, page
):
    email = _refused_every_time(settings, robin)
    client.force_login(superuser)

    html = page(client.get(_list_url("?status__exact=failed")))

    assert (email.status, email.attempts) == (FAILED, ATTEMPTS)
    (row,) = html.find_all("tr", within=html.find(id="result_list").find("tbody"))
    assert html.find("td", within=row, class_="field-recipient").words == PERSON
    assert html.find("td", within=row, class_="field-kind").words == "The check-in"
    assert html.find("td", within=row, class_="field-status").words == (
        "Failed: send it again from here"
    )
    assert html.find("td", within=row, class_="field-attempts").words == str(ATTEMPTS)
    assert (
        "Not accepting mail today" in html.find("td", within=row, class_="field-last_error").words
    )
    assert html.find(within=row, class_="field-intake").words == str(robin.pk)


def test_a_superuser_sends_a_failed_check_in_email_again_and_it_arrives_once(
    client, settings, superuser, robin, page
):
    email = _refused_every_time(settings, robin)
    _accepting(settings)  # the mail server is back
    client.force_login(superuser)

    response = _send_again(client, email, follow=True)
    run_the_queue()
    run_the_queue()

    assert "Queued 1 failed check-in e-mail to be sent again." in messages_shown(page(response))
    assert len(_to_the_person()) == 1
    email.refresh_from_db()
    assert (email.status, email.attempts) == (SENT, 1)


def test_an_email_that_failed_is_no_longer_sent_again_once_its_check_in_is_answered(
    client, settings, superuser, robin, page
):
    email = _refused_every_time(settings, robin)
    answered(robin)
    _accepting(settings)
    client.force_login(superuser)

    response = _send_again(client, email, follow=True)
    run_the_queue()

    # Answering cancelled it: it is no longer among the failed, and nothing goes.
    assert messages_shown(page(response)) == ["Queued 0 failed check-in e-mails to be sent again."]
    assert _to_the_person() == []
    assert _invitation(robin).status == CheckInEmail.Status.CANCELLED


def test_it_does_not_queue_again_an_email_whose_check_in_was_stopped_since(
    client, settings, superuser, robin
):
    email = _refused_every_time(settings, robin)
    checkin_stop(checkin=robin.checkin)
    _accepting(settings)
    client.force_login(superuser)

    _send_again(client, email)
    run_the_queue()

    assert _to_the_person() == []


def test_it_sends_again_only_the_failed_ones(client, settings, superuser, robin, make_intake):
    failed = _refused_every_time(settings, robin)
    _accepting(settings)
    sam = make_intake(first_name="Sam", email="sam@example.net", checkin_opt_in="on")
    _invite(sam)
    run_the_queue()
    sent = _invitation(sam)
    assert sent.status == SENT
    client.force_login(superuser)

    _send_again(client, failed, sent)
    run_the_queue()

    assert [message.to for message in mail.outbox if message.to != [CLINIC]] == [
        ["sam@example.net"],
        [PERSON],
    ]


# Who may see them


@pytest.mark.parametrize("persona", ["clinician", "editor", "outsider"])
def test_only_a_superuser_sees_the_check_in_emails(client, request, settings, robin, persona):
    _refused_every_time(settings, robin)
    client.force_login(request.getfixturevalue(persona))

    response = client.get(_list_url())

    assert response.status_code == 403
    assert PERSON not in response.content.decode()


def test_nobody_adds_changes_or_deletes_a_check_in_email(client, settings, superuser, robin):
    email = _refused_every_time(settings, robin)
    client.force_login(superuser)

    change = client.get(reverse("admin:advisor_checkinemail_change", args=[email.pk]))
    posted = client.post(
        reverse("admin:advisor_checkinemail_change", args=[email.pk]), {"status": "sent"}
    )

    assert client.get(reverse("admin:advisor_checkinemail_add")).status_code == 403
    assert 'name="_save"' not in change.content.decode()
    assert posted.status_code == 403
    assert (
        client.get(reverse("admin:advisor_checkinemail_delete", args=[email.pk])).status_code == 403
    )
    assert _invitation(robin).status == FAILED


# The clinic's notices say what they are about


def test_the_notices_list_says_what_each_notice_is_about(client, superuser, robin, page):
    _invite(robin)
    answered(robin, self_harm_thoughts="yes")
    client.force_login(superuser)

    html = page(client.get(reverse("admin:advisor_notification_changelist")))

    about = [cell.words for cell in html.find_all("td", class_="field-about")]
    assert sorted(about) == [
        "A new intake",
        "Check-in: thoughts of self-harm",
        "Check-in: would like the next program",
    ]


def test_the_notices_list_filters_by_what_they_are_about(client, superuser, robin, page):
    _invite(robin)
    answered(robin, self_harm_thoughts="yes")
    client.force_login(superuser)

    html = page(
        client.get(reverse("admin:advisor_notification_changelist") + "?about=checkin_distress")
    )

    about = [cell.words for cell in html.find_all("td", class_="field-about")]
    assert about == ["Check-in: thoughts of self-harm"]
    assert Notification.objects.get(about="checkin_distress").urgent
