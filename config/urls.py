from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

from config import views
from config.page_cache import cached_public_page
from programs.views import HomeView

urlpatterns = [
    path("", cached_public_page(HomeView.as_view()), name="home"),
    path("privacy/", views.privacy, name="privacy"),
    path("programs/", include("programs.urls")),
    path("providers/", include("providers.urls")),
    path("courses/", include("providers.course_urls")),
    path("", include("advisor.urls")),
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
]

handler400 = "config.error_pages.bad_request"
handler500 = "config.error_pages.server_error"
