"""Small readers for rendered pages, so tests assert on what a visitor sees."""

from __future__ import annotations

from html.parser import HTMLParser

from django.forms import CheckboxInput
from django.http import HttpResponse
from django.urls import reverse


class _TagCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def tags(response: HttpResponse, name: str) -> list[dict[str, str | None]]:
    """The attributes of every `<name>` start tag on the page, in order."""
    parser = _TagCollector()
    parser.feed(response.content.decode())
    return [attrs for tag, attrs in parser.tags if tag == name]


def links(response: HttpResponse) -> list[str]:
    return [attrs["href"] for attrs in tags(response, "a") if attrs.get("href")]


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
