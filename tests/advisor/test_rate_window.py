"""The rate limit's window slides: no more than the limit fits in any hour, wherever it starts.

A clock hour would let the limit through at 00:59 and the limit again at 01:01. Here an
event is let through only while fewer than the limit were let through in the hour before
it; one refused is not counted, and Retry-After says when the oldest counted one is an
hour old. The same on each cache the counters may live in: the database (the default),
this process's memory, and Redis (database 12, skipped where no Redis runs).
"""

from __future__ import annotations

import threading
import types
from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.core.cache import caches
from django.test import RequestFactory
from django.urls import reverse

from advisor import throttle
from advisor.models import Intake
from advisor.throttle import LINK_REQUESTS, intake_allowance
from tests.advisor.intakes import another_persons_post
from tests.config.redis_behind_a_proxy import (
    REDIS_DATABASE,
    REDIS_HOST,
    REDIS_PORT,
    redis_caches_at,
)

REDIS = f"redis://{REDIS_HOST}:{REDIS_PORT}/{REDIS_DATABASE}"

pytestmark = pytest.mark.django_db

HOME = "198.51.100.20"
MIDNIGHT = 1_800_000_000.0 - 1_800_000_000.0 % 86_400  # a UTC midnight, in epoch seconds
MINUTE = 60


def at(hours: int, minutes: int, seconds: float = 0) -> float:
    return MIDNIGHT + hours * 3600 + minutes * MINUTE + seconds


class Clock:
    """The throttle's time, set by the test."""

    def __init__(self, monkeypatch) -> None:
        self.now = MIDNIGHT
        monkeypatch.setattr(throttle, "time", types.SimpleNamespace(time=lambda: self.now))

    def set(self, moment: float) -> None:
        self.now = moment


@pytest.fixture
def clock(monkeypatch) -> Clock:
    return Clock(monkeypatch)


@pytest.fixture(params=["database", "locmem", "redis"])
def counters(request, settings) -> Iterator[str]:
    """Each cache the counters may live in (the database cache is the test default)."""
    if request.param == "redis":
        with redis_caches_at(settings, REDIS):  # this test's keys are its own
            yield request.param
        return
    if request.param == "locmem":
        settings.CACHES = {
            **settings.CACHES,
            "counters": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        }
    caches["counters"].clear()
    yield request.param


@pytest.fixture
def limit_of_three(settings) -> int:
    settings.INTAKE_RATE_LIMIT = 3
    return 3


def _request():
    return RequestFactory().post("/intake/", REMOTE_ADDR=HOME)


def _allowed_at(clock: Clock, moment: float, times: int = 1) -> list[bool]:
    clock.set(moment)
    return [intake_allowance(_request()).take() for _ in range(times)]


def test_it_refuses_the_limit_again_two_minutes_after_it_was_used_up(
    counters, clock, limit_of_three
):
    assert _allowed_at(clock, at(0, 59), 3) == [True] * 3

    assert _allowed_at(clock, at(1, 1)) == [False]


def test_it_lets_the_limit_through_again_once_the_first_is_an_hour_old(
    counters, clock, limit_of_three
):
    _allowed_at(clock, at(0, 59, 30), 3)

    assert _allowed_at(clock, at(1, 59, 29)) == [False]
    assert _allowed_at(clock, at(1, 59, 31), 4) == [True, True, True, False]


def test_it_counts_each_of_the_last_hours_events_until_it_is_an_hour_old(
    counters, clock, limit_of_three
):
    # Two at 00:10 and one at 00:50: at 01:05 all three are less than an hour old.
    _allowed_at(clock, at(0, 10), 2)
    _allowed_at(clock, at(0, 50))

    assert _allowed_at(clock, at(1, 5)) == [False]
    assert _allowed_at(clock, at(1, 10, 1), 3) == [True, True, False]


