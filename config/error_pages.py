"""Error pages that must render when the request itself cannot be trusted or served.

They render without the request's context processors: those read the session and the
user, which need the database that may be down, or a body that could not be read.
"""

from __future__ import annotations

import sys

from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseForbidden,
    HttpResponseServerError,
)
from django.middleware.security import SecurityMiddleware
from django.template.loader import render_to_string
from django.views import defaults

from config.clinic.record import current_clinic
from config.outages import RETRY_AFTER_OUTAGE, STORAGE_UNREACHABLE


def _clinic() -> dict:
    """The clinic's details for a page rendered without context processors (or nothing)."""
    return {"clinic": current_clinic()}


def database_unavailable_page(request: HttpRequest) -> HttpResponse:
    """503: we could not reach the database, and (for a post) nothing was saved."""
    body = render_to_string("503.html", {"saving": request.method == "POST", **_clinic()})
    response = HttpResponse(body, status=503)
    response["Retry-After"] = RETRY_AFTER_OUTAGE
    return response


def bad_request_page() -> HttpResponse:
    return HttpResponseBadRequest(render_to_string("400.html", _clinic()))


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler400. Django's own checks the CSRF token first, which reads the form body
    again: a body it could not read the first time would then turn the 400 into a 500.

    A request for a host we do not serve, over plain HTTP, is refused inside
    SecurityMiddleware (its HTTPS redirect asks for the host) before that middleware
    could add its headers to the answer; they are added here, as it would.
    """
    response = bad_request_page()
    return SecurityMiddleware(lambda _: response).process_response(request, response)


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: an unreachable database is a 503 wherever it was noticed, even in a
    middleware (loading a signed-in user's session) where no view's handling reaches."""
    if isinstance(sys.exception(), STORAGE_UNREACHABLE):
        return database_unavailable_page(request)
    return HttpResponseServerError(render_to_string(defaults.ERROR_500_TEMPLATE_NAME, _clinic()))


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: Django's own page, with the clinic's details to fall back on."""
    return HttpResponseForbidden(render_to_string("403_csrf.html", _clinic()))
