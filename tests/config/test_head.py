"""HEAD answers wherever GET does: a link checker or a monitor sees the page a person would.

Every public URL in the design's list answers HEAD with the status GET gets and no body;
a HEAD first does not leave an empty copy in the page cache for the next visitor.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.advisor.intakes import saved_intake
from tests.factories import OfferingFactory

pytestmark = pytest.mark.django_db


def _public_urls() -> dict[str, str]:
    run = OfferingFactory(provider__programs=["MBSR"])
    intake = saved_intake()
    return {
        "home": reverse("home"),
        "programs": reverse("programs:list"),
        "program": reverse("programs:detail", kwargs={"slug": "mbsr"}),
        "providers": reverse("providers:list"),
        "providers filtered": reverse("providers:list") + "?program=MBSR&format=online",
        "provider": run.provider.get_absolute_url(),
        "courses": reverse("courses:list"),
        "courses filtered": reverse("courses:list") + "?program=MBSR&tz=America/Chicago",
        "run calendar": run.calendar_url,
        "calendar feed": reverse("courses:feed") + "?program=MBSR",
        "intake": reverse("advisor:intake"),
        "recommendation": intake.get_absolute_url(),
        "delete": reverse("advisor:delete", kwargs={"token": intake.public_token}),
        "deleted": reverse("advisor:deleted"),
        "lost link": reverse("advisor:lost_link"),
        "lost link sent": reverse("advisor:lost_link_sent"),
        "privacy": reverse("privacy"),
        "admin": reverse("admin:index"),
        "admin login": reverse("admin:login"),
        "health": reverse("healthz"),
        "missing page": "/no-such-page/",
    }


NAMES = [
    "home",
    "programs",
    "program",
    "providers",
    "providers filtered",
    "provider",
    "courses",
    "courses filtered",
    "run calendar",
    "calendar feed",
    "intake",
    "recommendation",
    "delete",
    "deleted",
    "lost link",
    "lost link sent",
    "privacy",
    "admin",
    "admin login",
    "health",
    "missing page",
]


@pytest.mark.parametrize("name", NAMES)
def test_it_answers_head_as_it_answers_get(client, name):
    url = _public_urls()[name]

    head = client.head(url)
    get = client.get(url)

    assert head.status_code == get.status_code != 405
    assert head.content == b""
    assert head.get("Content-Type") == get.get("Content-Type")
    if get.status_code == 200:
        assert get.content  # a HEAD first left no empty copy for the next GET
