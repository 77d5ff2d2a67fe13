"""The intake's history reads as sentences, in the clinic's time zone.

One line per change ("Clara changed status from New to In review, 28 Nov 2026 15:33
EST"): choices by their labels, people by their names, never "Deleted user (pk=None)" or
a raw code; notes, contacts and links sent as their own lines. Revert stays off
(tests/security/test_admin_edges.py).
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group, User

from advisor.models import Intake
from advisor.scoring import RULES_VERSION
from advisor.services import (
    intake_contact_add,
    intake_link_send,
    intake_note_add,
    intake_review,
    intakes_assign,
    intakes_rescore,
)
from tests.advisor.admin.helpers import history_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def clara(db) -> User:
    """Clara Oswald, a clinician who has a full name."""
    user = User.objects.create_user(
        "clara",
        password="a-long-test-passphrase",
        is_staff=True,
        first_name="Clara",
        last_name="Oswald",
    )
    user.groups.add(Group.objects.get(name="Clinicians"))
    return user


@pytest.fixture
def robin(make_intake) -> Intake:
    return make_intake(first_name="Robin")


@pytest.fixture
def read_history(client, superuser, page):
    """The sentences on the intake's history page, oldest first, as a superuser reads them."""

    def read(intake: Intake) -> list[str]:
        client.force_login(superuser)
        response = client.get(history_url(intake))
        assert response.status_code == 200
        html = page(response)
        return [
            item.words
            for item in html.find_all("li", within=html.find("ol", class_="history-lines"))
        ]

    return read


def _when(value, zone: str = "America/New_York") -> str:
    return f"{value.astimezone(ZoneInfo(zone)):%-d %b %Y %H:%M %Z}"


def _review(intake: Intake, by: User | None, **changes) -> Intake:
    intake.refresh_from_db()
    values = {
        "status": intake.status,
        "assigned_to": intake.assigned_to,
        "override_program": intake.override_program,
        "override_reason": intake.override_reason,
        **changes,
    }
    return intake_review(intake=intake, by=by, **values)


def test_it_says_who_changed_the_status_from_what_to_what_and_when(
    client, clara, robin, read_history
):
    client.force_login(clara)
    client.post(
        f"/admin/advisor/intake/{robin.pk}/change/",
        {"status": "in_review", "assigned_to": "", "override_program": "", "override_reason": ""},
    )

    latest = robin.history.latest()
    assert read_history(robin)[-1] == (
        f"Clara Oswald changed status from New to In review, {_when(latest.history_date)}"
    )


def test_it_starts_with_the_participants_answers(robin, read_history):
    first = robin.history.earliest()

    assert read_history(robin) == [
        "The participant sent their answers: the engine suggested MBSR, then MSC, "
        f"{_when(first.history_date)}"
    ]


def test_it_names_a_clinician_without_a_full_name_by_username(clinician, robin, read_history):
    _review(robin, clinician, status="reviewed")

    assert read_history(robin)[-1].startswith("chen changed status from New to Reviewed, ")


def test_it_says_the_system_made_a_change_no_one_signed_in_made(robin, read_history):
    _review(robin, None, status="closed")

    assert read_history(robin)[-1].startswith("The system changed status from New to Closed, ")


def test_it_keeps_the_name_of_a_clinician_whose_account_was_removed(clinician, robin, read_history):
    _review(robin, clinician, status="in_review")

    clinician.delete()

    lines = read_history(robin)
    assert lines[-1].startswith("chen (account since removed) changed status from New to In ")
    assert not any("Deleted user" in line or "None" in line for line in lines)


def test_it_says_who_took_the_intake_and_who_it_went_to(clara, clinician, robin, read_history):
    intakes_assign(intakes=Intake.objects.filter(pk=robin.pk), clinician=clara)
    _review(robin, clara, assigned_to=clinician)
    _review(robin, clara, assigned_to=None)

    assert [line.split(", ")[0] for line in read_history(robin)[1:]] == [
        "Clara Oswald changed status from New to In review",
        "Clara Oswald took it on",
        "Clara Oswald reassigned it from Clara Oswald to chen",
        "Clara Oswald took it off chen's list",
    ]


