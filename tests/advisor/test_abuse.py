"""The public form against abuse: a rate limit per address, a honeypot, a size limit.

A blocked submission gets a page that says plainly
that the answers were not saved, and nothing is saved.
"""

from __future__ import annotations

import types
from urllib.parse import urlencode

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.urls import reverse

from advisor import throttle
from advisor.models import Intake
from tests.advisor.intakes import another_persons_post, neutral_post

pytestmark = pytest.mark.django_db

NOT_SAVED = "Your answers were not saved"
HOME = "198.51.100.20"  # a participant's home connection
NEIGHBOUR = "198.51.100.21"
PROXY = "10.0.0.2"  # the clinic's reverse proxy, as gunicorn sees every request


@pytest.fixture
def limit_of_three(settings) -> int:
    settings.INTAKE_RATE_LIMIT = 3
    return 3


def submit(client, **meta: str):
    """A complete, valid questionnaire from someone new on this connection."""
    meta.setdefault("REMOTE_ADDR", HOME)
    return client.post(reverse("advisor:intake"), another_persons_post(), **meta)


# Rate limit


def test_it_accepts_submissions_up_to_the_limit(client, limit_of_three):
    responses = [submit(client) for _ in range(limit_of_three)]

    assert [response.status_code for response in responses] == [302] * limit_of_three
    assert Intake.objects.count() == limit_of_three


def test_it_refuses_a_submission_over_the_limit(client, limit_of_three):
    for _ in range(limit_of_three):
        submit(client)

    response = submit(client)

    assert response.status_code == 429
    assert Intake.objects.count() == limit_of_three


def test_it_says_the_answers_were_not_saved_when_over_the_limit(client, limit_of_three):
    for _ in range(limit_of_three):
        submit(client)

    response = submit(client)

    content = response.content.decode()
    assert NOT_SAVED in content
    assert "from your internet connection in the past hour" in content
    assert "within an hour there will be room" in content


def test_it_points_to_crisis_help_when_over_the_limit(client, limit_of_three):
    # Someone blocked may be someone in crisis: the page must not be a dead end.
    # (The crisis panel for those who said so: test_refused_submission.py.)
    for _ in range(limit_of_three):
        submit(client)

    response = submit(client)

    assert 'href="tel:988"' in response.content.decode()


def test_it_keeps_other_addresses_under_their_own_limit(client, limit_of_three):
    for _ in range(limit_of_three + 1):
        submit(client)

    response = submit(client, REMOTE_ADDR=NEIGHBOUR)

    assert response.status_code == 302
    assert Intake.objects.count() == limit_of_three + 1


def test_it_does_not_count_a_form_sent_back_with_errors(client, limit_of_three):
    # Someone fixing their answers is not abusing the form.
    incomplete = {**neutral_post(), "email": ""}
    for _ in range(limit_of_three + 2):
        client.post(reverse("advisor:intake"), incomplete, REMOTE_ADDR=HOME)

    response = submit(client)

    assert response.status_code == 302


def test_it_accepts_submissions_again_in_the_next_window(client, limit_of_three, monkeypatch):
    now = 1_800_000_000.0
    monkeypatch.setattr(throttle, "time", types.SimpleNamespace(time=lambda: now))
    for _ in range(limit_of_three + 1):
        submit(client)
    window = django_settings.INTAKE_RATE_WINDOW.total_seconds()
    monkeypatch.setattr(throttle, "time", types.SimpleNamespace(time=lambda: now + window))

    response = submit(client)

    assert response.status_code == 302


def test_it_counts_the_forwarded_address_behind_a_proxy(client, limit_of_three, settings):
    settings.PROXY_COUNT = 1
    for _ in range(limit_of_three + 1):
        submit(client, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=HOME)

    response = submit(client, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=NEIGHBOUR)

    assert response.status_code == 302


def test_it_limits_a_client_that_forges_forwarded_addresses(client, limit_of_three, settings):
    settings.PROXY_COUNT = 1
    for n in range(limit_of_three):
        submit(client, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, {HOME}")

    response = submit(client, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"192.0.2.99, {HOME}")

    assert response.status_code == 429


def test_it_keeps_the_count_in_the_shared_cache():
    # gunicorn runs several worker processes: a per-process cache would multiply the limit.
    # The count lives in the "counters" cache (advisor/throttle.py), not in "default".
    assert django_settings.CACHES["counters"]["BACKEND"] != (
        "django.core.cache.backends.locmem.LocMemCache"
    )


def test_it_keeps_no_ip_address_in_the_cache(client):
    submit(client)

    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key, value FROM mindfulpath_counters")
        rows = cursor.fetchall()

    assert any("intake-rate" in key for key, _ in rows)
    assert not any(HOME in key or HOME in str(value) for key, value in rows)


# Honeypot


def test_it_refuses_a_submission_that_fills_the_hidden_box(client):
    response = client.post(
        reverse("advisor:intake"), {**neutral_post(), "contact_website": "http://spam.example"}
    )

    assert response.status_code == 400
    assert NOT_SAVED in response.content.decode()
    assert not Intake.objects.exists()


def test_it_accepts_a_submission_with_the_hidden_box_left_empty(client):
    response = client.post(reverse("advisor:intake"), {**neutral_post(), "contact_website": ""})

    assert response.status_code == 302
    assert Intake.objects.count() == 1


# Size


def oversized(field: str = "notes") -> dict[str, str]:
    return {**neutral_post(), field: "x" * (django_settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)}


def test_it_refuses_an_oversized_form_post(client):
    response = client.post(
        reverse("advisor:intake"),
        urlencode(oversized()),
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 400
    assert not Intake.objects.exists()


def test_it_refuses_an_oversized_multipart_post(client):
    response = client.post(reverse("advisor:intake"), oversized())

    assert response.status_code == 400
    assert not Intake.objects.exists()


def test_it_refuses_an_oversized_answer_in_a_known_field(client):
    response = client.post(
        reverse("advisor:intake"),
        urlencode(oversized("first_name")),
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 400
    assert not Intake.objects.exists()


def test_it_refuses_a_post_with_thousands_of_fields(client):
    data = {**neutral_post(), **{f"extra_{n}": "1" for n in range(2000)}}

    response = client.post(
        reverse("advisor:intake"), urlencode(data), content_type="application/x-www-form-urlencoded"
    )

    assert response.status_code == 400
    assert not Intake.objects.exists()


def test_it_accepts_a_post_with_a_few_unknown_fields(client):
    response = client.post(reverse("advisor:intake"), {**neutral_post(), "utm_source": "flyer"})

    assert response.status_code == 302


def test_it_saves_a_submission_that_arrives_without_a_client_address(client):
    response = submit(client, REMOTE_ADDR="")

    assert response.status_code == 302
    assert Intake.objects.count() == 1
