"""Saving an intake runs a fixed number of queries, however many intakes and providers exist.

Source: DESIGN.md ("Budgets"), and README.md ("When a questionnaire cannot be saved") for
the rate limit's count.
"""

from __future__ import annotations

import time
from datetime import UTC

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from advisor.models import Intake
from advisor.throttle import intake_allowance
from tests.advisor.intakes import another_persons_post
from tests.factories import OfferingFactory, ProviderFactory

pytestmark = pytest.mark.django_db


def _post(client):
    response = client.post(reverse("advisor:intake"), another_persons_post())
    assert response.status_code == 302  # saved, and on to the recommendation
    return response


def test_it_saves_an_intake_in_as_many_queries_with_a_big_clinic_as_with_a_small_one(
    client, make_intake, queries
):
    make_intake()
    _post(client)  # the first post of the hour starts the rate-limit count
    small = queries.of(lambda: _post(client))

    for _ in range(40):
        make_intake()
        OfferingFactory(provider=ProviderFactory(programs=["MBSR", "MSC"]))

    with queries.as_many_as(small):
        _post(client)
    assert Intake.objects.count() == 44


def test_it_keeps_the_rate_limit_count_until_its_window_ends(client, settings):
    # The database cache resets an entry's expiry to its 5-minute default on every
    # increment; the count must instead last until it is a window old (the window slides
    # in slices of a sixtieth: the count lasts until its slice's end is a window old).
    window = int(settings.INTAKE_RATE_WINDOW.total_seconds())
    request = client.get(reverse("advisor:intake")).wsgi_request
    for _ in range(3):
        assert intake_allowance(request).take()
    window_end = (int(time.time() // (window / 60)) + 1) * (window / 60) + window

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT expires FROM mindfulpath_counters WHERE cache_key LIKE %s", ["%intake-rate%"]
        )
        (expires,) = cursor.fetchone()
    if timezone.is_naive(expires):
        expires = timezone.make_aware(expires, UTC)

    assert abs(expires.timestamp() - window_end) < 5
