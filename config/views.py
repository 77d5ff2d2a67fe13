"""Site-wide pages that belong to no single app."""

from __future__ import annotations

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from config.db_deadline import at_most
from config.postgresql.base import PING_LIMIT

# A load balancer's probe gives up after a few seconds; we answer first, honestly. The
# health check of a kept connection, which may run before this view, waits no longer.
HEALTH_CHECK_SECONDS = PING_LIMIT


@require_safe
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/privacy.html", {"retention_days": settings.INTAKE_RETENTION_DAYS})


@never_cache
@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    """200 when the database answers a query, 503 when it does not (for load balancers).

    Within HEALTH_CHECK_SECONDS (libpq waits at least 2 s for a new connection), also
    when PostgreSQL hangs rather than refuses.
    """
    try:
        with at_most(HEALTH_CHECK_SECONDS), connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")
