"""English at its own paths, Spanish under /es/: which language a page is in, and the
ways between them (the switch, hreflang, the browser's language on a first visit)."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.django_db


def html_lang(response) -> str:
    return BeautifulSoup(response.content, "html.parser").html["lang"]


@pytest.mark.parametrize(
    ("path", "lang"),
    [
        ("/", "en"),
        ("/es/", "es"),
        ("/courses/", "en"),
        ("/es/courses/", "es"),
        ("/es/intake/", "es"),
        ("/es/privacy/", "es"),
        ("/es/programs/msc/", "es"),
    ],
)
def test_a_page_is_in_the_language_its_address_names(client, path, lang):
    response = client.get(path)
    assert response.status_code == 200
    assert html_lang(response) == lang


def test_the_spanish_pages_skip_link_is_in_spanish(client):
    soup = BeautifulSoup(client.get("/es/").content, "html.parser")
    assert soup.select_one("a.skip-link").get_text(strip=True) == "Ir al contenido principal"


def test_a_first_visit_from_a_spanish_browser_goes_to_the_spanish_home_page(client):
    response = client.get("/", headers={"accept-language": "es-US,es;q=0.9,en;q=0.5"})
    assert response.status_code == 302
    assert response["Location"] == "/es/"
    assert "Accept-Language" in response["Vary"] and "Cookie" in response["Vary"]


def test_an_english_browser_stays_on_the_english_home_page(client):
    response = client.get("/", headers={"accept-language": "en-US,en;q=0.9"})
    assert response.status_code == 200
    assert html_lang(response) == "en"


def test_a_person_who_chose_english_is_not_sent_to_spanish_again(client):
    client.get("/language/en/?next=/")
    response = client.get("/", headers={"accept-language": "es"})
    assert response.status_code == 200
    assert html_lang(response) == "en"


def test_only_the_home_page_reads_the_browsers_language(client):
    response = client.get("/courses/", headers={"accept-language": "es"})
    assert response.status_code == 200
    assert html_lang(response) == "en"


def test_the_switch_keeps_the_page_and_its_filters_and_remembers_the_choice(client):
    response = client.get("/language/es/?next=/courses/%3Fprogram%3DMSC%26format%3Donline")
    assert response.status_code == 302
    assert response["Location"] == "/es/courses/?program=MSC&format=online"
    assert response.cookies["mp_language"].value == "es"
    back = client.get("/language/en/?next=/es/courses/%3Fprogram%3DMSC")
    assert back["Location"] == "/courses/?program=MSC"
    # Chosen once, remembered on the bare address.
    client.get("/language/es/?next=/")
    assert client.get("/")["Location"] == "/es/"


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/", "javascript:x"])
def test_the_switch_never_leaves_the_site(client, next_url):
    response = client.get("/language/es/", {"next": next_url})
    assert response["Location"] == "/es/"


def test_the_switch_names_the_other_language_in_that_language(client):
    english = BeautifulSoup(client.get("/courses/?program=MSC").content, "html.parser")
    link = english.select_one("a.language-switch")
    assert link.get_text(strip=True) == "Español"
    assert link["lang"] == "es"
    spanish = BeautifulSoup(client.get("/es/courses/?program=MSC").content, "html.parser")
    assert spanish.select_one("a.language-switch").get_text(strip=True) == "English"


def test_each_public_page_names_its_other_language_version_for_search_engines(client, settings):
    settings.SITE_URL = "https://intake.example.org"
    settings.ALLOWED_HOSTS = ["testserver", "other.example.org"]
    # On the site's own address, whatever host the request (and so a shared copy) came by.
    for host in ("testserver", "other.example.org"):
        page = client.get("/es/courses/?program=MSC", headers={"host": host})
        soup = BeautifulSoup(page.content, "html.parser")
        links = soup.select('link[rel="alternate"]')
        assert {link["hreflang"]: link["href"] for link in links} == {
            "en": "https://intake.example.org/courses/?program=MSC",
            "es": "https://intake.example.org/es/courses/?program=MSC",
            "x-default": "https://intake.example.org/courses/?program=MSC",
        }


@pytest.mark.parametrize(
    ("language", "next_url", "landing"),
    [
        ("en", "/es/no-such-page/", "/no-such-page/"),
        ("es", "/no-such-page/?a=1", "/es/no-such-page/?a=1"),
    ],
)
def test_the_switch_on_a_not_found_page_leads_to_the_other_languages(
    client, language, next_url, landing
):
    response = client.get(f"/language/{language}/", {"next": next_url})
    assert response["Location"] == landing
    assert html_lang(client.get(landing)) == language


@pytest.mark.parametrize(
    "path", ["/fr/", "/es/admin/", "/es/healthz", "/language/fr/", "/xx/intake/"]
)
def test_an_unknown_language_or_a_staff_page_under_es_is_not_found(client, path):
    assert client.get(path).status_code == 404


def test_staff_pages_stay_in_english(client):
    response = client.get("/admin/login/", headers={"accept-language": "es"})
    assert html_lang(response) in ("en", "en-us")


@pytest.mark.parametrize("persona", ["editor", "clinician", "superuser"])
def test_the_switch_takes_staff_to_the_same_english_admin_page(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    response = client.get("/language/es/?next=/admin/advisor/intake/")
    assert response.status_code == 302
    # The admin has one address, in English: the switch changes nothing there.
    assert response["Location"] == "/admin/advisor/intake/"
    assert html_lang(client.get("/admin/", follow=True)) in ("en", "en-us")
