"""Requests an attacker would send, against the production settings.

Source: issue 13, a probe of the production settings. Here, unlike the rest of the
suite, staff sign in through the real login form with password and authenticator
code, and every request goes over HTTPS with the redirect on, as in production.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.models import User
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.advisor.conftest import make_intake, post_intake, valid_post  # noqa: F401 (fixtures)
from tests.clients import FormClient

PASSWORD = "a-long-test-passphrase"  # the personas' password (tests/conftest.py)
PERSONAS_WITHOUT_INTAKES = ["editor", "outsider"]
# Where the clinic's notices go: production sends one for every intake.
NOTICE_ADDRESS = "clinic@example.org"


class HttpsClient(FormClient):
    """A browser on the public internet: HTTPS, its own address."""

    def __init__(self, address: str = "198.51.100.20", **kwargs) -> None:
        super().__init__(REMOTE_ADDR=address, **kwargs)

    def generic(self, *args, **kwargs):
        kwargs["secure"] = True
        return super().generic(*args, **kwargs)


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


def current_code(device: TOTPDevice) -> str:
    code = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{code:0{device.digits}d}"


def authenticator(user: User) -> TOTPDevice:
    device = TOTPDevice.objects.filter(user=user).first()
    return device or TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


def post_sign_in(client: FormClient, username: str, password: str, code: str) -> object:
    data = {"username": username, "password": password, "otp_token": code}
    return client.post(reverse("admin:login"), data)


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
