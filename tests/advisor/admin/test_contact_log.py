"""The contact log: each call, e-mail or message, what happened, and the next step with its day.

A contact log (call, e-mail, message; outcome; next step and its due date), whose entries
are escaped everywhere they show.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import formats, timezone

from advisor.models import ContactAttempt, Intake
from advisor.services import intake_contact_add
from tests.advisor.admin.helpers import change_url, contact_data, messages_shown, review_data

pytestmark = pytest.mark.django_db

DUE_NEEDS_A_STEP = "Please say what the next step is, or leave its date empty."
SCRIPT = "<script>alert('x')</script> \"ring\" & 'see'"


@pytest.fixture
def robin(make_intake) -> Intake:
    return make_intake(first_name="Robin")


@pytest.fixture
def log_contact(client):
    """Save the intake page with a contact filled in (the review left as it was)."""

    def log(intake: Intake, review: dict | None = None, **fields):
        intake.refresh_from_db()
        data = {**review_data(intake, **(review or {})), **contact_data(**fields)}
        return client.post(change_url(intake), data)

    return log


def _day(days_ahead: int):
    return timezone.localdate() + timedelta(days=days_ahead)


def _log_shown(page, client, intake: Intake) -> list[str]:
    html = page(client.get(change_url(intake)))
    box = html.find("div", class_="field-contact_log")
    return [item.words for item in html.find_all("li", within=box)]


def _error(page, response, field: str) -> str:
    html = page(response)
    row = html.find("div", class_=f"field-contact_{field}")
    errors = html.find("ul", within=row, class_="errorlist")
    return errors.words if errors else ""


def test_it_logs_a_call_with_its_outcome_and_next_step(client, clinician, robin, log_contact):
    client.force_login(clinician)
    due = _day(2)

    response = log_contact(
        robin,
        channel="call",
        outcome="left_message",
        summary="Voicemail: asked her to call back.",
        next_step="Call again",
        next_step_due=due.isoformat(),
    )

    assert response.status_code == 302
    (attempt,) = robin.contacts.all()
    assert (attempt.channel, attempt.outcome, attempt.summary) == (
        "call",
        "left_message",
        "Voicemail: asked her to call back.",
    )
    assert (attempt.next_step, attempt.next_step_due) == ("Call again", due)
    assert (attempt.author, attempt.author_name) == (clinician, "chen")


def test_it_shows_the_log_in_order_with_who_and_when(client, clinician, robin, log_contact, page):
    client.force_login(clinician)
    due = _day(3)
    log_contact(robin, channel="call", outcome="no_answer")
    log_contact(
        robin,
        channel="email",
        outcome="sent",
        next_step="Wait for a reply",
        next_step_due=due.isoformat(),
    )

    first, second = _log_shown(page, client, robin)

    assert first.startswith("Phone call: No answer (chen, ")
    assert second.startswith("E-mail: Sent; waiting for a reply (chen, ")
    assert second.endswith(f"Next step: Wait for a reply, due {formats.date_format(due)}")


def test_it_says_a_due_date_needs_a_next_step(client, clinician, robin, log_contact, page):
    client.force_login(clinician)

    response = log_contact(robin, channel="call", outcome="no_answer", next_step_due=_day(1))

    assert response.status_code == 200
    assert _error(page, response, "next_step") == DUE_NEEDS_A_STEP
    assert not ContactAttempt.objects.exists()


@pytest.mark.parametrize(
    ("fields", "field", "error"),
    [
        ({"outcome": "no_answer"}, "channel", "Please say how you tried to reach them."),
        ({"channel": "call"}, "outcome", "Please say what happened."),
        ({"summary": "Spoke briefly."}, "channel", "Please say how you tried to reach them."),
        ({"channel": "fax", "outcome": "sent"}, "channel", "Select a valid choice."),
    ],
)
def test_it_asks_for_how_and_what_happened(
    client, clinician, robin, log_contact, page, fields, field, error
):
    client.force_login(clinician)

    response = log_contact(robin, **fields)

    assert response.status_code == 200
    assert _error(page, response, field).startswith(error)
    assert not ContactAttempt.objects.exists()


def test_it_refuses_a_next_step_due_in_the_past(client, clinician, robin, log_contact, page):
    client.force_login(clinician)

    response = log_contact(
        robin, channel="call", outcome="no_answer", next_step="Call", next_step_due=_day(-1)
    )

    assert _error(page, response, "next_step_due") == (
        "Please choose today or a later day for the next step."
    )
    assert not ContactAttempt.objects.exists()


def test_it_refuses_a_date_that_is_no_date(client, clinician, robin, log_contact, page):
    client.force_login(clinician)

    response = log_contact(
        robin, channel="call", outcome="no_answer", next_step="Call", next_step_due="31/02/2026"
    )

    assert response.status_code == 200
    assert _error(page, response, "next_step_due") == "Enter a valid date."


@pytest.mark.parametrize("status", ["new", "in_review", "reviewed"])
def test_it_marks_an_open_intake_contacted_when_they_were_reached(
    client, clinician, robin, log_contact, set_review, status
):
    set_review(robin, status=status)
    client.force_login(clinician)

    log_contact(robin, channel="call", outcome="reached", summary="Booked an orientation.")

    robin.refresh_from_db()
    assert robin.status == "contacted"
    latest = robin.history.latest()
    assert (latest.status, latest.history_user) == ("contacted", clinician)


def test_it_says_the_intake_is_now_contacted(client, clinician, robin, page):
    client.force_login(clinician)

    response = client.post(
        change_url(robin),
        {**review_data(robin), **contact_data(channel="call", outcome="reached")},
        follow=True,
    )

    assert "You reached them, so the intake is now marked Contacted." in messages_shown(
        page(response)
    )


def test_it_keeps_a_closed_intake_closed_when_they_were_reached(
    client, clinician, robin, log_contact, set_review
):
    set_review(robin, status="closed")
    client.force_login(clinician)

    log_contact(robin, channel="email", outcome="reached")

    robin.refresh_from_db()
    assert robin.status == "closed"
    assert robin.contacts.count() == 1


def test_it_keeps_the_status_chosen_in_the_same_save(client, clinician, robin, log_contact):
    client.force_login(clinician)

    log_contact(robin, review={"status": "closed"}, channel="call", outcome="reached")

    robin.refresh_from_db()
    assert robin.status == "closed"


@pytest.mark.parametrize("outcome", ["left_message", "no_answer", "sent", "wrong_details"])
def test_it_leaves_the_status_alone_when_they_were_not_reached(
    client, clinician, robin, log_contact, outcome
):
    client.force_login(clinician)

    log_contact(robin, channel="call", outcome=outcome)

    robin.refresh_from_db()
    assert robin.status == "new"


def test_it_escapes_what_a_clinician_typed(client, clinician, robin, log_contact):
    client.force_login(clinician)
    log_contact(robin, channel="message", outcome="sent", summary=SCRIPT, next_step=SCRIPT)

    shown = client.get(change_url(robin)).content.decode()

    assert "<script>alert" not in shown
    assert shown.count("&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &quot;ring&quot;") == 2


def test_it_marks_the_latest_next_step_overdue_once_its_day_has_passed(
    client, clinician, robin, page
):
    intake_contact_add(
        intake=robin,
        author=clinician,
        channel="call",
        outcome="no_answer",
        next_step="Call again",
        next_step_due=_day(1),
    )
    ContactAttempt.objects.update(next_step_due=_day(-2))
    client.force_login(clinician)

    (shown,) = _log_shown(page, client, robin)

    assert shown.endswith(f"Next step: Call again, due {formats.date_format(_day(-2))} Overdue")


def test_it_stops_marking_a_next_step_overdue_once_someone_followed_up(
    client, clinician, robin, page
):
    for outcome in ("no_answer", "left_message"):
        intake_contact_add(
            intake=robin,
            author=clinician,
            channel="call",
            outcome=outcome,
            next_step="Call",
            next_step_due=_day(1),
        )
    ContactAttempt.objects.filter(outcome="no_answer").update(next_step_due=_day(-2))
    client.force_login(clinician)

    shown = _log_shown(page, client, robin)

    assert not any("Overdue" in entry for entry in shown)


# The service, whoever calls it


def test_the_service_refuses_a_due_date_without_a_step(robin, clinician):
    with pytest.raises(ValidationError) as refused:
        intake_contact_add(
            intake=robin,
            author=clinician,
            channel="call",
            outcome="no_answer",
            next_step_due=_day(1),
        )

    assert DUE_NEEDS_A_STEP in refused.value.messages
    assert not ContactAttempt.objects.exists()


def test_the_service_refuses_an_outcome_outside_its_choices(robin, clinician):
    with pytest.raises(ValidationError):
        intake_contact_add(intake=robin, author=clinician, channel="call", outcome="maybe")

    assert not ContactAttempt.objects.exists()
