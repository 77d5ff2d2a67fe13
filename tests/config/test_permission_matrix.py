"""Who may open what in the admin: one table, a row for each surface, a column for each persona.

One permission matrix instead of role tests repeated per app. It holds every role and
every staff page: directory editors keep the
catalog and the directory and cannot tell that intakes exist; clinicians read and review
intakes (with the sign-up and check-in that followed), add notes and contacts, send a
participant their link, read the dashboard's outcome numbers and export (de-identified
too); staff in no group see nothing; only a superuser deletes an intake (on a
participant's request), reads the access and deletion records and the e-mails (sending a
failed one again), or manages accounts and authenticators; and nobody adds an intake in
the admin.

What an allowed request does is tested beside its behaviour (tests/advisor/admin/,
tests/providers/test_admin.py, tests/programs/test_admin.py); the attacker's requests, over
every URL the admin answers, are in tests/security/.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import Group, User
from django.http import HttpResponse, QueryDict
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertRedirects

from advisor.follow_up import checkins_sweep, signup_record
from advisor.models import (
    CheckInEmail,
    ContactAttempt,
    DeidentifiedKey,
    Intake,
    IntakeAccess,
    IntakeNote,
)
from programs.models import Program
from providers.models import Offering, Provider
from tests.advisor.admin.helpers import (
    access_list_url,
    change_url,
    changelist_url,
    contact_data,
    dashboard_url,
    history_url,
    review_data,
)
from tests.advisor.intakes import saved_intake
from tests.clients import FormClient
from tests.factories import OfferingFactory
from tests.helpers import admin_form_data, links, listed_providers

pytestmark = pytest.mark.django_db

PERSONAS = ("anonymous", "editor", "outsider", "clinician", "superuser")
LOGIN = "login"  # sent to the admin's login page, and back here after signing in
# Who may read intakes; for everyone else no admin answer may show one.
READERS = ("clinician", "superuser")

FIRST_NAME = "Wilhelmina"
EMAIL = "wilhelmina@example.net"
BROWN = "brown-university-mindfulness-center"
BROWN_NAME = "Brown University Mindfulness Center"


@dataclass(frozen=True)
class World:
    """What the surfaces act on: an intake, a provider of the directory, a program."""

    intake: Intake
    provider: Provider
    program: Program
    offering: Offering  # one of the provider's course runs
    editor: User  # who fills in the provider's page that each persona then sends
    checkin_email: CheckInEmail  # the intake's check-in invitation, refused by the mail server


@dataclass(frozen=True)
class Surface:
    """One thing to do in the admin, as a persona's browser would do it."""

    url: Callable[[World], str]
    data: Callable[[World], dict] | None = None  # a POST's body; a GET when None
    # What the page is for: shown to everyone the matrix lets in, to no one else.
    shows: str | None = None
    # Whether the request changed or gave away anything: only where the matrix lets it in.
    changed: Callable[[World, HttpResponse], bool] | None = None
    # Listed on the admin index, for those it opens to.
    listed: bool = False

    def send(self, client: FormClient, world: World) -> HttpResponse:
        if self.data is None:
            return client.get(self.url(world))
        return client.post(self.url(world), self.data(world))


def _url(name: str, *args: Callable[[World], object]) -> Callable[[World], str]:
    return lambda world: reverse(name, args=[arg(world) for arg in args])


def _app(app_label: str) -> Callable[[World], str]:
    return lambda world: reverse("admin:app_list", args=[app_label])


def _intake(world: World) -> int:
    return world.intake.pk


def _version(world: World) -> int:
    return world.intake.history.earliest().history_id


def _review_changed(world: World, response: HttpResponse) -> bool:
    return Intake.objects.get(pk=world.intake.pk).status != "new"


def _note_added(world: World, response: HttpResponse) -> bool:
    return IntakeNote.objects.filter(intake=world.intake).exists()


def _contact_logged(world: World, response: HttpResponse) -> bool:
    return ContactAttempt.objects.filter(intake=world.intake).exists()


def _link_sent(world: World, response: HttpResponse) -> bool:
    return IntakeAccess.objects.filter(how=IntakeAccess.How.LINK_SENT).exists()


