from django.urls import path
from django.views.generic import TemplateView

from advisor import views

app_name = "advisor"

urlpatterns = [
    path("intake/", views.intake_form, name="intake"),
    path(
        "intake/deleted/",
        TemplateView.as_view(template_name="advisor/deleted.html"),
        name="deleted",
    ),
    path("recommendation/<slug:token>/", views.recommendation, name="recommendation"),
    path("recommendation/<slug:token>/delete/", views.delete_answers, name="delete"),
]
