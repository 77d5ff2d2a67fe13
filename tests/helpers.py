"""Small readers for rendered pages, so tests assert on what a visitor sees.

Pages are read with BeautifulSoup (Python's own html.parser underneath); `Page` only
gives it the few words the tests speak: find, find_all, `within=`, and `.words`.
"""

from __future__ import annotations

from bs4 import BeautifulSoup, Tag
from django.forms import CheckboxInput
from django.http import HttpResponse
from django.urls import reverse


class Element(Tag):
    """One element of a page: BeautifulSoup's Tag (`.name`, `.attrs`, `.parents`, ...)."""

    @property
    def words(self) -> str:
        """The text inside, as a reader sees it: whitespace collapsed."""
        return " ".join(self.get_text().split())


class Page:
    """A rendered page: `Page.of(response).find("section", class_="crisis-panel").words`.

    find and find_all take a tag name and attribute values (`class_` matches one of the
    classes, as in BeautifulSoup); `within=` looks only inside another element.
    """

    def __init__(self, html: str) -> None:
        self.soup = BeautifulSoup(html, "html.parser", element_classes={Tag: Element})

    @classmethod
    def of(cls, response: HttpResponse) -> Page:
        return cls(response.content.decode())

    def find_all(
        self, tag: str | None = None, *, within: Element | None = None, **attrs: str
    ) -> list[Element]:
        """Every matching element, in document order."""
        scope = self.soup if within is None else within
        return scope.find_all(tag or True, attrs=_attribute_filter(attrs))

    def find(
        self, tag: str | None = None, *, within: Element | None = None, **attrs: str
    ) -> Element | None:
        scope = self.soup if within is None else within
        return scope.find(tag or True, attrs=_attribute_filter(attrs))

    def label_for(self, element_id: str) -> str:
        label = self.find("label", **{"for": element_id})
        return label.words if label else ""


def _attribute_filter(attrs: dict[str, str]) -> dict[str, str]:
    # `name=` and `class_=` are attribute filters here, not BeautifulSoup's own arguments.
    if "class_" in attrs:
        attrs["class"] = attrs.pop("class_")
    return attrs


def links(response: HttpResponse) -> list[str]:
    """Where the page's links lead, in order."""
    return [a["href"] for a in Page.of(response).find_all("a") if a.get("href")]


def listed_providers(response: HttpResponse) -> set[str]:
    """Slugs of the providers a page links to (the directory's cards, a program's list)."""
    list_url = reverse("providers:list")
    slugs = set()
    for href in links(response):
        if href.startswith(list_url) and href != list_url and "?" not in href:
            slugs.add(href[len(list_url) :].strip("/"))
    return slugs


def admin_form_data(response: HttpResponse) -> dict[str, str | list[str]]:
    """The POST data an admin change page would submit unchanged, inlines included."""
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms.append(inline.formset.management_form)
        forms.extend(inline.formset.forms)
    data: dict[str, str | list[str]] = {}
    for form in forms:
        for field in form:
            value = field.value()
            if isinstance(field.field.widget, CheckboxInput):
                if value:
                    data[field.html_name] = "on"
            elif isinstance(value, list | tuple):
                data[field.html_name] = [str(item) for item in value]
            elif value is not None:
                data[field.html_name] = str(value)
    return data


def inline_code(response: HttpResponse) -> list[str]:
    """Inline scripts, <style> blocks and style= attributes on the page, as tag names: what
    the Content Security Policy, which allows none, would block."""
    found = []
    for element in Page.of(response).find_all():
        if element.name == "script" and not element.attrs.get("src"):
            found.append("<script> without src")
        if element.name == "style":
            found.append("<style>")
        if "style" in element.attrs:
            found.append(f"<{element.name} style=...>")
        found.extend(f"<{element.name} {name}=...>" for name in element.attrs if name[:2] == "on")
    return found
