"""The list's actions: assign to me, mark reviewed, export as CSV, re-score with current rules.

No one deletes intakes in bulk, only clinicians take intakes, and the CSV comes in codes
or in words, with what happened since (the sign-up, the check-in) after the intake's own
columns; bad selections change nothing. The de-identified export has its tests in
tests/advisor/admin/test_deidentified_export.py.
Actions are posted the way the list's action bar posts them: the action's name and the
ticked intakes' ids.
"""

from __future__ import annotations

import csv
import io

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.http import HttpResponse

from advisor import questionnaire
from advisor.models import Intake, IntakeAccess
from advisor.scoring import RULES_VERSION, recommend
from advisor.services import intakes_assign
from config.clinic.staff_time import clinic_datetime_text
from tests.advisor.admin.helpers import changelist_url, messages_shown
from tests.advisor.follow_up import answered, invited, signed_up
from tests.factories import OfferingFactory

pytestmark = pytest.mark.django_db

# The CSV's columns, as the clinic's spreadsheets read them: the intake, then every
# codebook code (the interface DESIGN.md fixes), then the recommendation and the review.
COLUMNS = (
    "intake_id",
    "submitted_at",
    "first_name",
    "email",
    "phone",
    "best_time_to_call",
    "email_my_link",
    *questionnaire.ANSWER_CODES,
    *questionnaire.PREFERENCE_CODES,
    "answered_in",
    "consented_at",
    "consent_version",
    "recommended_first",
    "recommended_then",
    "strength",
    "flags",
    "flag_causes",
    "rules_version",
    "override_program",
    "override_reason",
    "override_words",
    "status",
    "assigned_to",
    # What happened since: the course they signed up for, and their check-in.
    "signed_up_program",
    "signed_up_run",
    "signed_up_at",
    "checkin_opt_in",
    "checkin_sent_at",
    "checkin_stopped_at",
    "checkin_answered_at",
    "checkin_started",
    "checkin_program",
    "checkin_finished",
    "checkin_helpful",
    "checkin_what_helped",
    "checkin_wants_next",
    "checkin_self_harm_thoughts",
)


@pytest.fixture
def as_chen(client, clinician):
    client.force_login(clinician)
    return clinician


def _rows(response: HttpResponse) -> list[dict[str, str]]:
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))


def _header(response: HttpResponse) -> list[str]:
    return next(csv.reader(io.StringIO(response.content.decode("utf-8"))))


# Assign to me


def test_it_assigns_the_selected_intakes_to_me(as_chen, make_intake, run_action):
    robin, sam = make_intake(first_name="Robin"), make_intake(first_name="Sam")

    run_action("assign_to_me", [robin, sam])

    assert set(Intake.objects.values_list("assigned_to", flat=True)) == {as_chen.pk}


def test_it_moves_a_new_intake_to_in_review_when_assigned(as_chen, make_intake, run_action):
    robin = make_intake(first_name="Robin")

    run_action("assign_to_me", [robin])

    robin.refresh_from_db()
    assert robin.status == "in_review"


def test_it_keeps_a_contacted_intakes_status_when_assigned(
    as_chen, make_intake, run_action, set_review
):
    robin = set_review(make_intake(first_name="Robin"), status="contacted")

    run_action("assign_to_me", [robin])

    robin.refresh_from_db()
    assert (robin.status, robin.assigned_to) == ("contacted", as_chen)


def test_it_leaves_unselected_intakes_unassigned(as_chen, make_intake, run_action):
    robin, sam = make_intake(first_name="Robin"), make_intake(first_name="Sam")

    run_action("assign_to_me", [robin])

    sam.refresh_from_db()
    assert (sam.assigned_to, sam.status) == (None, "new")


def test_it_says_how_many_were_assigned(client, as_chen, make_intake, page):
    robin, sam = make_intake(first_name="Robin"), make_intake(first_name="Sam")

    response = client.post(
        changelist_url(),
        {"action": "assign_to_me", "index": "0", "_selected_action": [robin.pk, sam.pk]},
        follow=True,
    )

    assert "2 intake(s) assigned to you." in messages_shown(page(response))


def test_it_offers_assign_to_me_only_to_clinicians(client, make_intake, page, django_user_model):
    # Staff who may change intakes but are not in the Clinicians group take none.
    helper = django_user_model.objects.create_user("hal", password="x", is_staff=True)
    helper.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_intake", "change_intake"])
    )
    robin = make_intake(first_name="Robin")
    client.force_login(helper)

    html = page(client.get(changelist_url()))
    client.post(
        changelist_url(),
        {"action": "assign_to_me", "index": "0", "_selected_action": [robin.pk]},
    )

    actions = [option["value"] for option in html.find_all("option")]
    assert "assign_to_me" not in actions
    assert "mark_reviewed" in actions
    robin.refresh_from_db()
    assert robin.assigned_to is None


