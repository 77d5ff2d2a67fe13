"""The clinic's record as a superuser would have saved it: no longer the samples."""

from __future__ import annotations

from config.clinic.models import ClinicProfile


def our_clinic_saved(**details) -> ClinicProfile:
    """Lakeside Mindfulness Clinic's details (and any `details` given), saved."""
    clinic = ClinicProfile.objects.get(pk=1)
    for name, value in {
        "name": "Lakeside Mindfulness Clinic",
        "phone": "+16175550134",
        "email": "hello@lakeside.example",
        "hours": "Weekdays 8 am to 6 pm",
        "is_sample": False,
        **details,
    }.items():
        setattr(clinic, name, value)
    clinic.save()
    return clinic
