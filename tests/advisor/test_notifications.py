"""Telling the clinic about a new intake: one e-mail, after the commit, with no answers in it."""

from __future__ import annotations

import pytest
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.urls import reverse

from advisor.models import Intake

pytestmark = pytest.mark.django_db

CLINIC = "clinic@example.org"
SITE = "https://intake.example.org"

# How the notice names each flag.
FLAG_WORDS = (
    "CRISIS: said yes to thoughts of self-harm",
    "needs a clinician's review before enrolling",
    "a therapist alongside was suggested",
)

# Answers that stand out in an e-mail if they leak into it.
TELLING_ANSWERS = {
    "first_name": "Wilhelmina",
    "email": "wilhelmina.private@example.net",
    "depression_history": "recurrent_in_remission",
    "trauma_history": "prefer_not_to_say",
    "primary_goal": "inner_critic",
    "compassion_arises": "not_applicable",
}


class BrokenMailServer(BaseEmailBackend):
    """A mail server that cannot be reached."""

    def send_messages(self, email_messages):
        raise OSError("Connection refused")


@pytest.fixture
def broken_mail_server(settings):
    backend = f"{__name__}.{BrokenMailServer.__name__}"
    if hasattr(settings, "MAILERS"):
        settings.MAILERS = {"default": {"BACKEND": backend}}
    else:
        settings.EMAIL_BACKEND = backend


# Should the settings go back to EMAIL_BACKEND, Django 6.1 warns on every override of it;
# the warning says nothing about the code under test.
no_mailers_warning = pytest.mark.filterwarnings("ignore:The EMAIL_BACKEND setting is deprecated")


@pytest.fixture(autouse=True)
def clinic_inbox(settings):
    settings.INTAKE_NOTIFY_EMAILS = [CLINIC]
    settings.SITE_URL = SITE


@pytest.fixture
def submitted(post_intake, django_capture_on_commit_callbacks, mailoutbox):
    """Post the form and let the transaction commit; the mail that went out."""

    def submit(**answers):
        with django_capture_on_commit_callbacks(execute=True):
            response = post_intake(**answers)
        assert response.status_code == 302
        return mailoutbox

    return submit


def test_it_sends_the_clinic_one_email_for_a_new_intake(submitted):
    outbox = submitted()

    assert len(outbox) == 1
    assert outbox[0].to == [CLINIC]


def test_it_sends_no_second_email_for_a_double_submit(submitted):
    submitted()
    outbox = submitted()

    assert len(outbox) == 1


def test_it_sends_nothing_before_the_transaction_commits(post_intake, mailoutbox):
    # Without the commit (the test's transaction is never committed) no callback runs.
    post_intake()

    assert Intake.objects.count() == 1
    assert mailoutbox == []


def test_it_links_the_email_to_the_intake_in_the_admin(submitted):
    outbox = submitted()

    intake = Intake.objects.get()
    link = SITE + reverse("admin:advisor_intake_change", args=[intake.pk])
    assert link in outbox[0].body


def test_it_lists_the_flags_in_the_email(submitted):
    # Trauma symptoms are asked about only after some trauma.
    outbox = submitted(substance_misuse_recent="yes", trauma_history="some", trauma_symptoms="yes")

    assert "- needs a clinician's review before enrolling" in outbox[0].body
    assert "- a therapist alongside was suggested" in outbox[0].body


def test_it_lists_no_flags_for_an_intake_without_any(submitted):
    outbox = submitted()

    assert "Flags:\n- none\n" in outbox[0].body
    assert not any(words in outbox[0].body for words in FLAG_WORDS)


@pytest.mark.parametrize(("field", "value"), TELLING_ANSWERS.items())
def test_it_puts_no_answers_in_the_email(submitted, field, value):
    outbox = submitted(**TELLING_ANSWERS)

    message = outbox[0]
    assert value not in message.subject
    assert value not in message.body


def test_it_marks_a_crisis_intake_urgent_in_the_subject(submitted):
    outbox = submitted(self_harm_thoughts="yes")

    assert "URGENT" in outbox[0].subject
    assert "crisis" in outbox[0].subject.lower()


def test_it_says_in_the_subject_that_an_intake_is_flagged(submitted):
    outbox = submitted(depression_history="current")

    assert outbox[0].subject == "New intake flagged for review"


def test_it_says_only_new_intake_for_an_intake_without_flags(submitted):
    outbox = submitted()

    assert outbox[0].subject == "New intake"


def test_it_says_when_the_person_was_told_to_expect_an_answer(submitted):
    outbox = submitted()

    assert "The site told this person the clinic will answer " in outbox[0].body
    assert outbox[0].body.endswith("\n\nThis message holds no answers on purpose.\n")


def test_it_does_not_mark_an_intake_without_a_crisis_urgent(submitted):
    outbox = submitted(depression_history="current")

    assert "URGENT" not in outbox[0].subject
    assert "crisis" not in outbox[0].subject.lower()


def test_it_sends_nothing_when_no_one_is_to_be_told(settings, submitted):
    settings.INTAKE_NOTIFY_EMAILS = []

    outbox = submitted()

    assert outbox == []
    assert Intake.objects.count() == 1


def test_it_sends_nothing_for_an_intake_that_is_rolled_back(
    make_intake, django_capture_on_commit_callbacks, mailoutbox
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        make_intake()  # saves through advisor.services.intake_submit
        raise RuntimeError("something later in the same transaction failed")

    assert callbacks == []
    assert mailoutbox == []
    assert not Intake.objects.exists()


@no_mailers_warning
def test_it_still_shows_the_recommendation_when_mail_cannot_be_sent(
    broken_mail_server, post_intake, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post_intake()

    intake = Intake.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "advisor:recommendation", kwargs={"token": intake.public_token}
    )


@no_mailers_warning
def test_it_keeps_the_intake_when_mail_cannot_be_sent(
    broken_mail_server, post_intake, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        post_intake()

    assert len(callbacks) == 1  # the notice was attempted...
    assert mailoutbox == []  # ...and never reached anyone
    assert Intake.objects.count() == 1