def _export_given_away(world: World, response: HttpResponse) -> bool:
    return (
        response.get("Content-Type", "").startswith("text/csv")
        or FIRST_NAME in response.content.decode()
        or IntakeAccess.objects.exists()
        or DeidentifiedKey.objects.exists()
    )


def _export_action(action: str) -> Callable[[World], dict]:
    return lambda world: {
        "action": action,
        "index": "0",
        "_selected_action": [str(world.intake.pk)],
    }


def _checkin_email_queued_again(world: World, response: HttpResponse) -> bool:
    return CheckInEmail.objects.get(pk=world.checkin_email.pk).status != CheckInEmail.Status.FAILED


def _provider_form(world: World) -> dict:
    """The provider's page sent back renamed, as a directory editor would (inlines too)."""
    editor = FormClient()
    editor.force_login(world.editor)
    page = editor.get(reverse("admin:providers_provider_change", args=[world.provider.pk]))
    return {**admin_form_data(page), "name": "Brown Mindfulness Center"}


def _directory_changed(world: World, response: HttpResponse) -> bool:
    listed = BROWN in listed_providers(FormClient().get(reverse("providers:list")))
    return Provider.objects.get(pk=world.provider.pk).name != BROWN_NAME or not listed


SURFACES: dict[str, Surface] = {
    "admin index": Surface(_url("admin:index")),
    # The clinicians' intakes, with their access and deletion records
    "intake list": Surface(lambda world: changelist_url(), shows=FIRST_NAME, listed=True),
    "intake page": Surface(lambda world: change_url(world.intake), shows=FIRST_NAME),
    "intake change POST": Surface(
        lambda world: change_url(world.intake),
        data=lambda world: review_data(world.intake, status="in_review"),
        changed=_review_changed,
    ),
    # A clinician's notes, contact log and the participant's link, sent again
    "intake note POST": Surface(
        lambda world: change_url(world.intake),
        data=lambda world: review_data(world.intake, note="Call on Monday."),
        changed=_note_added,
    ),
    "intake contact POST": Surface(
        lambda world: change_url(world.intake),
        data=lambda world: {
            **review_data(world.intake),
            **contact_data(channel="call", outcome="left_message", next_step="Call again"),
        },
        changed=_contact_logged,
    ),
    "intake send link POST": Surface(
        _url("admin:advisor_intake_send_link", _intake),
        data=lambda world: {},
        changed=_link_sent,
    ),
    "intake send link page": Surface(_url("admin:advisor_intake_send_link", _intake)),
    "intake delete page": Surface(_url("admin:advisor_intake_delete", _intake)),
    "intake delete POST": Surface(
        _url("admin:advisor_intake_delete", _intake),
        data=lambda world: {"post": "yes"},
        changed=lambda world, response: not Intake.objects.filter(pk=world.intake.pk).exists(),
    ),
    "intake add page": Surface(_url("admin:advisor_intake_add")),
    "intake export action": Surface(
        lambda world: changelist_url(),
        data=_export_action("export_csv"),
        changed=_export_given_away,
    ),
    "intake de-identified export action": Surface(
        lambda world: changelist_url(),
        data=_export_action("export_csv_deidentified"),
        changed=_export_given_away,
    ),
    "intake history": Surface(lambda world: history_url(world.intake)),
    "intake history version": Surface(
        _url("admin:advisor_intake_simple_history", _intake, _version)
    ),
    "intake dashboard": Surface(lambda world: dashboard_url()),
    # Its outcome numbers, for a period asked for, and for one mistyped
    "intake dashboard for a period": Surface(
        lambda world: f"{dashboard_url()}?from=2000-01-01&to=2099-12-31",
        shows="After the recommendation: outcomes by program",
    ),
    "intake dashboard, a period mistyped": Surface(
        lambda world: f"{dashboard_url()}?from=2026-13-45&to=yesterday",
        shows="The period could not be read",
    ),
    "intake preview": Surface(_url("admin:advisor_intake_preview", _intake)),
    "intake access records": Surface(lambda world: access_list_url(), listed=True),
    "intake deletion records": Surface(
        _url("admin:advisor_intakedeletion_changelist"), listed=True
    ),
    "notification list": Surface(_url("admin:advisor_notification_changelist"), listed=True),
    "participant e-mail list": Surface(
        _url("admin:advisor_participantemail_changelist"), listed=True
    ),
    "check-in e-mail list": Surface(
        _url("admin:advisor_checkinemail_changelist"), shows=EMAIL, listed=True
    ),
    "check-in e-mail page": Surface(
        _url("admin:advisor_checkinemail_change", lambda world: world.checkin_email.pk)
    ),
    "check-in e-mail send again action": Surface(
        _url("admin:advisor_checkinemail_changelist"),
        data=lambda world: {
            "action": "send_again",
            "index": "0",
            "_selected_action": [str(world.checkin_email.pk)],
        },
        changed=_checkin_email_queued_again,
    ),
    "intakes app": Surface(_app("advisor"), listed=True),
    # The directory and the catalog, kept by directory editors
    "provider list": Surface(
        _url("admin:providers_provider_changelist"), shows=BROWN_NAME, listed=True
    ),
    "provider page": Surface(
        _url("admin:providers_provider_change", lambda world: world.provider.pk),
        shows=f'value="{BROWN_NAME}"',
    ),
    "provider change POST": Surface(
        _url("admin:providers_provider_change", lambda world: world.provider.pk),
        data=_provider_form,
        changed=_directory_changed,
    ),
    "provider add page": Surface(_url("admin:providers_provider_add")),
    "offering list": Surface(_url("admin:providers_offering_changelist"), listed=True),
    "offering add page": Surface(_url("admin:providers_offering_add")),
    "offering copy action": Surface(
        _url("admin:providers_offering_changelist"),
        data=lambda world: {
            "action": "copy_to_new_dates",
            "index": "0",
            "_selected_action": [str(world.offering.pk)],
            "apply": "Make the copies",
            "start_date": (timezone.localdate() + timedelta(days=60)).isoformat(),
        },
        changed=lambda world, response: Offering.objects.count() > 1,
    ),
    "provider checked action": Surface(
        _url("admin:providers_provider_changelist"),
        data=lambda world: {
            "action": "mark_verified_today",
            "index": "0",
            "_selected_action": [str(world.provider.pk)],
        },
        changed=lambda world, response: (
            Provider.objects.get(pk=world.provider.pk).last_verified == timezone.localdate()
        ),
    ),
    "directory app": Surface(_app("providers"), listed=True),
    "program list": Surface(_url("admin:programs_program_changelist"), listed=True),
    "program page": Surface(
        _url("admin:programs_program_change", lambda world: world.program.pk),
        shows='value="Mindful Self-Compassion"',
    ),
    "reference list": Surface(_url("admin:programs_reference_changelist"), listed=True),
    "catalog app": Surface(_app("programs"), listed=True),
    # Accounts and their second factor
    "users": Surface(_url("admin:auth_user_changelist"), listed=True),
    "groups": Surface(_url("admin:auth_group_changelist"), listed=True),
    "accounts app": Surface(_app("auth"), listed=True),
    "TOTP devices": Surface(_url("admin:otp_totp_totpdevice_changelist"), listed=True),
}

