from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import get_language, gettext
from django.views.generic import DetailView, ListView

from programs.models import Program
from providers.calendar import calendar_for, calendar_response
from providers.forms import CourseFilterForm, DirectoryFilterForm
from providers.matching import with_local_times
from providers.models import Offering, Provider
from providers.schedule_words import zone_words

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
        # "See online providers": the same program, online.
        online = {"program": self.filters["program"]} if "program" in self.filters else {}
        context["online_query"] = urlencode({**online, "format": "online"})
        context["program_filter"] = (
            gettext(Program.Code(self.filters["program"]).label)
            if "program" in self.filters
            else ""
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
        runs = Offering.objects.upcoming(self.today).matching(self.filters)
        self.language_first = _page_language_unless_default()
        return runs.in_language_first(self.language_first)

    def paginate_queryset(self, queryset, page_size):
        # A page number past the end, or not a number, shows the nearest page, not a 404.
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        viewer_zone = self.filters.get("tz", "")
        query = self._query_without("page")
        context["offerings"] = with_local_times(context["page_obj"].object_list, viewer_zone)
        context.update(
            filter_form=self.filter_form,
            filters=self.filters,
            viewer_zone_label=zone_words(viewer_zone) if viewer_zone else "",
            ignored_filters=self.filter_form.ignored_filters() if self.request.GET else [],
            field_errors=self.filter_form.field_errors() if self.request.GET else [],
            query=query,
            feed_href=reverse("courses:feed") + (f"?{query}" if query else ""),
            language_first=self.language_first,
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


def _page_language_unless_default() -> str:
    """The page's language where it is not the site's own (English runs are most of the
    directory and an English page keeps its plain soonest-first order); else ""."""
    language = get_language() or settings.LANGUAGE_CODE
    return "" if language == settings.LANGUAGE_CODE else language


def course_calendar(request: HttpRequest, pk: int) -> HttpResponse:
    """One run as an .ics file, if it is listed and has a weekly schedule."""
    offering = get_object_or_404(Offering.objects.listed(), pk=pk, weekday__isnull=False)
    name = gettext("%(code)s with %(provider)s") % {
        "code": offering.program.code,
        "provider": offering.provider.name,
    }
    return calendar_response(calendar_for([offering], name), f"course-{offering.pk}.ics")


def courses_calendar(request: HttpRequest) -> HttpResponse:
    """A feed of the runs a search lists (its filters, first 200 runs)."""
    form = CourseFilterForm(request.GET or None, today=timezone.localdate())
    filters = form.valid_filters() if request.GET else {}
    runs = Offering.objects.upcoming().matching(filters)
    runs = runs.in_language_first(_page_language_unless_default())[:CALENDAR_FEED_RUNS]
    return calendar_response(calendar_for(runs, gettext("Mindful Path courses")), "courses.ics")
