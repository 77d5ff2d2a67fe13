"""Delete my answers: a button on the recommendation page, a confirmation, and then nothing left."""

from __future__ import annotations

import pytest
from django.urls import reverse
from pytest_django.asserts import assertRedirects

from advisor.models import Intake, IntakeDeletion, Notification

pytestmark = pytest.mark.django_db


def _recommendation_url(intake: Intake) -> str:
    return reverse("advisor:recommendation", kwargs={"token": intake.public_token})


def _delete_url(intake: Intake) -> str:
    return reverse("advisor:delete", kwargs={"token": intake.public_token})


def _form_data(html, form) -> dict[str, str]:
    """What submitting the form sends, the CSRF token aside (the test client does not check it)."""
    return {
        field.attrs["name"]: field.attrs.get("value") or ""
        for field in html.find_all("input", within=form)
        if field.attrs.get("name") and field.attrs["name"] != "csrfmiddlewaretoken"
    }


def _follow_delete_button(client, page, intake: Intake):
    """Use whatever the recommendation page offers for deleting: a link or a button."""
    html = page(client.get(_recommendation_url(intake)))
    form = html.find("form", action=_delete_url(intake))
    if form is not None:
        return client.post(_delete_url(intake), _form_data(html, form))
    assert html.find("a", href=_delete_url(intake)) is not None
    return client.get(_delete_url(intake))


def _confirm(client, page, intake: Intake):
    """Say yes on the confirmation page."""
    html = page(client.get(_delete_url(intake)))
    form = html.find("form", method="post", action=_delete_url(intake))
    return client.post(_delete_url(intake), _form_data(html, form))


def test_it_offers_a_way_to_delete_on_the_recommendation_page(client, make_intake, page):
    intake = make_intake()

    html = page(client.get(_recommendation_url(intake)))

    assert (
        html.find("form", method="post", action=_delete_url(intake)) is not None
        or html.find("a", href=_delete_url(intake)) is not None
    )


def test_it_asks_for_confirmation_before_deleting(client, make_intake, page):
    intake = make_intake()

    response = _follow_delete_button(client, page, intake)

    assert response.status_code == 200
    assert page(response).find("form", method="post", action=_delete_url(intake)) is not None
    assert Intake.objects.filter(pk=intake.pk).exists()


def test_it_shows_a_post_form_on_the_confirmation_page(client, make_intake, page):
    intake = make_intake()

    response = client.get(_delete_url(intake))

    html = page(response)
    form = html.find("form", action=_delete_url(intake))
    assert form.attrs["method"].lower() == "post"
    buttons = html.find_all("button", within=form)
    assert [b for b in buttons if b.attrs.get("type", "submit") == "submit"]


def test_it_deletes_nothing_on_opening_the_confirmation_page(client, make_intake):
    intake = make_intake()

    client.get(_delete_url(intake))

    assert Intake.objects.filter(pk=intake.pk).exists()


def test_it_keeps_the_confirmation_page_private(client, make_intake):
    response = client.get(_delete_url(make_intake()))

    assert "no-store" in response["Cache-Control"]
    assert "noindex" in response["X-Robots-Tag"]


def test_it_deletes_the_intake_on_confirmation(client, make_intake, page):
    intake = make_intake()

    _confirm(client, page, intake)

    assert not Intake.objects.filter(pk=intake.pk).exists()


def test_it_deletes_only_that_persons_intake(client, make_intake, page):
    intake, other = make_intake(), make_intake()

    _confirm(client, page, intake)

    assert list(Intake.objects.all()) == [other]


def test_it_says_the_answers_are_deleted(client, make_intake, page):
    intake = make_intake()

    response = _confirm(client, page, intake)

    assertRedirects(response, reverse("advisor:deleted"))


def test_it_forgets_the_recommendation_address_after_deleting(client, make_intake, page):
    intake = make_intake()
    _confirm(client, page, intake)

    response = client.get(_recommendation_url(intake))

    assert response.status_code == 404


def test_it_forgets_the_delete_address_after_deleting(client, make_intake, page):
    intake = make_intake()
    _confirm(client, page, intake)

    assert client.get(_delete_url(intake)).status_code == 404
    assert client.post(_delete_url(intake), {"confirm": "yes"}).status_code == 404


def test_it_answers_a_delete_of_an_unknown_token_with_not_found(client, make_intake):
    make_intake()

    response = client.post(
        reverse("advisor:delete", kwargs={"token": "x" * 43}), {"confirm": "yes"}
    )

    assert response.status_code == 404
    assert Intake.objects.count() == 1


def test_it_deletes_the_clinics_notices_about_the_answers_too(client, make_intake, page, settings):
    # Production notifies the clinic of every intake: those records go with the answers.
    settings.INTAKE_NOTIFY_EMAILS = ["clinic@example.org"]
    intake = make_intake()
    assert intake.notifications.exists()

    _confirm(client, page, intake)

    assert not Notification.objects.filter(intake_id=intake.pk).exists()
    assert not Intake.objects.filter(pk=intake.pk).exists()
    assert IntakeDeletion.objects.filter(intake_id=intake.pk).count() == 1
