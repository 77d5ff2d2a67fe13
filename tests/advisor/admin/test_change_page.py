"""The intake page: flags first, the engine's reasons, the answers in words, and the review form.

The intake page shows the answers read-only with the rationale and flags, keeps bad input
out, and offers only clinicians as assignees.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from pytest_django.asserts import assertRedirects

from advisor import questionnaire
from advisor.models import Intake
from advisor.scoring import RULES_VERSION
from tests.advisor.admin.helpers import change_url, changelist_url

pytestmark = pytest.mark.django_db

REASON_NEEDED = "Please give a reason for changing the recommendation."


@pytest.fixture
def mabel(make_intake) -> Intake:
    """Mabel feels deep shame and has been depressed more than once: MSC first, strongly."""
    return make_intake(
        first_name="Mabel",
        email="mabel@example.org",
        shame="5",
        depression_history="recurrent_in_remission",
        self_harm_thoughts="yes",
    )


@pytest.fixture
def open_page(client, clinician, page):
    client.force_login(clinician)

    def open_intake(intake: Intake):
        response = client.get(change_url(intake))
        assert response.status_code == 200
        return page(response)

    return open_intake


def _readonly(html, field: str):
    row = html.find("div", class_=f"field-{field}")
    assert row is not None, f"No {field} on the page"
    return row


def _answers(html) -> dict[str, tuple[str, str]]:
    """Each question shown, with the section heading above it and the answer beside it."""
    box = _readonly(html, "answers_by_section")
    shown: dict[str, tuple[str, str]] = {}
    section = ""
    for element in html.find_all(within=box):
        if element.name == "h3":
            section = element.words
        elif element.name == "tr":
            question = html.find("th", within=element)
            answer = html.find("td", within=element)
            shown[question.words] = (section, answer.words)
    return shown


def _errors_for(html, field: str) -> str:
    row = _readonly(html, field)
    errors = html.find("ul", within=row, class_="errorlist")
    return errors.words if errors else ""


# What the page shows


def test_it_shows_the_safety_flags_first(open_page, mabel):
    html = open_page(mabel)

    headings = [h.words for h in html.find_all("h2", class_="fieldset-heading")]

    assert headings[0] == "Safety flags"
    assert headings.index("Safety flags") < headings.index("Answers")


def test_it_shows_the_flags_as_readable_badges(open_page, mabel):
    flags = _readonly(open_page(mabel), "flags_explained").words

    assert "Crisis: self-harm thoughts" in flags
    assert "Clinician review" in flags


def test_it_says_in_words_why_each_flag_fired(open_page, mabel):
    flags = _readonly(open_page(mabel), "flags_explained").words

    assert "Clinician review thoughts of self-harm" in flags
    assert "Therapist suggested intense shame; no therapist" in flags


def test_it_marks_the_answers_that_raised_a_flag(open_page, mabel):
    html = open_page(mabel)

    marked = {row.words for row in html.find_all("tr", class_="raised-flag")}

    assert any("deep shame" in row and "Raised: Therapist suggested" in row for row in marked)
    assert any(
        "harming yourself" in row and "Raised: Crisis, Clinician review" in row for row in marked
    )
    assert not any("attention" in row for row in marked)


def test_it_says_an_intake_scored_before_causes_were_kept_can_be_re_scored(open_page, mabel):
    Intake.objects.filter(pk=mabel.pk).update(flag_causes={})

    flags = _readonly(open_page(mabel), "flags_explained").words

    assert "re-score it to see" in flags


def test_it_shows_each_of_the_engines_reasons(open_page, mabel):
    rationale = _readonly(open_page(mabel), "rationale").words

    for reason in mabel.recommendation["reasons"]:
        assert " ".join(reason["text"].split()) in rationale


def test_it_shows_the_strength_scores_and_rules_version(open_page, mabel):
    rationale = _readonly(open_page(mabel), "rationale").words

    assert "Start with MSC" in rationale
    assert f"Strength: {mabel.recommendation['strength']}" in rationale
    for track, score in mabel.recommendation["scores"].items():
        assert f"{track} {score}" in rationale
    assert RULES_VERSION in rationale


def test_it_shows_every_answer_with_the_question_as_asked_in_its_section(open_page, mabel):
    shown = _answers(open_page(mabel))

    answers = mabel.answers()
    assert shown == {
        question.label: (
            questionnaire.SECTION_TITLES[question.section],
            questionnaire.answer_words(question.code, answers),
        )
        for question in (questionnaire.QUESTIONS_BY_CODE[code] for code in answers)
    }


def test_it_shows_a_choice_in_words_not_its_code(open_page, mabel):
    shown = _answers(open_page(mabel))

    assert shown["Have you been depressed?"][1] == "More than once, and I am well now"
    assert "recurrent_in_remission" not in _readonly(open_page(mabel), "answers_by_section").words


def test_it_shows_a_likert_answer_in_words(open_page, mabel):
    shown = _answers(open_page(mabel))

    assert shown["I often feel deep shame, as if something is wrong with me."][1] == (
        "Very much like me"
    )


def test_it_says_a_follow_up_never_asked_was_not_asked(open_page, make_intake):
    # No trauma: the question about its effects now was never put to them.
    nora = make_intake(first_name="Nora", trauma_history="none")

    shown = _answers(open_page(nora))

    question = questionnaire.QUESTIONS_BY_CODE["trauma_symptoms"].label
    assert shown[question][1] == "Not asked (no trauma)"


def test_it_shows_a_yes_in_words(open_page, mabel):
    shown = _answers(open_page(mabel))

    question = questionnaire.QUESTIONS_BY_CODE["self_harm_thoughts"].label
    assert shown[question][1] == "Yes"


def test_it_offers_no_input_for_any_answer(open_page, mabel):
    html = open_page(mabel)

    names = {
        element.attrs.get("name")
        for element in html.find_all()
        if element.name in ("input", "select", "textarea")
    }
    assert names.isdisjoint(
        {*questionnaire.ANSWER_CODES, *questionnaire.CONTACT_CODES, "clinician_notes"}
    )
    assert {
        "status",
        "assigned_to",
        "override_program",
        "override_reason",
        "note",
        "contact_channel",
        "contact_outcome",
        "contact_next_step",
        "contact_next_step_due",
    } <= names


def test_it_offers_a_clinician_no_way_to_delete_the_intake(client, clinician, mabel):
    # Only a superuser deletes an intake (who may open what: test_permission_matrix).
    client.force_login(clinician)

    response = client.get(change_url(mabel))

    assert reverse("admin:advisor_intake_delete", args=[mabel.pk]) not in response.content.decode()


def test_it_offers_only_clinicians_to_assign(
    client, open_page, mabel, editor, outsider, superuser, django_user_model
):
    # Neither Dana (directory editor) nor Olly (staff in no group) is offered, nor a
    # clinician whose account is switched off.
    gone = django_user_model.objects.create_user("gone", is_staff=True, is_active=False)
    gone.groups.add(Group.objects.get(name="Clinicians"))

    html = open_page(mabel)

    select = html.find("select", name="assigned_to")
    offered = {option.words for option in html.find_all("option", within=select)}

    assert offered == {"- Select an option -", "chen", "root"}


# Saving the review


def test_it_saves_the_review_fields(client, clinician, mabel, post_review):
    client.force_login(clinician)

    response = post_review(mabel, status="contacted", assigned_to=clinician.pk)

    assertRedirects(response, changelist_url())
    mabel.refresh_from_db()
    assert (mabel.status, mabel.assigned_to) == ("contacted", clinician)


def test_it_ignores_posted_answers_and_contact_details(client, clinician, mabel, post_review):
    client.force_login(clinician)

    post_review(
        mabel,
        status="in_review",
        shame="1",
        self_harm_thoughts="no",
        first_name="Mallory",
        email="mallory@example.org",
        recommended_program="MBSR",
        flag_crisis="",
    )

    saved = Intake.objects.get(pk=mabel.pk)
    assert saved.status == "in_review"
    assert (saved.shame, saved.self_harm_thoughts) == (5, "yes")
    assert (saved.first_name, saved.email) == ("Mabel", "mabel@example.org")
    assert (saved.recommended_program, saved.flag_crisis) == ("MSC", True)
    assert saved.recommendation == mabel.recommendation


def test_it_asks_for_a_reason_for_an_override(client, clinician, mabel, post_review, page):
    client.force_login(clinician)

    response = post_review(mabel, status="reviewed", override_program="MBSR", override_reason="")

    assert response.status_code == 200
    assert REASON_NEEDED in _errors_for(page(response), "override_reason")


def test_it_saves_nothing_when_an_override_has_no_reason(client, clinician, mabel, post_review):
    client.force_login(clinician)

    post_review(mabel, status="reviewed", override_program="MBSR", override_reason="   ")

    mabel.refresh_from_db()
    assert (mabel.status, mabel.override_program, mabel.override_reason) == ("new", "", "")


def test_it_saves_the_words_a_clinician_wrote_for_the_participant(
    client, clinician, mabel, post_review
):
    client.force_login(clinician)

    post_review(
        mabel,
        override_program="MBSR",
        override_reason="Prefers a group; MSC later.",
        override_words="A group course with a set plan fits what you told us.",
    )

    mabel.refresh_from_db()
    assert mabel.override_words == "A group course with a set plan fits what you told us."
    participant_page = client.get(mabel.get_absolute_url()).content.decode()
    assert "A group course with a set plan fits what you told us." in participant_page
    assert "Prefers a group; MSC later." not in participant_page


def test_it_saves_an_override_with_its_reason(client, clinician, mabel, post_review):
    client.force_login(clinician)

    post_review(mabel, override_program="MBSR", override_reason="Prefers a group; MSC later.")

    mabel.refresh_from_db()
    assert (mabel.override_program, mabel.override_reason) == (
        "MBSR",
        "Prefers a group; MSC later.",
    )
    assert mabel.is_overridden


def test_it_shows_a_saved_override_on_the_list(client, clinician, mabel, post_review, page):
    client.force_login(clinician)
    post_review(mabel, override_program="MBSR", override_reason="Prefers a group; MSC later.")

    html = page(client.get(changelist_url()))

    assert html.find("td", class_="field-program").words == "MBSR (engine: MSC)"


def test_it_refuses_an_unknown_status(client, clinician, mabel, post_review, page):
    client.force_login(clinician)

    response = post_review(mabel, status="archived", note="Filed away.")

    assert response.status_code == 200
    assert "archived" in _errors_for(page(response), "status")
    mabel.refresh_from_db()
    assert mabel.status == "new"
    assert not mabel.notes.exists()


def test_it_refuses_an_unknown_program_override(client, clinician, mabel, post_review, page):
    client.force_login(clinician)

    response = post_review(mabel, override_program="YOGA", override_reason="Likes stretching.")

    assert response.status_code == 200
    assert _errors_for(page(response), "override_program")
    mabel.refresh_from_db()
    assert mabel.override_program == ""


@pytest.mark.parametrize("persona", ["editor", "outsider"])
def test_it_refuses_to_assign_an_intake_to_someone_outside_the_clinicians(
    client, clinician, request, mabel, post_review, page, persona
):
    client.force_login(clinician)

    response = post_review(mabel, assigned_to=request.getfixturevalue(persona).pk)

    assert response.status_code == 200
    assert _errors_for(page(response), "assigned_to")
    mabel.refresh_from_db()
    assert mabel.assigned_to is None
