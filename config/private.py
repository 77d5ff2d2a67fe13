"""Pages about one person (their answers, their links, their deletion): `private_page`."""

from __future__ import annotations

import functools
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache

# What search engines are told, in the header and, by base.html, in the page's own
# <meta name="robots">: a crawler that reads only one of them reads the same.
ROBOTS = "noindex, nofollow"


def private_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Never cached (by the browser or anything between) and kept out of search engines.

    Puts the robots words on the request (`request.robots`), which base.html writes as
    the page's robots meta, and sets X-Robots-Tag on every response the view gives.
    Not "Referrer-Policy: no-referrer": browsers then post a page's form with
    "Origin: null", which the CSRF check refuses.
    """

    @functools.wraps(view)
    def private_view(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        request.robots = ROBOTS
        try:
            response = view(request, *args, **kwargs)
        except Exception:
            # The error page drawn next (a 404 for an unknown link) answers for the
            # error, as it does for any other URL, not for this page.
            request.robots = None
            raise
        response["X-Robots-Tag"] = ROBOTS
        return response

    return never_cache(private_view)
