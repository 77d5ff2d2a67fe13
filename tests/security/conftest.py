"""Requests an attacker would send, against the production settings.

Here, unlike the rest of the suite, staff sign in through the real login form with
password and authenticator code, and every request goes over HTTPS with the redirect on,
as in production (the client and the authenticator: tests/security/helpers.py).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth import SESSION_KEY

from tests.security.helpers import (
    NOTICE_ADDRESS,
    PASSWORD,
    HttpsClient,
    authenticator,
    current_code,
    post_sign_in,
)


@pytest.fixture(autouse=True)
def production(settings):
    """What tests/conftest.py turns off for the rest of the suite, back on; and the clinic's
    notices, which production requires, so that every intake has one kept about it."""
    settings.STAFF_2FA_REQUIRED = True
    settings.SECURE_SSL_REDIRECT = True
    settings.INTAKE_NOTIFY_EMAILS = [NOTICE_ADDRESS]


@pytest.fixture
def client() -> HttpsClient:
    return HttpsClient()


@pytest.fixture
def sign_in(client, request) -> Callable[[str], HttpsClient]:
    """Sign `client` in as a persona (a fixture name) with password and code."""

    def sign_in_as(persona: str) -> HttpsClient:
        if persona == "anonymous":
            return client
        user = request.getfixturevalue(persona)
        post_sign_in(client, user.username, PASSWORD, current_code(authenticator(user)))
        assert SESSION_KEY in client.session, f"{persona} could not sign in"
        return client

    return sign_in_as
