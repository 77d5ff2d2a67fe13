"""The clinic's details, edited by a superuser: one record, never added twice or deleted."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse
from modeltranslation.admin import TranslationAdmin

from config.clinic.models import ClinicProfile
from config.clinic.services import clinic_profile_or_sample, clinic_profile_save
from config.weekdays import WEEKDAYS


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
            "hours_en",
            "hours_es",
            "intake_answer_hours",
            "flagged_answer_hours",
            "open_days",
            "opens_at",
            "closes_at",
            "time_zone",
            "checkin_weeks",
        ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.initial["open_days"] = list(self.instance.open_days or "")

    def clean_open_days(self) -> str:
        return "".join(sorted(set(self.cleaned_data["open_days"])))


@admin.register(ClinicProfile)
class ClinicProfileAdmin(TranslationAdmin):
    form = ClinicProfileForm
    # The opening hours in words, in English and in Spanish side by side (participants
    # read them in their language); everything else is the same in both.
    fieldsets = [
        (
            "Who you are",
            {"fields": ["name", "phone", "email", "address", ("hours_en", "hours_es")]},
        ),
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
        ("After the course", {"fields": ["checkin_weeks"]}),
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

    def get_object(self, request: HttpRequest, object_id: str, from_field=None):
        # With no record stored the page shows the samples, unsaved: the first save
        # creates the record (clinic_profile_save), never a visit.
        try:
            pk = ClinicProfile._meta.pk.to_python(object_id)
        except ValidationError:
            return None
        return clinic_profile_or_sample() if pk == ClinicProfile.SINGLETON_PK else None

    def changelist_view(self, request: HttpRequest, extra_context=None):
        # A list of one is a detour: go straight to the record (after the permission check).
        if not self.has_view_permission(request):
            return super().changelist_view(request, extra_context)
        change = reverse("admin:config_clinicprofile_change", args=[ClinicProfile.SINGLETON_PK])
        return HttpResponseRedirect(change)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        record = self.get_object(request, object_id)
        if record is not None and record.is_sample:
            extra_context["subtitle"] = "These are sample details: save the clinic's own."
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj: ClinicProfile, form, change) -> None:
        clinic_profile_save(profile=obj)
