from __future__ import annotations

from django.contrib import admin

from providers.models import Offering, Provider


class OfferingInline(admin.StackedInline):
    model = Offering
    extra = 0
    fields = [
        ("program", "format", "is_published", "is_sample"),
        ("start_date", "end_date"),
        ("weekly_schedule", "time_zone"),
        "location",
        ("price", "financial_aid", "language"),
        "registration_url",
    ]
    show_change_link = True


@admin.register(Provider)
class ProviderAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "region",
        "place",
        "offers_in_person",
        "offers_online",
        "is_active",
        "last_verified",
    ]
    list_filter = ["region", "programs", "is_active", "offers_online", "offers_in_person"]
    search_fields = ["name", "city", "state_or_country", "description"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["programs"]
    inlines = [OfferingInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "description", "is_active", "last_verified"]}),
        ("Contact", {"fields": ["website", "contact_email"]}),
        (
            "Where and how",
            {
                "fields": [
                    ("city", "state_or_country"),
                    "region",
                    ("offers_in_person", "offers_online"),
                ]
            },
        ),
        ("Programs", {"fields": ["programs", "who_can_join", "trains_teachers"]}),
    ]


@admin.register(Offering)
class OfferingAdmin(admin.ModelAdmin):
    list_display = [
        "program",
        "provider",
        "start_date",
        "end_date",
        "format",
        "is_published",
        "is_sample",
    ]
    list_filter = ["program", "format", "is_published", "is_sample", "provider__region"]
    list_select_related = ["program", "provider"]
    search_fields = ["provider__name", "location", "weekly_schedule"]
    autocomplete_fields = ["provider"]
    date_hierarchy = "start_date"
