from __future__ import annotations

from typing import Any

from django.views.generic import DetailView, ListView

from programs.models import Program


class HomeView(ListView):
    """The home page: what the site is for, and the three programs at a glance."""

    queryset = Program.objects.listed()
    template_name = "programs/home.html"
    context_object_name = "programs"


class ProgramListView(ListView):
    queryset = Program.objects.listed()
    context_object_name = "programs"


class ProgramDetailView(DetailView):
    queryset = Program.objects.with_references()
    context_object_name = "program"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        # Through the reverse relation: the catalog does not import the directory.
        context["providers"] = self.object.providers.for_directory()
        return context
