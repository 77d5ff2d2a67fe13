from __future__ import annotations

from typing import Any

from django.views.generic import DetailView, ListView

from programs.models import Program
from providers.models import Provider


class ProgramListView(ListView):
    queryset = Program.objects.listed()
    context_object_name = "programs"


class ProgramDetailView(DetailView):
    queryset = Program.objects.with_references()
    context_object_name = "program"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["providers"] = Provider.objects.for_directory().offering(self.object.code)
        return context
