"""Request checks that every view relies on."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import urlencode

FORM_CONTENT_TYPE = "application/x-www-form-urlencoded"


class RejectUndecodableForms:
    """Answer 400 to a form post whose body is not UTF-8.

    Django would otherwise quietly read such bytes as Latin-1, turning them into
    plausible-looking letters that a form then accepts and saves.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method == "POST" and request.content_type == FORM_CONTENT_TYPE:
            try:
                request.body.decode("utf-8")
            except UnicodeDecodeError:
                return HttpResponseBadRequest(render_to_string("400.html", request=request))
        return self.get_response(request)


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


class DatabaseUnavailable:
    """When the database cannot be reached, say so honestly with a 503, never a success."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        # Only a database that cannot be reached; a bug in a query stays a loud 500.
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        saving = request.method == "POST"
        body = render_to_string("503.html", {"saving": saving}, request=request)
        response = HttpResponse(body, status=503)
        response["Retry-After"] = "120"
        return response