# What each persona gets: anonymous, editor, outsider, clinician, superuser. A number is
# the status; 302 after a POST is the admin's "saved" redirect. 404 is Django's answer for
# an app index with nothing the user may see.
MATRIX: dict[str, tuple[str | int, ...]] = {
    "admin index": (LOGIN, 200, 200, 200, 200),
    "intake list": (LOGIN, 403, 403, 200, 200),
    "intake page": (LOGIN, 403, 403, 200, 200),
    "intake change POST": (LOGIN, 403, 403, 302, 302),
    "intake note POST": (LOGIN, 403, 403, 302, 302),
    "intake contact POST": (LOGIN, 403, 403, 302, 302),
    "intake send link POST": (LOGIN, 403, 403, 302, 302),
    # A GET sends nothing: the link goes only by the button's POST.
    "intake send link page": (LOGIN, 403, 403, 405, 405),
    "intake delete page": (LOGIN, 403, 403, 403, 200),
    "intake delete POST": (LOGIN, 403, 403, 403, 302),
    "intake add page": (LOGIN, 403, 403, 403, 403),
    "intake export action": (LOGIN, 403, 403, 200, 200),
    "intake de-identified export action": (LOGIN, 403, 403, 200, 200),
    "intake history": (LOGIN, 403, 403, 200, 200),
    "intake history version": (LOGIN, 403, 403, 200, 200),
    "intake dashboard": (LOGIN, 403, 403, 200, 200),
    "intake dashboard for a period": (LOGIN, 403, 403, 200, 200),
    "intake dashboard, a period mistyped": (LOGIN, 403, 403, 200, 200),
    "intake preview": (LOGIN, 403, 403, 200, 200),
    "intake access records": (LOGIN, 403, 403, 403, 200),
    "intake deletion records": (LOGIN, 403, 403, 403, 200),
    "notification list": (LOGIN, 403, 403, 403, 200),
    "participant e-mail list": (LOGIN, 403, 403, 403, 200),
    "check-in e-mail list": (LOGIN, 403, 403, 403, 200),
    "check-in e-mail page": (LOGIN, 403, 403, 403, 200),
    # The admin's redirect back to the list, once the e-mail is queued again.
    "check-in e-mail send again action": (LOGIN, 403, 403, 403, 302),
    "intakes app": (LOGIN, 404, 404, 200, 200),
    "provider list": (LOGIN, 200, 403, 403, 200),
    "provider page": (LOGIN, 200, 403, 403, 200),
    "provider change POST": (LOGIN, 302, 403, 403, 302),
    "provider add page": (LOGIN, 200, 403, 403, 200),
    "offering list": (LOGIN, 200, 403, 403, 200),
    "offering add page": (LOGIN, 200, 403, 403, 200),
    "offering copy action": (LOGIN, 302, 403, 403, 302),
    "provider checked action": (LOGIN, 302, 403, 403, 302),
    "directory app": (LOGIN, 200, 404, 404, 200),
    "program list": (LOGIN, 200, 403, 403, 200),
    "program page": (LOGIN, 200, 403, 403, 200),
    "reference list": (LOGIN, 200, 403, 403, 200),
    "catalog app": (LOGIN, 200, 404, 404, 200),
    "users": (LOGIN, 403, 403, 403, 200),
    "groups": (LOGIN, 403, 403, 403, 200),
    "accounts app": (LOGIN, 404, 404, 404, 200),
    "TOTP devices": (LOGIN, 403, 403, 403, 200),
}

