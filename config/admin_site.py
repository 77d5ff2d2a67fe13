"""The admin site: a second factor for staff, Django's site-wide views held to the same
permissions as the pages they lead to, and every model admin's object pages refused
before they look the object up, so that no answer tells whether it exists."""

from __future__ import annotations

import functools

from django.conf import settings
from django.contrib import messages
from django.contrib.admin import AdminSite, ModelAdmin, helpers
from django.contrib.admin.exceptions import NotRegistered
from django.contrib.auth.signals import user_login_failed
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.views import shortcut
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import path
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django_otp import devices_for_user
from django_otp.admin import OTPAdminAuthenticationForm

SIGN_IN_REFUSED = (
    "Please enter the correct username, password and sign-in code for a staff account. "
    "Note that each of them may be case-sensitive."
)


class StaffLoginForm(OTPAdminAuthenticationForm):
    """Username, password and code in one go, for staff with a single authenticator.

    Whatever was wrong (the password, the code, a missing code) the answer is the same,
    so the form never tells a guesser that the password was right; and a wrong code
    counts towards the lockout like a wrong password.
    """

    error_messages = {
        **OTPAdminAuthenticationForm.error_messages,
        "invalid_login": SIGN_IN_REFUSED,
    }

    def clean(self):
        try:
            return super().clean()
        except ValidationError:
            if self.user_cache is not None:
                # The password was right and the code was not: Django did not count this.
                user_login_failed.send(
                    sender=type(self),
                    credentials={"username": self.cleaned_data.get("username")},
                    request=self.request,
                )
                self.user_cache = None
            raise ValidationError(SIGN_IN_REFUSED, code="invalid_login") from None

    def clean_otp(self, user) -> None:
        # django-otp asks for a device to be picked first; with only one confirmed device
        # there is nothing to pick, so that one is used. Said through the form's own field
        # (otp_device, a device's persistent id), before django-otp's public clean_otp
        # reads it: a choice naming none of this user's devices counts as none.
        if user is not None:
            devices = list(devices_for_user(user, confirmed=None))
            confirmed = [device for device in devices if device.confirmed]
            chosen = self.cleaned_data.get("otp_device")
            if chosen not in {device.persistent_id for device in devices} and len(confirmed) == 1:
                self.cleaned_data["otp_device"] = confirmed[0].persistent_id
        super().clean_otp(user)


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

    def get_urls(self):
        # Django's "view on site" redirect checks only that the user is staff; ours asks
        # the object's own admin, like every other admin page does.
        view_on_site = path(
            "r/<path:content_type_id>/<path:object_id>/",
            self.admin_view(self.view_on_site),
            name="view_on_site",
        )
        django_urls = super().get_urls()
        return [view_on_site, *(u for u in django_urls if getattr(u, "name", "") != "view_on_site")]

    def view_on_site(self, request: HttpRequest, content_type_id: str, object_id: str):
        """Where "View on site" leads, for a user who may view the object; 404 otherwise.

        Not found and not allowed look the same, so the answer says nothing about whether
        an object exists.
        """
        try:
            model = ContentType.objects.get_for_id(int(content_type_id)).model_class()
            model_admin = self.get_model_admin(model)
        except (ValueError, ContentType.DoesNotExist, NotRegistered):
            raise Http404 from None
        obj = model_admin.get_object(request, object_id)
        if obj is None or not model_admin.has_view_permission(request, obj):
            raise Http404
        if callable(model_admin.view_on_site):
            return redirect(model_admin.view_on_site(obj))
        if not model_admin.view_on_site:
            raise Http404
        return shortcut(request, content_type_id, object_id)

    def admin_view(self, view, cacheable=False):
        model_admin = getattr(view, "__self__", None)
        if isinstance(model_admin, ModelAdmin):
            if view.__name__ == "changelist_view":
                view = _leaving_out_unknown_selections(view, model_admin)
            elif view.__name__ not in CHECKED_BEFORE_ANY_LOOKUP:
                view = _refused_before_the_lookup(view, model_admin)
        return super().admin_view(view, cacheable)

    # Django leaves these two cacheable; the form and its answer are a signed-in user's own.
    @method_decorator(never_cache)
    def password_change(self, request, extra_context=None) -> HttpResponse:
        return super().password_change(request, extra_context)

    @method_decorator(never_cache)
    def password_change_done(self, request, extra_context=None) -> HttpResponse:
        return super().password_change_done(request, extra_context)


# Model admin views that decide permission before they look anything up (Django's list and
# add pages). Every other view of a model admin is held to the check below first.
CHECKED_BEFORE_ANY_LOOKUP = {"changelist_view", "add_view"}
# Views that need more than leave to read the model, checked before the lookup too.
NEEDED_PERMISSION = {
    "delete_view": "has_delete_permission",
    "user_change_password": "has_change_permission",
}


def _refused_before_the_lookup(view, model_admin: ModelAdmin):
    """A model admin's view (change, history, delete, and those libraries or our admins
    add, such as a preview or a history version) refused to a user who may not read the
    model before it looks the object up.

    Django looks the object up first, then checks the permission: a missing id gets a
    redirect that says it does not exist (or a 404), an existing one a 403, which tells a
    user without access which ids exist. Checked first, both get the same 403.
    """

    @functools.wraps(view)
    def checked(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not model_admin.has_view_or_change_permission(request):
            raise PermissionDenied
        needed = NEEDED_PERMISSION.get(view.__name__)
        if needed and not getattr(model_admin, needed)(request):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return checked


def _leaving_out_unknown_selections(changelist_view, model_admin: ModelAdmin):
    """A list action posted with ids that cannot be the model's (tampered with, or stale
    from another tab) runs on the rest, with a message; Django would answer 500."""

    @functools.wraps(changelist_view)
    def view(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        name = helpers.ACTION_CHECKBOX_NAME
        if request.method == "POST" and name in request.POST:
            selected = request.POST.getlist(name)
            usable = [value for value in selected if _is_key(model_admin, value)]
            if len(usable) < len(selected):
                post = request.POST.copy()
                post.setlist(name, usable)
                request.POST = post
                messages.warning(
                    request,
                    f"{len(selected) - len(usable)} of the selected items could not be "
                    "found and were left out.",
                )
        return changelist_view(request, *args, **kwargs)

    return view


def _is_key(model_admin: ModelAdmin, value: str) -> bool:
    try:
        model_admin.opts.pk.clean(value, None)
    except ValidationError:
        return False
    return True
