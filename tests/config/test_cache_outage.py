"""When Redis (CACHE_URL) is away: pages degrade, rate-limit counts are never lost silently.

A server refuses to start without the cache it was told to
use; a running one serves public pages uncached, and refuses a questionnaire it cannot
count (503, every answer kept, nothing saved) rather than letting it through uncounted.
The Redis used here is this machine's (127.0.0.1:6379, database 7); the unreachable one
is a closed port.
"""

from __future__ import annotations

import socket
import threading

import pytest
import redis
from django.core.cache import caches
from django.test import RequestFactory
from django.urls import reverse

from advisor.models import Intake
from advisor.throttle import intake_allowance
from config.startup import unreachable_caches
from tests.advisor.intakes import neutral_post
from tests.config.processes import run_python
from tests.helpers import Page

pytestmark = pytest.mark.django_db

LIVE_REDIS = "redis://127.0.0.1:6379/7"


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # closed again when the block ends


def _redis_caches(location: str) -> dict:
    redis_cache = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": location}
    return {
        "default": {**redis_cache, "KEY_PREFIX": "pages"},
        "counters": {**redis_cache, "KEY_PREFIX": "counters"},
        "this_process": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }


@pytest.fixture
def redis_away(settings):
    settings.CACHES = _redis_caches(f"redis://127.0.0.1:{_closed_port()}/0")
    for alias in ("default", "counters"):
        caches[alias].close()


@pytest.fixture
def live_redis(settings):
    try:
        redis.Redis.from_url(LIVE_REDIS, socket_timeout=2).flushdb()
    except redis.RedisError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    settings.CACHES = _redis_caches(LIVE_REDIS)
    yield
    redis.Redis.from_url(LIVE_REDIS, socket_timeout=2).flushdb()


def test_a_public_page_is_served_uncached_while_redis_is_away(client, redis_away):
    response = client.get(reverse("courses:list"))

    assert response.status_code == 200
    assert Page.of(response).find("h1").words == "Find a course"


def test_a_questionnaire_that_cannot_be_counted_is_refused_with_every_answer_kept(
    client, redis_away
):
    post = {**neutral_post(), "first_name": "Ottilie", "self_harm_thoughts": "yes"}

    response = client.post(reverse("advisor:intake"), post)

    assert response.status_code == 503
    assert response["Retry-After"]
    page = Page.of(response)
    assert page.find("input", name="first_name").attrs["value"] == "Ottilie"
    assert "988" in response.content.decode()  # the crisis help, on a refusal too
    assert not Intake.objects.exists()


def test_the_startup_check_names_an_unreachable_cache(redis_away):
    problems = unreachable_caches()

    assert [problem.split(" (")[0] for problem in problems] == [
        "the cache 'default'",
        "the cache 'counters'",
    ]
    assert "Connection refused" in problems[0]


def test_the_startup_check_passes_with_redis_running(live_redis):
    assert unreachable_caches() == []


@pytest.mark.subprocess
def test_gunicorn_refuses_to_start_without_its_cache_and_says_why():
    result = run_python(
        "-m",
        "gunicorn",
        "config.wsgi",
        DJANGO_SECRET_KEY="x" * 50,
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_HTTPS="0",
        CACHE_URL=f"redis://127.0.0.1:{_closed_port()}/0",
        PORT=str(_closed_port()),
    )

    assert result.returncode != 0
    assert "Not starting: cannot reach the cache 'default'" in result.stderr
    assert "Check CACHE_URL and that Redis is running" in result.stderr


def test_posts_counted_at_the_same_instant_are_each_counted_on_redis(live_redis, settings):
    settings.INTAKE_RATE_LIMIT = 1000
    request = RequestFactory().post("/intake/", REMOTE_ADDR="203.0.113.9")
    start = threading.Barrier(8)

    def post_twenty() -> None:
        start.wait()
        for _ in range(20):
            intake_allowance(request).take()

    threads = [threading.Thread(target=post_twenty) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    settings.INTAKE_RATE_LIMIT = 160
    assert not intake_allowance(request).take()  # the 161st, refused and so not counted
    settings.INTAKE_RATE_LIMIT = 161
    assert intake_allowance(request).take()  # 160 were counted, none lost: room for one more
    assert not intake_allowance(request).take()
