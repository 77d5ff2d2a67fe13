from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import Group, User
from django.core.cache import caches
from django.db import connection
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from hypothesis import settings as hypothesis_settings

from advisor.models import Intake
from tests.advisor.intakes import neutral_post, saved_intake, with_overrides
from tests.clients import FormClient
from tests.helpers import Page
from tests.hypothesis_examples import chosen_profile

# Loaded here, before any test module builds its settings: `make test-fast` asks for few
# examples (tests/hypothesis_examples.py), `make test` for each test's own count.
hypothesis_settings.load_profile(chosen_profile())

# Where `--reuse-db` keeps SQLite's test database (one per xdist worker, `_gw0` and so on).
REUSED_SQLITE_DATABASE = Path(__file__).resolve().parents[1] / ".test-db.sqlite3"


def pytest_configure(config):
    # Tests never run `collectstatic`, so whitenoise warns on every request that
    # STATIC_ROOT is missing; the warning says nothing about the code under test.
    config.addinivalue_line("filterwarnings", "ignore:No directory at:UserWarning")


@pytest.fixture(scope="session")
def django_db_modify_db_settings(request):
    """Under `--reuse-db` (`make test-fast`), keep SQLite's migrated test database in a file.

    SQLite's test database lives in memory by default, so nothing outlives the run and every
    worker applies all migrations again; in a file, the next run only applies new ones
    (Django's `migrate` runs either way; a migration edited in place needs `--create-db`,
    which builds it afresh). The data migrations' rows are kept by the fixture below.
    `make test` (and CI, on PostgreSQL) never reuses a database.
    """
    database = django_settings.DATABASES["default"]
    test = database.setdefault("TEST", {})
    if (
        request.config.getoption("reuse_db")
        and database["ENGINE"] == "django.db.backends.sqlite3"
        and not test.get("NAME")
    ):
        test["NAME"] = str(REUSED_SQLITE_DATABASE)
    # pytest-django's own fixture, which this one replaces: the `_gw0` suffix per worker.
    request.getfixturevalue("django_db_modify_db_settings_parallel_suffix")


@pytest.fixture(scope="session", autouse=True)
def _reused_database_keeps_its_seeded_rows(request, django_db_blocker):
    """Under `--reuse-db`, leave the database with the rows the data migrations seeded.

    The tests that need committed data flush the database when they end, and a reused
    database is not migrated again, so the next run would start without the catalog or the
    staff groups. What was there at the start is put back at the end.
    """
    if not request.config.getoption("reuse_db"):
        yield
        return
    request.getfixturevalue("django_db_setup")
    with django_db_blocker.unblock():
        if not Group.objects.exists():
            pytest.exit("The reused test database has lost its seeded rows: run with --create-db")
        seeded = connection.creation.serialize_db_to_string()
        # The database cache's tables are no model's, so nothing above keeps or resets
        # them: rate-limit counts and e-mail caps of the last run would still hold.
        for cache in caches.all():
            cache.clear()
    yield
    with django_db_blocker.unblock():
        if not Group.objects.exists():
            connection.creation.deserialize_db_from_string(seeded)


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    # The manifest storage needs `collectstatic`; tests read templates, not hashed files.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # Nor do tests serve collected files. Where `make bench` has run `collectstatic`,
    # whitenoise would otherwise index the thousand files in STATIC_ROOT for every test
    # client (about 50 ms each, half the suite's time), and only on that machine.
    settings.STATIC_ROOT = None


@pytest.fixture
def client() -> FormClient:
    """pytest-django's client, posting forms as a browser does (tests/clients.py)."""
    return FormClient()


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    # Personas log in with force_login; real hashing would only make each fixture slow.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _password_only_staff_sign_in(settings):
    # Production asks staff for a second factor; tests of that ask for it themselves
    # (tests/config/test_staff_security.py), the rest sign in with force_login.
    settings.STAFF_2FA_REQUIRED = False


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings):
    # With DEBUG off (as tests run) the queue defaults to the database, which only a
    # worker empties; tests see an e-mail sent at once, and the tests of the queue itself
    # set it back (tests/advisor/test_task_queue.py).
    settings.TASK_QUEUE = "immediate"
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _english_outside_requests():
    """Each test starts, and leaves, with no language active, as a fresh process does.

    LocaleMiddleware activates a request's language for the whole thread and leaves it
    there: after a request to an /es/ page, a test's reverse(), render_to_string() or a
    row made through a translated field's plain name (`Provider(description=...)`) would
    be in Spanish.
    """
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _plain_http(settings):
    # The test client speaks plain HTTP; HTTPS behaviour has its own tests, which set
    # this back (tests/config/test_production_settings.py).
    settings.SECURE_SSL_REDIRECT = False


def _staff(username: str, group: str | None = None, **extra) -> User:
    user = User.objects.create_user(
        username=username, password="a-long-test-passphrase", is_staff=True, **extra
    )
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def editor(db) -> User:
    """Dana keeps the directory up to date."""
    return _staff("dana", "Directory editors")


@pytest.fixture
def clinician(db) -> User:
    """Dr Chen reviews intakes."""
    return _staff("chen", "Clinicians")


@pytest.fixture
def outsider(db) -> User:
    """Olly has a staff login but no group: he should have no access to anything."""
    return _staff("olly")


@pytest.fixture
def superuser(db) -> User:
    return User.objects.create_superuser(username="root", password="a-long-test-passphrase")


@pytest.fixture
def valid_post() -> dict[str, str]:
    """A complete valid POST for the intake form (a new dict, with a new form token, each time)."""
    return neutral_post()


@pytest.fixture
def post_intake(client, valid_post) -> Callable[..., HttpResponse]:
    """Post the intake form: the valid answers with `overrides` (None leaves a field out)."""

    def post(**overrides: Any) -> HttpResponse:
        return client.post(reverse("advisor:intake"), with_overrides(valid_post, overrides))

    return post


@pytest.fixture
def make_intake(db) -> Callable[..., Intake]:
    """Save an intake through the service, as a valid form post would, with `overrides`."""
    return saved_intake


@pytest.fixture
def page() -> Callable[[HttpResponse], Page]:
    """Read a response as a visitor's browser would: `page(response).find(...)`."""
    return Page.of


class Queries:
    """Count a request's queries at small data, then hold it to that count at large data:

    small = queries.of(lambda: client.get(url))
    add_many_providers()
    with queries.as_many_as(small):
        client.get(url)
    """

    def __init__(self, assert_num_queries) -> None:
        self._assert_num_queries = assert_num_queries

    def of(self, request: Callable[[], HttpResponse]) -> list[str]:
        """The SQL of every query the request runs; a request that fails is no measure."""
        with CaptureQueriesContext(connection) as captured:
            response = request()
        assert response.status_code < 400, f"the request answered {response.status_code}"
        return [query["sql"] for query in captured.captured_queries]

    @contextmanager
    def as_many_as(self, before: list[str]) -> Iterator[None]:
        """pytest-django's query count, failing with the queries of `before` to compare."""
        listing = "\n".join(f"  {number}. {sql}" for number, sql in enumerate(before, 1))
        with self._assert_num_queries(len(before), info=f"Before, {len(before)}:\n{listing}"):
            yield


@pytest.fixture
def queries(django_assert_num_queries) -> Queries:
    return Queries(django_assert_num_queries)
