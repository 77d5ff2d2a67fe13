"""Error pages that must render when the request itself cannot be trusted or served.

They render without the request's context processors: those read the session and the
user, which need the database that may be down, or a body that could not be read. Some
are made by a middleware that runs before LocaleMiddleware has read the language from
the path, so each renders in the language its path names (Spanish under /es/), never in
whatever language the thread served last.
"""

from __future__ import annotations

import sys
from contextlib import AbstractContextManager

from django.conf import settings
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseForbidden,
    HttpResponseServerError,
)
from django.middleware.security import SecurityMiddleware
from django.template.loader import render_to_string
from django.utils import translation
from django.views import defaults

from config.clinic.record import current_clinic
from config.language import other_language
from config.outages import RETRY_AFTER_OUTAGE, STORAGE_UNREACHABLE


def _clinic() -> dict:
    """The clinic's details for a page rendered without context processors (or nothing)."""
    return {"clinic": current_clinic()}


def _other_language(request: HttpRequest) -> dict:
    """The language switch, from the path alone (a request refused for its host must not
    be asked for it). No hreflang alternates: an error page is no page to index."""
    return {"other": other_language(request.get_full_path())}


def _context(request: HttpRequest | None) -> dict:
    """What the error pages show: the clinic, and the way to the other language."""
    if request is None:
        return _clinic()
    return {**_clinic(), "page_language": _other_language(request)}


def _in_page_language(request: HttpRequest | None) -> AbstractContextManager:
    path = request.path_info if request is not None else "/"
    return translation.override(translation.get_language_from_path(path) or settings.LANGUAGE_CODE)


def database_unavailable_page(request: HttpRequest) -> HttpResponse:
    """503: we could not reach the database, and (for a post) nothing was saved."""
    with _in_page_language(request):
        body = render_to_string(
            "503.html", {"saving": request.method == "POST", **_context(request)}
        )
    response = HttpResponse(body, status=503)
    response["Retry-After"] = RETRY_AFTER_OUTAGE
    return response


def bad_request_page(request: HttpRequest | None = None) -> HttpResponse:
    """400, in the language of `request`'s path (English without one)."""
    with _in_page_language(request):
        return HttpResponseBadRequest(render_to_string("400.html", _context(request)))


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler400. Django's own checks the CSRF token first, which reads the form body
    again: a body it could not read the first time would then turn the 400 into a 500.

    A request for a host we do not serve, over plain HTTP, is refused inside
    SecurityMiddleware (its HTTPS redirect asks for the host) before that middleware
    could add its headers to the answer; they are added here, as it would.
    """
    response = bad_request_page(request)
    return SecurityMiddleware(lambda _: response).process_response(request, response)


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: an unreachable database is a 503 wherever it was noticed, even in a
    middleware (loading a signed-in user's session) where no view's handling reaches."""
    if isinstance(sys.exception(), STORAGE_UNREACHABLE):
        return database_unavailable_page(request)
    with _in_page_language(request):
        body = render_to_string(defaults.ERROR_500_TEMPLATE_NAME, _context(request))
    return HttpResponseServerError(body)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: Django's own page, with the clinic's details to fall back on."""
    with _in_page_language(request):
        return HttpResponseForbidden(render_to_string("403_csrf.html", _context(request)))
