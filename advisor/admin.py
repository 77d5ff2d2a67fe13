"""Clinicians' view of intakes. Answers are read-only: what a participant said stays as said."""

from __future__ import annotations

from django.contrib import admin

from advisor import questionnaire
from advisor.models import Intake


@admin.register(Intake)
class IntakeAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "first_name",
        "recommended_program",
        "flag_crisis",
        "flag_clinician_review",
        "flag_therapist_suggested",
        "status",
    ]
    list_filter = [
        "status",
        "recommended_program",
        "flag_crisis",
        "flag_clinician_review",
        "flag_therapist_suggested",
        "region",
        "created_at",
    ]
    search_fields = ["first_name", "email"]
    date_hierarchy = "created_at"
    fieldsets = [
        ("Review", {"fields": ["status"]}),
        (
            "Recommendation",
            {
                "fields": [
                    "recommended_program",
                    "flag_crisis",
                    "flag_clinician_review",
                    "flag_therapist_suggested",
                    "recommendation",
                    "rules_version",
                ]
            },
        ),
        ("Contact", {"fields": ["first_name", "email", "created_at"]}),
        *(
            (
                section.title,
                {
                    "fields": [
                        q.code
                        for q in questionnaire.questions_in(section.slug)
                        if q.code in questionnaire.ANSWER_CODES
                    ]
                },
            )
            for section in questionnaire.SECTIONS
            if section.slug not in ("about", "consent")
        ),
        ("Consent", {"fields": ["consented_at", "consent_version", "region", "format_preference"]}),
    ]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in Intake._meta.fields if f.name != "status"]

    def get_ordering(self, request):
        # Unreviewed safety flags first, then newest.
        return ["-flag_crisis", "-flag_clinician_review", "-created_at"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
