from django.urls import path

from config.page_cache import cached_public_page
from providers import views

app_name = "providers"

urlpatterns = [
    path("", cached_public_page(views.ProviderListView.as_view()), name="list"),
    path("<slug:slug>/", cached_public_page(views.ProviderDetailView.as_view()), name="detail"),
]
