"""Production settings: Django's deployment checklist passes, HTTPS is on unless switched off.

Settings are read once, at import, from the
environment, so each configuration runs in a fresh interpreter.
"""

from __future__ import annotations

import json
import secrets
import textwrap

import pytest
from django.urls import reverse

from tests.config.processes import run_python

# Read by config/settings.py but not cleared by run_python: a developer's shell must not
# leak them into a test that means to see the defaults.
PRODUCTION_VARIABLES = (
    "DJANGO_HTTPS",
    "DJANGO_TRUST_X_FORWARDED_PROTO",
    "DJANGO_PROXY_COUNT",
    "DJANGO_STAFF_2FA",
    "CACHE_URL",
    "CACHE_SOCKET_TIMEOUT",
    "CACHE_CONNECT_TIMEOUT",
    "INTAKE_RATE_LIMIT",
    "INTAKE_RETENTION_DAYS",
    "EMAIL_HOST",
    "INTAKE_NOTIFY_EMAILS",
    "TASK_QUEUE",
)

HEALTHZ = "/healthz"  # what load balancers are configured with: the literal path is the interface


@pytest.fixture(autouse=True, scope="module")
def _no_production_variables_from_the_shell():
    with pytest.MonkeyPatch.context() as monkeypatch:
        for name in PRODUCTION_VARIABLES:
            monkeypatch.delenv(name, raising=False)
        yield


def production_env(tmp_path, **overrides: str) -> dict[str, str]:
    """What the README's production section sets, with a strong key and a throwaway database."""
    env = {
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "intake.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'production.sqlite3'}",
        "INTAKE_NOTIFY_EMAILS": "intake@clinic.example",
    }
    env.update(overrides)
    return env


