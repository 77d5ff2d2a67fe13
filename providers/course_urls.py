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
    # A calendar app asks for its feed again and again: kept like the finder's pages, for
    # the same filter values (it has no pages), and renewed by the same edits.
    path(
        "calendar.ics",
        cached_public_page(views.courses_calendar, query=views.FEED_CACHED_VALUES),
        name="feed",
    ),
    path("<int:pk>.ics", views.course_calendar, name="calendar"),
]
