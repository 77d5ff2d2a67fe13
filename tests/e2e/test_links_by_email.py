"""A participant comes back: by the link e-mailed with their answers, or by "Lost your link?".

The e-mails are read
from Django's test outbox; their links are opened in a fresh browser, as on another day
or another device.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from advisor.models import Intake
from tests.e2e.helpers import (
    PHONE,
    answers,
    expect_accessible,
    fill_intake,
    screenshot,
    submit_intake,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ADDRESS = "robin.private@example.net"
SUGGESTION_LINK = re.compile(r"See your suggestion: (\S+)")
DELETE_LINK = re.compile(r"Delete these answers: (\S+)")


@pytest.fixture(autouse=True)
def links_point_at_the_live_server(settings, site):
    settings.SITE_URL = site
    settings.INTAKE_NOTIFY_EMAILS = []


def test_the_emailed_link_brings_a_participant_back_to_their_suggestion(
    phone, open_page, mailoutbox
):
    phone.goto(reverse("advisor:intake"))
    fill_intake(phone, answers(first_name="Robin", email=ADDRESS))
    phone.get_by_label("Email me the link to my answers").check()
    submit_intake(phone)
    expect(phone.get_by_role("heading", name="Your suggested starting point")).to_be_visible()
    expect(phone.get_by_text("We are emailing you the link")).to_be_visible()

    assert len(mailoutbox) == 1
    body = mailoutbox[0].body
    intake = Intake.objects.get()
    assert mailoutbox[0].to == [ADDRESS]
    assert "Robin" not in body  # nobody confirmed the address: no name, nothing typed

    another_day = open_page(**PHONE)
    another_day.goto(SUGGESTION_LINK.search(body).group(1))
    expect(another_day.get_by_role("heading", name="Your suggested starting point")).to_be_visible()
    another_day.goto(DELETE_LINK.search(body).group(1))
    another_day.get_by_role("button", name=re.compile("delete", re.I)).click()
    expect(another_day.get_by_role("heading", level=1)).to_have_text("Your answers are deleted")
    assert not Intake.objects.filter(pk=intake.pk).exists()


def test_lost_your_link_emails_it_and_says_the_same_for_any_address(phone, open_page, mailoutbox):
    phone.goto(reverse("advisor:intake"))
    fill_intake(phone, answers(first_name="Robin", email=ADDRESS))
    submit_intake(phone)
    expect(phone.get_by_role("heading", name="Your suggested starting point")).to_be_visible()
    assert mailoutbox == []

    phone.goto(reverse("home"))
    phone.get_by_role("navigation", name="Footer").get_by_role(
        "link", name="Lost your link?"
    ).click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Lost the link to your answers?")
    expect_accessible(phone, "lost-link")
    phone.get_by_role("button", name="Email me my links").click()
    expect(phone.get_by_text("Please give the email address you used.")).to_be_visible()
    expect_accessible(phone, "lost-link-error")
    phone.get_by_label("The email address you gave with your answers").fill(ADDRESS.upper())
    phone.get_by_role("button", name="Email me my links").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Check your email")
    screenshot(phone, "lost-link-sent")
    expect_accessible(phone, "lost-link-sent")
    held_page = phone.locator("main").inner_text()

    stranger = open_page(**PHONE)
    stranger.goto(reverse("advisor:lost_link"))
    stranger.get_by_label("The email address you gave with your answers").fill("nobody@example.net")
    stranger.get_by_role("button", name="Email me my links").click()
    expect(stranger.get_by_role("heading", level=1)).to_have_text("Check your email")
    assert stranger.locator("main").inner_text() == held_page

    assert len(mailoutbox) == 1
    stranger.goto(SUGGESTION_LINK.search(mailoutbox[0].body).group(1))
    expect(stranger.get_by_role("heading", name="Your suggested starting point")).to_be_visible()