def settings_in(env: dict[str, str]) -> dict:
    """The settings a fresh process reads from `env`, as JSON (other values as their str)."""
    script = textwrap.dedent(
        """
        import json
        import django
        django.setup()
        from django.conf import settings
        names = [name for name in dir(settings) if name.isupper()]
        print(json.dumps({name: getattr(settings, name) for name in names}, default=str))
        """
    )
    result = run_python("-c", script, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


# One process per configuration, read once for the tests below.


@pytest.fixture(scope="module")
def production(tmp_path_factory) -> dict:
    return settings_in(production_env(tmp_path_factory.mktemp("production")))


@pytest.fixture(scope="module")
def plain_http(tmp_path_factory) -> dict:
    return settings_in(production_env(tmp_path_factory.mktemp("plain"), DJANGO_HTTPS="0"))


@pytest.fixture(scope="module")
def behind_a_proxy(tmp_path_factory) -> dict:
    env = production_env(tmp_path_factory.mktemp("proxied"), DJANGO_TRUST_X_FORWARDED_PROTO="1")
    return settings_in(env)


# Django's deployment checklist


@pytest.mark.subprocess
def test_it_passes_the_deployment_check_without_a_warning(tmp_path):
    result = run_python(
        "manage.py", "check", "--deploy", "--fail-level", "WARNING", **production_env(tmp_path)
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stdout + result.stderr


@pytest.mark.subprocess
def test_it_fails_the_deployment_check_with_a_weak_secret_key(tmp_path):
    # The check above is only worth running in CI if it can fail.
    env = production_env(tmp_path, DJANGO_SECRET_KEY="short")

    result = run_python("manage.py", "check", "--deploy", "--fail-level", "WARNING", **env)

    assert result.returncode != 0
    assert "security.W009" in result.stdout + result.stderr


@pytest.mark.subprocess
def test_it_warns_when_production_would_send_emails_inside_the_request(tmp_path):
    env = production_env(tmp_path, TASK_QUEUE="immediate")

    result = run_python("manage.py", "check", "--deploy", "--fail-level", "WARNING", **env)

    assert result.returncode != 0
    assert "advisor.W001" in result.stdout + result.stderr


@pytest.mark.subprocess
def test_it_fails_the_deployment_check_when_nobody_would_hear_of_an_intake(tmp_path):
    # An error, so it fails even at Django's default fail level, not only with WARNING.
    env = production_env(tmp_path, INTAKE_NOTIFY_EMAILS="")

    result = run_python("manage.py", "check", "--deploy", **env)

    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "ERRORS:" in output
    assert "advisor.E001" in output
    assert "INTAKE_NOTIFY_EMAILS is empty" in output


@pytest.mark.subprocess
def test_it_queues_emails_in_the_database_by_default_in_production(production):
    # Nothing sent inside the request; a worker that dies leaves the notice queued.
    assert production["TASK_QUEUE"] == "database"
    assert production["TASKS"]["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"


@pytest.mark.subprocess
def test_it_sends_emails_at_once_under_make_run(tmp_path):
    env = production_env(tmp_path, DJANGO_DEBUG="1")
    del env["DJANGO_SECRET_KEY"]

    settings = settings_in(env)

    assert settings["TASKS"]["default"]["BACKEND"] == (
        "django.tasks.backends.immediate.ImmediateBackend"
    )


# HTTPS on by default, off only when asked


@pytest.mark.subprocess
def test_it_redirects_to_https_by_default_in_production(production):
    assert production["SECURE_SSL_REDIRECT"] is True


@pytest.mark.subprocess
def test_it_sends_hsts_for_at_least_a_year_by_default_in_production(production):
    assert production["SECURE_HSTS_SECONDS"] >= 365 * 24 * 60 * 60
    assert production["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True


@pytest.mark.subprocess
def test_it_uses_secure_host_prefixed_cookies_by_default_in_production(production):
    assert production["SESSION_COOKIE_NAME"] == "__Host-sessionid"
    assert production["CSRF_COOKIE_NAME"] == "__Host-csrftoken"
    assert production["SESSION_COOKIE_SECURE"] is True
    assert production["CSRF_COOKIE_SECURE"] is True


@pytest.mark.subprocess
def test_it_turns_the_https_settings_off_for_plain_http(plain_http):
    assert plain_http["SECURE_SSL_REDIRECT"] is False
    assert plain_http["SECURE_HSTS_SECONDS"] == 0
    assert plain_http["SESSION_COOKIE_SECURE"] is False
    assert plain_http["CSRF_COOKIE_SECURE"] is False


@pytest.mark.subprocess
def test_it_uses_plain_cookie_names_for_plain_http(plain_http):
    # Browsers drop a __Host- cookie that arrives without HTTPS: nobody could sign in.
    assert not plain_http["SESSION_COOKIE_NAME"].startswith("__Host-")
    assert not plain_http["CSRF_COOKIE_NAME"].startswith("__Host-")


@pytest.mark.subprocess
def test_it_does_not_trust_x_forwarded_proto_unless_told_to(production):
    assert production["SECURE_PROXY_SSL_HEADER"] is None


@pytest.mark.subprocess
def test_it_trusts_x_forwarded_proto_behind_a_tls_terminating_proxy(behind_a_proxy):
    assert behind_a_proxy["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]


@pytest.mark.subprocess
def test_it_shares_its_cache_between_workers_by_default(production):
    # The intake rate limit lives in the cache; a per-process cache would multiply it
    # by the number of gunicorn workers.
    backend = production["CACHES"]["default"]["BACKEND"]

    assert backend == "django.core.cache.backends.db.DatabaseCache"


@pytest.mark.subprocess
def test_it_uses_redis_when_cache_url_names_it(tmp_path):
    settings = settings_in(production_env(tmp_path, CACHE_URL="redis://cache.internal:6379/0"))

    pages = settings["CACHES"]["default"]
    assert pages["BACKEND"] == "config.redis_cache.FailFastRedisCache"
    assert pages["LOCATION"] == "redis://cache.internal:6379/0"
    assert pages["KEY_PREFIX"] == "default"
    # The rate-limit counters in their own key space on the same server.
    assert settings["CACHES"]["counters"]["LOCATION"] == "redis://cache.internal:6379/0"
    assert settings["CACHES"]["counters"]["KEY_PREFIX"] == "counters"
    # A {% cache %} fragment is a miss, not an error, while Redis is away.
    fragments = settings["CACHES"]["template_fragments"]
    assert fragments["BACKEND"] == "config.redis_cache.FragmentRedisCache"


@pytest.mark.subprocess
def test_it_gives_redis_short_timeouts_and_no_retry_by_default(tmp_path):
    # A retry with backoff would turn one hung call into many seconds.
    script = textwrap.dedent(
        """
        import django
        django.setup()
        from django.conf import settings
        for alias in ("default", "counters", "template_fragments"):
            options = settings.CACHES[alias]["OPTIONS"]
            print(alias, options["socket_timeout"], options["socket_connect_timeout"],
                  options["retry"].get_retries(), options["retry_on_timeout"])
        """
    )

    env = production_env(tmp_path, CACHE_URL="redis://cache.internal:6379/0")
    result = run_python("-c", script, **env)

    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "default 0.5 0.5 0 False",
        "counters 0.5 0.5 0 False",
        "template_fragments 0.5 0.5 0 False",
    ]


@pytest.mark.subprocess
def test_it_reads_redis_timeouts_from_the_environment(tmp_path):
    env = production_env(
        tmp_path,
        CACHE_URL="redis://cache.internal:6379/0",
        CACHE_SOCKET_TIMEOUT="1.5",
        CACHE_CONNECT_TIMEOUT="0.25",
    )

    options = settings_in(env)["CACHES"]["counters"]["OPTIONS"]

    assert (options["socket_timeout"], options["socket_connect_timeout"]) == (1.5, 0.25)


@pytest.mark.subprocess
@pytest.mark.parametrize("value", ["0", "-1", "soon", "120"])
def test_it_refuses_a_redis_timeout_that_is_not_a_short_number_of_seconds(tmp_path, value):
    env = production_env(tmp_path, CACHE_URL="redis://cache:6379/0", CACHE_SOCKET_TIMEOUT=value)

    result = run_python("manage.py", "check", **env)

    assert result.returncode != 0
    assert "CACHE_SOCKET_TIMEOUT must be a number of seconds above 0 and up to 60" in result.stderr
    assert f"not {value!r}" in result.stderr


@pytest.mark.subprocess
def test_it_refuses_a_cache_url_it_does_not_understand(tmp_path):
    result = run_python(
        "manage.py", "check", **production_env(tmp_path, CACHE_URL="memcached://cache:11211")
    )

    assert result.returncode != 0
    assert "CACHE_URL" in result.stderr


@pytest.mark.subprocess
def test_it_asks_staff_for_a_second_factor_by_default_in_production(production):
    assert production["STAFF_2FA_REQUIRED"] is True


# What a browser sees with HTTPS on (the test client speaks plain HTTP)


@pytest.mark.django_db
def test_it_redirects_a_plain_http_request_to_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True

    response = client.get(reverse("home"))

    assert response.status_code == 301
    assert response["Location"] == "https://testserver/"


@pytest.mark.django_db
def test_it_answers_the_health_check_over_plain_http(client, settings):
    settings.SECURE_SSL_REDIRECT = True

    response = client.get(HEALTHZ)

    assert response.status_code == 200


@pytest.mark.django_db
def test_it_serves_a_request_the_trusted_proxy_received_over_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

    response = client.get(reverse("home"), headers={"x-forwarded-proto": "https"})

    assert response.status_code == 200


@pytest.mark.django_db
def test_it_ignores_x_forwarded_proto_unless_told_to_trust_it(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = None

    response = client.get(reverse("home"), headers={"x-forwarded-proto": "https"})

    assert response.status_code == 301


# Running it


@pytest.mark.subprocess
def test_it_creates_the_shared_cache_table_when_migrating(tmp_path):
    # The production steps are `migrate` and `collectstatic`: no separate createcachetable.
    env = production_env(tmp_path)
    migrate = run_python("manage.py", "migrate", "--no-input", **env)
    assert migrate.returncode == 0, migrate.stderr
    script = textwrap.dedent(
        """
        import django
        django.setup()
        from django.core.cache import cache
        cache.set("probe", "ok")
        print(cache.get("probe"))
        """
    )

    result = run_python("-c", script, **env)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


@pytest.mark.subprocess
def test_it_configures_gunicorn_without_an_access_log(monkeypatch):
    # Request paths carry private recommendation links.
    monkeypatch.delenv("GUNICORN_ACCESS_LOG", raising=False)
    script = "import runpy; print(runpy.run_path('gunicorn.conf.py')['accesslog'])"

    result = run_python("-c", script)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "None"
