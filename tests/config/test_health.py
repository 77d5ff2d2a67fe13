from __future__ import annotations

import textwrap

import pytest

from tests.config.processes import run_python

# /healthz is what load balancers are configured with: the literal path is the interface.
HEALTHZ = "/healthz"


@pytest.mark.django_db
def test_it_reports_healthy_when_the_database_answers(client):
    response = client.get(HEALTHZ)

    assert response.status_code == 200
    assert response.content == b"ok\n"


@pytest.mark.django_db
def test_it_tells_caches_not_to_keep_the_answer(client):
    response = client.get(HEALTHZ)

    assert "no-cache" in response["Cache-Control"]


@pytest.mark.subprocess
def test_it_reports_unavailable_when_the_database_is_unreachable():
    script = textwrap.dedent(
        f"""
        import django
        django.setup()
        from django.test import Client
        response = Client().get({HEALTHZ!r})
        print(response.status_code)
        """
    )

    result = run_python(
        "-c",
        script,
        DATABASE_URL="postgres://postgres@127.0.0.1:1/nowhere",
        DJANGO_SECRET_KEY="x",
        DJANGO_ALLOWED_HOSTS="testserver",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "503"


@pytest.mark.django_db
def test_it_refuses_a_post(client):
    response = client.post(HEALTHZ)

    assert response.status_code == 405
