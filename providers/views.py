from __future__ import annotations

from typing import Any

from django.views.generic import DetailView, ListView

from programs.models import Program
from providers.forms import DirectoryFilterForm
from providers.models import Provider


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
