"""The clinic's details, edited by a superuser: one record, never added twice or deleted."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse

from config.models import ClinicProfile


@admin.register(ClinicProfile)
class ClinicProfileAdmin(admin.ModelAdmin):
    fieldsets = [
        ("Who you are", {"fields": ["name", "phone", "email", "address", "hours"]}),
        (
            "How soon you answer",
            {"fields": ["intake_answer_hours", "flagged_answer_hours", "time_zone", "updated_at"]},
        ),
    ]
    readonly_fields = ["updated_at"]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return self.has_module_permission(request)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return self.has_module_permission(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        # A migration made the one record; there is never a second.
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def changelist_view(self, request: HttpRequest, extra_context=None):
        # A list of one is a detour: go straight to the record (after the permission check).
        if not self.has_view_permission(request):
            return super().changelist_view(request, extra_context)
        record, _ = ClinicProfile.objects.get_or_create(
            pk=ClinicProfile.SINGLETON_PK, defaults=_sample_values()
        )
        return HttpResponseRedirect(reverse("admin:config_clinicprofile_change", args=[record.pk]))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        record = self.get_object(request, object_id)
        if record is not None and record.is_sample:
            extra_context["subtitle"] = "These are sample details: save the clinic's own."
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj: ClinicProfile, form, change) -> None:
        # Saved by a person: the details are the clinic's own from now on.
        obj.is_sample = False
        super().save_model(request, obj, form, change)


def _sample_values() -> dict:
    sample = ClinicProfile.sample()
    return {
        f.name: getattr(sample, f.name)
        for f in ClinicProfile._meta.concrete_fields
        if f.name not in ("id", "updated_at")
    }
