"""What the person, the clinic's e-mail and the admin say about when the clinic answers:
the one promise, counted to the clinic's open hours (advisor.waiting.answer_due).

The sample clinic is open Monday to Friday, 9 am to 5 pm in New York, and answers a flagged
intake within 24 hours, any other within 48. 4 December 2026 is a Friday.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from advisor.models import Intake
from advisor.notifications import clinic_message
from advisor.waiting import FLAGGED_Q, AnswerTimes, answer_due, answer_hours
from config.clinic.models import ClinicProfile
from config.clinic.words import due_words
from tests.advisor.admin.helpers import change_url, changelist_url, dashboard_url
from tests.advisor.intakes import neutral_post
from tests.config.clinic_hours import at, weekday_clinic
from tests.helpers import Page

pytestmark = pytest.mark.django_db

MONDAY_NOON = "by Monday 7 December at 12 pm Eastern time"


def _sent_at(intake: Intake, moment: datetime) -> Intake:
    Intake.objects.filter(pk=intake.pk).update(created_at=moment)
    intake.refresh_from_db()
    return intake


def test_a_crisis_page_sent_on_friday_evening_promises_monday_noon(client, make_intake):
    casey = _sent_at(make_intake(self_harm_thoughts="yes", phone="+16175550199"), at(4, 19))

    page = Page.of(client.get(casey.get_absolute_url()))

    panel = page.find("section", class_="crisis-panel").words
    assert f"will call you {MONDAY_NOON} about your answers" in panel
    assert (
        f"will read your answers {MONDAY_NOON}."
        in page.find("section", class_="your-answers").words
    )
    assert "within 24 hours" not in page.find("main").words


def test_the_talk_with_a_clinician_note_gives_the_same_deadline(client, make_intake):
    robin = _sent_at(make_intake(depression_history="current"), at(8, 16, 30))

    page = Page.of(client.get(robin.get_absolute_url()))

    note = page.find("section", class_="note--review").words
    assert "will contact you by Wednesday 9 December at 4:30 pm Eastern time to talk" in note


def test_an_unflagged_intake_is_promised_the_longer_time(client, make_intake):
    robin = _sent_at(make_intake(), at(7, 6))  # Monday 06:00 + 48 hours: before Wednesday's 9

    page = Page.of(client.get(robin.get_absolute_url()))

    answers = page.find("section", class_="your-answers").words
    assert "will read your answers by Wednesday 9 December at 12 pm Eastern time." in answers


def test_a_look_without_sending_says_when_the_clinic_would_answer_if_sent_now(client):
    data = {**neutral_post(), "look": "1", "depression_history": "current"}
    before = due_words(answer_due(timezone.now(), flagged=True))

    response = client.post(reverse("advisor:intake"), data)

    after = due_words(answer_due(timezone.now(), flagged=True))  # a minute may turn between
    note = Page.of(response).find("section", class_="note--review").words
    lead = "if you send us your answers, a clinician from our clinic will contact you"
    assert f"{lead} {before}" in note or f"{lead} {after}" in note
    assert not Intake.objects.exists()


def test_the_clinics_notice_repeats_the_persons_promise(make_intake):
    casey = _sent_at(make_intake(self_harm_thoughts="yes"), at(4, 19))

    _, body = clinic_message(casey)

    assert f"The site told this person the clinic will answer {MONDAY_NOON}." in body


def test_the_promise_follows_the_clinics_record(client, make_intake):
    record = ClinicProfile.objects.get()
    record.open_days, record.time_zone = "0123456", "America/Los_Angeles"
    record.save()
    casey = _sent_at(
        make_intake(self_harm_thoughts="yes"), at(4, 19, zone=ZoneInfo("America/Los_Angeles"))
    )

    panel = Page.of(client.get(casey.get_absolute_url())).find("section", class_="crisis-panel")

    # Saturday 19:00 is after its closing: Sunday, three hours after it opens.
    assert "by Sunday 6 December at 12 pm Pacific time" in panel.words


# The admin's overdue marks keep the same promise.


def test_an_intake_due_monday_noon_is_not_overdue_on_sunday(make_intake):
    casey = _sent_at(make_intake(first_name="Casey", self_harm_thoughts="yes"), at(4, 19))
    times = AnswerTimes(weekday_clinic())

    assert times.due(casey) == at(7, 12)
    for now, overdue in [(at(6, 15), False), (at(7, 11, 59), False), (at(7, 12, 1), True)]:
        assert times.is_overdue(casey, now) is overdue
        late = Intake.objects.filter(times.overdue_q(now), pk=casey.pk).exists()
        assert late is overdue, now


def test_the_databases_overdue_filter_agrees_with_the_promise_at_every_moment(make_intake):
    """The list's filter and marks and the dashboard's count pick the intakes whose promise
    has passed: checked for sending times every 130 minutes over a week, seen at moments
    open and closed, in the first hours of a day and after."""
    flagged = make_intake(first_name="Casey", self_harm_thoughts="yes")
    other = make_intake(first_name="Robin")
    times = AnswerTimes(weekday_clinic())
    nows = [at(6, 15), at(7, 8), at(7, 9), at(7, 12), at(7, 12, 1), at(7, 16), at(7, 17, 30)]
    nows += [at(8, 11), at(9, 12, 30), at(11, 17), at(12, 9)]
    sent = at(1, 0)
    mismatches = []
    while sent < at(9, 0):
        for intake in (flagged, other):
            _sent_at(intake, sent)
            for now in nows:
                in_db = Intake.objects.filter(times.overdue_q(now), pk=intake.pk).exists()
                if in_db != times.is_overdue(intake, now):
                    mismatches.append((intake.first_name, sent, now))
        sent += timedelta(minutes=130)
    assert mismatches == []


def _open_only_in_three_days() -> None:
    """Open one weekday only, three days from today: a promise made yesterday or today
    falls then, whatever the hour these tests run at."""
    record = ClinicProfile.objects.get()
    today = timezone.localdate(timezone=ZoneInfo(record.time_zone))
    record.open_days = str((today + timedelta(days=3)).weekday())
    record.opens_at, record.closes_at = time(0), time(23, 59)
    record.save()


def test_the_admin_does_not_mark_overdue_what_the_clinic_promised_for_its_next_open_day(
    client, clinician, make_intake
):
    client.force_login(clinician)
    casey = make_intake(first_name="Casey", self_harm_thoughts="yes")
    _sent_at(casey, timezone.now() - timedelta(hours=25))  # 24 hours passed an hour ago
    _open_only_in_three_days()

    listed = Page.of(client.get(changelist_url())).find("td", class_="field-waiting").words
    on_page = Page.of(client.get(change_url(casey))).find("div", class_="field-waiting_since")
    overdue_filter = Page.of(client.get(changelist_url() + "?waiting=overdue"))
    dashboard = Page.of(client.get(dashboard_url())).find("main").words

    assert "Overdue" not in listed
    assert "Overdue" not in on_page.words
    assert "Casey" not in overdue_filter.find("main").words
    assert "Overdue" not in dashboard


def test_the_admin_marks_it_overdue_once_the_promise_has_passed(client, clinician, make_intake):
    client.force_login(clinician)
    casey = make_intake(first_name="Casey", self_harm_thoughts="yes")
    _sent_at(casey, timezone.now() - timedelta(hours=25))
    record = ClinicProfile.objects.get()
    record.open_days, record.opens_at, record.closes_at = "0123456", time(0), time(23, 59)
    record.save()

    listed = Page.of(client.get(changelist_url())).find("td", class_="field-waiting").words

    assert "Overdue" in listed


def test_the_sample_clinic_keeps_weekday_hours_and_its_sample_mark():
    record = ClinicProfile.objects.get()

    assert (record.open_days, record.opens_at, record.closes_at) == ("01234", time(9), time(17))
    assert record.is_sample
    assert date(2026, 12, 4).weekday() == 4  # the tests' Friday


# Which answer time an intake is promised: one rule, beside the flagged-intake query.


@pytest.mark.parametrize(
    ("answers", "hours"),
    [
        ({"self_harm_thoughts": "yes"}, 8),  # a crisis
        ({"substance_misuse_recent": "yes"}, 8),  # a clinician's review
        ({}, 72),
    ],
)
def test_a_flagged_intake_is_promised_the_shorter_answer_time(make_intake, answers, hours):
    clinic = weekday_clinic(intake_answer_hours=72, flagged_answer_hours=8)
    intake = make_intake(**answers)

    assert answer_hours(clinic, flagged=intake.needs_a_clinician) == hours
    assert AnswerTimes(clinic).hours_for(intake) == hours
    assert Intake.objects.filter(FLAGGED_Q, pk=intake.pk).exists() is (hours == 8)


def test_with_no_record_readable_the_promise_is_the_samples():
    assert (answer_hours(None, flagged=True), answer_hours(None, flagged=False)) == (24, 48)
