"""The pages nginx serves itself, while Django is down or before a request reaches it.

They are static files, so they cannot include a Django template; they carry a copy of
the crisis note instead, and this keeps the copy word for word the note every Django
page shows.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.template.loader import render_to_string
from django.utils import translation

ERRORS = Path(__file__).resolve().parent.parent.parent / "deploy" / "nginx" / "errors"


@pytest.mark.parametrize("page", ["4xx.html", "5xx.html"])
def test_it_gives_the_same_crisis_note_as_every_django_page(page):
    note = render_to_string("includes/_crisis_note.html").strip()

    assert note in (ERRORS / page).read_text()


@pytest.mark.parametrize("page", ["4xx.html", "5xx.html"])
def test_it_makes_988_a_number_to_dial(page):
    html = (ERRORS / page).read_text()

    assert '<a href="tel:988">988</a>' in html
    assert "Outside the US: call your local emergency number." in html


@pytest.mark.parametrize("page", ["4xx.html", "5xx.html"])
def test_it_gives_the_spanish_crisis_note_too(page):
    # nginx cannot tell which language the page was for: a Spanish speaker finds 988's
    # Spanish service, word for word the note of every Spanish page.
    with translation.override("es"):
        note = render_to_string("includes/_crisis_note.html").strip()

    html = (ERRORS / page).read_text()
    assert note in html
    assert '<a href="https://988lineadevida.org/">988lineadevida.org</a>' in html
