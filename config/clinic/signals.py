"""What a save of the clinic's record must clear: its cached copy and every cached page."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save

from config.clinic.models import ClinicProfile
from config.clinic.record import forget_clinic
from config.page_cache import invalidate_on_changes


def connect_signals() -> None:
    post_save.connect(forget_clinic, sender=ClinicProfile, dispatch_uid="clinic-forget-save")
    post_delete.connect(forget_clinic, sender=ClinicProfile, dispatch_uid="clinic-forget-del")
    # The footer of every cached page names the clinic.
    invalidate_on_changes(ClinicProfile)
