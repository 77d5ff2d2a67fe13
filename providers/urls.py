from django.urls import path

from config.page_cache import cached_public_page
from providers import views
from providers.forms import DirectoryFilterForm

app_name = "providers"

urlpatterns = [
    path(
        "",
        cached_public_page(
            views.ProviderListView.as_view(), query=DirectoryFilterForm.cached_values()
        ),
        name="list",
    ),
    path("<slug:slug>/", cached_public_page(views.ProviderDetailView.as_view()), name="detail"),
]
