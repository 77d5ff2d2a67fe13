"""The crisis line says the same thing wherever a person meets it.

The crisis note (every page's footer), the crisis panel (the recommendation, the form),
a participant's e-mail: one number, one set of words, so nobody has to wonder whether
two of them differ.
"""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string

from advisor.notifications import links_message
from tests.helpers import Page

pytestmark = pytest.mark.django_db

IN_US = "call or text 988, the Suicide & Crisis Lifeline, at any hour"
OUTSIDE_US = "call your local emergency number"


def test_it_gives_the_line_in_the_crisis_note():
    note = Page(render_to_string("includes/_crisis_note.html")).find("p", class_="crisis-note")

    assert note.words == (
        "Struggling right now? You do not have to wait for a course. "
        f"In the US: {IN_US}. Outside the US: {OUTSIDE_US}."
    )
    assert note.find("a", href="tel:988").words == "988"


def test_it_gives_the_same_line_in_the_crisis_panel():
    panel = Page(render_to_string("includes/_crisis_panel.html")).find("section")

    items = [item.words for item in panel.find_all("li")]
    assert items[:2] == [f"In the US: {IN_US}.", f"Outside the US: {OUTSIDE_US}."]
    assert panel.find("a", href="tel:988").words == "988"


def test_it_gives_the_same_line_in_a_participants_email(make_intake):
    _, body = links_message([make_intake()])

    assert body.rstrip().endswith(
        f"Struggling right now? In the US: {IN_US}. Outside the US: {OUTSIDE_US}."
    )
