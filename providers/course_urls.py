from django.urls import path

from config.page_cache import cached_public_page
from providers import views
from providers.forms import CourseFilterForm

app_name = "courses"

urlpatterns = [
    path(
        "",
        cached_public_page(views.CourseListView.as_view(), query=CourseFilterForm.cached_values()),
        name="list",
    ),
    path("calendar.ics", views.courses_calendar, name="feed"),
    path("<int:pk>.ics", views.course_calendar, name="calendar"),
]