def test_it_says_a_clinicians_recommendation_and_reason_in_words(clara, robin, read_history):
    _review(robin, clara, override_program="MSC", override_reason="She asked for MSC.")
    _review(robin, clara, override_program="", override_reason="")

    assert [line.rsplit(", ", 1)[0] for line in read_history(robin)[1:]] == [
        "Clara Oswald recommended MSC instead of the engine's MBSR",
        "Clara Oswald gave the reason “She asked for MSC.”",
        "Clara Oswald went back to the engine's recommendation, MBSR",
    ]


def test_it_says_a_re_score_in_words(clara, robin, read_history):
    stale = {**robin.recommendation, "first": "MBCT", "then": None, "rules_version": "old"}
    Intake.objects.filter(pk=robin.pk).update(recommendation=stale, rules_version="old")
    robin.refresh_from_db()
    robin.save()  # a history row for the stale version, as an earlier rules version left it

    intakes_rescore(intakes=Intake.objects.filter(pk=robin.pk), by=clara)

    assert read_history(robin)[-1].startswith(
        f"Clara Oswald re-scored the answers under rules version {RULES_VERSION}: "
        "start with MBSR, then MSC (was MBCT)"
    )


def test_it_adds_notes_contacts_and_links_sent_as_their_own_lines(clara, robin, read_history):
    intake_note_add(intake=robin, author=clara, text="Private words that stay on the page.")
    intake_contact_add(intake=robin, author=clara, channel="call", outcome="left_message")
    intake_contact_add(intake=robin, author=clara, channel="email", outcome="reached")
    intake_link_send(intake=robin, user=clara)

    assert [line.rsplit(", ", 1)[0] for line in read_history(robin)[1:]] == [
        "Clara Oswald added a note",
        "Clara Oswald logged a phone call: left a message",
        "Clara Oswald logged an e-mail: spoke with them, or they replied",
        "Clara Oswald changed status from New to Contacted",
        "Clara Oswald sent the participant their link",
    ]


def test_it_keeps_the_notes_words_off_the_history(clara, robin, client, superuser):
    intake_note_add(intake=robin, author=clara, text="Private words that stay on the page.")
    client.force_login(superuser)

    assert "Private words" not in client.get(history_url(robin)).content.decode()


def test_it_shows_no_codes_or_missing_users(clinician, robin, read_history):
    _review(robin, clinician, status="in_review", assigned_to=clinician)
    _review(robin, None, status="reviewed")

    text = " ".join(read_history(robin))
    assert not any(code in text for code in ("in_review", "pk=", "Deleted user", "None"))


def test_it_gives_times_in_the_clinics_time_zone(clinic, clinician, robin, read_history):
    clinic(time_zone="America/Los_Angeles")
    _review(robin, clinician, status="in_review")

    latest = robin.history.latest()
    assert read_history(robin)[-1].endswith(_when(latest.history_date, "America/Los_Angeles"))
    assert read_history(robin)[-1].endswith("PST")


def test_it_links_each_saved_version_from_its_time(client, superuser, clinician, robin, page):
    _review(robin, clinician, status="in_review")
    client.force_login(superuser)

    html = page(client.get(history_url(robin)))

    versions = [
        a["href"] for a in html.find_all("a", within=html.find("ol", class_="history-lines"))
    ]
    assert versions == [
        f"/admin/advisor/intake/{robin.pk}/history/{record.history_id}/"
        for record in robin.history.order_by("history_date", "history_id")
    ]


def test_it_escapes_a_reason_in_the_history(clara, robin, client, superuser):
    _review(robin, clara, override_program="MSC", override_reason="<script>alert('x')</script>")
    client.force_login(superuser)

    shown = client.get(history_url(robin)).content.decode()

    assert "<script>alert" not in shown
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in shown
