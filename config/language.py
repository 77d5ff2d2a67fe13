"""The site's two languages: which one a page is in, and the way to the other.

English pages have no prefix and Spanish ones live under /es/ (`i18n_patterns` in
config/urls.py); LocaleMiddleware reads the language from the path alone, so a link
always shows the page in the language it names. Two things remember a choice:

- the language switch (`switch_language`) stores it in a cookie, so that a person who
  picked Spanish and later types the bare address comes back to Spanish, and a person who
  picked English is never sent to Spanish again;
- on a first visit to the home page (no cookie yet), the browser's Accept-Language
  decides (`first_visit_language`).

Every other page, whatever the cookie or browser says, stays in its URL's language:
links shared between people must show what the sender saw.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from urllib.parse import quote, urlsplit, urlunsplit

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import Resolver404, resolve, reverse, translate_url
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.functional import SimpleLazyObject
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_noop
from django.views.decorators.cache import never_cache

LANGUAGE_NAMES = dict(settings.LANGUAGES)
# Django's own clock words (the |time filter's "7:30 p.m."), listed here so that our
# catalogue translates them again, in the style the rest of our Spanish uses: "p. m."
# (providers/schedule_words.py). Our catalogue is read before Django's, so it wins.
DJANGO_CLOCK_WORDS = (gettext_noop("a.m."), gettext_noop("p.m."))


def page_language_url(url: str, language: str) -> str:
    """The same page (path and query string) in `language`.

    A path none of our pages answers (a 404 page's own) is moved under the other prefix
    as it is, so that the switch on a "not found" page leads to the other language's
    "not found" page rather than back to the same one.
    """
    parts = urlsplit(url)
    source = translation.get_language_from_path(parts.path) or settings.LANGUAGE_CODE
    if source == language:
        return url
    with translation.override(source):
        try:
            resolve(parts.path)
        except Resolver404:
            path = (
                parts.path.removeprefix(f"/{source}")
                if source != settings.LANGUAGE_CODE
                else parts.path
            )
            if language != settings.LANGUAGE_CODE:
                path = f"/{language}{path}"
            return urlunsplit(("", "", path or "/", parts.query, ""))
        return translate_url(url, language)


def first_visit_language(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Send a first visit to / on to /es/ when the browser prefers Spanish.

    A person who has chosen before (the switch's cookie) gets what they chose. The answer
    depends on the cookie and the browser's languages, so both are named in Vary.
    """

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        here = translation.get_language()
        preferred = here
        if here == settings.LANGUAGE_CODE:  # the bare address, not /es/
            preferred = translation.get_language_from_request(request, check_path=False)
        if preferred != here and preferred in LANGUAGE_NAMES:
            with translation.override(preferred):
                response = HttpResponseRedirect(reverse("home"))
            response["Cache-Control"] = "private, no-cache"
        else:
            response = view(request, *args, **kwargs)
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
        return response

    return wrapper


@never_cache
def switch_language(request: HttpRequest, language: str) -> HttpResponse:
    """Show the page the person was on in `language`, and remember the choice.

    A plain link (no form, no JavaScript), so that it works on every page, cached ones
    included. A `next` that is not one of our own paths goes to the home page.
    """
    if language not in LANGUAGE_NAMES:
        raise Http404("No such language")
    next_url = request.GET.get("next", "/")
    if not next_url.startswith("/") or not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    return remember_language(HttpResponseRedirect(page_language_url(next_url, language)), language)


def remember_language(response: HttpResponse, language: str | None = None) -> HttpResponse:
    """Keep the person's choice of language (the page's own, unless named) in its cookie,
    read only by the home page."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language or translation.get_language() or settings.LANGUAGE_CODE,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


def other_language(here: str) -> dict:
    """The way from `here` (a path and query) to the same page in the other language:
    its code and name, the page's address there, and the switch that also remembers the
    choice. From the path alone: no database, no host."""
    current = translation.get_language() or settings.LANGUAGE_CODE
    other = next(code for code in LANGUAGE_NAMES if code != current)
    return {
        "code": other,
        "name": LANGUAGE_NAMES[other],
        "href": page_language_url(here, other),
        "switch": f"{reverse('switch_language', args=[other])}?next={quote(here, safe='/')}",
    }


def site_address(path: str) -> str:
    """`path` on the site's own address (SITE_URL), never on the host or scheme a request
    came with: a public page's shared copy is handed to every visitor, whatever host and
    scheme the first one used, and e-mails have no request at all."""
    return settings.SITE_URL.rstrip("/") + path


def _links(request: HttpRequest) -> dict:
    here = request.get_full_path()
    current = translation.get_language() or settings.LANGUAGE_CODE
    other = other_language(here)
    # This page's own address is `here`: only the other language's needs working out.
    address = {current: here, other["code"]: other["href"]}
    alternates = [{"code": code, "href": site_address(address[code])} for code in LANGUAGE_NAMES]
    return {
        "current": current,
        "alternates": alternates,
        "x_default": alternates[0]["href"],
        "other": other,
    }


def language_context(request: HttpRequest) -> dict:
    """`page_language`: this page's language, its alternates (for hreflang) and the way to
    the other language. Worked out only by templates that use it."""
    return {"page_language": SimpleLazyObject(lambda: _links(request))}
