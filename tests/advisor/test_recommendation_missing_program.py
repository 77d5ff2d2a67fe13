"""The recommendation page names the program even when the catalog has lost its row.

Programs are never deleted in the admin (tests/programs/test_admin.py), but a database
restored in part, or a row removed by hand, must not leave a person's recommendation
reading "()" with empty facts: the page still says what to start with, by the codebook's
name, and leaves out only what the catalog's page would have added.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from programs.models import Program
from tests.helpers import Page

pytestmark = pytest.mark.django_db


def recommendation(client, intake) -> Page:
    response = client.get(reverse("advisor:recommendation", kwargs={"token": intake.public_token}))
    assert response.status_code == 200
    return Page.of(response)


def first_card(shown: Page) -> str:
    return shown.find("section", class_="recommended-program").words


def test_it_names_a_first_program_missing_from_the_catalog(client, make_intake):
    intake = make_intake()  # neutral answers: MBSR first, MSC next
    assert (intake.recommendation["first"], intake.recommendation["then"]) == ("MBSR", "MSC")
    Program.objects.filter(code="MBSR").delete()

    shown = recommendation(client, intake)

    assert shown.find("h2", id="first-title").words == "Mindfulness-Based Stress Reduction (MBSR)"
    assert "Why we suggest it" in first_card(shown)
    assert "()" not in shown.soup.get_text()
    assert "weekly sessions" not in first_card(shown)  # no empty facts
    assert "Read more" not in first_card(shown)  # no link to a page that is not there


def test_it_names_a_next_program_missing_from_the_catalog(client, make_intake):
    intake = make_intake()
    Program.objects.filter(code="MSC").delete()

    shown = recommendation(client, intake)

    assert (
        "consider Mindful Self-Compassion (MSC)."
        in shown.find("section", **{"aria-labelledby": "then-title"}).words
    )
    assert "()" not in shown.soup.get_text()
    assert "Read more about MBSR" in first_card(shown)  # the first, still in the catalog


def test_it_shows_the_catalogs_facts_while_the_program_is_there(client, make_intake):
    card = first_card(recommendation(client, make_intake()))

    assert "weekly sessions" in card and "Read more about MBSR" in card
