from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from django.contrib.auth.models import Group, User
from django.db import connection
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext

from tests.clients import FormClient
from tests.helpers import Page


def pytest_configure(config):
    # Tests never run `collectstatic`, so whitenoise warns on every request that
    # STATIC_ROOT is missing; the warning says nothing about the code under test.
    config.addinivalue_line("filterwarnings", "ignore:No directory at:UserWarning")


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
