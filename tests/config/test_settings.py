from __future__ import annotations

import textwrap

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_list
from tests.config.processes import run_python

# Start-up: settings are read at import, so each case runs in a fresh interpreter.


@pytest.mark.subprocess
@pytest.mark.parametrize("debug", [None, "0"], ids=["DJANGO_DEBUG unset", "DJANGO_DEBUG=0"])
def test_it_refuses_to_start_without_a_secret_key_when_debug_is_off(debug):
    env = {} if debug is None else {"DJANGO_DEBUG": debug}

    result = run_python("manage.py", "check", **env)

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


@pytest.mark.subprocess
def test_it_starts_without_a_secret_key_in_debug():
    result = run_python("manage.py", "check", DJANGO_DEBUG="1")

    assert result.returncode == 0, result.stderr


@pytest.mark.subprocess
def test_it_refuses_an_unclear_debug_value():
    result = run_python("manage.py", "check", DJANGO_DEBUG="maybe", DJANGO_SECRET_KEY="x")

    assert result.returncode != 0
    assert "DJANGO_DEBUG" in result.stderr
    assert "'maybe'" in result.stderr


@pytest.mark.subprocess
def test_it_refuses_a_task_queue_it_does_not_know():
    result = run_python("manage.py", "check", DJANGO_DEBUG="1", TASK_QUEUE="rabbit")

    assert result.returncode != 0
    assert "TASK_QUEUE must be one of immediate, database, not 'rabbit'" in result.stderr


@pytest.mark.subprocess
def test_it_runs_tasks_through_the_database_queue_when_asked():
    script = "import django; django.setup(); from django.conf import settings; "
    script += "print(settings.TASKS['default']['BACKEND'])"

    result = run_python("-c", script, DJANGO_DEBUG="1", TASK_QUEUE="database")

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django_tasks_db.DatabaseBackend"


@pytest.mark.subprocess
def test_it_reads_allowed_hosts_as_a_comma_separated_list():
    script = textwrap.dedent(
        """
        import django
        django.setup()
        from django.conf import settings
        print(repr(settings.ALLOWED_HOSTS))
        """
    )

    result = run_python(
        "-c", script, DJANGO_SECRET_KEY="x", DJANGO_ALLOWED_HOSTS="a.example, b.example"
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "['a.example', 'b.example']"


# The helpers themselves: no database, no subprocess.


@pytest.mark.parametrize("raw", ["1", "true", "TRUE", "yes", "on", " On "])
def test_it_reads_a_true_flag(monkeypatch, raw):
    monkeypatch.setenv("MP_FLAG", raw)

    assert env_bool("MP_FLAG", default=False) is True


@pytest.mark.parametrize("raw", ["0", "false", "False", "no", "off", ""])
def test_it_reads_a_false_flag(monkeypatch, raw):
    monkeypatch.setenv("MP_FLAG", raw)

    assert env_bool("MP_FLAG", default=True) is False


@pytest.mark.parametrize("default", [True, False])
def test_it_uses_the_default_for_an_unset_flag(monkeypatch, default):
    monkeypatch.delenv("MP_FLAG", raising=False)

    assert env_bool("MP_FLAG", default=default) is default


@pytest.mark.parametrize("raw", ["maybe", "2", "y", "enabled"])
def test_it_refuses_an_unclear_flag_and_names_it(monkeypatch, raw):
    monkeypatch.setenv("MP_FLAG", raw)

    with pytest.raises(ImproperlyConfigured, match=f"MP_FLAG .*'{raw}'"):
        env_bool("MP_FLAG")


@pytest.mark.parametrize("raw, expected", [("4", 4), (" 12 ", 12), ("-1", -1), ("0", 0)])
def test_it_reads_a_whole_number(monkeypatch, raw, expected):
    monkeypatch.setenv("MP_NUMBER", raw)

    assert env_int("MP_NUMBER", 7) == expected


@pytest.mark.parametrize("raw", [None, "", "   "])
def test_it_uses_the_default_for_an_unset_or_empty_number(monkeypatch, raw):
    if raw is None:
        monkeypatch.delenv("MP_NUMBER", raising=False)
    else:
        monkeypatch.setenv("MP_NUMBER", raw)

    assert env_int("MP_NUMBER", 7) == 7


@pytest.mark.parametrize("raw", ["2.5", "ten", "1e3", "0x10"])
def test_it_refuses_a_number_that_is_not_whole_and_names_it(monkeypatch, raw):
    monkeypatch.setenv("MP_NUMBER", raw)

    with pytest.raises(ImproperlyConfigured, match=f"MP_NUMBER .*'{raw}'"):
        env_int("MP_NUMBER", 7)


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("a.example", ["a.example"]),
        ("a.example, b.example", ["a.example", "b.example"]),
        (" a.example ,b.example, ", ["a.example", "b.example"]),
        ("a.example,,b.example", ["a.example", "b.example"]),
        ("", []),
    ],
)
def test_it_reads_a_comma_separated_list(monkeypatch, raw, expected):
    monkeypatch.setenv("MP_LIST", raw)

    assert env_list("MP_LIST", ["default.example"]) == expected


def test_it_uses_a_copy_of_the_default_for_an_unset_list(monkeypatch):
    monkeypatch.delenv("MP_LIST", raising=False)
    default = ["localhost"]

    hosts = env_list("MP_LIST", default)
    hosts.append("evil.example")

    assert default == ["localhost"]
