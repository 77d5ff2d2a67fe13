"""Request checks that every view relies on."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone, translation
from django.utils.http import urlencode

from config.clinic.record import current_clinic
from config.clinic.time_zone import clinic_time_zone
from config.error_pages import bad_request_page, database_unavailable_page
from config.outages import STORAGE_UNREACHABLE

URLENCODED = "application/x-www-form-urlencoded"
FORM_CONTENT_TYPES = (URLENCODED, "multipart/form-data")


class RejectUndecodableForms:
    """Answer 400 to a form post whose body is not UTF-8, or that says it is in another charset.

    Django reads a form body as UTF-8, replacing what does not decode with marks that a
    form might accept and save; and it refuses a declared charset other than UTF-8 each
    time the form is read, even from the error page. Here such a post is turned away
    once, before anything reads it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method == "POST" and request.content_type in FORM_CONTENT_TYPES:
            # Django reads a form body as UTF-8 and nothing else, whatever it is called.
            if request.content_params.get("charset", "utf-8").lower() != "utf-8":
                return bad_request_page(request)
            if request.content_type == URLENCODED:
                try:
                    request.body.decode("utf-8")
                except UnicodeDecodeError:
                    return bad_request_page(request)
        return self.get_response(request)


class RejectPublicUploads:
    """Answer 400, unread, to a public post that is not an ordinary form.

    No public form takes a file or asks for multipart (their templates set no enctype),
    yet Django parses any multipart body it is sent, streaming each file part to disk
    whatever its size. Outside the admin a post with a body must be
    application/x-www-form-urlencoded, as a browser sends our forms; anything else (a
    multipart body, with or without files, JSON, plain text) is refused from its headers
    alone, before a byte of it is read.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            request.method == "POST"
            and request.content_type != URLENCODED
            and _has_body(request)
            and not request.path.startswith(_admin_prefix())
            and not _one_click_unsubscribe(request)
        ):
            return bad_request_page(request)
        return self.get_response(request)


# A mail program's one-click "unsubscribe" (RFC 8058) posts "List-Unsubscribe=One-Click",
# as multipart/form-data by preference. A view marked `takes_one_click_unsubscribe` never
# reads the body, so a small one of any type is let through to it.
ONE_CLICK_MAX_BYTES = 1024


def takes_one_click_unsubscribe(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Mark a view that answers a mail program's one-click unsubscribe without reading
    what was posted (RejectPublicUploads then lets a small post of any type through)."""
    view.takes_one_click_unsubscribe = True
    return view


def _one_click_unsubscribe(request: HttpRequest) -> bool:
    # Before LocaleMiddleware: a Spanish address resolves only with Spanish active.
    language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    try:
        small = int(request.META.get("CONTENT_LENGTH") or 0) <= ONE_CLICK_MAX_BYTES
        with translation.override(language):
            match = resolve(request.path_info)
    except (ValueError, Resolver404):
        return False
    return small and getattr(match.func, "takes_one_click_unsubscribe", False)


def _has_body(request: HttpRequest) -> bool:
    # An empty post has nothing to parse: the view answers it as it would. A length that is
    # not a number is no ordinary form either.
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0) != 0
    except ValueError:
        return True


def _admin_prefix() -> str:
    # Staff forms may need multipart (an admin with a file field); they are not public.
    return reverse("admin:index")


class StaffSessionTimeout:
    """End a signed-in session after STAFF_IDLE_TIMEOUT idle or SESSION_COOKIE_AGE in all."""

    STARTED = "staff_session_started"
    SEEN = "staff_session_seen"

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = time.time()
            session = request.session
            started = session.setdefault(self.STARTED, now)
            seen = session.get(self.SEEN, now)
            idle = settings.STAFF_IDLE_TIMEOUT.total_seconds()
            if now - seen > idle or now - started > settings.SESSION_COOKIE_AGE:
                logout(request)
                return redirect(f"{reverse('admin:login')}?{urlencode({'next': request.path})}")
            # Writing the session on every click would cost a database write each time;
            # a minute's precision is plenty for a 30-minute idle limit.
            if now - seen > 60 or self.SEEN not in session:
                session[self.SEEN] = now
        return self.get_response(request)


class ClinicTimeZoneMiddleware:
    """Show every time on staff pages, and in what staff export, in the clinic's zone.

    Public pages show course times in the visitor's own zone and need no record: they are
    spared the look-up.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith("/admin/"):
            return self.get_response(request)
        request.clinic = current_clinic()
        with timezone.override(clinic_time_zone(request.clinic)):
            return self.get_response(request)


class DatabaseUnavailable:
    """When the database cannot be reached, say so honestly with a 503, never a success."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        # Only a database that cannot be reached; a bug in a query stays a loud 500. Outside
        # a view (a session read by a middleware) config.error_pages.server_error does the same.
        if not isinstance(exception, STORAGE_UNREACHABLE):
            return None
        return database_unavailable_page(request)
