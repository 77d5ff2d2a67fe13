from django.urls import path
from django.views.generic import TemplateView

from advisor import follow_up_views, lost_link, views
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
    path("recommendation/<slug:token>/signed-up/", follow_up_views.signed_up, name="signed_up"),
    path(
        "recommendation/<slug:token>/check-in/",
        follow_up_views.checkin_choice,
        name="checkin_choice",
    ),
    path("check-in/<slug:token>/", follow_up_views.checkin, name="checkin"),
    path("check-in/<slug:token>/stop/", follow_up_views.stop, name="checkin_stop"),
]
