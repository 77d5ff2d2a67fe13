"""The admin site: staff must pass a second factor (TOTP) when STAFF_2FA_REQUIRED is on."""

from __future__ import annotations

from django.conf import settings
from django.contrib.admin import AdminSite
from django_otp import devices_for_user
from django_otp.admin import OTPAdminAuthenticationForm


class StaffLoginForm(OTPAdminAuthenticationForm):
    """Username, password and code in one go, for staff with a single authenticator.

    django-otp asks for a device to be picked first; with only one confirmed device
    there is nothing to pick, so that one is used.
    """

    def _chosen_device(self, user):
        device = super()._chosen_device(user)
        if device is None:
            devices = list(devices_for_user(user, confirmed=True))
            if len(devices) == 1:
                device = devices[0]
        return device


class MindfulAdminSite(AdminSite):
    site_header = "Mindful Path administration"
    site_title = "Mindful Path admin"
    index_title = "Administration"

    @property
    def login_form(self):
        return StaffLoginForm if settings.STAFF_2FA_REQUIRED else None

    @property
    def login_template(self):
        return "otp/admin111/login.html" if settings.STAFF_2FA_REQUIRED else None

    def has_permission(self, request) -> bool:
        # A password alone is not enough: without a verified device the user is
        # treated as if they were not staff at all.
        if not super().has_permission(request):
            return False
        return not settings.STAFF_2FA_REQUIRED or request.user.is_verified()