ALLOWED = (200, 302)


def expected(surface: str, persona: str) -> str | int:
    return MATRIX[surface][PERSONAS.index(persona)]


def cells(surfaces=MATRIX, personas=PERSONAS) -> list:
    return [
        pytest.param(surface, persona, id=f"{persona}-{surface}")
        for surface in surfaces
        for persona in personas
    ]


@pytest.fixture
def world(db, editor) -> World:
    """The things every surface acts on: an intake that signed up for the provider's run
    and asked for a check-in, whose invitation the mail server refused every time."""
    brown = Provider.objects.get(slug=BROWN)
    intake = saved_intake(first_name=FIRST_NAME, email=EMAIL, checkin_opt_in="on")
    offering = OfferingFactory(provider=brown)
    signup_record(intake=intake, offering_id=str(offering.pk))
    checkins_sweep(now=timezone.now() + timedelta(weeks=52))
    CheckInEmail.objects.update(status=CheckInEmail.Status.FAILED, attempts=5)
    return World(
        intake=intake,
        provider=brown,
        program=Program.objects.get(code="MSC"),
        offering=offering,
        editor=editor,
        checkin_email=CheckInEmail.objects.get(checkin__intake=intake),
    )


@pytest.fixture
def visitor(client, request) -> Callable[[str], FormClient]:
    """`client`, signed in as a persona (a fixture name), or not at all for "anonymous"."""

    def sign_in(persona: str) -> FormClient:
        if persona != "anonymous":
            client.force_login(request.getfixturevalue(persona))
        return client

    return sign_in


def _login_url(response: HttpResponse) -> str:
    """Where the admin sends a visitor who is not signed in: its login, then back here."""
    back = QueryDict(mutable=True)
    back["next"] = response.wsgi_request.get_full_path()
    return f"{reverse('admin:login')}?{back.urlencode(safe='/')}"


def _matrix_paths(world: World) -> dict[str, str]:
    """The path of every page (GET) of the matrix, to the surface it opens."""
    return {surface.url(world): name for name, surface in SURFACES.items() if surface.data is None}


# The groups the columns stand for


