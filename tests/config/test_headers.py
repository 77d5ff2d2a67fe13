"""Security headers, and pages the Content Security Policy does not have to break.

The policy forbids inline scripts and styles, so our own
pages must carry none: a page that did would be broken in every browser.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.urls import reverse

from advisor.models import Intake
from tests.advisor.admin.helpers import change_url, changelist_url
from tests.advisor.intakes import neutral_post
from tests.helpers import Page, inline_code

pytestmark = pytest.mark.django_db

# Referrer policies under which a link to a provider's website carries no path, so no token.
NO_PATH_ACROSS_SITES = {"no-referrer", "same-origin", "strict-origin", "origin"}


def policy(response: HttpResponse) -> dict[str, list[str]]:
    """The Content-Security-Policy header as directive -> sources."""
    directives = {}
    for directive in response["Content-Security-Policy"].split(";"):
        name, *sources = directive.split()
        directives[name] = sources
    return directives


@pytest.fixture
def intake(client) -> Intake:
    """A crisis intake, submitted through the form: its page has the most to show."""
    response = client.post(
        reverse("advisor:intake"), {**neutral_post(), "self_harm_thoughts": "yes"}
    )
    assert response.status_code == 302
    return Intake.objects.get()


@pytest.fixture
def open_page(client, clinician, intake) -> Callable[[str], HttpResponse]:
    """GET one of the pages the issue names, as the person who would open it."""

    def open_(name: str) -> HttpResponse:
        if name == "admin intake list":
            client.force_login(clinician)
            url = changelist_url()
        else:
            url = {
                "home": reverse("home"),
                "intake": reverse("advisor:intake"),
                "recommendation": intake.get_absolute_url(),
            }[name]
        response = client.get(url)
        assert response.status_code == 200
        return response

    return open_


ALL_PAGES = ["home", "intake", "recommendation", "admin intake list"]
PRIVATE_PAGES = ["intake", "recommendation", "admin intake list"]


@pytest.mark.parametrize("name", ALL_PAGES)
def test_it_allows_only_its_own_origin_by_default(open_page, name):
    assert policy(open_page(name))["default-src"] == ["'self'"]


@pytest.mark.parametrize("name", ALL_PAGES)
def test_it_allows_no_plugins(open_page, name):
    assert policy(open_page(name))["object-src"] == ["'none'"]


@pytest.mark.parametrize("name", ALL_PAGES)
def test_it_allows_no_base_element(open_page, name):
    assert policy(open_page(name))["base-uri"] == ["'none'"]


@pytest.mark.parametrize("name", ALL_PAGES)
def test_it_cannot_be_framed_by_another_site(open_page, name):
    assert policy(open_page(name))["frame-ancestors"] == ["'none'"]


@pytest.mark.parametrize("name", ALL_PAGES)
def test_it_allows_no_inline_scripts_or_styles(open_page, name):
    header = open_page(name)["Content-Security-Policy"]

    assert "'unsafe-inline'" not in header
    assert "'unsafe-eval'" not in header


@pytest.mark.parametrize("name", ALL_PAGES)
def test_it_tells_browsers_not_to_guess_content_types(open_page, name):
    assert open_page(name)["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("name", ALL_PAGES)
def test_it_never_sends_a_page_address_to_other_sites(open_page, name):
    # A click from the recommendation page to a provider must not carry the private link.
    assert open_page(name)["Referrer-Policy"] in NO_PATH_ACROSS_SITES


@pytest.mark.parametrize("name", PRIVATE_PAGES)
def test_it_tells_browsers_and_proxies_not_to_store_private_pages(open_page, name):
    assert "no-store" in open_page(name)["Cache-Control"]


def test_it_does_not_store_an_admin_change_page(client, clinician, intake):
    client.force_login(clinician)

    response = client.get(change_url(intake))

    assert "no-store" in response["Cache-Control"]


def test_it_does_not_store_the_admin_login_page(client):
    response = client.get(reverse("admin:login"))

    assert "no-store" in response["Cache-Control"]


def test_it_sends_the_policy_with_an_error_page(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert policy(response)["default-src"] == ["'self'"]


# Our own pages: nothing inline for the policy to block.


OUR_PAGES = {
    "home": lambda intake: reverse("home"),
    "privacy": lambda intake: reverse("privacy"),
    "program list": lambda intake: reverse("programs:list"),
    "program page": lambda intake: reverse("programs:detail", kwargs={"slug": "mbsr"}),
    "directory": lambda intake: reverse("providers:list"),
    "provider page": lambda intake: reverse(
        "providers:detail", kwargs={"slug": "ucsd-center-for-mindfulness"}
    ),
    "intake": lambda intake: reverse("advisor:intake"),
    "recommendation": lambda intake: intake.get_absolute_url(),
    "delete confirmation": lambda intake: reverse(
        "advisor:delete", kwargs={"token": intake.public_token}
    ),
    "answers deleted": lambda intake: reverse("advisor:deleted"),
    "not found": lambda intake: "/no-such-page/",
}


@pytest.mark.parametrize("name", OUR_PAGES)
def test_it_puts_no_inline_code_on_our_pages(client, intake, name):
    response = client.get(OUR_PAGES[name](intake))
    assert response.status_code in (200, 404)

    assert inline_code(response) == []


def test_it_puts_no_inline_code_on_the_intake_with_errors(client):
    response = client.post(reverse("advisor:intake"), {"first_name": "Robin"})
    assert response.status_code == 200

    assert inline_code(response) == []


def test_it_puts_no_inline_code_on_the_not_saved_page(client):
    response = client.post(reverse("advisor:intake"), {**neutral_post(), "contact_website": "x"})
    assert response.status_code == 400

    assert inline_code(response) == []


def test_it_hides_the_honeypot_without_an_inline_style(client):
    # The box bots fill must be hidden by the stylesheet, since style= is blocked.
    page = Page.of(client.get(reverse("advisor:intake")))

    box = page.find("input", name="contact_website")
    stylesheet = Path(finders.find("css/site.css")).read_text()

    assert box is not None
    assert "style" not in box.attrs
    assert any("hp-field" in (parent.get("class") or []) for parent in box.parents)
    assert re.search(r"\.hp-field\s*{\s*display:\s*none", stylesheet)


def test_it_puts_no_inline_script_on_the_admin_intake_list(client, clinician, intake):
    client.force_login(clinician)

    response = client.get(changelist_url())

    assert [s for s in Page.of(response).find_all("script") if not s.attrs.get("src")] == []


def test_it_puts_no_inline_script_on_the_admin_intake_page(client, clinician, intake):
    client.force_login(clinician)

    response = client.get(change_url(intake))

    assert [s for s in Page.of(response).find_all("script") if not s.attrs.get("src")] == []
