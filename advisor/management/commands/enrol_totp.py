"""Give a staff user an authenticator app (TOTP) as the second factor for signing in."""

from __future__ import annotations

import base64
import io

import segno
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = (
        "Enrol a staff user's authenticator app: prints a QR code and the key to type in. "
        "Show it to that person only, then clear the screen."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Remove the user's existing authenticators first (a lost or new phone).",
        )

    def handle(self, *args, username: str, replace: bool, **options) -> None:
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user called {username!r}.")
        if not user.is_staff:
            raise CommandError(f"{username} is not a staff user; only staff sign in to the admin.")
        devices = TOTPDevice.objects.devices_for_user(user)
        if devices.exists() and not replace:
            raise CommandError(
                f"{username} already has an authenticator. Use --replace to set up a new one."
            )
        if replace:
            devices.delete()
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
        key = base64.b32encode(device.bin_key).decode()
        qr = io.StringIO()
        segno.make(device.config_url, error="m").terminal(out=qr, compact=True)
        self.stdout.write(qr.getvalue(), ending="")
        self.stdout.write(f"\nOr type this key into the app: {key}")
        self.stdout.write(
            f"{username} now signs in with their password and the 6-digit code from the app."
        )
