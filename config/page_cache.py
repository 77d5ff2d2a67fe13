"""Whole-page caching for the public catalog and directory pages.

These pages are the same for every visitor and hold nothing personal, so a
rendered copy is kept in the shared cache. Any change to a program, reference,
provider or offering (an edit in the admin) bumps a version number that is stored
with every copy, so the next request renders afresh: edits show at once. Pages
also expire after PAGE_TTL, because "upcoming" courses change with the date.

Redis (CACHE_URL) may be away: a page is then rendered uncached, and an editor's save
still succeeds (see bump_version).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import logging
import time
from collections.abc import Callable, Collection, Mapping
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.http import urlencode

from config.outages import REDIS_UNREACHABLE

logger = logging.getLogger(__name__)

VERSION_KEY = "public-pages:version"
PAGE_TTL = 10 * 60
# A copy holds the body and every header (_copy). Copies kept in an older shape, under
# another prefix, are never read: they run out with their PAGE_TTL.
COPY_PREFIX = "public-page:with-headers:"

# Set when this process could not bump the version (Redis away during an editor's save).
_bump_owed = False


def bump_version(**_signal_kwargs) -> None:
    """Invalidate every cached public page (connected to the catalog's save/delete signals).

    An editor's save must succeed while Redis is away, so a bump that cannot be made is
    owed instead: this process makes it before it next reads a copy (stored_copies), so
    the editor looking at the site sees the edit. Another process or node may serve a
    copy made before the edit once Redis is back, until this one pays its debt or the
    copy's PAGE_TTL runs out: ten minutes of a stale directory, which the same TTL already
    accepts for "upcoming" courses, against a failed save.
    """
    global _bump_owed
    try:
        cache.set(VERSION_KEY, time.time_ns(), timeout=None)
    except REDIS_UNREACHABLE:
        _bump_owed = True
        logger.warning("The shared cache cannot be reached; public pages refresh when it is")
    else:
        _bump_owed = False


def _pay_owed_bump() -> None:
    """Make the bump an edit could not make (raising, as any read would, if still away)."""
    global _bump_owed
    if _bump_owed:
        cache.set(VERSION_KEY, time.time_ns(), timeout=None)
        _bump_owed = False


def invalidate_on_changes(*models, through=()) -> None:
    """Bump the version whenever any of these models, or m2m tables, change."""
    from django.db.models.signals import m2m_changed, post_delete, post_save

    for model in models:
        post_save.connect(bump_version, sender=model, dispatch_uid=f"pages-save-{model.__name__}")
        post_delete.connect(bump_version, sender=model, dispatch_uid=f"pages-del-{model.__name__}")
    for table in through:
        m2m_changed.connect(bump_version, sender=table, dispatch_uid=f"pages-m2m-{table.__name__}")


def public_pages_version() -> int:
    """Changes whenever the catalog or directory changes; stored with every cached copy."""
    version = cache.get(VERSION_KEY)
    if version is None:
        version = time.time_ns()
        cache.add(VERSION_KEY, version, timeout=None)
        version = cache.get(VERSION_KEY, version)
    return version


def stored_copies(keys: list[str]) -> tuple[dict[str, Any], int]:
    """The up-to-date copies stored under `keys`, and the version to store new ones with.

    The version travels inside each stored value rather than in its key, so one cache
    read fetches the version and every copy: one round trip, where a versioned key
    would need two.
    """
    _pay_owed_bump()
    found = cache.get_many([VERSION_KEY, *keys])
    version = found.get(VERSION_KEY)
    if version is None:
        version = public_pages_version()
    fresh = {key: found[key][1] for key in keys if key in found and found[key][0] == version}
    return fresh, version


def fragment_version() -> int:
    """The version for a cached fragment's key: while Redis is away, one no fragment was
    kept under, so the fragment is drawn afresh (and a copy that comes back with Redis is
    never mistaken for a fresh one)."""
    try:
        _pay_owed_bump()
        return public_pages_version()
    except REDIS_UNREACHABLE:
        return time.time_ns()


def keep_copies(copies: dict[str, Any], version: int) -> None:
    # Stored with the version read before rendering: if an edit lands mid-render, the
    # copies are already stale and the next request renders afresh.
    cache.set_many({key: (version, value) for key, value in copies.items()}, timeout=PAGE_TTL)


def cached_public_page(
    view: Callable[..., HttpResponse], query: Mapping[str, Collection[str]] | None = None
) -> Callable[..., HttpResponse]:
    """Keep a shared copy of the page, one per combination of the `query` values it allows.

    `query` maps each query parameter the page reads to the values worth a copy of their
    own. A request with any other parameter or value is rendered but not kept, so the
    number of copies is fixed by the code, not by whoever makes up query strings.
    """
    allowed = query or {}

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        # Signed-in staff may have messages waiting in their session: render for them.
        if request.method not in ("GET", "HEAD") or has_session(request):
            return view(request, *args, **kwargs)
        variant = _variant(request, allowed)
        if variant is None:
            return view(request, *args, **kwargs)
        key = COPY_PREFIX + hashlib.sha256(f"{request.path}?{variant}".encode()).hexdigest()
        try:
            stored, version = stored_copies([key])
        except REDIS_UNREACHABLE:
            # A public page needs no cache to be right: serve it rendered while Redis is away
            # (the database cache's failures are the database's, answered as an outage).
            logger.warning("The shared cache cannot be reached; %s rendered uncached", request.path)
            return view(request, *args, **kwargs)
        if key in stored:
            return _served(stored[key])
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        if response.status_code == 200 and not response.streaming:
            with contextlib.suppress(*REDIS_UNREACHABLE):
                keep_copies({key: _copy(response)}, version)
        return response

    return wrapper


def _copy(response: HttpResponse) -> dict[str, Any]:
    """What a hit needs to answer as the miss did: the body and every header the view set
    (its content type, a calendar file's name, a Vary...). Cookies are left out: a shared
    copy must never hand one visitor's cookie to the next."""
    return {"content": response.content, "headers": dict(response.headers)}


def _served(copy: dict[str, Any]) -> HttpResponse:
    return HttpResponse(copy["content"], headers=copy["headers"])


def _variant(request: HttpRequest, allowed: Mapping[str, Collection[str]]) -> str | None:
    """The query string in one canonical order, or None when it asks for an uncached page."""
    pairs = []
    for name, values in request.GET.lists():
        if name not in allowed or len(values) != 1 or values[0] not in allowed[name]:
            return None
        pairs.append((name, values[0]))
    return urlencode(sorted(pairs))


def has_session(request: HttpRequest) -> bool:
    """Whether the visitor has a session, whose messages a shared copy must never show."""
    return settings.SESSION_COOKIE_NAME in request.COOKIES
