"""The database cache writes in one statement and still keeps its size in check."""

from __future__ import annotations

import pytest
from django.core.cache import cache, caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


@pytest.fixture
def backend():
    return caches["default"]


@pytest.fixture
def culled_recently(backend, monkeypatch):
    monkeypatch.setattr(backend, "_next_cull", float("inf"))


def _entries() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM mindfulpath_cache")
        return cursor.fetchone()[0]


def test_it_stores_and_replaces_a_value(culled_recently):
    cache.set("greeting", {"text": "hello"}, timeout=60)
    cache.set("greeting", {"text": "hello again"}, timeout=60)

    assert cache.get("greeting") == {"text": "hello again"}
    assert _entries() == 1


def test_it_writes_a_value_in_one_query(culled_recently):
    cache.set("count", 1, timeout=60)

    with CaptureQueriesContext(connection) as captured:
        cache.set("count", 2, timeout=60)

    assert len(captured) == 1
    assert cache.get("count") == 2


def test_it_forgets_a_value_once_its_time_is_up(culled_recently):
    cache.set("brief", "gone soon", timeout=-1)

    assert cache.get("brief") is None


def test_it_keeps_a_value_without_a_timeout(culled_recently):
    cache.set("forever", 42, timeout=None)

    assert cache.get("forever") == 42


def test_it_culls_when_it_has_grown_past_its_limit(backend, monkeypatch):
    monkeypatch.setattr(backend, "_max_entries", 10)
    monkeypatch.setattr(backend, "_next_cull", float("inf"))
    for number in range(30):
        cache.set(f"key-{number}", number, timeout=60)
    assert _entries() == 30  # no count between culls

    monkeypatch.setattr(backend, "_next_cull", 0.0)
    cache.set("one-more", 1, timeout=60)

    assert _entries() <= 30 - 30 // backend._cull_frequency + 1
    assert cache.get("one-more") == 1


def test_it_counts_the_table_at_most_once_a_minute(backend, monkeypatch):
    monkeypatch.setattr(backend, "_next_cull", 0.0)
    cache.set("first", 1, timeout=60)

    with CaptureQueriesContext(connection) as captured:
        cache.set("second", 2, timeout=60)

    assert not any("COUNT" in query["sql"] for query in captured.captured_queries)


def test_it_drops_expired_entries_first_when_culling(backend, monkeypatch):
    monkeypatch.setattr(backend, "_max_entries", 5)
    monkeypatch.setattr(backend, "_next_cull", float("inf"))
    for number in range(8):
        cache.set(f"stale-{number}", number, timeout=-1)
    cache.set("fresh", "kept", timeout=60)

    monkeypatch.setattr(backend, "_next_cull", 0.0)
    cache.set("newest", "kept too", timeout=60)

    assert cache.get("fresh") == "kept"
    assert cache.get("newest") == "kept too"
    assert _entries() == 2