def test_the_service_assigns_no_intake_to_someone_outside_the_clinicians(
    make_intake, editor, outsider
):
    robin = make_intake(first_name="Robin")

    for person in (editor, outsider):
        with pytest.raises(ValidationError):
            intakes_assign(intakes=Intake.objects.filter(pk=robin.pk), clinician=person)

    robin.refresh_from_db()
    assert robin.assigned_to is None


# Mark reviewed


@pytest.mark.parametrize("status", ["new", "in_review"])
def test_it_marks_an_unreviewed_intake_reviewed(
    as_chen, make_intake, run_action, set_review, status
):
    robin = set_review(make_intake(first_name="Robin"), status=status)

    run_action("mark_reviewed", [robin])

    robin.refresh_from_db()
    assert robin.status == "reviewed"


@pytest.mark.parametrize("status", ["contacted", "closed"])
def test_it_keeps_the_status_of_an_intake_past_review(
    as_chen, make_intake, run_action, set_review, status
):
    robin = set_review(make_intake(first_name="Robin"), status=status)

    run_action("mark_reviewed", [robin])

    robin.refresh_from_db()
    assert robin.status == status


def test_it_says_which_intakes_kept_their_status(client, as_chen, make_intake, set_review, page):
    robin = make_intake(first_name="Robin")
    sam = set_review(make_intake(first_name="Sam"), status="closed")

    response = client.post(
        changelist_url(),
        {"action": "mark_reviewed", "index": "0", "_selected_action": [robin.pk, sam.pk]},
        follow=True,
    )

    assert messages_shown(page(response)) == [
        "1 intake(s) marked reviewed. 1 were already past review and kept their status."
    ]


# Export


def test_it_exports_the_codebook_columns(as_chen, make_intake, run_action):
    response = run_action("export_csv", [make_intake()])

    assert _header(response) == list(COLUMNS)


def test_it_exports_a_column_for_every_answer(as_chen, make_intake, run_action):
    response = run_action("export_csv", [make_intake()])

    assert set(questionnaire.ANSWER_CODES) <= set(_header(response))
    assert {"recommended_first", "flags", "status", "override_program"} <= set(_header(response))


def test_it_exports_one_row_per_selected_intake(as_chen, make_intake, run_action):
    robin, sam = make_intake(first_name="Robin"), make_intake(first_name="Sam")
    make_intake(first_name="Ursula")

    rows = _rows(run_action("export_csv", [robin, sam]))

    assert sorted(row["first_name"] for row in rows) == ["Robin", "Sam"]
    assert {row["intake_id"] for row in rows} == {str(robin.pk), str(sam.pk)}


def test_it_exports_answers_as_codebook_codes(as_chen, make_intake, run_action):
    robin = make_intake(
        first_name="Robin",
        self_harm_thoughts="yes",
        depression_history="recurrent_in_remission",
        shame="5",
        region="west",
    )

    (row,) = _rows(run_action("export_csv", [robin]))

    assert row["self_harm_thoughts"] == "yes"
    assert row["in_therapy"] == "no"
    assert row["depression_history"] == "recurrent_in_remission"
    assert row["shame"] == "5"
    assert row["region"] == "west"


def test_it_exports_the_recommendation_flags_and_review(
    as_chen, make_intake, run_action, set_review
):
    robin = make_intake(first_name="Robin", self_harm_thoughts="yes", shame="5")
    set_review(
        robin,
        status="contacted",
        assigned_to=as_chen,
        override_program="MBSR",
        override_reason="Wants a group.",
    )

    (row,) = _rows(run_action("export_csv", [robin]))

    assert (row["recommended_first"], row["flags"], row["rules_version"]) == (
        "MSC",
        "crisis;clinician_review;therapist_suggested",
        RULES_VERSION,
    )
    assert row["flag_causes"] == (
        "crisis: self_harm_thoughts; clinician_review: self_harm_thoughts; "
        "therapist_suggested: shame, in_therapy"
    )
    assert (row["status"], row["assigned_to"], row["override_program"]) == (
        "contacted",
        "chen",
        "MBSR",
    )


