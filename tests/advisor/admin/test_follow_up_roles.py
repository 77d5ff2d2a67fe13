"""Only clinicians add notes and contacts: staff who may change an intake but are not in the
Clinicians group save its review, and whatever else their post carries is not saved."""

from __future__ import annotations

from django.contrib.auth.models import Permission

from advisor.models import ContactAttempt, Intake, IntakeNote
from tests.advisor.admin.helpers import change_url, contact_data, review_data


def test_staff_outside_clinicians_cannot_add_a_note_or_a_contact_by_posting_them(
    client, make_intake, django_user_model
):
    helper = django_user_model.objects.create_user("hal", password="x", is_staff=True)
    helper.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_intake", "change_intake"])
    )
    robin = make_intake(first_name="Robin")
    client.force_login(helper)

    page = client.get(change_url(robin)).content.decode()
    response = client.post(
        change_url(robin),
        {
            **review_data(robin, status=Intake.Status.IN_REVIEW),
            "note": "Written by someone who may not add notes.",
            **contact_data(channel="call", outcome="reached", summary="Not theirs to log."),
        },
    )

    assert 'name="note"' not in page
    assert response.status_code == 302
    robin.refresh_from_db()
    assert robin.status == Intake.Status.IN_REVIEW
    assert not IntakeNote.objects.filter(intake=robin).exists()
    assert not ContactAttempt.objects.filter(intake=robin).exists()


def test_the_staff_preview_of_a_participants_page_is_kept_out_of_search_engines(
    client, make_intake, clinician
):
    robin = make_intake(first_name="Robin")
    client.force_login(clinician)

    response = client.get(f"/admin/advisor/intake/{robin.pk}/preview/")

    assert response.status_code == 200
    assert '<meta name="robots" content="noindex, nofollow">' in response.content.decode()
