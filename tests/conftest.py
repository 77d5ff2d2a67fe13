from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, User


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
