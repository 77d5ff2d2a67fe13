"""Which address a request counts as, for the intake rate limit and the staff lockout.

Both the public form's limits and the staff lockout count by address. Behind PROXY_COUNT proxies,
each appends the address it saw to X-Forwarded-For; anything further left was written
by the client and can be forged.
"""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from config.client_ip import client_ip

PROXY = "10.0.0.2"
VISITOR = "198.51.100.20"


def request(forwarded_for: str | None = None, remote_addr: str = PROXY):
    headers = {} if forwarded_for is None else {"HTTP_X_FORWARDED_FOR": forwarded_for}
    return RequestFactory().get("/", REMOTE_ADDR=remote_addr, **headers)


def test_it_uses_the_connecting_address_without_proxies(settings):
    settings.PROXY_COUNT = 0

    assert client_ip(request(remote_addr=VISITOR)) == VISITOR


def test_it_ignores_x_forwarded_for_without_proxies(settings):
    # Without a proxy in front, the header is whatever the client chose to send.
    settings.PROXY_COUNT = 0

    assert client_ip(request("192.0.2.1", remote_addr=VISITOR)) == VISITOR


def test_it_uses_the_address_the_proxy_saw(settings):
    settings.PROXY_COUNT = 1

    assert client_ip(request(VISITOR)) == VISITOR


@pytest.mark.parametrize(
    "forwarded_for",
    [f"192.0.2.1, {VISITOR}", f"192.0.2.1,192.0.2.2, {VISITOR}", f"unknown, , {VISITOR}"],
)
def test_it_ignores_addresses_a_client_forged_on_the_left(settings, forwarded_for):
    settings.PROXY_COUNT = 1

    assert client_ip(request(forwarded_for)) == VISITOR


def test_it_counts_back_past_each_trusted_proxy(settings):
    settings.PROXY_COUNT = 2

    assert client_ip(request(f"192.0.2.1, {VISITOR}, 10.0.0.9")) == VISITOR


def test_it_tolerates_spaces_and_empty_entries(settings):
    settings.PROXY_COUNT = 1

    assert client_ip(request(f" {VISITOR} , ")) == VISITOR


def test_it_falls_back_to_the_connecting_address_without_the_header(settings):
    settings.PROXY_COUNT = 1

    assert client_ip(request()) == PROXY


def test_it_falls_back_to_the_connecting_address_with_too_few_entries(settings):
    settings.PROXY_COUNT = 2

    assert client_ip(request(VISITOR)) == PROXY


@pytest.mark.parametrize("garbage", ["<script>", "198.51.100.20; DROP TABLE", "x" * 500])
def test_it_never_takes_a_garbled_forwarded_entry_for_an_address(settings, garbage):
    settings.PROXY_COUNT = 1

    assert client_ip(request(garbage)) is None


def test_it_gives_no_address_for_a_request_without_one(settings):
    settings.PROXY_COUNT = 0

    assert client_ip(request(remote_addr="")) is None
