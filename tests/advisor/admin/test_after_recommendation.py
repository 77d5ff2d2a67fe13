"""The intake page's "After the recommendation": the course the person told us they signed up
for, and the check-in they asked for, read-only, every time in the clinic's zone.

The check-in shows when it was asked for and the very sentence ticked, when its e-mails
fall due or went, when it was stopped or answered, and every answer in words; a yes to
thoughts of self-harm leads it. What is not there is said plainly. The clinic here is in
Los Angeles, so that a time in the server's own zone (New York) would show.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import formats, timezone

from advisor import checkin_questions, questionnaire
from advisor.follow_up import REMINDER_AFTER, checkin_due, checkin_stop
from advisor.models import CheckIn, Intake
from tests.advisor.admin.helpers import change_url
from tests.advisor.follow_up import (
    DID_NOT_START,
    answered,
    invited,
    reminded,
    sent_at,
    signed_up,
)
from tests.factories import OfferingFactory, ProviderFactory

pytestmark = pytest.mark.django_db

LOS_ANGELES = ZoneInfo("America/Los_Angeles")
NO_SIGN_UP = "No sign-up: they have not told us of a course."
NOT_ASKED_FOR = "Not asked for: they did not tick the box for a check-in after the course."


@pytest.fixture(autouse=True)
def _clinic_in_los_angeles(clinic):
    clinic(time_zone="America/Los_Angeles")


@pytest.fixture
def open_page(client, clinician, page):
    client.force_login(clinician)

    def open_intake(intake: Intake):
        response = client.get(change_url(intake))
        assert response.status_code == 200
        return page(response)

    return open_intake


def _clinic_time(value: datetime) -> str:
    return f"{value.astimezone(LOS_ANGELES):%-d %b %Y %H:%M %Z}"


def _section(html):
    box = html.find("div", class_="field-after_recommendation")
    assert box is not None, "No 'After the recommendation' on the page"
    return box


def _steps(html) -> dict[str, str]:
    """The check-in's course, as its table reads: what happened, and when."""
    table = html.find("table", class_="checkin-steps", within=_section(html))
    return {row.find("th").words: row.find("td").words for row in html.find_all("tr", within=table)}


def _answers(html) -> dict[str, str]:
    table = html.find("table", class_="checkin-answers", within=_section(html))
    assert table is not None, "No answers shown"
    return {row.find("th").words: row.find("td").words for row in html.find_all("tr", within=table)}


def _label(code: str) -> str:
    return " ".join(checkin_questions.QUESTIONS_BY_CODE[code].label.split())


@pytest.fixture
def robin(make_intake) -> Intake:
    """Robin asked for a check-in."""
    return make_intake(first_name="Robin", checkin_opt_in="on")


# The section, and its plain "none"


def test_it_puts_the_section_after_the_recommendation(open_page, robin):
    headings = [h.words for h in open_page(robin).find_all("h2", class_="fieldset-heading")]

    assert headings.index("After the recommendation") == headings.index("Recommendation") + 1


def test_it_says_plainly_when_nothing_has_happened_since(open_page, make_intake):
    html = open_page(make_intake(first_name="Sam"))

    words = _section(html).words
    assert NO_SIGN_UP in words
    assert NOT_ASKED_FOR in words


# The sign-up


def test_it_shows_the_run_signed_up_for_and_when_they_said_so(open_page, robin):
    provider = ProviderFactory(name="Quiet Harbor Mindfulness")
    run = OfferingFactory(provider=provider)
    sign_up = signed_up(robin, run)

    words = _section(open_page(robin)).words

    start = formats.date_format(run.start_date, "DATE_FORMAT")
    end = formats.date_format(run.end_date, "DATE_FORMAT")
    assert (
        f"Signed up for MBSR with Quiet Harbor Mindfulness, {start} to {end}. "
        f"They told us {_clinic_time(sign_up.signed_up_at)}."
    ) in words
    assert NO_SIGN_UP not in words


