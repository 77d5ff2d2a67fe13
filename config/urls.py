from __future__ import annotations

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from config import views
from config.language import first_visit_language, switch_language
from config.page_cache import cached_public_page
from programs.views import HomeView

# The participant's pages, in English at their own paths and in Spanish under /es/.
urlpatterns = i18n_patterns(
    path("", first_visit_language(cached_public_page(HomeView.as_view())), name="home"),
    path("privacy/", views.privacy, name="privacy"),
    path("programs/", include("programs.urls")),
    path("providers/", include("providers.urls")),
    path("courses/", include("providers.course_urls")),
    path("", include("advisor.urls")),
    prefix_default_language=False,
)
# Staff and machines work in English, at one address each.
urlpatterns += [
    path("language/<str:language>/", switch_language, name="switch_language"),
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
]

handler400 = "config.error_pages.bad_request"
handler500 = "config.error_pages.server_error"
