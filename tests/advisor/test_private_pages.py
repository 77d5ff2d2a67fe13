"""Pages about one person are never cached and are kept out of search engines.

Each says so twice: in an X-Robots-Tag header, for crawlers that read headers, and in the
page's own robots meta, for those that read the page (config.private.private_page).
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.advisor.intakes import neutral_post
from tests.helpers import Page

pytestmark = pytest.mark.django_db


def assert_private(response) -> None:
    assert "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    robots = Page.of(response).find_all("meta", name="robots")
    assert [meta["content"] for meta in robots] == ["noindex, nofollow"]


@pytest.fixture
def saved_link(client) -> str:
    response = client.post(reverse("advisor:intake"), neutral_post())
    assert response.status_code == 302
    return response["Location"]


@pytest.mark.parametrize(
    "name", ["advisor:intake", "advisor:lost_link", "advisor:lost_link_sent", "advisor:deleted"]
)
def test_it_keeps_each_private_page_private(client, name):
    assert_private(client.get(reverse(name)))


def test_it_keeps_the_recommendation_private(client, saved_link):
    assert_private(client.get(saved_link))


def test_it_keeps_the_deletion_pages_private(client, saved_link):
    token = saved_link.rstrip("/").rsplit("/", 1)[-1]

    assert_private(client.get(reverse("advisor:delete", args=[token])))
    assert_private(client.get(reverse("advisor:delete", args=["no-such-link"])))


def test_it_keeps_the_form_with_errors_private(client):
    assert_private(client.post(reverse("advisor:intake"), {**neutral_post(), "email": ""}))


def test_it_keeps_a_refused_form_private(client, settings):
    settings.INTAKE_RATE_LIMIT = 0

    response = client.post(reverse("advisor:intake"), neutral_post())

    assert response.status_code == 429
    assert_private(response)


def test_it_keeps_a_bots_refusal_private(client):
    response = client.post(reverse("advisor:intake"), {**neutral_post(), "contact_website": "x"})

    assert response.status_code == 400
    assert_private(response)


def test_it_leaves_public_pages_to_search_engines(client):
    response = client.get(reverse("privacy"))

    assert "X-Robots-Tag" not in response
    assert Page.of(response).find("meta", name="robots") is None


def test_it_answers_an_unknown_link_with_the_sites_own_not_found_page(client):
    response = client.get(reverse("advisor:recommendation", args=["no-such-link"]))

    assert response.status_code == 404
    assert Page.of(response).find("meta", name="robots") is None
