"""The de-identified export, for evaluating the clinic's referrals.

The answers and what happened since, as codes, with nothing that names, reaches or dates
the person: no first name, e-mail, phone, best time to call, intake id, private link or
words anyone typed (what helped, the override's reason and words, notes). In their place
a pseudonym, and every date moved by the intake's own random shift and given as a day.
The keys are drawn on the first such export and kept, so that two exports agree; they are
never exported themselves.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import datetime, timedelta

import pytest
from django.http import HttpResponse
from django.utils import timezone

from advisor import questionnaire
from advisor.deidentify import MAX_SHIFT_DAYS, SHIFTS, new_pseudonym, new_shift
from advisor.models import DeidentifiedKey, Intake, IntakeAccess
from advisor.services import intake_contact_add, intake_note_add, intake_review
from config.clinic.time_zone import clinic_time_zone
from tests.advisor.admin.helpers import changelist_url
from tests.advisor.follow_up import answered, invited, signed_up
from tests.factories import OfferingFactory

pytestmark = pytest.mark.django_db

ACTION = "export_csv_deidentified"
# The columns, as an evaluation reads them: the pseudonym, the answers (codebook codes),
# the recommendation and review, and what happened since; every date a shifted day.
COLUMNS = [
    "pseudonym",
    "submitted_on",
    *questionnaire.ANSWER_CODES,
    "language",  # of the practicalities, not the time zone: a rare one narrows where they live
    "answered_in",
    "consented_on",  # and not the consent's version, whose date dates the intake
    "recommended_first",
    "recommended_then",
    "strength",
    "flags",
    "flag_causes",
    "rules_version",
    "override_program",
    "status",
    "signed_up_program",
    "signed_up_run",
    "signed_up_on",
    "checkin_opt_in",
    "checkin_sent_on",
    "checkin_stopped_on",
    "checkin_answered_on",
    "checkin_started",
    "checkin_program",
    "checkin_finished",
    "checkin_helpful",
    "checkin_wants_next",
    "checkin_self_harm_thoughts",
]
DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")

# Wilhelmina's details, each distinctive enough that finding it anywhere in the file would
# mean it was exported.
FIRST_NAME = "Wilhelmina"
EMAIL = "wilhelmina.private@example.net"
PHONE = "+12025550143"
BEST_TIME = "After the school run on Tuesdays"
WHAT_HELPED = "Sitting under the old oak with my neighbour"
OVERRIDE_REASON = "Her sister Gertrude called about the move to Albuquerque"
OVERRIDE_WORDS = "We think self-compassion suits the months after the move"
NOTE = "Prefers to be called at the bakery"
CONTACT = "Spoke with her at the bakery counter"


@pytest.fixture
def as_chen(client, clinician):
    client.force_login(clinician)
    return clinician


@pytest.fixture
def wilhelmina(make_intake, clinician) -> Intake:
    """Everything an intake can hold that names or reaches her, or that anyone typed."""
    intake = make_intake(
        first_name=FIRST_NAME,
        email=EMAIL,
        phone=PHONE,
        best_time_to_call=BEST_TIME,
        checkin_opt_in="on",
        email_my_link="on",
    )
    intake = intake_review(
        intake=intake,
        status="contacted",
        assigned_to=clinician,
        override_program="MSC",
        override_reason=OVERRIDE_REASON,
        override_words=OVERRIDE_WORDS,
    )
    intake_note_add(intake=intake, author=clinician, text=NOTE)
    intake_contact_add(
        intake=intake, author=clinician, channel="call", outcome="reached", summary=CONTACT
    )
    signed_up(intake, OfferingFactory())
    invited(intake)
    answered(intake, what_helped=WHAT_HELPED, self_harm_thoughts="yes")
    intake.refresh_from_db()
    return intake


def _export(run_action, intakes) -> HttpResponse:
    response = run_action(ACTION, intakes)
    assert response["Content-Type"].startswith("text/csv")
    return response


def _rows(response: HttpResponse) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))


def _day(moment: datetime, shift: int) -> str:
    return (
        timezone.localtime(moment, clinic_time_zone()).date() + timedelta(days=shift)
    ).isoformat()


# What it holds, and what it never holds


def test_it_offers_the_de_identified_export_by_name(client, as_chen, make_intake, page):
    make_intake()

    html = page(client.get(changelist_url()))

    labels = [option.words for option in html.find_all("option")]
    assert "Export de-identified CSV (for evaluation)" in labels


def test_it_exports_the_de_identified_columns(as_chen, wilhelmina, run_action):
    response = _export(run_action, [wilhelmina])

    header = next(csv.reader(io.StringIO(response.content.decode())))
    assert header == COLUMNS  # no key's shift among them, nor anything below
    assert response["Content-Disposition"].startswith('attachment; filename="intakes-deidentified-')


def test_it_holds_nothing_that_names_or_reaches_the_person_or_that_anyone_typed(
    as_chen, wilhelmina, run_action
):
    content = _export(run_action, [wilhelmina]).content.decode()

    identifying = [
        FIRST_NAME,
        EMAIL,
        "wilhelmina",
        PHONE,
        PHONE[2:],  # the number without the country code
        "202-555-0143",
        "(202) 555-0143",
        BEST_TIME,
        WHAT_HELPED,
        OVERRIDE_REASON,
        OVERRIDE_WORDS,
        NOTE,
        CONTACT,
        wilhelmina.public_token,
        wilhelmina.checkin.token,
        "chen",  # who reviewed her
    ]
    assert [value for value in identifying if value.lower() in content.lower()] == []


def test_it_gives_no_intake_id_run_id_or_time_of_day(as_chen, wilhelmina, run_action):
    (row,) = _rows(_export(run_action, [wilhelmina]))

    assert "intake_id" not in row
    assert row["pseudonym"] != str(wilhelmina.pk)
    assert row["signed_up_run"] == "listed"  # a run's id would lead to its dates
    dated = {name: row[name] for name in COLUMNS if name.endswith("_on")}
    assert [name for name, value in dated.items() if not DAY.match(value)] == [
        "checkin_stopped_on"  # empty: she never stopped it
    ]


def test_it_exports_the_answers_and_what_happened_since_as_codes(as_chen, wilhelmina, run_action):
    (row,) = _rows(_export(run_action, [wilhelmina]))

    assert (row["self_harm_thoughts"], row["region"], row["override_program"]) == (
        "no",
        "northeast",
        "MSC",
    )
    assert (row["signed_up_program"], row["checkin_opt_in"], row["checkin_started"]) == (
        "MBSR",
        "yes",
        "yes",
    )
    assert (row["checkin_helpful"], row["checkin_self_harm_thoughts"]) == ("4", "yes")


def test_it_says_other_for_another_course(as_chen, make_intake, run_action):
    robin = make_intake(first_name="Robin")
    signed_up(robin, program="MBCT")

    (row,) = _rows(_export(run_action, [robin]))

    assert (row["signed_up_program"], row["signed_up_run"]) == ("MBCT", "other")


# The dates, moved by the intake's own shift


def test_it_moves_every_date_by_the_intakes_stored_shift(as_chen, wilhelmina, run_action):
    (row,) = _rows(_export(run_action, [wilhelmina]))

    key = DeidentifiedKey.objects.get(intake=wilhelmina)
    checkin = wilhelmina.checkin
    invitation = checkin.emails.get(kind="invitation")
    assert row["pseudonym"] == key.pseudonym
    assert {name: row[name] for name in COLUMNS if name.endswith("_on")} == {
        "submitted_on": _day(wilhelmina.created_at, key.shift_days),
        "consented_on": _day(wilhelmina.consented_at, key.shift_days),
        "signed_up_on": _day(wilhelmina.sign_up.signed_up_at, key.shift_days),
        "checkin_sent_on": _day(invitation.sent_at, key.shift_days),
        "checkin_stopped_on": "",
        "checkin_answered_on": _day(checkin.answered_at, key.shift_days),
    }
    assert row["submitted_on"] != _day(wilhelmina.created_at, 0)


def test_it_moves_each_intakes_dates_by_its_own_shift(as_chen, make_intake, run_action):
    intakes = [make_intake(first_name=f"Person {n}") for n in range(12)]

    rows = _rows(_export(run_action, intakes))

    keys = {key.pseudonym: key for key in DeidentifiedKey.objects.select_related("intake")}
    for row in rows:
        key = keys[row["pseudonym"]]
        assert row["submitted_on"] == _day(key.intake.created_at, key.shift_days)
    # Twelve shifts from sixty: all alike would mean they are not drawn for each intake.
    assert len({key.shift_days for key in keys.values()}) > 1


# The keys


def test_two_exports_agree(as_chen, make_intake, run_action):
    robin, sam = make_intake(first_name="Robin"), make_intake(first_name="Sam")

    first = _rows(_export(run_action, [robin, sam]))
    again = _rows(_export(run_action, [sam, robin]))

    assert first == again
    assert DeidentifiedKey.objects.count() == 2


def test_it_draws_a_key_only_for_an_intake_exported_de_identified(as_chen, make_intake, run_action):
    robin, sam = make_intake(first_name="Robin"), make_intake(first_name="Sam")
    run_action("export_csv", [robin, sam])
    run_action("export_csv_in_words", [robin, sam])
    assert not DeidentifiedKey.objects.exists()

    _export(run_action, [robin])

    assert list(DeidentifiedKey.objects.values_list("intake", flat=True)) == [robin.pk]


def test_it_keeps_the_first_key_when_exported_with_others_later(as_chen, make_intake, run_action):
    robin, sam = make_intake(first_name="Robin"), make_intake(first_name="Sam")
    _export(run_action, [robin])
    key = DeidentifiedKey.objects.get(intake=robin)

    rows = _rows(_export(run_action, [robin, sam]))

    assert key.pseudonym in {row["pseudonym"] for row in rows}
    assert DeidentifiedKey.objects.get(intake=robin).shift_days == key.shift_days


def test_it_lists_the_rows_in_the_order_of_their_pseudonyms(as_chen, make_intake, run_action):
    intakes = [make_intake(first_name=f"Person {n}") for n in range(8)]

    rows = _rows(_export(run_action, intakes))

    pseudonyms = [row["pseudonym"] for row in rows]
    assert pseudonyms == sorted(pseudonyms)


def test_it_drops_a_key_with_its_intake(as_chen, make_intake, run_action):
    robin = make_intake(first_name="Robin")
    _export(run_action, [robin])

    robin.delete()

    assert not DeidentifiedKey.objects.exists()


def test_keys_are_random_pseudonyms_and_shifts_of_up_to_a_month_never_none():
    pseudonyms = {new_pseudonym() for _ in range(200)}
    shifts = {new_shift() for _ in range(2000)}

    assert len(pseudonyms) == 200
    assert all(re.fullmatch(r"P[0-9a-f]{12}", p) for p in pseudonyms)
    assert (
        max(len(p) for p in pseudonyms) <= DeidentifiedKey._meta.get_field("pseudonym").max_length
    )
    assert 0 not in SHIFTS and min(SHIFTS) == -MAX_SHIFT_DAYS and max(SHIFTS) == MAX_SHIFT_DAYS
    assert shifts <= set(SHIFTS) and len(shifts) > 30


# Who, and what it costs


def test_it_records_an_export_for_each_intake(as_chen, make_intake, run_action):
    robin, sam = make_intake(first_name="Robin"), make_intake(first_name="Sam")

    _export(run_action, [robin, sam])

    assert set(IntakeAccess.objects.values_list("intake", "user", "how")) == {
        (robin.pk, as_chen.pk, "export"),
        (sam.pk, as_chen.pk, "export"),
    }


def test_it_exports_50_intakes_in_as_many_queries_as_one(client, as_chen, make_intake, queries):
    post = {"action": ACTION, "index": "0", "select_across": "1", "_selected_action": ["0"]}
    make_intake(checkin_opt_in="on")
    # A first request fills the cache with the clinic's record (and draws no key).
    client.post(changelist_url(), {**post, "action": "export_csv"})
    with_one = queries.of(lambda: client.post(changelist_url(), post))
    DeidentifiedKey.objects.all().delete()  # each measure draws every key afresh

    for index in range(49):
        intake = make_intake(checkin_opt_in="on")
        signed_up(intake, program="MSC")
        if index % 3 == 0:
            invited(intake)
            answered(intake)

    with queries.as_many_as(with_one):
        response = client.post(changelist_url(), post)
    assert len(_rows(response)) == 50