@pytest.mark.parametrize(
    "first_name", ['=HYPERLINK("http://x")', "+1", "-1", "@SUM(A1)", "=1+1", "\t=1"]
)
def test_it_defuses_a_formula_in_a_first_name(as_chen, make_intake, run_action, first_name):
    robin = make_intake(first_name=first_name)

    (row,) = _rows(run_action("export_csv", [robin]))

    assert row["first_name"] == f"'{first_name}"


def test_it_defuses_a_formula_in_an_override_reason(as_chen, make_intake, run_action, set_review):
    robin = make_intake(first_name="Robin")
    set_review(robin, override_program="MSC", override_reason='=HYPERLINK("http://x")')

    (row,) = _rows(run_action("export_csv", [robin]))

    assert row["override_reason"] == '\'=HYPERLINK("http://x")'


def test_it_leaves_plain_values_as_they_are(as_chen, make_intake, run_action):
    robin = make_intake(first_name="Robin", email="robin@example.org")

    (row,) = _rows(run_action("export_csv", [robin]))

    assert (row["first_name"], row["email"]) == ("Robin", "robin@example.org")


def test_it_names_the_export_as_a_csv_download(as_chen, make_intake, run_action):
    response = run_action("export_csv", [make_intake()])

    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Disposition"].endswith('.csv"')


def test_it_records_an_export_for_each_intake(as_chen, make_intake, run_action):
    robin, sam = make_intake(first_name="Robin"), make_intake(first_name="Sam")

    run_action("export_csv", [robin, sam])

    assert set(IntakeAccess.objects.values_list("intake", "user", "how")) == {
        (robin.pk, as_chen.pk, "export"),
        (sam.pk, as_chen.pk, "export"),
    }


def test_it_says_to_select_intakes_when_exporting_nothing(client, as_chen, make_intake, page):
    make_intake()

    response = client.post(changelist_url(), {"action": "export_csv", "index": "0"}, follow=True)

    assert response.status_code == 200
    assert not response["Content-Type"].startswith("text/csv")
    assert any("Items must be selected" in message for message in messages_shown(page(response)))


def test_it_records_no_access_when_exporting_nothing(client, as_chen, make_intake):
    make_intake()

    client.post(changelist_url(), {"action": "export_csv", "index": "0"})

    assert not IntakeAccess.objects.exists()


# What happened since, in both exports

OUTCOMES = [column for column in COLUMNS if column.startswith(("signed_up_", "checkin_"))]


def test_it_exports_what_happened_since_as_codes(as_chen, make_intake, run_action):
    robin = make_intake(first_name="Robin", checkin_opt_in="on")
    run = OfferingFactory()
    sign_up = signed_up(robin, run)
    invitation = invited(robin)
    checkin = answered(robin, helpful="4", what_helped="The Tuesday group")

    (row,) = _rows(run_action("export_csv", [robin]))

    assert {column: row[column] for column in OUTCOMES} == {
        "signed_up_program": "MBSR",
        "signed_up_run": str(run.pk),
        "signed_up_at": clinic_datetime_text(sign_up.signed_up_at),
        "checkin_opt_in": "yes",
        "checkin_sent_at": clinic_datetime_text(invitation.sent_at),
        "checkin_stopped_at": "",
        "checkin_answered_at": clinic_datetime_text(checkin.answered_at),
        "checkin_started": "yes",
        "checkin_program": "MSC",
        "checkin_finished": "yes",
        "checkin_helpful": "4",
        "checkin_what_helped": "The Tuesday group",
        "checkin_wants_next": "yes",
        "checkin_self_harm_thoughts": "no",
    }


def test_it_exports_what_happened_since_in_words(as_chen, make_intake, run_action):
    robin = make_intake(first_name="Robin", checkin_opt_in="on")
    signed_up(robin, program="MBCT")
    invited(robin)
    answered(robin, helpful="4", self_harm_thoughts="yes")

    (row,) = _rows(run_action("export_csv_in_words", [robin]))

    assert (row["signed_up_program"], row["signed_up_run"], row["checkin_opt_in"]) == (
        "MBCT",
        "Another course",
        "Yes",
    )
    assert (row["checkin_started"], row["checkin_program"], row["checkin_helpful"]) == (
        "Yes",
        "Mindful Self-Compassion (MSC)",
        "Very helpful",
    )
    assert (row["checkin_wants_next"], row["checkin_self_harm_thoughts"]) == ("Yes", "Yes")


def test_it_leaves_the_outcome_columns_empty_when_nothing_happened_since(
    as_chen, make_intake, run_action
):
    (row,) = _rows(run_action("export_csv", [make_intake()]))

    assert {column: row[column] for column in OUTCOMES} == {
        **dict.fromkeys(OUTCOMES, ""),
        "checkin_opt_in": "no",
    }


