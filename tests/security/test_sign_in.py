"""Lockout counts per account across addresses and per address across accounts, counts
wrong codes like wrong passwords, and the refusal never says which part was wrong.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import SESSION_KEY
from django.utils import timezone

from tests.security.helpers import (
    PASSWORD,
    HttpsClient,
    authenticator,
    current_code,
    post_sign_in,
)

pytestmark = pytest.mark.django_db

WRONG_CODE = "000000"


def refusal(response) -> str:
    return " ".join(str(error) for error in response.context["form"].non_field_errors())


def test_one_account_tried_from_many_addresses_is_paused(clinician, settings):
    device = authenticator(clinician)
    for n in range(settings.AXES_FAILURE_LIMIT):
        post_sign_in(HttpsClient(f"203.0.113.{n + 1}"), "chen", "guess-{n}", WRONG_CODE)

    owner = HttpsClient("198.51.100.99")
    response = post_sign_in(owner, "chen", PASSWORD, current_code(device))

    assert response.status_code == 429
    assert SESSION_KEY not in owner.session


def test_one_password_tried_on_many_accounts_from_one_address_is_paused(clinician, settings):
    attacker = HttpsClient("203.0.113.50")
    for username in ["admin", "root", "dana", "olly", "staff", "chen"][
        : settings.AXES_FAILURE_LIMIT
    ]:
        post_sign_in(attacker, username, "Winter2026!", WRONG_CODE)

    response = post_sign_in(attacker, "chen", PASSWORD, current_code(authenticator(clinician)))

    assert response.status_code == 429


def test_wrong_codes_count_like_wrong_passwords(clinician, settings):
    device = authenticator(clinician)
    attacker = HttpsClient("203.0.113.60")  # knows the password, not the phone
    for _ in range(settings.AXES_FAILURE_LIMIT):
        post_sign_in(attacker, "chen", PASSWORD, WRONG_CODE)

    owner = HttpsClient("198.51.100.61")
    response = post_sign_in(owner, "chen", PASSWORD, current_code(device))

    assert response.status_code == 429
    assert AccessAttempt.objects.filter(username="chen").exists()


def test_the_owner_gets_in_once_the_cool_off_has_passed(clinician, settings):
    device = authenticator(clinician)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        post_sign_in(HttpsClient("203.0.113.70"), "chen", PASSWORD, WRONG_CODE)
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - timedelta(minutes=1)
    )

    owner = HttpsClient("198.51.100.71")
    post_sign_in(owner, "chen", PASSWORD, current_code(device))

    assert SESSION_KEY in owner.session


def test_a_few_wrong_codes_do_not_make_the_owners_right_code_fail(clinician, settings):
    device = authenticator(clinician)
    for _ in range(settings.AXES_FAILURE_LIMIT - 2):
        post_sign_in(HttpsClient("203.0.113.80"), "chen", PASSWORD, WRONG_CODE)

    owner = HttpsClient("198.51.100.81")
    post_sign_in(owner, "chen", PASSWORD, current_code(device))

    assert SESSION_KEY in owner.session


def test_the_refusal_is_the_same_whichever_part_was_wrong(clinician):
    authenticator(clinician)

    wrong_password = post_sign_in(HttpsClient("203.0.113.90"), "chen", "not-it", WRONG_CODE)
    wrong_code = post_sign_in(HttpsClient("203.0.113.91"), "chen", PASSWORD, WRONG_CODE)
    no_code = post_sign_in(HttpsClient("203.0.113.92"), "chen", PASSWORD, "")
    no_such_user = post_sign_in(HttpsClient("203.0.113.93"), "nobody", "not-it", WRONG_CODE)

    messages = {refusal(r) for r in (wrong_password, wrong_code, no_code, no_such_user)}
    assert len(messages) == 1
    (message,) = messages
    assert "token" not in message.lower()
    for response in (wrong_password, wrong_code, no_code, no_such_user):
        assert "Invalid token" not in response.content.decode()
