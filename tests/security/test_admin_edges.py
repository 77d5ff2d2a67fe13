"""Every admin URL, Django's and our libraries' included, keeps intakes from people
without `view_intake`, and tells nobody without leave to open it whether an object exists;
"View on site" is a staff preview; deleting leaves a record; history is for reading.

The existence sweep comes from a probe of the production settings: history pages of the
records kept about intakes answered "403" for an existing row and "doesn't exist" for a
missing one.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.urls import URLPattern, URLResolver, reverse
from django.utils import timezone

from advisor.follow_up import checkins_sweep
from advisor.models import Intake, IntakeAccess, IntakeDeletion
from advisor.services import intake_accesses_record, intake_delete, intakes_purge
from tests.advisor.admin.helpers import change_url, contact_data, history_url, review_data
from tests.advisor.intakes import EMAIL_ADDRESS, FIRST_NAME
from tests.factories import OfferingFactory
from tests.security.admin_routes import (
    answer,
    missing_id,
    object_routes,
    registered_models,
    version_of,
)
from tests.security.helpers import PERSONAS_WITHOUT_INTAKES, authenticator

pytestmark = pytest.mark.django_db

CONVERTER = re.compile(r"<(?:\w+:)?(\w+)>")
# Routes that end the persona's session or sign someone in: not a way to an intake.
SKIPPED = {"logout", "login"}


def admin_routes() -> list[tuple[str, str]]:
    """(name, route) for every URL the admin site answers, with <params> left in."""
    found = []

    def walk(patterns, prefix: str) -> None:
        for pattern in patterns:
            route = str(pattern.pattern).lstrip("^").rstrip("$")
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, prefix + route)
            elif isinstance(pattern, URLPattern) and pattern.name not in SKIPPED:
                found.append((pattern.name or "", prefix + route))

    walk(admin.site.get_urls(), "/admin/")
    return found


def fill(route: str, intake_id: int, version_id: int, content_type_id: int) -> str:
    if "(?P<app_label>" in route:
        return re.sub(r"\(\?P<app_label>[^)]*\)", "advisor", route)
    values = {
        "object_id": intake_id,
        "pk": intake_id,
        "version_id": version_id,
        "content_type_id": content_type_id,
        "app_label": "advisor",
    }
    return CONVERTER.sub(lambda match: str(values.get(match.group(1), intake_id)), route)


def test_it_sweeps_the_urls_django_and_the_libraries_add():
    # The sweep below is only as good as this list: it must hold the URLs of the probe.
    names = {name for name, _ in admin_routes()}

    assert {"view_on_site", "advisor_intake_history", "password_change", "autocomplete"} <= names
    assert "advisor_intake_send_link" in names  # the participant's link, again
    assert "otp_totp_totpdevice_config" in names


@pytest.fixture
def crisis_intake(make_intake) -> Intake:
    return make_intake(self_harm_thoughts="yes")


@pytest.mark.sweep
@pytest.mark.parametrize("persona", ["anonymous", *PERSONAS_WITHOUT_INTAKES])
def test_no_admin_url_gives_an_intake_away(sign_in, crisis_intake, persona):
    client = sign_in(persona)
    intake = crisis_intake
    version = intake.history.earliest().history_id
    content_type = ContentType.objects.get_for_model(Intake).pk
    secrets = (intake.public_token, FIRST_NAME, EMAIL_ADDRESS)
    tried = 0

    for _, route in admin_routes():
        for intake_id, version_id in ((intake.pk, version), (intake.pk + 1000, version + 1000)):
            url = fill(route, intake_id, version_id, content_type)
            posted = {
                "action": "export_csv",
                "_selected_action": [str(intake_id)],
                "post": "yes",
                "note": "Planted note.",
                **contact_data(channel="call", outcome="reached", summary="Planted."),
            }
            answers = [client.get(url), client.post(url, {**review_data(intake), **posted})]
            for response in answers:
                shown = response.content.decode(errors="replace") + response.get("Location", "")
                assert not any(secret in shown for secret in secrets), url
                assert "/recommendation/" not in response.get("Location", ""), url
                assert response.status_code != 500, url
                tried += 1

    intake.refresh_from_db()
    assert (intake.status, intake.override_program) == ("new", "")
    assert not intake.notes.exists() and not intake.contacts.exists()
    assert not IntakeAccess.objects.filter(how=IntakeAccess.How.LINK_SENT).exists()
    assert tried > 100


# No admin URL tells whether an object exists to someone it does not let in


@pytest.fixture
def one_of_each(settings, make_intake, superuser) -> dict[type, object]:
    """A row of every model the admin shows, the one each object URL is tried with."""
    # The durable queue production runs, so that task results are kept as rows.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    # Notices are on; with a check-in, whose invitation the sweep makes.
    intake = make_intake(self_harm_thoughts="yes", email_my_link="on", checkin_opt_in="on")
    checkins_sweep(now=timezone.now() + timedelta(weeks=52))
    intake_accesses_record(intakes=[intake], user=superuser, how=IntakeAccess.How.PAGE)
    intake_delete(intake=make_intake(), by=IntakeDeletion.By.PARTICIPANT)
    OfferingFactory()  # and its provider
    authenticator(superuser)
    attempt = {
        "user_agent": "probe",
        "ip_address": "203.0.113.9",
        "username": "nobody",
        "http_accept": "*/*",
        "path_info": "/admin/login/",
    }
    AccessAttempt.objects.create(**attempt, get_data="", post_data="", failures_since_start=1)
    AccessFailureLog.objects.create(**attempt)
    AccessLog.objects.create(**attempt)
    rows = {model: model._default_manager.order_by("pk").first() for model in registered_models()}
    empty = [model._meta.label for model, row in rows.items() if row is None]
    assert not empty, f"Make a row of each in one_of_each: {empty}"
    return rows


def test_it_sweeps_every_object_url_of_every_registered_admin():
    routes = {(r.model._meta.label, r.view_name) for r in object_routes()}

    # The probe's: the history pages of the records kept about intakes.
    for label in ("advisor.Notification", "advisor.IntakeAccess", "advisor.IntakeDeletion"):
        assert (label, "history_view") in routes
    assert ("django_tasks_database.DBTaskResult", "history_view") in routes
    # Those our admins and the libraries add.
    assert {("advisor.Intake", "preview_view"), ("advisor.Intake", "send_link_view")} <= routes
    assert ("advisor.Intake", "history_form_view") in routes
    assert ("auth.User", "user_change_password") in routes
    assert ("otp_totp.TOTPDevice", "config_view") in routes
    assert {label for label, _ in routes} == {m._meta.label for m in registered_models()}


@pytest.mark.sweep
@pytest.mark.parametrize("persona", ["anonymous", "editor", "outsider", "clinician", "superuser"])
def test_no_admin_url_tells_whether_an_object_exists(sign_in, request, one_of_each, persona):
    """An existing and a missing id get the same answer (status, redirect, cookies, body) from
    every object URL the persona may not open: list, change, history, delete, and the rest."""
    client = sign_in(persona)
    user = None if persona == "anonymous" else request.getfixturevalue(persona)
    compared = set()
    # (existing id, its version), (missing id, a missing version), for each model
    tried_with = {
        model: ((row.pk, version_of(row)), (missing_id(model), version_of(row) + 1000))
        for model, row in one_of_each.items()
    }

    for route in object_routes():
        if route.may_tell(user):
            continue  # let in: the page is the object's, and a missing one may say so
        ids = tried_with[route.model]
        for method, data in (("get", None), ("post", {"post": "yes", "_save": "Save"})):
            answers = []
            for object_id, version_id in ids:
                url = route.url(object_id, version_id)
                answers.append(answer(getattr(client, method)(url, data), url))
            assert answers[0] == answers[1], (
                f"{method.upper()} {route.route} ({route.model._meta.label}): "
                f"existing {answers[0][:3]}, missing {answers[1][:3]}"
            )
            assert answers[0][0] != 500, route.route
        compared.add(route.model._meta.label)

    # Nothing was changed or deleted on the way.
    assert all(type(o)._default_manager.filter(pk=o.pk).exists() for o in one_of_each.values())
    assert {"advisor.Notification", "advisor.IntakeDeletion", "advisor.CheckInEmail"} <= compared


def view_on_site_url(intake: Intake) -> str:
    content_type = ContentType.objects.get_for_model(Intake).pk
    return reverse("admin:view_on_site", args=[content_type, intake.pk])


@pytest.mark.parametrize("persona", PERSONAS_WITHOUT_INTAKES)
def test_view_on_site_does_not_lead_staff_without_access_to_the_participants_page(
    sign_in, crisis_intake, persona
):
    response = sign_in(persona).get(view_on_site_url(crisis_intake))

    assert response.status_code == 404
    assert "Location" not in response


def test_view_on_site_leads_a_clinician_to_a_preview_not_the_participants_link(
    sign_in, crisis_intake
):
    client = sign_in("clinician")

    response = client.get(view_on_site_url(crisis_intake), follow=True)

    page = response.content.decode()
    assert response.status_code == 200
    assert "Staff preview" in page
    assert "Please reach out for support now" in page  # the crisis panel the participant sees
    assert crisis_intake.public_token not in page
    assert "Delete my answers" not in page
    assert not any("/recommendation/" in url for url, _ in response.redirect_chain)


def test_the_intake_page_links_view_on_site_to_the_preview(sign_in, crisis_intake):
    page = sign_in("clinician").get(change_url(crisis_intake)).content.decode()

    assert reverse("admin:advisor_intake_preview", args=[crisis_intake.pk]) in page
    assert crisis_intake.public_token not in page


def test_a_preview_is_recorded_as_an_access(sign_in, clinician, crisis_intake):
    sign_in("clinician").get(reverse("admin:advisor_intake_preview", args=[crisis_intake.pk]))

    record = IntakeAccess.objects.get(intake=crisis_intake)
    assert (record.username, record.how) == ("chen", IntakeAccess.How.PREVIEW)


@pytest.mark.parametrize("persona", PERSONAS_WITHOUT_INTAKES)
def test_a_preview_is_refused_to_staff_without_access(sign_in, crisis_intake, persona):
    response = sign_in(persona).get(
        reverse("admin:advisor_intake_preview", args=[crisis_intake.pk])
    )

    assert response.status_code == 403
    assert not IntakeAccess.objects.exists()


# Item 2: every deletion leaves a record without personal data


def deletion_record(intake_id: int) -> IntakeDeletion:
    return IntakeDeletion.objects.get(intake_id=intake_id)


def test_a_participants_delete_leaves_a_record_of_who_and_when(client, crisis_intake):
    intake_id, submitted = crisis_intake.pk, crisis_intake.created_at

    client.post(
        reverse("advisor:delete", kwargs={"token": crisis_intake.public_token}), {"confirm": "yes"}
    )

    record = deletion_record(intake_id)
    assert not Intake.objects.filter(pk=intake_id).exists()
    assert (record.deleted_by, record.username, record.submitted_at) == (
        IntakeDeletion.By.PARTICIPANT,
        "",
        submitted,
    )


def test_the_retention_purge_leaves_a_record_of_each_intake_it_removed(crisis_intake):
    Intake.objects.filter(pk=crisis_intake.pk).update(created_at="2020-01-01T00:00:00Z")

    intakes_purge(older_than=crisis_intake.created_at)

    assert deletion_record(crisis_intake.pk).deleted_by == IntakeDeletion.By.RETENTION


def test_a_superusers_delete_leaves_a_record_with_their_name(sign_in, crisis_intake):
    client = sign_in("superuser")

    client.post(reverse("admin:advisor_intake_delete", args=[crisis_intake.pk]), {"post": "yes"})

    record = deletion_record(crisis_intake.pk)
    assert (record.deleted_by, record.username) == (IntakeDeletion.By.STAFF, "root")


def test_a_deletion_record_holds_nothing_about_the_person(client, crisis_intake):
    client.post(
        reverse("advisor:delete", kwargs={"token": crisis_intake.public_token}), {"confirm": "yes"}
    )

    stored = " ".join(str(value) for value in IntakeDeletion.objects.values().get().values())
    assert not any(s in stored for s in (FIRST_NAME, EMAIL_ADDRESS, crisis_intake.public_token))


def test_a_clinician_cannot_delete_an_intake(sign_in, crisis_intake):
    client = sign_in("clinician")

    client.post(reverse("admin:advisor_intake_delete", args=[crisis_intake.pk]), {"post": "yes"})

    assert Intake.objects.filter(pk=crisis_intake.pk).exists()
    assert not IntakeDeletion.objects.exists()


def test_deletion_records_are_shown_to_superusers_only(sign_in, crisis_intake):
    url = reverse("admin:advisor_intakedeletion_changelist")

    assert sign_in("clinician").get(url).status_code == 403


# Item 4: history is a record, not a form


def history_version_url(intake: Intake) -> str:
    version = intake.history.earliest().history_id
    return reverse("admin:advisor_intake_simple_history", args=[intake.pk, version])


@pytest.fixture
def view_only(db, django_user_model):
    """Vic may read intakes (view_intake) and nothing more."""
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user("vic", password="a-long-test-passphrase")
    user.is_staff = True
    user.save()
    user.user_permissions.add(Permission.objects.get(codename="view_intake"))
    return user


@pytest.mark.parametrize("persona", ["view_only", "clinician"])
def test_the_history_form_saves_nothing_for_anyone(sign_in, crisis_intake, persona):
    client = sign_in(persona)
    assert client.get(history_version_url(crisis_intake)).status_code == 200

    response = client.post(
        history_version_url(crisis_intake),
        review_data(
            crisis_intake,
            status="closed",
            note="changed through history",
            override_program="MBCT",
            override_reason="revert",
            **contact_data(channel="call", outcome="reached"),
        ),
    )

    crisis_intake.refresh_from_db()
    assert response.status_code == 403
    assert (crisis_intake.status, crisis_intake.override_program) == ("new", "")
    assert not crisis_intake.notes.exists() and not crisis_intake.contacts.exists()


def test_a_view_only_user_cannot_save_the_intake_page(sign_in, view_only, crisis_intake):
    response = sign_in("view_only").post(
        change_url(crisis_intake), review_data(crisis_intake, status="closed")
    )

    crisis_intake.refresh_from_db()
    assert response.status_code == 403
    assert crisis_intake.status == "new"


def test_history_of_a_missing_and_a_forbidden_intake_look_alike(sign_in, crisis_intake):
    client = sign_in("editor")

    existing = client.get(history_url(crisis_intake)).status_code
    missing = client.get(reverse("admin:advisor_intake_history", args=[crisis_intake.pk + 1]))

    assert existing == missing.status_code == 403
