"""Browser features denied, no cacheable password page, staff passwords that resist
guessing, consent that is a tick, and names that display as typed.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from advisor.models import Intake

pytestmark = pytest.mark.django_db


def denied_features(response) -> set[str]:
    features = set()
    for directive in response["Permissions-Policy"].split(","):
        name, _, allow = directive.strip().partition("=")
        if allow == "()":
            features.add(name)
    return features


@pytest.mark.parametrize("url", ["/", "/intake/", "/admin/login/"])
def test_it_denies_the_browser_features_the_site_does_not_use(client, url):
    response = client.get(url)

    assert {"camera", "microphone", "geolocation", "payment", "usb"} <= denied_features(response)


def test_the_password_change_page_is_never_cached(sign_in):
    client = sign_in("clinician")

    for name in ("admin:password_change", "admin:password_change_done"):
        cache_control = client.get(reverse(name))["Cache-Control"]
        assert "no-store" in cache_control or "private" in cache_control, name


@pytest.mark.parametrize(
    ("username", "password"),
    [
        ("clin", "clin1234"),  # the probe's
        ("clin", "clinic-anteater-92"),  # long, but holds the username
        ("chen", "NEHC-rivers-and-stones"),  # the username backwards, in capitals
        ("dana", "short-pass1"),  # eleven characters
    ],
)
def test_it_refuses_a_weak_staff_password(django_user_model, username, password):
    user = django_user_model(username=username)

    with pytest.raises(ValidationError):
        validate_password(password, user)


def test_it_accepts_a_long_password_unlike_the_username(django_user_model):
    validate_password("moss-lantern-harbour-7", django_user_model(username="clin"))


@pytest.mark.parametrize("value", ["0", "false", "no", "off", "", "1", "yes", "true"])
def test_only_a_ticked_box_counts_as_consent(client, post_intake, value):
    response = post_intake(consent=value)

    assert response.status_code == 200  # the form again, with its error
    assert not Intake.objects.exists()


def test_a_ticked_box_is_consent(client, post_intake):
    assert post_intake(consent="on").status_code == 302


@pytest.mark.parametrize(
    "name",
    [
        "Robin\u202egnp.exe",  # right-to-left override
        "\u2066Robin\u2069",  # isolates
        "Rob\u200ein",  # left-to-right mark
        "Robin\x07",  # a control character
        "Ro\u00adbin",  # soft hyphen, invisible
    ],
)
def test_it_refuses_a_name_with_control_or_direction_characters(post_intake, name):
    response = post_intake(first_name=name)

    assert response.status_code == 200
    assert "ordinary punctuation" in response.content.decode()
    assert not Intake.objects.exists()


# Arabic, and Persian with the zero-width non-joiner its spelling needs.
OTHER_SCRIPTS = ["Renée", "\u0645\u062d\u0645\u062f", "\u0645\u06cc\u200c\u062e", "O'Brien"]


@pytest.mark.parametrize("name", OTHER_SCRIPTS)
def test_it_accepts_names_from_other_scripts(post_intake, name):
    assert post_intake(first_name=name).status_code == 302
