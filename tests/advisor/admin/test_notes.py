"""Notes on an intake: added with their author and time, kept as written, never overwritten.

Notes are timestamped with their author, appended and never overwritten, and escaped
everywhere they show.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest
from django.urls import NoReverseMatch, reverse

from advisor.models import Intake, IntakeNote
from tests.advisor.admin.helpers import change_url, review_data

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert('x')</script> \"Call\" & 'see'"


@pytest.fixture
def robin(make_intake) -> Intake:
    return make_intake(first_name="Robin")


@pytest.fixture
def add_note(client):
    """Save the intake page with a note typed into its box (the review left as it was)."""

    def add(intake: Intake, text: str, **changes):
        intake.refresh_from_db()
        return client.post(change_url(intake), review_data(intake, note=text, **changes))

    return add


def _notes_shown(page, client, intake: Intake) -> list[tuple[str, str]]:
    """Each note on the intake page: who and when, then what it says."""
    html = page(client.get(change_url(intake)))
    box = html.find("div", class_="field-notes_so_far")
    return [
        (
            html.find(class_="log-meta", within=item).words,
            html.find(class_="log-text", within=item).words,
        )
        for item in html.find_all("li", within=box)
    ]


def test_it_adds_a_note_with_its_author(client, clinician, robin, add_note):
    client.force_login(clinician)

    add_note(robin, "Phoned: she is safe and wants MSC.")

    (note,) = robin.notes.all()
    assert (note.text, note.author, note.author_name) == (
        "Phoned: she is safe and wants MSC.",
        clinician,
        "chen",
    )


def test_it_names_the_author_by_their_full_name_when_they_have_one(
    client, clinician, robin, add_note
):
    clinician.first_name, clinician.last_name = "Clara", "Chen"
    clinician.save()
    client.force_login(clinician)

    add_note(robin, "Left a voicemail.")

    assert robin.notes.get().author_name == "Clara Chen"


def test_it_shows_each_note_with_who_wrote_it_and_when(client, clinician, robin, add_note, page):
    client.force_login(clinician)
    add_note(robin, "Phoned: no answer.")
    note = robin.notes.get()

    (shown,) = _notes_shown(page, client, robin)

    when = note.created_at.astimezone(ZoneInfo("America/New_York"))
    assert shown == (f"chen, {when:%-d %b %Y %H:%M %Z}", "Phoned: no answer.")


def test_it_keeps_earlier_notes_and_shows_the_newest_last(client, clinician, robin, add_note, page):
    client.force_login(clinician)

    add_note(robin, "First call: no answer.")
    add_note(robin, "Second call: spoke with her.")

    assert list(robin.notes.values_list("text", flat=True)) == [
        "First call: no answer.",
        "Second call: spoke with her.",
    ]
    assert [text for _, text in _notes_shown(page, client, robin)] == [
        "First call: no answer.",
        "Second call: spoke with her.",
    ]


@pytest.mark.parametrize("text", ["", "   ", "\n\t"])
def test_it_adds_nothing_for_an_empty_note(client, clinician, robin, add_note, text):
    client.force_login(clinician)

    response = add_note(robin, text, status="in_review")

    assert response.status_code == 302
    assert not IntakeNote.objects.exists()
    robin.refresh_from_db()
    assert robin.status == "in_review"


def test_it_offers_one_empty_box_and_no_way_to_change_a_note(
    client, clinician, robin, add_note, page
):
    client.force_login(clinician)
    add_note(robin, "Phoned: no answer.")

    html = page(client.get(change_url(robin)))

    boxes = html.find_all("textarea", name="note")
    assert len(boxes) == 1 and boxes[0].words == ""
    editable = [field for field in html.find_all("textarea") + html.find_all("input")]
    assert not any("Phoned: no answer." in (f.get("value") or f.words) for f in editable)


def test_it_has_no_admin_pages_for_notes_or_the_contact_log():
    # No list, no change page, no delete: a note is reached only through its intake.
    for name in ("advisor_intakenote", "advisor_contactattempt"):
        for view in ("changelist", "add"):
            with pytest.raises(NoReverseMatch):
                reverse(f"admin:{name}_{view}")


def test_it_keeps_a_note_when_a_second_save_leaves_the_box_empty(
    client, clinician, robin, add_note
):
    client.force_login(clinician)
    add_note(robin, "Phoned: no answer.")

    add_note(robin, "", status="reviewed")

    assert list(robin.notes.values_list("text", flat=True)) == ["Phoned: no answer."]


def test_it_saves_no_note_when_the_review_has_an_error(client, clinician, robin, add_note, page):
    client.force_login(clinician)

    response = add_note(robin, "Wants MBSR.", override_program="MBSR", override_reason="")

    assert response.status_code == 200
    assert not IntakeNote.objects.exists()
    # What was typed is still in the box, to send again once the error is put right.
    assert page(response).find("textarea", name="note").words == "Wants MBSR."


def test_it_escapes_a_note(client, clinician, robin, add_note):
    client.force_login(clinician)
    add_note(robin, SCRIPT)

    shown = client.get(change_url(robin)).content.decode()

    assert "<script>alert" not in shown
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &quot;Call&quot; &amp;" in shown
    assert robin.notes.get().text == SCRIPT


def test_it_keeps_the_lines_of_a_note(client, clinician, robin, add_note, page):
    client.force_login(clinician)
    add_note(robin, "Called twice.\nWill try Monday.")

    html = page(client.get(change_url(robin)))

    text = html.find("p", class_="log-text", within=html.find("div", class_="field-notes_so_far"))
    assert text.find("br") is not None


def test_it_deletes_the_notes_with_their_intake(client, clinician, superuser, robin, add_note):
    client.force_login(clinician)
    add_note(robin, "Phoned: no answer.")
    client.force_login(superuser)

    client.post(reverse("admin:advisor_intake_delete", args=[robin.pk]), {"post": "yes"})

    assert not Intake.objects.filter(pk=robin.pk).exists()
    assert not IntakeNote.objects.exists()
