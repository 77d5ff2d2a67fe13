from django.urls import path

from config.page_cache import cached_public_page
from programs import views

app_name = "programs"

urlpatterns = [
    path("", cached_public_page(views.ProgramListView.as_view()), name="list"),
    path("<slug:slug>/", cached_public_page(views.ProgramDetailView.as_view()), name="detail"),
]
