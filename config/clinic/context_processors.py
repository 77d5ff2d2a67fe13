from __future__ import annotations

from django.http import HttpRequest

from config.clinic.record import current_clinic


def clinic_context(request: HttpRequest) -> dict:
    """The `clinic` every template can name; on a staff page, the record the middleware
    (config.middleware.ClinicTimeZoneMiddleware) read already."""
    return {"clinic": getattr(request, "clinic", None) or current_clinic()}
