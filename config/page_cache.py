"""Whole-page caching for the public catalog and directory pages.

These pages are the same for every visitor and hold nothing personal, so a
rendered copy is kept in the shared cache. Any change to a program, reference,
provider or offering (an edit in the admin) bumps a version number that is part
of every key, so the next request renders afresh: edits show at once. Pages
also expire after PAGE_TTL, because "upcoming" courses change with the date.
"""

from __future__ import annotations

import functools
import hashlib
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

VERSION_KEY = "public-pages:version"
PAGE_TTL = 10 * 60


def bump_version(**_signal_kwargs) -> None:
    """Invalidate every cached public page (connected to the catalog's save/delete signals)."""
    cache.set(VERSION_KEY, time.time_ns(), timeout=None)


def invalidate_on_changes(*models, through=()) -> None:
    """Bump the version whenever any of these models, or m2m tables, change."""
    from django.db.models.signals import m2m_changed, post_delete, post_save

    for model in models:
        post_save.connect(bump_version, sender=model, dispatch_uid=f"pages-save-{model.__name__}")
        post_delete.connect(bump_version, sender=model, dispatch_uid=f"pages-del-{model.__name__}")
    for table in through:
        m2m_changed.connect(bump_version, sender=table, dispatch_uid=f"pages-m2m-{table.__name__}")


def public_pages_version() -> int:
    """Changes whenever the catalog or directory changes; part of every cache key."""
    version = cache.get(VERSION_KEY)
    if version is None:
        version = time.time_ns()
        cache.add(VERSION_KEY, version, timeout=None)
        version = cache.get(VERSION_KEY, version)
    return version


def cached_public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        # Signed-in staff may have messages waiting in their session: render for them.
        if request.method not in ("GET", "HEAD") or settings.SESSION_COOKIE_NAME in request.COOKIES:
            return view(request, *args, **kwargs)
        path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
        key = f"public-page:{public_pages_version()}:{path}"
        stored = cache.get(key)
        if stored is not None:
            content, content_type = stored
            return HttpResponse(content, content_type=content_type)
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        if response.status_code == 200 and not response.streaming:
            cache.set(key, (response.content, response["Content-Type"]), timeout=PAGE_TTL)
        return response

    return wrapper