def test_it_shows_another_course_signed_up_for(open_page, robin):
    sign_up = signed_up(robin, program="MBCT")

    words = _section(open_page(robin)).words

    assert (
        "Signed up for MBCT: another course, not one of the directory's runs. "
        f"They told us {_clinic_time(sign_up.signed_up_at)}."
    ) in words


def test_it_says_when_the_run_signed_up_for_has_left_the_directory(open_page, robin):
    run = OfferingFactory()
    signed_up(robin, run)
    ends = formats.date_format(run.end_date, "DATE_FORMAT")
    run.delete()

    words = _section(open_page(robin)).words

    assert f"on a run since removed from the directory (its last session was {ends})" in words


# The check-in, before it is answered


def test_it_shows_when_the_check_in_was_asked_for_and_the_sentence_ticked(open_page, robin):
    checkin = robin.checkin
    sentence = questionnaire.checkin_consent_text(questionnaire.CHECKIN_CONSENT_VERSION)

    asked = _steps(open_page(robin))["Asked for"]

    assert asked == (
        f"{_clinic_time(checkin.asked_at)}, ticking “{sentence}” "
        f"(wording version {questionnaire.CHECKIN_CONSENT_VERSION})"
    )


def test_it_shows_a_spanish_check_in_sentence_with_its_english(open_page, make_intake):
    maria = make_intake(first_name="María", checkin_opt_in="on", answered_in="es")
    spanish = questionnaire.consent_version("es", questionnaire.CHECKIN_CONSENT_VERSION)

    asked = _steps(open_page(maria))["Asked for"]

    assert f"ticking “{questionnaire.checkin_consent_text(spanish)}”" in asked
    english = questionnaire.checkin_consent_text(questionnaire.CHECKIN_CONSENT_VERSION)
    assert f"(wording version {spanish}, in Spanish; in English: “{english}”)" in asked


def test_it_says_when_the_invitation_falls_due(open_page, robin):
    due = checkin_due(CheckIn.objects.select_related("intake").get(intake=robin))

    steps = _steps(open_page(robin))

    assert steps["Invitation falls due"] == _clinic_time(due)
    assert steps["Not answered yet"] == ""


def test_it_says_the_invitation_falls_due_a_week_after_the_run_signed_up_for(open_page, robin):
    run = OfferingFactory()
    signed_up(robin, run)

    due = _steps(open_page(robin))["Invitation falls due"]

    # At ten in the morning, the clinic's time.
    assert due == _clinic_time(
        datetime.combine(run.end_date + timedelta(days=7), time(10), tzinfo=LOS_ANGELES)
    )


def test_it_shows_when_the_invitation_went_and_when_the_reminder_falls_due(open_page, robin):
    invitation = sent_at(invited(robin), timezone.now() - timedelta(days=2))

    steps = _steps(open_page(robin))

    assert steps["Invitation sent"] == _clinic_time(invitation.sent_at)
    assert steps["Reminder falls due"] == (
        f"{_clinic_time(invitation.sent_at + REMINDER_AFTER)}, "
        "if the check-in is still unanswered then"
    )
    assert "Invitation falls due" not in steps


def test_it_shows_when_the_reminder_went(open_page, robin):
    invited(robin)
    reminder = sent_at(reminded(robin), timezone.now() - timedelta(hours=3))

    steps = _steps(open_page(robin))

    assert steps["Reminder sent"] == _clinic_time(reminder.sent_at)
    assert "Reminder falls due" not in steps


def test_it_shows_when_the_check_in_was_stopped(open_page, robin):
    invited(robin)
    checkin_stop(checkin=robin.checkin)
    stopped = CheckIn.objects.get(intake=robin).stopped_at

    steps = _steps(open_page(robin))

    assert steps["Stopped"] == (
        f"{_clinic_time(stopped)}, they asked us not to check in: nothing more is sent"
    )
    assert "Not answered yet" not in steps
    assert "Reminder falls due" not in steps


def test_it_says_a_check_in_stopped_before_its_invitation_was_never_sent(open_page, robin):
    checkin_stop(checkin=robin.checkin)

    steps = _steps(open_page(robin))

    assert "Invitation never sent: the check-in was stopped first" in steps