@pytest.mark.parametrize("name", ["Clinicians", "Directory editors"])
def test_it_creates_the_staff_groups(name):
    assert Group.objects.filter(name=name).exists()


def test_it_gives_directory_editors_the_catalog_and_directory_only():
    editors = Group.objects.get(name="Directory editors")

    granted = {
        f"{app_label}.{codename}"
        for app_label, codename in editors.permissions.values_list(
            "content_type__app_label", "codename"
        )
    }

    assert granted == {
        f"{app_label}.{action}_{model}"
        for app_label, model in [
            ("programs", "program"),
            ("programs", "reference"),
            ("providers", "provider"),
            ("providers", "offering"),
        ]
        for action in ("add", "change", "delete", "view")
    }


# The matrix


def test_it_has_a_surface_for_every_row_of_the_matrix():
    assert list(SURFACES) == list(MATRIX)


@pytest.mark.sweep
@pytest.mark.parametrize(("surface", "persona"), cells())
def test_it_answers_each_persona_as_the_matrix_says(visitor, world, surface, persona):
    response = SURFACES[surface].send(visitor(persona), world)

    if expected(surface, persona) == LOGIN:
        assertRedirects(response, _login_url(response))
    else:
        assert response.status_code == expected(surface, persona)


@pytest.mark.parametrize(
    ("surface", "persona"), cells([name for name, s in SURFACES.items() if s.shows])
)
def test_it_shows_what_a_page_is_for_only_to_those_the_matrix_lets_in(
    visitor, world, surface, persona
):
    response = SURFACES[surface].send(visitor(persona), world)

    shown = SURFACES[surface].shows in response.content.decode()
    assert shown == (expected(surface, persona) == 200)


@pytest.mark.sweep
@pytest.mark.parametrize(
    ("surface", "persona"), cells([name for name, s in SURFACES.items() if s.changed])
)
def test_it_changes_or_gives_away_something_only_where_the_matrix_lets_in(
    visitor, world, surface, persona
):
    response = SURFACES[surface].send(visitor(persona), world)

    changed = SURFACES[surface].changed(world, response)
    assert changed == (expected(surface, persona) in ALLOWED)


@pytest.mark.sweep
@pytest.mark.parametrize(
    ("surface", "persona"), cells(personas=[p for p in PERSONAS if p not in READERS])
)
def test_it_shows_an_intake_to_no_one_who_may_not_read_intakes(visitor, world, surface, persona):
    response = SURFACES[surface].send(visitor(persona), world)

    shown = response.content.decode() + response.get("Location", "")
    assert FIRST_NAME not in shown
    assert EMAIL not in shown
    assert world.intake.public_token not in shown


# Links: the admin leads each persona to what the matrix opens to them, and nowhere else


@pytest.mark.sweep
@pytest.mark.parametrize("persona", [p for p in PERSONAS if p != "anonymous"])
def test_it_links_no_one_to_a_page_the_matrix_refuses_them(visitor, world, persona):
    client = visitor(persona)
    paths = _matrix_paths(world)

    refused_links = []
    for path, name in paths.items():
        if expected(name, persona) != 200:
            continue
        for href in links(client.get(path)):
            target = paths.get(urlsplit(href).path)
            if target and expected(target, persona) != 200:
                refused_links.append(f"{name} -> {target}")

    assert refused_links == []


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p != "anonymous"])
def test_it_links_the_admin_index_to_every_list_a_persona_may_open(visitor, world, persona):
    index = visitor(persona).get(reverse("admin:index"))
    linked = {urlsplit(href).path for href in links(index)}

    listed = {name for name, surface in SURFACES.items() if surface.listed}
    assert {name for name in listed if SURFACES[name].url(world) in linked} == {
        name for name in listed if expected(name, persona) == 200
    }


# The index in words


def test_it_tells_staff_in_no_group_that_they_may_see_nothing(visitor, world):
    response = visitor("outsider").get(reverse("admin:index"))

    assert "have permission to view or edit anything" in response.content.decode()


def test_it_names_no_intakes_users_or_groups_on_a_directory_editors_index(visitor, world):
    index = visitor("editor").get(reverse("admin:index")).content.decode()

    assert "Intake" not in index
    assert ">Users<" not in index
    assert ">Groups<" not in index
