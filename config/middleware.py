"""Request checks that every view relies on."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.template.loader import render_to_string

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
