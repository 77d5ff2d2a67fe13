"""A browser on the public internet and a staff member's authenticator, for the tests that
sign in as production does: password and code, over HTTPS."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

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


def current_code(device: TOTPDevice) -> str:
    code = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{code:0{device.digits}d}"


def authenticator(user: User) -> TOTPDevice:
    device = TOTPDevice.objects.filter(user=user).first()
    return device or TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


def post_sign_in(client: FormClient, username: str, password: str, code: str) -> object:
    data = {"username": username, "password": password, "otp_token": code}
    return client.post(reverse("admin:login"), data)
