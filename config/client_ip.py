"""The client's address, for rate limits and lockouts."""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """REMOTE_ADDR, or, behind PROXY_COUNT trusted proxies, the address the first one saw.

    Each proxy appends the address it received the request from, so the entry
    PROXY_COUNT places from the end is the one no client can forge. None when
    there is no valid address (a request built in code, a garbled header).
    """
    candidate = request.META.get("REMOTE_ADDR", "")
    if settings.PROXY_COUNT:
        hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        hops = [hop for hop in hops if hop]
        if len(hops) >= settings.PROXY_COUNT:
            candidate = hops[-settings.PROXY_COUNT]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return None
