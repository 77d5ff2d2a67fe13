"""Who sees and adds notes and contacts: clinicians; never a directory editor or staff in no
group, whatever page or URL they try; someone who may only read intakes reads, adds nothing.

Who may open what for every admin URL is in tests/config/test_permission_matrix.py and
tests/security/test_admin_edges.py.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission, User
from django.urls import reverse

from advisor.models import ContactAttempt, Intake, IntakeNote
from advisor.services import intake_contact_add, intake_note_add
from tests.advisor.admin.helpers import (
    change_url,
    changelist_url,
    contact_data,
    dashboard_url,
    history_url,
    review_data,
    send_link_url,
)

pytestmark = pytest.mark.django_db

NOTE = "Spoke about her sister's illness."
SUMMARY = "Talked through the orientation dates."
STEP = "Send the spring dates"


@pytest.fixture
def followed_up(make_intake, clinician) -> Intake:
    """Robin's intake, with Dr Chen's note and a logged call with a next step."""
    robin = make_intake(first_name="Robin")
    intake_note_add(intake=robin, author=clinician, text=NOTE)
    intake_contact_add(
        intake=robin,
        author=clinician,
        channel="call",
        outcome="left_message",
        summary=SUMMARY,
        next_step=STEP,
    )
    return robin


@pytest.fixture
def vic(db) -> User:
    """Vic may read intakes (view_intake) and change nothing."""
    user = User.objects.create_user("vic", password="a-long-test-passphrase", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_intake"))
    return user


def _pages(intake: Intake) -> list[str]:
    version = intake.history.earliest().history_id
    return [
        changelist_url(),
        change_url(intake),
        history_url(intake),
        reverse("admin:advisor_intake_simple_history", args=[intake.pk, version]),
        reverse("admin:advisor_intake_preview", args=[intake.pk]),
        dashboard_url(),
        reverse("admin:index"),
    ]


@pytest.mark.parametrize("persona", ["editor", "outsider"])
def test_no_page_shows_notes_or_contacts_to_staff_without_intakes(
    client, request, followed_up, persona
):
    client.force_login(request.getfixturevalue(persona))

    for url in _pages(followed_up):
        response = client.get(url)
        shown = response.content.decode()
        assert response.status_code in (200, 403), url
        assert not any(text in shown for text in (NOTE, SUMMARY, STEP, "Robin")), url


@pytest.mark.parametrize("persona", ["editor", "outsider", "vic"])
def test_no_one_but_a_clinician_adds_a_note_or_a_contact(client, request, followed_up, persona):
    client.force_login(request.getfixturevalue(persona))

    response = client.post(
        change_url(followed_up),
        {
            **review_data(followed_up),
            "note": "Written by someone else.",
            **contact_data(channel="email", outcome="reached"),
        },
    )

    assert response.status_code == 403
    assert IntakeNote.objects.count() == ContactAttempt.objects.count() == 1
    followed_up.refresh_from_db()
    assert followed_up.status == "new"


@pytest.mark.parametrize("persona", ["editor", "outsider", "vic"])
def test_no_one_but_a_clinician_sends_the_participant_their_link(
    client, request, followed_up, persona, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(request.getfixturevalue(persona))

    with django_capture_on_commit_callbacks(execute=True):
        existing = client.post(send_link_url(followed_up))
        missing = client.post(send_link_url(Intake(pk=followed_up.pk + 1000)))

    # Not allowed and not found look alike: the answer says nothing of existence.
    assert existing.status_code == missing.status_code == 403
    assert not mailoutbox


def test_a_reader_sees_the_notes_and_log_without_boxes_to_add_to_them(
    client, vic, followed_up, page
):
    client.force_login(vic)

    html = page(client.get(change_url(followed_up)))

    assert NOTE in html.find("div", class_="field-notes_so_far").words
    assert SUMMARY in html.find("div", class_="field-contact_log").words
    assert html.find("textarea", name="note") is None
    assert html.find("select", name="contact_channel") is None


def test_a_clinician_sees_the_notes_and_log_with_boxes_to_add_to_them(
    client, clinician, followed_up, page
):
    client.force_login(clinician)

    html = page(client.get(change_url(followed_up)))

    assert NOTE in html.find("div", class_="field-notes_so_far").words
    assert html.find("textarea", name="note") is not None
    assert html.find("select", name="contact_channel") is not None


def test_a_past_version_shows_neither_todays_notes_nor_boxes_to_add_to_them(
    client, clinician, followed_up
):
    version = followed_up.history.earliest().history_id
    client.force_login(clinician)

    shown = client.get(
        reverse("admin:advisor_intake_simple_history", args=[followed_up.pk, version])
    ).content.decode()

    assert NOTE not in shown
    assert 'name="note"' not in shown
