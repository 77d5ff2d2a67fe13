from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.generic import DetailView, ListView

from programs.models import Program
from providers.calendar import calendar_for, calendar_response
from providers.forms import CourseFilterForm, DirectoryFilterForm
from providers.matching import with_local_times
from providers.models import Offering, Provider
from providers.schedule import time_zone_label

# A feed is for a calendar app, not an export: the soonest runs are the useful ones.
CALENDAR_FEED_RUNS = 200
# The finder's filter values worth a kept copy of the feed each (providers/course_urls.py).
FEED_CACHED_VALUES = {
    name: values for name, values in CourseFilterForm.cached_values().items() if name != "page"
}


class ProviderListView(ListView):
    context_object_name = "providers"

    def get_queryset(self):
        self.filter_form = DirectoryFilterForm(self.request.GET or None)
        self.filters = self.filter_form.valid_filters() if self.request.GET else {}
        providers = Provider.objects.for_directory()
        if "program" in self.filters:
            providers = providers.offering(self.filters["program"])
        if "format" in self.filters:
            providers = providers.in_format(self.filters["format"])
        if "region" in self.filters:
            providers = providers.in_region(self.filters["region"])
        return providers

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["filter_form"] = self.filter_form
        context["filters"] = self.filters
        context["ignored_filters"] = self.filter_form.ignored_filters() if self.request.GET else []
        context["program_filter"] = (
            Program.Code(self.filters["program"]).label if "program" in self.filters else ""
        )
        return context


class ProviderDetailView(DetailView):
    queryset = Provider.objects.for_directory()
    context_object_name = "provider"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["offerings"] = self.object.offerings.upcoming()
        return context


class CourseListView(ListView):
    """/courses/: every run a person can still sign up for, soonest first, filtered."""

    template_name = "providers/course_list.html"
    context_object_name = "offerings"
    paginate_by = 20

    def get_queryset(self):
        self.today = timezone.localdate()
        self.filter_form = CourseFilterForm(self.request.GET or None, today=self.today)
        self.filters = self.filter_form.valid_filters() if self.request.GET else {}
        return Offering.objects.upcoming(self.today).matching(self.filters)

    def paginate_queryset(self, queryset, page_size):
        # A page number past the end, or not a number, shows the nearest page, not a 404.
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        viewer_zone = self.filters.get("tz", "")
        context["offerings"] = with_local_times(context["page_obj"].object_list, viewer_zone)
        context.update(
            filter_form=self.filter_form,
            filters=self.filters,
            viewer_zone_label=time_zone_label(viewer_zone) if viewer_zone else "",
            ignored_filters=self.filter_form.ignored_filters() if self.request.GET else [],
            field_errors=self.filter_form.field_errors() if self.request.GET else [],
            query=self._query_without("page"),
            loosen=[] if context["page_obj"].object_list else self._loosen(),
        )
        return context

    def _query_without(self, *names: str) -> str:
        query = self.request.GET.copy()
        for name in names:
            query.pop(name, None)
        return query.urlencode()

    def _loosen(self) -> list[dict[str, Any]]:
        """For an empty result: each filter, and how many runs match without it."""
        upcoming = Offering.objects.upcoming(self.today)
        suggestions = []
        for name in self.filters:
            if name == "tz":
                continue  # it converts times; it never hides a run
            rest = {key: value for key, value in self.filters.items() if key != name}
            suggestions.append(
                {
                    "name": CourseFilterForm.NAMES[name],
                    "count": upcoming.matching(rest).count(),
                    "query": self._query_without(name, "page"),
                }
            )
        return suggestions


def course_calendar(request: HttpRequest, pk: int) -> HttpResponse:
    """One run as an .ics file, if it is listed and has a weekly schedule."""
    offering = get_object_or_404(Offering.objects.listed(), pk=pk, weekday__isnull=False)
    name = f"{offering.program.code} with {offering.provider.name}"
    return calendar_response(calendar_for([offering], name), f"course-{offering.pk}.ics")


def courses_calendar(request: HttpRequest) -> HttpResponse:
    """A feed of the runs a search lists (its filters, first 200 runs)."""
    form = CourseFilterForm(request.GET or None, today=timezone.localdate())
    filters = form.valid_filters() if request.GET else {}
    runs = Offering.objects.upcoming().matching(filters)[:CALENDAR_FEED_RUNS]
    return calendar_response(calendar_for(runs, "Mindful Path courses"), "courses.ics")