def test_it_exports_a_run_removed_from_the_directory_as_removed(as_chen, make_intake, run_action):
    robin = make_intake(first_name="Robin")
    run = OfferingFactory()
    signed_up(robin, run)
    run.delete()

    (row,) = _rows(run_action("export_csv", [robin]))

    assert (row["signed_up_program"], row["signed_up_run"]) == ("MBSR", "removed")


def test_it_defuses_a_formula_in_what_helped(as_chen, make_intake, run_action):
    robin = make_intake(first_name="Robin", checkin_opt_in="on")
    invited(robin)
    answered(robin, what_helped='=HYPERLINK("http://x")')

    (row,) = _rows(run_action("export_csv", [robin]))

    assert row["checkin_what_helped"] == '\'=HYPERLINK("http://x")'


# Export in words


def test_it_offers_both_exports_by_name(client, as_chen, make_intake, page):
    make_intake()

    html = page(client.get(changelist_url()))

    action_bar = html.find("select", name="action")
    labels = [option.words for option in html.find_all("option", within=action_bar)]
    assert {"Export to CSV (answer codes)", "Export to CSV (answers in words)"} <= set(labels)


def test_it_exports_answers_in_the_words_the_participant_chose(as_chen, make_intake, run_action):
    robin = make_intake(
        first_name="Robin",
        self_harm_thoughts="yes",
        depression_history="recurrent_in_remission",
        shame="5",
        region="west",
        substance_misuse_recent="prefer_not_to_say",
    )

    (row,) = _rows(run_action("export_csv_in_words", [robin]))

    assert row["self_harm_thoughts"] == "Yes"
    assert row["in_therapy"] == "No"
    assert row["substance_misuse_recent"] == "I'd rather not say"
    assert row["depression_history"] == "More than once, and I am well now"
    assert row["shame"] == "Very much like me"
    assert row["region"] == questionnaire.QUESTIONS_BY_CODE["region"].answer_label("west")
    assert row["trauma_symptoms"] == "Not asked (no trauma)"  # the neutral answers: no trauma


def test_it_exports_the_review_in_words(as_chen, make_intake, run_action, set_review):
    robin = make_intake(first_name="Robin", self_harm_thoughts="yes")
    set_review(robin, status="in_review", assigned_to=as_chen)

    (row,) = _rows(run_action("export_csv_in_words", [robin]))

    assert (row["status"], row["assigned_to"]) == ("In review", "chen")
    assert row["flags"] == "Crisis; Clinician review"
    assert row["flag_causes"] == (
        "Crisis: thoughts of self-harm; Clinician review: thoughts of self-harm"
    )


def test_it_exports_the_same_columns_in_words(as_chen, make_intake, run_action):
    robin = make_intake()

    codes = run_action("export_csv", [robin])
    words = run_action("export_csv_in_words", [robin])

    assert _header(codes) == _header(words) == list(COLUMNS)
    assert "in-words" in words["Content-Disposition"]


def test_it_exports_how_to_reach_them(as_chen, make_intake, run_action):
    robin = make_intake(phone="+12025550143", best_time_to_call="Evenings", email_my_link="on")

    (row,) = _rows(run_action("export_csv", [robin]))

    # A leading "+" would start a formula: the number is kept as text.
    assert (row["phone"], row["best_time_to_call"], row["email_my_link"]) == (
        "'+12025550143",
        "Evenings",
        "yes",
    )


def test_it_records_an_export_in_words_for_each_intake(as_chen, make_intake, run_action):
    robin, sam = make_intake(first_name="Robin"), make_intake(first_name="Sam")

    run_action("export_csv_in_words", [robin, sam])

    assert set(IntakeAccess.objects.values_list("intake", "user", "how")) == {
        (robin.pk, as_chen.pk, "export"),
        (sam.pk, as_chen.pk, "export"),
    }


@pytest.mark.parametrize("first_name", ['=HYPERLINK("http://x")', "@SUM(A1)"])
def test_it_defuses_a_formula_in_words_too(as_chen, make_intake, run_action, first_name):
    (row,) = _rows(run_action("export_csv_in_words", [make_intake(first_name=first_name)]))

    assert row["first_name"] == f"'{first_name}"


# Re-score


def _make_stale(intake: Intake) -> dict:
    """Save the intake as if an older rules version had scored it (a history row included)."""
    stale = {**intake.recommendation, "first": "MBCT", "then": "MSC", "rules_version": "old"}
    intake.recommendation = stale
    intake.rules_version = "old"
    intake.recommended_program = "MBCT"
    intake.save()
    return stale


