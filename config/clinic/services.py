"""The one writer of the clinic's record."""

from __future__ import annotations

from django.db import transaction

from config.clinic.models import ClinicProfile


def clinic_profile_save(*, profile: ClinicProfile) -> ClinicProfile:
    """Save the details a person gave as the clinic's own, creating the one record if the
    database has none (a fresh database whose sample row was removed by hand).

    Saved by a person, the details are no longer samples: the site stops marking them.
    Saving clears the cached copy and every cached page (config.clinic.signals).
    """
    profile.pk = ClinicProfile.SINGLETON_PK
    profile.is_sample = False
    with transaction.atomic():
        profile.save()
    return profile


def clinic_profile_or_sample() -> ClinicProfile:
    """The stored record, or, with none stored, the sample one unsaved: what the details
    page shows until someone saves the clinic's own. Reads, never writes."""
    return ClinicProfile.objects.filter(pk=ClinicProfile.SINGLETON_PK).first() or (
        ClinicProfile.sample()
    )
