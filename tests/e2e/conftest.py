"""Browser fixtures: Debian's Chromium driven by Playwright against Django's live server.

Every test here is marked `django_db(transaction=True, serialized_rollback=True)`:
the live server needs committed data, and the rollback puts back the catalog that
the data migrations seeded, which a transactional test's flush would otherwise wipe.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache, caches
from django.db import connections
from django.test import override_settings
from playwright.sync_api import sync_playwright

from programs.models import Program
from providers.models import Provider
from tests.e2e.helpers import DESKTOP, PHONE

CHROMIUM = Path("/usr/bin/chromium")
SKIPPED = f"Browser tests skipped: Chromium not found at {CHROMIUM} (apt-get install chromium)"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Long enough for a slow CI machine, short enough that a missing element fails quickly.
TIMEOUT_MS = 10_000

# What the data migrations seed, and what every journey relies on.
SEEDED_PROGRAMS = {"MBSR", "MBCT", "MSC"}
SEEDED_PROVIDERS = 5
STAFF_GROUPS = {"Clinicians", "Directory editors"}

HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config, items):
    """Mark the browser tests `e2e` and run them last, or skip them, saying why, when there
    is no Chromium.

    The marker lets `make test-fast` (`-m "not e2e"`) leave them out; it is added here,
    before pytest's own hook deselects by marker, so that no browser test can go unmarked.
    The browser lives for the session, and with it Playwright's event loop and the
    environment variable it needs (see `browser`); running these tests after all others
    keeps both away from every other test. pytest-django has already put the tests in its
    own order (this hook runs after its), which is kept within each part.
    """
    browser_tests = [item for item in items if HERE in item.path.parents]
    for item in browser_tests:
        item.add_marker(pytest.mark.e2e)
    items[:] = [item for item in items if HERE not in item.path.parents] + browser_tests
    if not CHROMIUM.exists():
        skip = pytest.mark.skip(reason=SKIPPED)
        for item in browser_tests:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser() -> Iterator:
    """Debian's Chromium, headless, for the whole session."""
    # While Playwright's loop runs in this thread, Django keeps database connections in a
    # per-context store rather than the thread's, and would open fresh ones there that do
    # not carry the test database's serialized contents: serialized_rollback would quietly
    # restore nothing. So the loop is handed the connections the database was set up on.
    in_use = {alias: connections[alias] for alias in connections}
    with pytest.MonkeyPatch.context() as env, sync_playwright() as playwright:
        # Playwright's sync API keeps an asyncio loop running in this thread, and Django
        # refuses database calls from such a thread unless told it is safe. It is: the loop
        # is Playwright's, and nothing async touches the database. Set only while the loop
        # runs, so that the rest of the suite keeps Django's check.
        env.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        for alias, connection in in_use.items():
            connections[alias] = connection
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session", autouse=True)
def _live_server_over_plain_http(django_db_setup, request) -> None:
    """Start pytest-django's live server so that it answers plain HTTP.

    The server builds its middleware once, as it starts, before any test's settings
    apply; SecurityMiddleware reads SECURE_SSL_REDIRECT then, and would send the browser
    to https:// for ever after. tests/conftest.py turns the redirect off for each test;
    this does the same for the moment the server starts.
    """
    with override_settings(SECURE_SSL_REDIRECT=False):
        request.getfixturevalue("live_server")


@pytest.fixture
def site(live_server) -> str:
    """The live server's address, once the seeded catalog is known to be there."""
    assert set(Program.objects.values_list("code", flat=True)) == SEEDED_PROGRAMS
    assert Provider.objects.count() == SEEDED_PROVIDERS
    assert set(Group.objects.values_list("name", flat=True)) >= STAFF_GROUPS
    # The intake's rate limit counts in the database cache, whose table no flush empties.
    cache.clear()
    caches["counters"].clear()
    return live_server.url


@pytest.fixture
def open_page(browser, site):
    """Open a page in a fresh browser context: open_page(**context_options)."""
    contexts = []

    def open_(**options):
        context = browser.new_context(base_url=site, **options)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield open_
    for context in contexts:
        context.close()


@pytest.fixture
def phone(open_page):
    """A participant's phone: 390 by 844, touch, mobile layout."""
    return open_page(**PHONE)


@pytest.fixture
def desktop(open_page):
    """A desk: 1280 by 900."""
    return open_page(**DESKTOP)