def test_it_rescores_with_the_current_rules(as_chen, make_intake, run_action):
    robin = make_intake(first_name="Robin")
    _make_stale(robin)

    run_action("rescore", [robin])

    robin.refresh_from_db()
    assert robin.recommendation == recommend(robin.answers()).as_dict()
    assert (robin.rules_version, robin.recommended_program) == (RULES_VERSION, "MBSR")


def test_it_keeps_the_earlier_recommendation_in_the_history(as_chen, make_intake, run_action):
    robin = make_intake(first_name="Robin")
    stale = _make_stale(robin)

    run_action("rescore", [robin])

    latest, earlier = robin.history.order_by("-history_date", "-history_id")[:2]
    assert (latest.rules_version, latest.recommended_program) == (RULES_VERSION, "MBSR")
    assert (earlier.rules_version, earlier.recommendation) == ("old", stale)


def test_it_leaves_a_current_recommendation_alone(as_chen, make_intake, run_action):
    robin = make_intake(first_name="Robin")
    versions = robin.history.count()

    run_action("rescore", [robin])

    assert robin.history.count() == versions


def test_it_says_how_many_recommendations_changed(client, as_chen, make_intake, page):
    robin, sam = make_intake(first_name="Robin"), make_intake(first_name="Sam")
    _make_stale(robin)

    response = client.post(
        changelist_url(),
        {"action": "rescore", "index": "0", "_selected_action": [robin.pk, sam.pk]},
        follow=True,
    )

    (message,) = messages_shown(page(response))
    assert message.startswith("1 recommendation(s) changed")


def test_it_brings_an_intake_scored_under_2026_11_1_to_the_new_safety_rules(
    as_chen, make_intake, run_action
):
    # Under 2026.11-1, intense shame put MSC first but suggested no therapist, and the
    # snapshot named no causes; the re-score adds both (the history test above shows the
    # earlier recommendation is kept).
    mabel = make_intake(first_name="Mabel", shame="5", in_therapy="no")
    old = {**mabel.recommendation, "flags": [], "rules_version": "2026.11-1"}
    del old["flag_causes"]
    Intake.objects.filter(pk=mabel.pk).update(
        recommendation=old,
        rules_version="2026.11-1",
        flag_therapist_suggested=False,
        flag_causes={},
    )

    run_action("rescore", [mabel])

    mabel.refresh_from_db()
    assert mabel.rules_version == RULES_VERSION
    assert mabel.flag_therapist_suggested
    assert mabel.flag_causes == {"therapist_suggested": ["shame", "in_therapy"]}


# No bulk delete: only a superuser deletes, one intake at a time, from its page


@pytest.mark.parametrize("persona", ["clinician", "superuser"])
def test_it_offers_no_bulk_delete_action(client, request, make_intake, page, persona):
    client.force_login(request.getfixturevalue(persona))
    make_intake()

    html = page(client.get(changelist_url()))

    action_bar = html.find("select", name="action")
    actions = [option["value"] for option in html.find_all("option", within=action_bar)]
    assert "delete_selected" not in actions
    assert "export_csv" in actions


@pytest.mark.parametrize("persona", ["clinician", "superuser"])
def test_it_deletes_nothing_when_the_bulk_delete_action_is_posted_anyway(
    client, request, make_intake, run_action, persona
):
    intake = make_intake()
    client.force_login(request.getfixturevalue(persona))

    run_action("delete_selected", [intake], post="yes")

    assert Intake.objects.filter(pk=intake.pk).exists()


@pytest.mark.parametrize("action", ["export_csv", "export_csv_in_words"])
def test_it_exports_50_intakes_in_as_many_queries_as_one(
    client, as_chen, make_intake, queries, action
):
    post = {"action": action, "index": "0", "select_across": "1", "_selected_action": ["0"]}
    make_intake(phone="+12025550143", checkin_opt_in="on")
    client.post(changelist_url(), post)  # a first request fills the cache with the clinic's record
    with_one = queries.of(lambda: client.post(changelist_url(), post))

    run = OfferingFactory()
    for index in range(49):
        intake = make_intake(phone="+12025550143", checkin_opt_in="on")
        if index % 2:
            signed_up(intake, run)
        if index % 3 == 0:
            invited(intake)
            answered(intake)

    with queries.as_many_as(with_one):
        response = client.post(changelist_url(), post)
    assert len(_rows(response)) == 50
