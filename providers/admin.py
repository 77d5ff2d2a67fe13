from __future__ import annotations

from datetime import timedelta

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.defaultfilters import pluralize
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.html import format_html
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline

from programs.admin_languages import NeedsSpanishFilter, SpanishColumn, side_by_side
from providers.forms import CopyRunsForm, OfferingAdminForm
from providers.models import Offering, Provider
from providers.services import (
    offerings_copy,
    providers_mark_verified,
    runs_without_a_schedule,
)

# A provider whose details nobody has checked for this long is due a look.
VERIFY_EVERY = timedelta(days=180)

SCHEDULE_FIELDS = [("weekday", "starts_at", "ends_at", "time_zone")]


class OfferingInline(TranslationStackedInline):
    model = Offering
    form = OfferingAdminForm
    extra = 0
    fields = [
        ("program", "format", "is_published", "is_sample"),
        ("start_date", "end_date", "joinable_until"),
        *SCHEDULE_FIELDS,
        side_by_side("location"),
        side_by_side("price"),
        ("price_usd", "financial_aid", "language"),
        side_by_side("notes"),
        "registration_url",
    ]
    show_change_link = True


class VerifiedFilter(admin.SimpleListFilter):
    title = "last verified"
    parameter_name = "checked"

    def lookups(self, request, model_admin):
        return [
            ("due", f"Not in the last {VERIFY_EVERY.days} days, or never"),
            ("recent", f"In the last {VERIFY_EVERY.days} days"),
        ]

    def queryset(self, request, queryset):
        since = timezone.localdate() - VERIFY_EVERY
        if self.value() == "due":
            return queryset.exclude(last_verified__gte=since)
        if self.value() == "recent":
            return queryset.filter(last_verified__gte=since)
        return queryset


@admin.register(Provider)
class ProviderAdmin(SpanishColumn, TranslationAdmin):
    # The names of places are mostly the same in Spanish: translated where they are words.
    spanish_needed_in = ("description", "who_can_join")
    list_display = [
        "name",
        "region",
        "place",
        "formats_text",
        "is_active",
        "last_verified",
        "spanish_done",
    ]
    list_filter = [VerifiedFilter, "region", "programs", "is_active", NeedsSpanishFilter]
    search_fields = ["name", *side_by_side("city", "state_or_country", "description")]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["programs"]
    inlines = [OfferingInline]
    actions = ["mark_verified_today"]
    change_form_template = "admin/providers/provider/change_form.html"
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "name",
                    "slug",
                    side_by_side("description"),
                    "is_active",
                    "last_verified",
                ]
            },
        ),
        ("Contact", {"fields": ["website", "contact_email"]}),
        (
            "Where and how",
            {
                "fields": [
                    side_by_side("city", "state_or_country"),
                    "region",
                    ("offers_in_person", "offers_online"),
                ]
            },
        ),
        ("Programs", {"fields": ["programs", side_by_side("who_can_join"), "trains_teachers"]}),
    ]

    @admin.display(description="formats")
    def formats_text(self, provider: Provider) -> str:
        return provider.formats_text

    @admin.action(description="Mark as verified today", permissions=["change"])
    def mark_verified_today(self, request: HttpRequest, queryset: QuerySet[Provider]) -> None:
        marked = providers_mark_verified(providers=queryset, on=timezone.localdate())
        self.message_user(request, f"Marked {marked} as verified today.", messages.SUCCESS)

    def save_model(self, request, obj, form, change) -> None:
        if "_checked_today" in request.POST:
            obj.last_verified = timezone.localdate()
        super().save_model(request, obj, form, change)


class RunStatusFilter(admin.SimpleListFilter):
    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [
            ("upcoming", "Not started"),
            ("under_way", "Under way"),
            ("ended", "Ended"),
            ("schedule", "Schedule needs fixing"),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        match self.value():
            case "upcoming":
                return queryset.filter(start_date__gte=today)
            case "under_way":
                return queryset.filter(start_date__lt=today, end_date__gte=today)
            case "ended":
                return queryset.ended(today)
            case "schedule":
                return queryset.needing_a_schedule()
        return queryset


@admin.register(Offering)
class OfferingAdmin(SpanishColumn, TranslationAdmin):
    # A venue is mostly an address: translated where it is described in words.
    spanish_needed_in = ("price", "notes")
    form = OfferingAdminForm
    list_display = ["__str__", "schedule", "format", "language", "is_published", "spanish_done"]
    list_display_links = ["__str__"]
    list_filter = [
        RunStatusFilter,
        "program",
        "format",
        "language",
        "is_published",
        "is_sample",
        NeedsSpanishFilter,
    ]
    list_select_related = ["program", "provider"]
    search_fields = ["provider__name", *side_by_side("location"), "schedule_as_written"]
    autocomplete_fields = ["provider"]
    date_hierarchy = "start_date"
    actions = ["copy_to_new_dates"]
    fields = [
        ("provider", "program"),
        ("format", "is_published", "is_sample"),
        ("start_date", "end_date", "joinable_until"),
        *SCHEDULE_FIELDS,
        "schedule_as_written",
        side_by_side("location"),
        side_by_side("price"),
        ("price_usd", "financial_aid"),
        "language",
        side_by_side("notes"),
        "registration_url",
    ]

    def changelist_view(self, request: HttpRequest, extra_context=None):
        # Runs whose written schedule could not be read are not lost: they wait here.
        # Said on the list as shown (GET), not on an action's POST before its redirect.
        unscheduled = (
            Offering.objects.needing_a_schedule().count() if request.method == "GET" else 0
        )
        if unscheduled and request.GET.get(RunStatusFilter.parameter_name) != "schedule":
            self.message_user(
                request,
                format_html(
                    '{} run{} need{} a weekday and times: <a href="?{}=schedule">show {}</a>.',
                    unscheduled,
                    pluralize(unscheduled),
                    pluralize(unscheduled, "s,"),
                    RunStatusFilter.parameter_name,
                    pluralize(unscheduled, "it,them"),
                ),
                messages.WARNING,
            )
        return super().changelist_view(request, extra_context)

    @admin.display(description="meets", ordering="weekday")
    def schedule(self, offering: Offering) -> str:
        if not offering.has_schedule:
            return f"Needs fixing: {offering.schedule_as_written or 'no schedule'}"
        return f"{offering.meeting} ({offering.time_zone_label})"

    @admin.action(description="Copy to new dates", permissions=["add"])
    def copy_to_new_dates(self, request: HttpRequest, queryset: QuerySet[Offering]):
        runs = list(queryset.select_related("program", "provider"))
        if unscheduled := runs_without_a_schedule(runs):
            self.message_user(
                request,
                "Fix the schedule of these runs before copying them: "
                + ", ".join(str(run) for run in unscheduled),
                messages.ERROR,
            )
            return None
        form = CopyRunsForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            copies = offerings_copy(runs=runs, on_or_after=form.cleaned_data["start_date"])
            self.message_user(
                request,
                f"Copied {len(copies)} run{pluralize(len(copies))}. Each copy is unpublished: "
                "check its registration link and price, then publish it.",
                messages.SUCCESS,
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": "Copy runs to new dates",
            "runs": runs,
            "form": form,
            "opts": self.model._meta,
            "action_name": "copy_to_new_dates",
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/providers/offering/copy_runs.html", context)
