from django.urls import path
from django.views.generic import TemplateView

from advisor import lost_link, views
from config.private import private_page

app_name = "advisor"

urlpatterns = [
    path("intake/", views.intake_form, name="intake"),
    path(
        "intake/deleted/",
        private_page(TemplateView.as_view(template_name="advisor/deleted.html")),
        name="deleted",
    ),
    path("intake/lost-link/", lost_link.lost_link, name="lost_link"),
    path("intake/lost-link/sent/", lost_link.lost_link_sent, name="lost_link_sent"),
    path("recommendation/<slug:token>/", views.recommendation, name="recommendation"),
    path("recommendation/<slug:token>/delete/", views.delete_answers, name="delete"),
]
