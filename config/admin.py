"""The clinic's details, edited by a superuser: one record, never added twice or deleted."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse

from config.models import WEEKDAYS, ClinicProfile


class ClinicProfileForm(forms.ModelForm):
    # Stored as weekday digits ("01234"); edited as a box for each day.
    open_days = forms.TypedMultipleChoiceField(
        choices=[(str(number), day) for number, day in enumerate(WEEKDAYS)],
        widget=forms.CheckboxSelectMultiple,
        label="Open on",
        help_text=ClinicProfile._meta.get_field("open_days").help_text
        + " The promised answer times are counted to these days and the hours below "
        "(no holidays: every week alike).",
        error_messages={"required": "Choose at least one day the clinic is open."},
    )

    class Meta:
        model = ClinicProfile
        fields = [
            "name",
            "phone",
            "email",
            "address",
            "hours",
            "intake_answer_hours",
            "flagged_answer_hours",
            "open_days",
            "opens_at",
            "closes_at",
            "time_zone",
        ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.initial["open_days"] = list(self.instance.open_days or "")

    def clean_open_days(self) -> str:
        return "".join(sorted(set(self.cleaned_data["open_days"])))


@admin.register(ClinicProfile)
class ClinicProfileAdmin(admin.ModelAdmin):
    form = ClinicProfileForm
    fieldsets = [
        ("Who you are", {"fields": ["name", "phone", "email", "address", "hours"]}),
        (
            "How soon you answer",
            {
                "fields": [
                    "intake_answer_hours",
                    "flagged_answer_hours",
                    "open_days",
                    ("opens_at", "closes_at"),
                    "time_zone",
                    "updated_at",
                ]
            },
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
