"""PostgreSQL that stops answering gets an honest answer in seconds, and is used again when back.

A partition or a stuck failover does not refuse connections: the socket stays open and
no answer comes. Here a real PostgreSQL sits behind a proxy the test makes hang (nothing
goes either way) or cuts (connections closed, the port refused). A questionnaire posted
meanwhile comes back as the 503 page with every answer in it, within 10 s; /healthz says
503 within its own few seconds; the first request once PostgreSQL is back works; and a
server's other threads keep serving pages that need no database.
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
import redis

from config.db_deadline import watchdog, watched_socket
from tests.advisor.intakes import EMAIL_ADDRESS, FIRST_NAME, neutral_post
from tests.config.processes import PROJECT_ROOT, SETTINGS_VARIABLES, run_python
from tests.config.stalled_postgres import (
    APP_ENV,
    postgres_server,
    run_behind_proxy,
    scratch_database,
)
from tests.helpers import Page
from tests.tcp_proxy import TcpProxy

# Real PostgreSQL behind a proxy, app processes and a gunicorn: seconds, not milliseconds.
pytestmark = pytest.mark.slow

NOT_SAVED = "Your answers were not saved"
# What the issue promises a person who sent the questionnaire, and a load balancer.
PAGE_DEADLINE = 10
HEALTH_DEADLINE = 3


@pytest.fixture(scope="module")
def server():
    found = postgres_server()
    if found is None:
        pytest.skip("no PostgreSQL answers (DATABASE_URL, or 127.0.0.1:5432)")
    return found


@pytest.fixture(scope="module")
def database(server):
    with scratch_database(server) as name:
        yield name


# Each scenario runs in an app process of its own; they wait on the clock, not the CPU,
# so they run side by side and the module costs about as long as its slowest.
SCENARIOS = {
    "posted_while_hanging": """
        # A kept connection, as on a busy server: the hang meets the health check that
        # opens each request.
        client.get("/healthz")
        next_request()
        proxy.hang()
        answers = neutral_post()
        response, result["seconds"] = timed(lambda: client.post("/intake/", answers))
        result["hung"] = page(response)
        next_request()
        proxy.forward()
        result["back"] = page(client.post("/intake/", answers))
        from advisor.models import Intake
        result["saved"] = Intake.objects.filter(first_name=FIRST_NAME).count()
    """,
    "posted_on_a_new_connection_while_hanging": """
        proxy.hang()
        response, result["seconds"] = timed(lambda: client.post("/intake/", neutral_post()))
        result["hung"] = page(response)
    """,
    "hang_while_saving": """
        # The hang starts just as the intake row is written, inside its transaction.
        def hang_at_the_intake(execute, sql, params, many, context):
            if sql.startswith('INSERT INTO "advisor_intake"'):
                proxy.hang()
            return execute(sql, params, many, context)

        client.get("/healthz")
        next_request()
        answers = neutral_post()
        with connection.execute_wrapper(hang_at_the_intake):
            response, result["seconds"] = timed(lambda: client.post("/intake/", answers))
        result["hung"] = page(response)
        next_request()
        proxy.forward()
        from advisor.models import Intake
        result["saved"] = Intake.objects.filter(form_token=answers["form_token"]).count()
    """,
    "follow_up_posted_while_hanging": """
        # A check-in answered, and a sign-up told, while PostgreSQL hangs.
        from datetime import timedelta
        from django.utils import timezone
        from advisor.follow_up import signup_record
        from advisor.models import CheckIn, CheckInEmail, SignUp
        from tests.advisor.intakes import saved_intake
        intake = saved_intake(checkin_opt_in="on", first_name="Stalled check-in")
        checkin = intake.checkin
        # Its invitation sent (the link opens only then), as the worker leaves it.
        CheckInEmail.objects.create(
            checkin=checkin, kind="invitation", recipient=intake.email, status="sent",
            sent_at=timezone.now() - timedelta(days=1),
        )
        checkin_url = f"/check-in/{checkin.token}/"
        signed_up_url = f"/recommendation/{intake.public_token}/signed-up/"
        answers = {"started": "no", "wants_next": "no", "self_harm_thoughts": "no"}
        client.get(checkin_url)
        next_request()
        proxy.hang()
        response, result["checkin_seconds"] = timed(lambda: client.post(checkin_url, answers))
        result["checkin_hung"] = page(response)
        next_request()
        response, result["signup_seconds"] = timed(
            lambda: client.post(signed_up_url, {"program": "MSC"})
        )
        result["signup_hung"] = page(response)
        next_request()
        proxy.forward()
        result["checkin_back"] = page(client.post(checkin_url, answers))
        next_request()
        result["signup_back"] = page(client.post(signed_up_url, {"program": "MSC"}))
        result["answered"] = CheckIn.objects.get(pk=checkin.pk).answered_at is not None
        result["signed_up"] = SignUp.objects.filter(intake=intake, program="MSC").count()
    """,
    "health_checks": """
        def health():
            response, seconds = timed(lambda: client.get("/healthz"))
            next_request()
            return {"status": response.status_code, "seconds": seconds}

        result["before"] = health()
        proxy.hang()
        result["hanging"] = health()  # on the kept connection
        result["hanging_again"] = health()  # a new connection, never answered
        proxy.cut()
        result["cut"] = health()
        proxy.forward()
        result["back"] = health()
    """,
    "commit_while_hanging": """
        from django.db import transaction
        try:
            started = time.monotonic()
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute("SELECT 1")
                proxy.hang()
        except DatabaseError as error:
            result["error"] = str(error)
        result["seconds"] = round(time.monotonic() - started, 2)
    """,
    "slow_query": """
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            before = cursor.fetchone()[0]
            started = time.monotonic()
            try:
                cursor.execute("SELECT pg_sleep(5)")
            except DatabaseError as error:
                result["error"] = str(error)
            result["seconds"] = round(time.monotonic() - started, 2)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            result["same_connection"] = cursor.fetchone()[0] == before
    """,
}
# Shorter limits where the test is of the mechanism rather than of the defaults.
SCENARIO_ENV = {
    "commit_while_hanging": {"DATABASE_STATEMENT_TIMEOUT": "1"},
    "slow_query": {"DATABASE_STATEMENT_TIMEOUT": "1"},
}


@pytest.fixture(scope="module")
def outcomes(server, database):
    with ThreadPoolExecutor(max_workers=len(SCENARIOS)) as pool:
        futures = {
            name: pool.submit(
                run_behind_proxy, server, database, code, **SCENARIO_ENV.get(name, {})
            )
            for name, code in SCENARIOS.items()
        }
        return {name: future.result(timeout=90) for name, future in futures.items()}


# A questionnaire sent while PostgreSQL hangs.


def test_it_answers_503_within_seconds_when_postgresql_hangs(outcomes):
    outcome = outcomes["posted_while_hanging"]

    assert outcome["hung"]["status"] == 503
    assert outcome["seconds"] < PAGE_DEADLINE
    assert NOT_SAVED in outcome["hung"]["body"]


def test_it_keeps_every_answer_when_postgresql_hangs(outcomes):
    page = Page(outcomes["posted_while_hanging"]["hung"]["body"])

    assert page.find("input", name="first_name").attrs["value"] == FIRST_NAME
    assert page.find("input", name="email").attrs["value"] == EMAIL_ADDRESS
    assert "checked" in page.find("input", name="self_harm_thoughts", value="no").attrs
    assert page.find("input", name="form_token").attrs["value"]


def test_it_saves_the_same_answers_once_postgresql_is_back(outcomes):
    outcome = outcomes["posted_while_hanging"]

    assert outcome["back"]["status"] == 302
    assert outcome["saved"] == 1


# After the recommendation: a check-in answered, a sign-up told, while PostgreSQL hangs.


@pytest.mark.parametrize("what", ["checkin", "signup"])
def test_a_follow_up_posted_while_postgresql_hangs_gets_503_within_seconds(outcomes, what):
    outcome = outcomes["follow_up_posted_while_hanging"]

    assert outcome[f"{what}_hung"]["status"] == 503
    assert outcome[f"{what}_seconds"] < PAGE_DEADLINE


def test_a_follow_up_posted_again_once_postgresql_is_back_is_saved(outcomes):
    outcome = outcomes["follow_up_posted_while_hanging"]

    assert outcome["checkin_back"]["status"] == 302  # to the answered page
    assert outcome["signup_back"]["status"] == 302  # back to their recommendation
    assert outcome["answered"] is True
    assert outcome["signed_up"] == 1


def test_it_answers_503_within_seconds_on_a_new_connection_to_a_hanging_postgresql(outcomes):
    outcome = outcomes["posted_on_a_new_connection_while_hanging"]

    assert outcome["hung"]["status"] == 503
    assert outcome["seconds"] < PAGE_DEADLINE
    assert Page(outcome["hung"]["body"]).find("input", name="first_name").attrs["value"]


def test_it_answers_503_and_saves_nothing_when_postgresql_hangs_mid_save(outcomes):
    outcome = outcomes["hang_while_saving"]

    assert outcome["hung"]["status"] == 503
    assert outcome["seconds"] < PAGE_DEADLINE
    assert Page(outcome["hung"]["body"]).find("input", name="first_name").attrs["value"]
    assert outcome["saved"] == 0


# The health check load balancers poll.


def test_the_health_check_answers_503_within_its_deadline_while_postgresql_hangs(outcomes):
    checks = outcomes["health_checks"]

    assert checks["before"]["status"] == 200
    for moment in ("hanging", "hanging_again"):
        assert checks[moment]["status"] == 503, moment
        assert checks[moment]["seconds"] < HEALTH_DEADLINE, moment


def test_the_health_check_answers_503_at_once_when_postgresql_is_cut_off(outcomes):
    cut = outcomes["health_checks"]["cut"]

    assert cut["status"] == 503
    assert cut["seconds"] < 1


def test_the_health_check_answers_200_once_postgresql_is_back(outcomes):
    assert outcomes["health_checks"]["back"]["status"] == 200


# The mechanism, with a 1 s statement timeout (our own deadline: 2 s).


def test_a_commit_that_gets_no_answer_fails_at_our_deadline(outcomes):
    outcome = outcomes["commit_while_hanging"]

    # Ended at our deadline (2 s); Django's attempt to reconnect then fails at once.
    assert "PostgreSQL did not answer" in outcome["error"]
    assert outcome["seconds"] < 3


def test_postgresql_cancels_a_query_slower_than_the_statement_timeout(outcomes):
    outcome = outcomes["slow_query"]

    assert "statement timeout" in outcome["error"]
    assert outcome["seconds"] < 3
    assert outcome["same_connection"]  # cancelled by the server: nothing to reconnect


# The watchdog itself, on a socket pair that never answers: no database needed.


def test_the_watchdog_ends_a_wait_past_its_deadline():
    ours, silent_peer = socket.socketpair()
    with ours, silent_peer:
        ours.settimeout(5)  # only if the watchdog failed
        ticket = watchdog.watch(ours, 0.3)
        started = time.monotonic()
        received = ours.recv(1)  # the peer never sends
        waited = time.monotonic() - started

        assert received == b""  # shut down: the wait ends as a closed connection
        assert 0.25 <= waited < 1  # the deadline counts from watch(), just before
        assert watchdog.release(ticket) is False  # the caller learns it was ended


def test_the_watchdog_leaves_a_call_alone_that_ends_in_time():
    ours, peer = socket.socketpair()
    with ours, peer:
        ticket = watchdog.watch(ours, 0.3)
        assert watchdog.release(ticket) is True
        time.sleep(0.5)

        peer.sendall(b"x")
        ours.settimeout(1)
        assert ours.recv(1) == b"x"


def test_the_watchdog_never_cuts_a_socket_that_took_a_closed_ones_number():
    """libpq closes its socket when the server hangs up; the freed number goes to another
    connection of the process while the call is still watched. That one stays whole."""
    ours, peer = socket.socketpair()
    ticket = watchdog.watch(watched_socket(ours.fileno()), 0.2)
    ours.close()
    stranger, stranger_peer = socket.socketpair()  # the lowest free numbers: ours among them
    with peer, stranger, stranger_peer:
        time.sleep(0.5)  # past the deadline: the watchdog has acted

        stranger.settimeout(1)
        stranger_peer.settimeout(1)
        stranger_peer.sendall(b"x")
        stranger.sendall(b"y")
        assert (stranger.recv(1), stranger_peer.recv(1)) == (b"x", b"y")
        assert watchdog.release(ticket) is False


# Settings: read at start-up, so each case runs in a fresh interpreter.


def database_settings(**env: str) -> dict:
    script = (
        "import django, json; django.setup(); from django.conf import settings; "
        "print(json.dumps(settings.DATABASES['default']))"
    )
    result = run_python("-c", script, DJANGO_SECRET_KEY="x", **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


POSTGRES_URL = "postgres://app@db.internal:5432/mindfulpath"


def test_it_sets_short_postgresql_timeouts_by_default():
    database = database_settings(DATABASE_URL=POSTGRES_URL)

    assert database["ENGINE"] == "config.postgresql"
    assert database["OPTIONS"] == {
        "stall_timeout": 6,
        "connect_timeout": 3,
        "keepalives": 1,
        "keepalives_idle": 10,
        "keepalives_interval": 5,
        "keepalives_count": 3,
        "tcp_user_timeout": 10_000,
        "options": "-c statement_timeout=5000 -c idle_in_transaction_session_timeout=30000",
    }


def test_it_reads_the_postgresql_timeouts_from_the_environment():
    options = database_settings(
        DATABASE_URL=POSTGRES_URL,
        DATABASE_CONNECT_TIMEOUT="5",
        DATABASE_STATEMENT_TIMEOUT="20",
        DATABASE_IDLE_IN_TRANSACTION_TIMEOUT="60",
        DATABASE_KEEPALIVES_IDLE="30",
        DATABASE_KEEPALIVES_INTERVAL="10",
        DATABASE_KEEPALIVES_COUNT="5",
        DATABASE_TCP_USER_TIMEOUT="40",
    )["OPTIONS"]

    assert options["connect_timeout"] == 5
    assert options["stall_timeout"] == 21
    assert options["options"] == (
        "-c statement_timeout=20000 -c idle_in_transaction_session_timeout=60000"
    )
    assert (options["keepalives_idle"], options["keepalives_interval"]) == (30, 10)
    assert (options["keepalives_count"], options["tcp_user_timeout"]) == (5, 40_000)


def test_a_statement_timeout_of_zero_turns_both_deadlines_off():
    options = database_settings(DATABASE_URL=POSTGRES_URL, DATABASE_STATEMENT_TIMEOUT="0")[
        "OPTIONS"
    ]

    assert options["stall_timeout"] == 0
    assert "-c statement_timeout=0 " in options["options"]


def test_what_the_database_url_itself_sets_stands():
    options = database_settings(
        DATABASE_URL=f"{POSTGRES_URL}?connect_timeout=7&options=-c%20search_path%3Dapp"
    )["OPTIONS"]

    assert options["connect_timeout"] == 7
    assert options["options"].endswith("-c search_path=app")
    assert "-c statement_timeout=5000" in options["options"]


def test_sqlite_keeps_its_own_backend_and_no_timeouts():
    database = database_settings()

    assert database["ENGINE"] == "django.db.backends.sqlite3"
    assert database["OPTIONS"] == {}


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("DATABASE_STATEMENT_TIMEOUT", "soon", "DATABASE_STATEMENT_TIMEOUT must be a whole"),
        ("DATABASE_STATEMENT_TIMEOUT", "-1", "at least 0"),
        ("DATABASE_CONNECT_TIMEOUT", "0", "DATABASE_CONNECT_TIMEOUT must be a whole number"),
        ("DATABASE_KEEPALIVES_COUNT", "0", "of probes, at least 1"),
        ("DATABASE_TCP_USER_TIMEOUT", "2.5", "DATABASE_TCP_USER_TIMEOUT must be a whole"),
    ],
)
def test_it_refuses_a_timeout_it_cannot_use(variable, value, message):
    result = run_python(
        "manage.py", "check", DJANGO_SECRET_KEY="x", DATABASE_URL=POSTGRES_URL, **{variable: value}
    )

    assert result.returncode != 0
    assert message in result.stderr


# A real gunicorn: while questionnaires wait on a hanging PostgreSQL, the worker's other
# threads serve a page that needs no database (the course finder, from the page cache).


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(opener, url: str | urllib.request.Request, timeout: float = 10) -> tuple[int, str]:
    try:
        with opener.open(url, timeout=timeout) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def _wait_for_health(opener, base: str, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if _get(opener, f"{base}/healthz", timeout=2)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise AssertionError(f"gunicorn did not answer /healthz with 200 within {seconds} s")


CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
WSGI_APP = "tests.config.plain_static_wsgi:application"
# Two workers of gunicorn.conf.py's four threads: five stuck posts fill one worker and
# take a thread of the other, whose free threads must get the next page.
WORKERS = 2
STUCK_POSTS = 5
SHARED_CACHE = "redis://127.0.0.1:6379/11"


def test_a_page_without_the_database_is_served_while_questionnaires_wait(
    server, database, tmp_path
):
    try:
        redis.Redis.from_url(SHARED_CACHE, socket_timeout=2).flushdb()
    except redis.RedisError:
        pytest.skip("no Redis on 127.0.0.1:6379 for the workers to share pages in")
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    log = tmp_path / "gunicorn.log"
    with TcpProxy(server.host, server.port) as proxy:
        # gunicorn.conf.py's own threads, whatever this shell says.
        leave_out = {*SETTINGS_VARIABLES, "GUNICORN_THREADS", "GUNICORN_CMD_ARGS"}
        env = {k: v for k, v in os.environ.items() if k not in leave_out}
        env.update(
            APP_ENV,
            DJANGO_SETTINGS_MODULE="config.settings",
            DATABASE_URL=f"postgres://{server.user}@127.0.0.1:{proxy.port}/{database}",
            PORT=str(port),
            WEB_CONCURRENCY=str(WORKERS),
            CACHE_URL=SHARED_CACHE,  # the page copies both workers serve
        )
        with log.open("w") as out:
            gunicorn = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", WSGI_APP, "--no-control-socket"],
                cwd=PROJECT_ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        try:
            jar = http.cookiejar.CookieJar()
            browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
            anonymous = urllib.request.build_opener()
            _wait_for_health(anonymous, base)
            for _ in range(2):  # the second is served from the page cache
                assert _get(anonymous, f"{base}/courses/")[0] == 200, log.read_text()
            status, form = _get(browser, f"{base}/intake/")
            assert status == 200
            token = CSRF.search(form).group(1)
            proxy.hang()

            def post_questionnaire() -> tuple[int, float]:
                body = urllib.parse.urlencode({**neutral_post(), "csrfmiddlewaretoken": token})
                started = time.monotonic()
                request = urllib.request.Request(f"{base}/intake/", body.encode())
                status, _ = _get(browser, request, timeout=15)
                return status, time.monotonic() - started

            with ThreadPoolExecutor(max_workers=STUCK_POSTS) as pool:
                posts = [pool.submit(post_questionnaire) for _ in range(STUCK_POSTS)]
                time.sleep(0.5)  # the posts are in, waiting on PostgreSQL
                started = time.monotonic()
                status, _ = _get(anonymous, f"{base}/courses/")
                courses_seconds = time.monotonic() - started
                still_waiting = sum(not post.done() for post in posts)
                answered = [post.result(timeout=20) for post in posts]
            proxy.forward()
            back_status, _ = _get(anonymous, f"{base}/healthz")
        finally:
            gunicorn.terminate()
            gunicorn.wait(timeout=10)

    assert status == 200
    assert courses_seconds < 1
    assert still_waiting == STUCK_POSTS  # served while every questionnaire waited
    assert [code for code, _ in answered] == [503] * STUCK_POSTS
    assert max(seconds for _, seconds in answered) < PAGE_DEADLINE
    assert back_status == 200
