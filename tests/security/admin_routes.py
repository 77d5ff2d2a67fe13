"""Every URL of every registered model admin that names an object, for the admin sweeps.

Read from the admin site itself (its registry and each admin's get_urls), so that a model
or a view added later, by us or by a library, is in the sweep without anyone listing it.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from urllib.parse import quote

from django.conf import settings
from django.contrib import admin
from django.contrib.admin import ModelAdmin
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import URLPattern, reverse
from django.urls.resolvers import RegexPattern

from config.admin_site import NEEDED_PERMISSION

PARAMETER = re.compile(r"<(?:\w+:)?(\w+)>")
REGEX_GROUP = re.compile(r"\((?:\?P<\w+>)?[^)]*\)")
CSRF = re.compile(r"(csrfmiddlewaretoken\" value=\"|csrftoken=)[\w-]+")
VIEW_ON_SITE = "view_on_site"


@dataclass(frozen=True)
class ObjectRoute:
    """One URL pattern that takes an object's id, e.g. /admin/advisor/notification/<id>/history/."""

    model_admin: ModelAdmin
    route: str  # with its <parameters> left in
    view_name: str  # the admin's method behind it: change_view, delete_view, preview_view...

    @property
    def model(self) -> type[models.Model]:
        return self.model_admin.model

    def url(self, object_id: object, version_id: object) -> str:
        """The route for one object: the first parameter is its id; a version, its version."""
        if self.view_name == VIEW_ON_SITE:
            content_type = ContentType.objects.get_for_model(self.model).pk
            return reverse("admin:view_on_site", args=[content_type, object_id])
        first = PARAMETER.search(self.route).group(1)
        return PARAMETER.sub(
            lambda match: str(object_id if match.group(1) == first else version_id), self.route
        )

    def may_tell(self, user) -> bool:
        """Whether `user` is let in, so that the page may show whether the object exists."""
        if user is None:
            return False
        request = RequestFactory().get("/")
        request.user = user
        if not self.model_admin.has_view_or_change_permission(request):
            return False
        needed = NEEDED_PERMISSION.get(self.view_name)
        return not needed or getattr(self.model_admin, needed)(request)


def object_routes(site=admin.site) -> list[ObjectRoute]:
    """Each registered admin's URLs that take an object, its list filtered to one, and the
    site's "view on site" for its objects."""
    found = []
    for model, model_admin in site._registry.items():
        prefix = reverse(f"{site.name}:{model._meta.app_label}_{model._meta.model_name}_changelist")
        for pattern in model_admin.get_urls():
            route = _as_route(pattern)
            if isinstance(pattern, URLPattern) and PARAMETER.search(route):
                name = getattr(pattern.callback, "__name__", "")
                found.append(ObjectRoute(model_admin, prefix + route, name))
        # The list, asked for one object (a filter on its key, as a link might carry it).
        lookup = f"{prefix}?{model._meta.pk.attname}=<object_id>"
        found.append(ObjectRoute(model_admin, lookup, "changelist_view"))
        found.append(ObjectRoute(model_admin, "view on site", VIEW_ON_SITE))
    return found


def _as_route(pattern: URLPattern) -> str:
    """The pattern with <parameters>; a regular expression's groups (django-simple-history
    writes its version page as one) become <object_id>, then <version_id>."""
    if not isinstance(pattern.pattern, RegexPattern):
        return str(pattern.pattern)
    names = iter(["object_id", "version_id", "extra"])
    route = REGEX_GROUP.sub(lambda _: f"<{next(names)}>", str(pattern.pattern))
    return route.lstrip("^").rstrip("$")


def registered_models(site=admin.site) -> list[type[models.Model]]:
    return list(site._registry)


def missing_id(model: type[models.Model]) -> object:
    """An id no row of the model has, of the kind its primary key takes."""
    if isinstance(model._meta.pk, models.UUIDField):
        return uuid.uuid4()
    highest = model._default_manager.order_by("-pk").values_list("pk", flat=True).first()
    return (highest or 0) + 1000


def version_of(obj: models.Model) -> int:
    """The object's first history version (django-simple-history), or 1 for a model without."""
    history = getattr(type(obj), "history", None)
    if history is None:
        return 1
    first = history.filter(**{type(obj)._meta.pk.attname: obj.pk}).order_by("history_id").first()
    return first.history_id if first else 1


def answer(response: HttpResponse, url: str) -> tuple[int, str, list[str], str]:
    """What a user sees of a response (status, redirect, cookies set, body), with the URL
    asked for and CSRF tokens taken out.

    A login redirect names the page asked for (?next=...): that says nothing the user did
    not type, so the URL itself is blanked, not what surrounds it.
    """

    def plain(text: str) -> str:
        text = text.replace(url, "<url>").replace(quote(url, safe="/"), "<url>")
        return CSRF.sub(r"\1-", text)

    body = b"" if response.streaming else response.content
    return (
        response.status_code,
        plain(response.get("Location", "")),
        # A "does not exist" message would wait in a cookie. The session's and CSRF cookies
        # are renewed on their own schedule, whatever the page.
        sorted(set(response.cookies) - {settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME}),
        plain(body.decode(errors="replace")),
    )
