"""An error met under /es/ is explained in Spanish, whoever makes the page.

Django's handlers (404, 500), the CSRF refusal, and the pages made before the request
reaches a view (a body refused unread, the database away) each render in the language of
the path asked for, never in the language the process served last.
"""

from __future__ import annotations

import pytest
from django.test import RequestFactory
from django.test.client import MULTIPART_CONTENT
from django.utils import translation

from config import error_pages
from tests.advisor.intakes import neutral_post
from tests.clients import FormClient
from tests.helpers import Page

pytestmark = pytest.mark.django_db


def heading(response) -> str:
    page = Page.of(response)
    assert page.soup.html["lang"] == "es"
    return page.find("h1").words


def test_a_page_not_found_under_es_is_in_spanish(client):
    response = client.get("/es/no-such-page/")

    assert response.status_code == 404
    assert heading(response) == "No encontramos esa página"


def test_a_broken_page_under_es_says_so_in_spanish(settings):
    del settings.INTAKE_RETENTION_DAYS  # the privacy page needs it: it breaks
    browser = FormClient(raise_request_exception=False)

    response = browser.get("/es/privacy/")

    assert response.status_code == 500
    assert heading(response) == "Algo falló de nuestro lado"
    switch = Page.of(response).find("a", class_="language-switch")
    assert (switch.words, switch["href"]) == ("English", "/language/en/?next=/es/privacy/")


def test_a_forgery_refusal_under_es_is_in_spanish():
    response = FormClient(enforce_csrf_checks=True).post("/es/intake/", neutral_post())

    assert response.status_code == 403
    assert heading(response) == "Por favor, envíe el formulario otra vez"


def test_a_body_refused_unread_under_es_is_in_spanish(client):
    response = client.post("/es/intake/", {"first_name": "Lucía"}, MULTIPART_CONTENT)

    assert response.status_code == 400
    assert heading(response) == "No pudimos leer lo que se envió"


OUTAGE = {
    "es": ("Estamos teniendo problemas en este momento", "Sus respuestas no se guardaron."),
    "en": ("We are having trouble right now", "Your answers were not saved."),
}


@pytest.mark.parametrize(("path", "lang"), [("/es/intake/", "es"), ("/intake/", "en")])
def test_the_database_outage_page_follows_the_path_not_the_last_request(path, lang):
    request = RequestFactory().post(path)

    with translation.override("es" if lang == "en" else "en"):
        response = error_pages.database_unavailable_page(request)

    page = Page(response.content.decode())
    assert response.status_code == 503
    assert page.soup.html["lang"] == lang
    title, not_saved = OUTAGE[lang]
    assert page.find("h1").words == title
    assert not_saved in page.find("main").words


def test_a_page_made_without_the_request_has_no_empty_language_switch():
    # A body refused before it was read: no request reaches the template, so no switch,
    # rather than a button with nothing on it.
    page = Page(error_pages.bad_request_page().content.decode())

    assert page.find(class_="language-switch") is None
    assert page.find("link", rel="alternate") is None