# The check-in's answers


def test_it_shows_when_the_check_in_was_answered_and_each_answer_in_words(open_page, robin):
    invited(robin)
    checkin = answered(robin, program="MSC", helpful="4", wants_next="yes")

    html = open_page(robin)

    assert _steps(html)["Answered"] == _clinic_time(checkin.answered_at)
    assert _answers(html) == {
        _label("started"): "Yes",
        _label("program"): "Mindful Self-Compassion (MSC)",
        _label("finished"): "Yes",
        _label("helpful"): "Very helpful",
        _label("what_helped"): "The Tuesday group",
        _label("wants_next"): "Yes",
        _label("self_harm_thoughts"): "No",
    }


def test_it_says_plainly_which_questions_were_left_unanswered(open_page, robin):
    invited(robin)
    answered(robin, program=None, what_helped=None)

    shown = _answers(open_page(robin))

    assert shown[_label("started")] == "Yes"
    assert shown[_label("program")] == "No answer"
    assert shown[_label("what_helped")] == "Nothing written"


def test_it_says_which_questions_were_not_asked_when_no_course_was_started(open_page, robin):
    invited(robin)
    answered(robin, **DID_NOT_START)

    shown = _answers(open_page(robin))

    assert shown[_label("started")] == "No"
    for code in checkin_questions.ABOUT_THE_COURSE:
        assert shown[_label(code)] == "Not asked: they had not started a course"


def test_it_shows_what_helped_as_text_not_markup(open_page, robin):
    invited(robin)
    answered(robin, what_helped='<script>alert("x")</script> & <b>bold</b>')

    html = open_page(robin)

    assert _answers(html)[_label("what_helped")] == '<script>alert("x")</script> & <b>bold</b>'
    assert html.find("b", within=_section(html)) is None
    assert not [s for s in html.find_all("script", within=_section(html))]


def test_it_leads_the_check_in_with_a_yes_to_thoughts_of_self_harm(open_page, robin):
    invited(robin)
    answered(robin, self_harm_thoughts="yes")

    html = open_page(robin)

    alert = html.find("p", class_="checkin-distress", within=_section(html))
    assert alert is not None and alert.attrs.get("role") == "alert"
    assert "they said they have had thoughts of harming themselves lately" in alert.words
    row = next(
        r
        for r in html.find_all("tr", within=_section(html))
        if r.find("th").words == _label("self_harm_thoughts")
    )
    assert "raised-flag" in row["class"]
    assert row.find("span", class_="flag--crisis").words == "Yes"


def test_it_raises_no_alert_for_a_no(open_page, robin):
    invited(robin)
    answered(robin, self_harm_thoughts="no")

    assert open_page(robin).find("p", class_="checkin-distress") is None


# What it costs, and where it is not shown


def test_it_runs_as_many_queries_however_much_has_happened_since(
    client, clinician, make_intake, queries
):
    client.force_login(clinician)
    bare = make_intake(first_name="Bare", checkin_opt_in="on")
    full = make_intake(first_name="Full", checkin_opt_in="on")
    signed_up(full, OfferingFactory())
    invited(full)
    reminded(full)
    answered(full, self_harm_thoughts="yes")
    client.get(change_url(bare))  # a first request may write the session (the idle timer)
    with_nothing = queries.of(lambda: client.get(change_url(bare)))

    with queries.as_many_as(with_nothing):
        assert client.get(change_url(full)).status_code == 200


def test_it_leaves_the_section_out_of_an_earlier_versions_page(client, clinician, robin, page):
    client.force_login(clinician)
    signed_up(robin, program="MSC")
    version = robin.history.earliest().history_id

    url = reverse("admin:advisor_intake_simple_history", args=[robin.pk, version])

    html = page(client.get(url))

    headings = [h.words for h in html.find_all("h2", class_="fieldset-heading")]
    assert "Recommendation" in headings
    assert "After the recommendation" not in headings
