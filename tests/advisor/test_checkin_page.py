"""The check-in's page, reached only through the private link its e-mail holds.

Its questions; answers kept once (a second answer is refused, the first kept, and the
page says so); an answer of thoughts of self-harm that leads the next page with crisis
help, flags the intake for a clinician at once and tells the clinic, urgently, without
the answers; answers that are no answers (a helpfulness of 9, a program "XYZ") sent back
with the form's errors and nothing kept. A link that is wrong, expired or whose answers
were deleted is the site's plain 404, the same page a link that never existed gets.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test.client import MULTIPART_CONTENT
from django.urls import reverse
from django.utils import timezone, translation

from advisor import checkin_questions
from advisor.follow_up import checkins_sweep
from advisor.models import CheckIn, CheckInEmail, Intake, Notification
from advisor.services import intake_delete, intakes_rescore
from tests.clients import FORM, FormClient
from tests.helpers import Page

pytestmark = pytest.mark.django_db

CLINIC = "clinic@example.org"
FIRST_NAME = "Wilhelmina"
WHAT_HELPED = "Sitting with the group on Tuesday nights"
HOW_DID_IT_GO = "How did your course go?"
THANKS = "Thank you for telling us"
CRISIS_TITLE = "Please reach out for support now"
ABOUT_THE_COURSE_NEEDED = "You said you started a course: please answer this too."

# A check-in answered in full: started, finished, would like the next program.
ANSWERS = {
    "started": "yes",
    "program": "MBSR",
    "finished": "yes",
    "helpful": "4",
    "what_helped": WHAT_HELPED,
    "wants_next": "yes",
    "self_harm_thoughts": "no",
}
DID_NOT_START = {"started": "no", "wants_next": "no", "self_harm_thoughts": "no"}


@pytest.fixture(autouse=True)
def clinic_inbox(settings):
    settings.INTAKE_NOTIFY_EMAILS = [CLINIC]


def invited(intake: Intake) -> CheckIn:
    """The check-in once its invitation is made (before which its link opens nothing)."""
    checkins_sweep(now=timezone.now() + timedelta(weeks=52))
    checkin = CheckIn.objects.get(intake=intake)
    assert checkin.emails.filter(kind=CheckInEmail.Kind.INVITATION).exists()
    return checkin


@pytest.fixture
def checkin(make_intake) -> CheckIn:
    return invited(make_intake(first_name=FIRST_NAME, checkin_opt_in="on"))


def checkin_url(checkin: CheckIn) -> str:
    return reverse("advisor:checkin", kwargs={"token": checkin.token})


def stop_url(checkin: CheckIn) -> str:
    return reverse("advisor:checkin_stop", kwargs={"token": checkin.token})


def answer(client, checkin: CheckIn, **changes: str | None):
    data = {name: value for name, value in {**ANSWERS, **changes}.items() if value is not None}
    return client.post(checkin_url(checkin), data)


def not_found_body(response, token: str) -> str:
    """A 404's body with the link's token in its own address (the language links repeat
    the address asked for) put aside."""
    assert response.status_code == 404
    return response.content.decode().replace(token, "<link>")


def like_a_link_that_never_existed(client, response, token: str) -> bool:
    """The same page, word for word, as a made-up link of the same length gets."""
    made_up = "n" * len(token)
    never = client.get(reverse("advisor:checkin", kwargs={"token": made_up}))
    return not_found_body(response, token) == not_found_body(never, made_up)


def error_summary(html: Page) -> list[str]:
    summary = html.find(class_="error-summary")
    return [item.words for item in html.find_all("li", within=summary)] if summary else []


# The form


def test_the_link_opens_the_questions(client, checkin, page):
    response = client.get(checkin_url(checkin))

    html = page(response)
    assert response.status_code == 200
    assert html.find("h1").words == HOW_DID_IT_GO
    form = html.find("form", action=checkin_url(checkin))
    assert form["method"] == "post"
    asked = {element["name"] for element in html.find_all(["input", "textarea"], within=form)}
    assert set(checkin_questions.CODES) <= asked
    for question in checkin_questions.QUESTIONS:
        assert question.label in form.words
    assert html.find("a", href=stop_url(checkin)) is not None


def test_the_pages_are_private(client, checkin):
    for response in (
        client.get(checkin_url(checkin)),
        client.get(stop_url(checkin)),
        answer(client, checkin, helpful="9"),
    ):
        assert "no-store" in response["Cache-Control"]
        assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_answers_are_kept_and_lead_to_the_answered_page(client, checkin, page):
    response = answer(client, checkin)

    assert response.status_code == 302
    assert response["Location"] == checkin_url(checkin)
    checkin.refresh_from_db()
    assert checkin.answered_at is not None
    assert (checkin.started, checkin.program, checkin.finished, checkin.helpful) == (
        "yes",
        "MBSR",
        "yes",
        4,
    )
    assert (checkin.what_helped, checkin.wants_next, checkin.self_harm_thoughts) == (
        WHAT_HELPED,
        "yes",
        "no",
    )
    html = page(client.get(checkin_url(checkin)))
    assert html.find("h1").words == THANKS
    assert html.find(class_="answered-again") is None
    assert html.find(class_="crisis-panel") is None


def test_someone_who_did_not_start_a_course_is_asked_nothing_more(client, checkin):
    response = answer(client, checkin, **{**dict.fromkeys(ANSWERS), **DID_NOT_START})

    assert response.status_code == 302
    checkin.refresh_from_db()
    assert (checkin.started, checkin.program, checkin.finished, checkin.helpful) == (
        "no",
        "",
        "",
        None,
    )


def test_answers_about_a_course_not_started_are_not_kept(client, checkin):
    answer(client, checkin, started="no")

    checkin.refresh_from_db()
    assert (checkin.program, checkin.finished, checkin.helpful) == ("", "", None)
    assert checkin.what_helped == WHAT_HELPED  # asked of everyone


def test_no_second_step_for_someone_who_did_not_finish(client, checkin, page):
    answer(client, checkin, finished="no")

    html = page(client.get(checkin_url(checkin)))
    assert html.find(class_="second-step") is None
    assert not Notification.objects.filter(about="next_program").exists()


def test_no_second_step_for_someone_who_does_not_want_one(client, checkin, page):
    answer(client, checkin, wants_next="no")

    html = page(client.get(checkin_url(checkin)))
    assert html.find(class_="second-step") is None
    assert not Notification.objects.filter(about="next_program").exists()


def test_the_second_step_is_the_program_suggested_next(client, checkin, page):
    intake = checkin.intake
    assert (intake.recommendation["first"], intake.recommendation["then"]) == ("MBSR", "MSC")

    answer(client, checkin)

    step = page(client.get(checkin_url(checkin))).find("section", class_="second-step")
    assert step.find("h2").words == "Your next step: Mindful Self-Compassion (MSC)"


def test_after_msc_first_the_second_step_is_the_program_suggested_after_it(
    client, make_intake, page
):
    intake = make_intake(self_criticism="5", primary_goal="inner_critic", checkin_opt_in="on")
    first, then = intake.recommendation["first"], intake.recommendation["then"]
    assert first == "MSC" and then in ("MBSR", "MBCT")
    checkin = invited(intake)

    answer(client, checkin, program="MSC")

    step = page(client.get(checkin_url(checkin))).find("section", class_="second-step")
    assert step.find("h2").words.endswith(f"({then})")


def test_someone_who_took_the_second_program_first_is_offered_the_other(client, checkin, page):
    assert checkin.intake.recommendation["then"] == "MSC"

    answer(client, checkin, program="MSC")

    step = page(client.get(checkin_url(checkin))).find("section", class_="second-step")
    assert step.find("h2").words.endswith("(MBSR)")


def test_the_clinic_is_told_of_the_wish_for_the_next_program_once(client, checkin):
    answer(client, checkin)
    answer(client, checkin)

    (notice,) = Notification.objects.filter(intake=checkin.intake, about="next_program")
    assert (notice.recipient, notice.urgent) == (CLINIC, False)


# Answered twice


def test_a_second_answer_keeps_the_first_and_says_so(client, checkin, page):
    answer(client, checkin)
    first = CheckIn.objects.get(pk=checkin.pk)

    response = answer(client, checkin, helpful="1", what_helped="Nothing at all", wants_next="no")

    assert response.status_code == 200
    html = page(response)
    assert html.find("h1").words == THANKS
    again = html.find(class_="answered-again").words
    assert "You already answered this check-in on" in again
    assert "We have kept those first answers, and these were not saved." in again
    kept = CheckIn.objects.get(pk=checkin.pk)
    assert (kept.helpful, kept.what_helped, kept.wants_next) == (4, WHAT_HELPED, "yes")
    assert kept.answered_at == first.answered_at


def test_a_second_answer_with_errors_still_keeps_the_first(client, checkin, page):
    answer(client, checkin)

    response = answer(client, checkin, helpful="9", program="XYZ")

    assert page(response).find(class_="answered-again") is not None
    assert CheckIn.objects.get(pk=checkin.pk).helpful == 4


def test_opening_the_link_again_after_answering_shows_the_answered_page(client, checkin, page):
    answer(client, checkin)

    html = page(client.get(checkin_url(checkin)))

    assert html.find("h1").words == THANKS
    assert html.find("form", action=checkin_url(checkin)) is None


# Answers that are no answers: the form again, with errors, and nothing kept


BAD_ANSWERS = {
    "a helpfulness of 9": {"helpful": "9"},
    "a helpfulness of 0": {"helpful": "0"},
    "a helpfulness in words": {"helpful": "very"},
    "a huge helpfulness": {"helpful": "9" * 40},
    "a program not in the list": {"program": "XYZ"},
    "started maybe": {"started": "maybe"},
    "finished maybe": {"finished": "maybe"},
    "wants next maybe": {"wants_next": "perhaps"},
    "self-harm rather not say": {"self_harm_thoughts": "unsure"},
    "no started": {"started": None},
    "no wants next": {"wants_next": None},
    "no self-harm answer": {"self_harm_thoughts": None},
    "started, no program": {"program": None},
    "started, no finished": {"finished": None},
    "started, no helpfulness": {"helpful": None},
    "a control character": {"what_helped": "fine\x00then"},
    "too long": {"what_helped": "x" * (checkin_questions.WHAT_HELPED_MAX + 1)},
}


@pytest.mark.parametrize("bad", BAD_ANSWERS)
def test_it_sends_bad_answers_back_with_errors_and_keeps_nothing(client, checkin, page, bad):
    response = answer(client, checkin, **BAD_ANSWERS[bad])

    assert response.status_code == 200
    html = page(response)
    assert html.find("h1").words == HOW_DID_IT_GO
    assert html.find(class_="error-summary") is not None
    assert len(error_summary(html)) == 1
    checkin.refresh_from_db()
    assert checkin.answered_at is None
    assert not Notification.objects.exclude(about="intake").exists()


def test_an_empty_post_asks_for_the_three_answers_everyone_gives(client, checkin, page):
    response = client.post(checkin_url(checkin), {})

    html = page(response)
    assert response.status_code == 200
    asked = " ".join(error_summary(html))
    for code in ("started", "wants_next", "self_harm_thoughts"):
        assert checkin_questions.QUESTIONS_BY_CODE[code].label in asked
    assert CheckIn.objects.get(pk=checkin.pk).answered_at is None


def test_started_without_the_course_answers_asks_for_them(client, checkin, page):
    response = answer(client, checkin, program=None, finished=None, helpful=None)

    messages = error_summary(page(response))
    assert len(messages) == 3
    assert all(message.endswith(ABOUT_THE_COURSE_NEEDED) for message in messages)


def test_answers_sent_back_are_still_there(client, checkin, page):
    response = answer(client, checkin, helpful="9")

    html = page(response)
    assert html.find("input", name="program", value="MBSR").has_attr("checked")
    assert html.find("textarea", name="what_helped").words == WHAT_HELPED


# Thoughts of self-harm


def test_a_yes_leads_the_answered_page_with_crisis_help(client, checkin, page):
    answer(client, checkin, self_harm_thoughts="yes")

    html = page(client.get(checkin_url(checkin)))

    headings = [h.words for h in html.find("main").find_all(["h1", "h2"])]
    assert headings[:2] == [CRISIS_TITLE, THANKS]
    panel = html.find("section", class_="crisis-panel")
    assert panel.find("a", href="tel:988") is not None
    assert panel.find("a", href="sms:988") is not None


def test_a_yes_flags_the_intake_for_a_clinician_at_once(client, checkin):
    assert not checkin.intake.flag_crisis

    answer(client, checkin, self_harm_thoughts="yes")

    intake = Intake.objects.get(pk=checkin.intake_id)
    assert (intake.flag_crisis, intake.flag_clinician_review) == (True, True)


@pytest.mark.parametrize("status", [Intake.Status.CLOSED, Intake.Status.CONTACTED])
def test_a_yes_brings_a_closed_intake_back_among_the_new(client, checkin, status):
    Intake.objects.filter(pk=checkin.intake_id).update(status=status)

    answer(client, checkin, self_harm_thoughts="yes")

    assert Intake.objects.get(pk=checkin.intake_id).status == Intake.Status.NEW


def test_a_yes_leaves_an_intake_in_review_where_it_is(client, checkin):
    Intake.objects.filter(pk=checkin.intake_id).update(status=Intake.Status.IN_REVIEW)

    answer(client, checkin, self_harm_thoughts="yes")

    assert Intake.objects.get(pk=checkin.intake_id).status == Intake.Status.IN_REVIEW


def test_a_yes_sends_the_clinic_an_urgent_notice_without_the_answers(
    client, checkin, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        answer(client, checkin, self_harm_thoughts="yes", wants_next="no")

    (notice,) = Notification.objects.filter(intake=checkin.intake, about="checkin_distress")
    assert (notice.recipient, notice.urgent) == (CLINIC, True)
    (message,) = [m for m in mailoutbox if m.to == [CLINIC]]
    assert message.subject.startswith("URGENT")
    assert reverse("admin:advisor_intake_change", args=[checkin.intake_id]) in message.body
    for private in (FIRST_NAME, WHAT_HELPED, checkin.intake.email, checkin.token):
        assert private not in message.subject
        assert private not in message.body


def test_a_no_sends_no_urgent_notice(client, checkin):
    answer(client, checkin, wants_next="no")

    assert not Notification.objects.filter(about="checkin_distress").exists()
    assert not Intake.objects.get(pk=checkin.intake_id).flag_crisis


def test_re_scoring_the_intake_keeps_the_check_ins_flag(client, checkin):
    answer(client, checkin, self_harm_thoughts="yes")
    # As if an older version of the rules had scored it, so that a re-score changes it.
    intake = Intake.objects.get(pk=checkin.intake_id)
    stale = {**intake.recommendation, "first": "MBCT", "rules_version": "old"}
    Intake.objects.filter(pk=intake.pk).update(recommendation=stale, rules_version="old")

    changed = intakes_rescore(intakes=Intake.objects.filter(pk=intake.pk))

    assert changed == 1
    intake.refresh_from_db()
    assert intake.rules_version != "old"
    assert (intake.flag_crisis, intake.flag_clinician_review) == (True, True)


def test_the_form_sent_back_with_errors_after_a_yes_leads_with_crisis_help(client, checkin, page):
    response = answer(client, checkin, self_harm_thoughts="yes", helpful="9")

    html = page(response)
    assert response.status_code == 200
    panel = html.find("section", class_="crisis-panel")
    assert panel is not None and panel.find("h1").words == CRISIS_TITLE
    # Once is enough: not again under the question.
    assert html.find(class_="crisis-help") is None
    assert CheckIn.objects.get(pk=checkin.pk).answered_at is None


def test_the_form_holds_crisis_help_under_the_question_for_a_yes(client, checkin, page):
    html = page(client.get(checkin_url(checkin)))

    question = html.find(id="div_id_self_harm_thoughts")
    help_after = html.find(class_="crisis-on-yes", within=question)
    assert help_after is not None
    assert help_after.find(class_="crisis-help") is not None
    # After the answers, where a screen reader reads on (the CSS shows it on a "Yes").
    assert help_after.find_previous("fieldset") is html.find("fieldset", within=question)
    assert html.find("section", class_="crisis-panel") is None


# Closed links: the plain 404, the same as a link that never existed


def test_a_link_that_never_existed_is_the_sites_plain_not_found_page(client, page):
    response = client.get(reverse("advisor:checkin", kwargs={"token": "no-such-link-ever"}))

    assert response.status_code == 404
    assert page(response).find("h1").words == "We could not find that page"


def test_before_its_invitation_the_link_opens_nothing(client, make_intake):
    intake = make_intake(checkin_opt_in="on")
    checkin = CheckIn.objects.get(intake=intake)

    responses = [client.get(checkin_url(checkin)), client.get(stop_url(checkin))]

    assert [r.status_code for r in responses] == [404, 404]
    assert like_a_link_that_never_existed(client, responses[0], checkin.token)


@pytest.mark.parametrize("days", [59, 60])
def test_the_link_is_open_for_sixty_days_after_the_invitation_went(client, checkin, days):
    CheckInEmail.objects.filter(checkin=checkin).update(
        sent_at=timezone.now() - timedelta(days=days) + timedelta(minutes=1)
    )

    assert client.get(checkin_url(checkin)).status_code == 200


def test_sixty_days_after_the_invitation_went_the_link_is_closed(client, checkin):
    CheckInEmail.objects.filter(checkin=checkin).update(
        sent_at=timezone.now() - timedelta(days=60, minutes=1)
    )

    responses = [
        client.get(checkin_url(checkin)),
        answer(client, checkin),
        client.get(stop_url(checkin)),
        client.post(stop_url(checkin)),
    ]

    assert [r.status_code for r in responses] == [404] * 4
    assert like_a_link_that_never_existed(client, responses[0], checkin.token)
    assert CheckIn.objects.get(pk=checkin.pk).answered_at is None
    assert CheckIn.objects.get(pk=checkin.pk).stopped_at is None


def test_an_unsent_invitation_counts_from_when_it_was_made(client, checkin):
    # Never sent (the mail server down for good): the link's sixty days run from its row.
    CheckInEmail.objects.filter(checkin=checkin).update(
        sent_at=None, created_at=timezone.now() - timedelta(days=61)
    )

    assert client.get(checkin_url(checkin)).status_code == 404


def test_once_the_answers_are_deleted_the_link_is_like_one_that_never_existed(client, checkin):
    url = checkin_url(checkin)
    intake_delete(intake=checkin.intake, by="participant")

    response = client.get(url)

    assert response.status_code == 404
    assert like_a_link_that_never_existed(client, response, checkin.token)
    assert client.post(url, ANSWERS).status_code == 404
    assert client.post(reverse("advisor:checkin_stop", args=[checkin.token])).status_code == 404


@pytest.mark.parametrize(
    "token",
    ["x", "A" * 43, "../admin", "%00", "-" * 64, "0" * 200],
    ids=["short", "guessed", "path", "nul", "dashes", "long"],
)
def test_a_wrong_link_is_not_found(client, checkin, token):
    response = client.get(f"/check-in/{token}/")

    assert response.status_code == 404


# The stop page


def test_the_stop_page_asks_first_and_a_get_stops_nothing(client, checkin, page):
    response = client.get(stop_url(checkin))

    html = page(response)
    assert response.status_code == 200
    form = html.find("form", action=stop_url(checkin))
    assert form["method"] == "post"
    assert len(html.find_all("button", within=form)) == 1
    assert CheckIn.objects.get(pk=checkin.pk).stopped_at is None


def test_the_stop_button_stops_the_check_in_and_says_so(client, checkin, page):
    response = client.post(stop_url(checkin))

    html = page(response)
    assert response.status_code == 200
    assert html.find("form", action=stop_url(checkin)) is None
    assert html.find(role="status") is not None
    assert CheckIn.objects.get(pk=checkin.pk).stopped_at is not None
    # And the page says so when it is opened again.
    assert page(client.get(stop_url(checkin))).find("form", action=stop_url(checkin)) is None


def test_stopping_twice_is_the_same_as_once(client, checkin):
    client.post(stop_url(checkin))
    stopped_at = CheckIn.objects.get(pk=checkin.pk).stopped_at

    response = client.post(stop_url(checkin))

    assert response.status_code == 200
    assert CheckIn.objects.get(pk=checkin.pk).stopped_at == stopped_at


def test_after_stopping_the_check_in_can_still_be_answered(client, checkin):
    """The stop page says so: it stops e-mails, not the person's say."""
    client.post(stop_url(checkin))

    assert client.get(checkin_url(checkin)).status_code == 200
    assert answer(client, checkin).status_code == 302
    assert CheckIn.objects.get(pk=checkin.pk).answered_at is not None


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("encoding", [FORM, MULTIPART_CONTENT], ids=["urlencoded", "multipart"])
def test_a_mail_programs_one_click_unsubscribe_needs_no_csrf_token(checkin, encoding, language):
    """RFC 8058: the mail program posts `List-Unsubscribe=One-Click` to the header's
    address, with no page and so no token, as multipart/form-data (which the RFC says it
    SHOULD use) or as an ordinary form (which it MAY); a Spanish e-mail's address is the
    Spanish page's."""
    mail_program = FormClient(enforce_csrf_checks=True)
    with translation.override(language):
        address = stop_url(checkin)

    response = mail_program.post(address, {"List-Unsubscribe": "One-Click"}, content_type=encoding)

    assert response.status_code == 200
    assert CheckIn.objects.get(pk=checkin.pk).stopped_at is not None


def test_answering_needs_the_pages_csrf_token(checkin):
    browser = FormClient(enforce_csrf_checks=True)

    response = browser.post(checkin_url(checkin), ANSWERS)

    assert response.status_code == 403
    assert CheckIn.objects.get(pk=checkin.pk).answered_at is None


@pytest.mark.parametrize("method", ["put", "delete", "patch"])
def test_the_links_answer_only_get_and_post(client, checkin, method):
    for url in (checkin_url(checkin), stop_url(checkin)):
        response = getattr(client, method)(url)
        assert response.status_code == 405, url


def test_a_head_request_changes_nothing(client, checkin):
    assert client.head(stop_url(checkin)).status_code == 200

    assert CheckIn.objects.get(pk=checkin.pk).stopped_at is None