def test_no_hour_holds_more_than_the_limit_whatever_the_rhythm(counters, clock, settings):
    settings.INTAKE_RATE_LIMIT = 5
    allowed = []
    # An attempt every 7 minutes 30 seconds for four hours, two at a time.
    for step in range(32):
        moment = at(0, 0, step * 450)
        allowed += [moment for ok in _allowed_at(clock, moment, 2) if ok]

    assert len(allowed) > 5  # the limit comes back as the window slides
    for first in allowed:
        in_an_hour = [moment for moment in allowed if first <= moment < first + 3600]
        assert len(in_an_hour) <= 5


def test_a_refused_attempt_does_not_put_off_the_next_allowed_one(counters, clock, limit_of_three):
    _allowed_at(clock, at(0, 0), 3)
    for minutes in range(5, 60, 5):
        assert _allowed_at(clock, at(0, minutes)) == [False]

    assert _allowed_at(clock, at(1, 0, 1)) == [True]


def test_it_says_when_the_oldest_counted_event_is_an_hour_old(counters, clock, limit_of_three):
    _allowed_at(clock, at(0, 20))
    _allowed_at(clock, at(0, 40), 2)
    clock.set(at(0, 50))

    assert intake_allowance(_request()).retry_after() == 30 * MINUTE  # at 01:20 the first is out
    clock.set(at(1, 20, 1))
    assert intake_allowance(_request()).take()


def test_it_keeps_each_network_apart(counters, clock, limit_of_three):
    _allowed_at(clock, at(0, 30), 3)
    neighbour = RequestFactory().post("/intake/", REMOTE_ADDR="198.51.100.21")

    assert intake_allowance(neighbour).take()


def test_the_lost_link_limit_slides_too(counters, clock, settings):
    settings.LINK_REQUEST_LIMIT = 2
    clock.set(at(0, 59))
    assert [LINK_REQUESTS.count(HOME) for _ in range(3)] == [True, True, False]

    clock.set(at(1, 1))
    assert not LINK_REQUESTS.count(HOME)
    clock.set(at(1, 59, 1))
    assert LINK_REQUESTS.count(HOME)


def test_it_keeps_the_window_as_long_as_the_setting_says(counters, clock, settings):
    settings.INTAKE_RATE_LIMIT = 1
    settings.INTAKE_RATE_WINDOW = timedelta(minutes=10)
    assert _allowed_at(clock, at(0, 0)) == [True]

    assert _allowed_at(clock, at(0, 9, 59)) == [False]
    assert _allowed_at(clock, at(0, 10, 1)) == [True]


def test_a_questionnaire_over_the_sliding_limit_is_refused_and_not_saved(
    client, clock, limit_of_three
):
    clock.set(at(0, 59))
    sent = [client.post(reverse("advisor:intake"), another_persons_post()) for _ in range(3)]
    clock.set(at(1, 1))

    refused = client.post(reverse("advisor:intake"), another_persons_post())

    assert [response.status_code for response in sent] == [302] * 3
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) == 58 * MINUTE
    assert Intake.objects.count() == 3


def test_posts_at_the_same_instant_on_redis_let_exactly_the_limit_through(settings):
    # Nodes count on one Redis at once: INCR sees every other count, so none is lost
    # and no post over the limit slips through.
    settings.INTAKE_RATE_LIMIT = 100
    start = threading.Barrier(8, timeout=10)
    allowed: list[bool] = []

    def post_twenty() -> None:
        start.wait()
        allowed.extend(intake_allowance(_request()).take() for _ in range(20))

    with redis_caches_at(settings, REDIS):
        threads = [threading.Thread(target=post_twenty) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)

    assert not any(thread.is_alive() for thread in threads)
    assert allowed.count(True) == 100
    assert allowed.count(False) == 60


def test_one_requests_questions_read_the_count_once(
    clock, limit_of_three, django_assert_num_queries
):
    # The database cache (the default) reads with one query: "used up?" and "retry
    # after?" for one request ask it once between them, and agree with each other.
    _allowed_at(clock, at(0, 20), 3)
    allowance = intake_allowance(_request())

    with django_assert_num_queries(1):
        assert allowance.used_up()
        assert not allowance.take()
        assert allowance.retry_after() == 60 * MINUTE
