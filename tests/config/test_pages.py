from __future__ import annotations

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from pytest_django.asserts import assertContains

from programs.models import Program
from tests.helpers import Page, links

PUBLIC_PAGES = {
    "home": lambda: reverse("home"),
    "privacy": lambda: reverse("privacy"),
    "program list": lambda: reverse("programs:list"),
    "program page": lambda: reverse("programs:detail", kwargs={"slug": "msc"}),
    "directory": lambda: reverse("providers:list"),
    "directory, filtered": lambda: "/providers/?program=MSC&format=online",
    "provider page": lambda: reverse(
        "providers:detail", kwargs={"slug": "ucsd-center-for-mindfulness"}
    ),
    "not found": lambda: reverse("programs:detail", kwargs={"slug": "no-such-program"}),
}


def _get(client, name: str):
    response = client.get(PUBLIC_PAGES[name]())
    assert response.status_code == (404 if name == "not found" else 200)
    return response


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["MBSR", "MBCT", "MSC"])
def test_it_links_the_home_page_to_each_program(client, code):
    program = Program.objects.get(code=code)

    response = client.get(reverse("home"))

    assertContains(response, program.name)
    assert program.get_absolute_url() in links(response)


@pytest.mark.django_db
def test_it_links_the_home_page_to_the_course_finder_and_the_organisations(client):
    response = client.get(reverse("home"))

    assertContains(response, f'<a href="{reverse("courses:list")}">Find a course</a>', html=True)
    assertContains(
        response, f'<a href="{reverse("providers:list")}">browse the organisations</a>', html=True
    )


@pytest.mark.django_db
def test_it_invites_people_to_the_intake_from_the_home_page(client):
    response = client.get(reverse("home"))

    assertContains(
        response,
        f'<a class="btn btn-primary btn-lg" href="{reverse("advisor:intake")}">'
        "Find your starting point</a>",
        html=True,
    )


@pytest.mark.django_db
def test_it_shows_the_privacy_page(client):
    response = client.get(reverse("privacy"))

    assertContains(response, "<h1>Privacy</h1>", html=True)
    assertContains(response, "uses no tracking or advertising tools")
    assertContains(response, "Delete my answers")


@pytest.mark.django_db
@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_it_offers_a_skip_link_to_the_main_content(client, name):
    html = Page.of(_get(client, name))

    assert html.find("a").attrs == {"class": ["skip-link"], "href": "#main"}
    assert [main.get("id") for main in html.find_all("main")] == ["main"]


@pytest.mark.django_db
@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_it_labels_every_navigation_landmark(client, name):
    navs = Page.of(_get(client, name)).find_all("nav")

    assert navs
    assert all(nav.get("aria-label") for nav in navs)


@pytest.mark.django_db
@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_it_declares_the_page_language(client, name):
    html = Page.of(_get(client, name))

    assert [element.attrs for element in html.find_all("html")] == [{"lang": "en"}]


@pytest.mark.django_db
@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_it_loads_styles_and_scripts_only_from_our_own_static_files(client, name):
    html = Page.of(_get(client, name))

    # rel="alternate" names the page in the other language (hreflang), loading nothing.
    loaded = [link for link in html.find_all("link") if "alternate" not in link.get("rel", [])]
    assets = [link.get("href") for link in loaded] + [
        script.get("src") for script in html.find_all("script") if "src" in script.attrs
    ]
    assert assets, "the page should load its stylesheets"
    assert all(asset and asset.startswith("/static/") for asset in assets), assets
    assert not any("http://" in asset or "https://" in asset for asset in assets), assets


def test_it_renders_the_error_page_without_a_request():
    html = render_to_string("500.html")

    assert "Something went wrong on our side" in html
    assert '<a class="site-brand" href="/">Mindful Path</a>' in html
