"""Course runs as iCalendar files: one weekly event each, in the run's own time zone."""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterable
from datetime import date, datetime

from django.http import HttpResponse
from icalendar import Calendar, Event

from providers.models import Offering
from providers.schedule import session_dates

PRODUCT_ID = "-//Mindful Path//Course finder//EN"


def _event(offering: Offering, sessions: list[date]) -> Event:
    zone = zoneinfo.ZoneInfo(offering.time_zone)
    event = Event()
    event.add("uid", f"course-run-{offering.pk}@mindful-path")
    event.add(
        "summary",
        f"{offering.program.name} ({offering.program.code}) with {offering.provider.name}",
    )
    event.add("dtstart", datetime.combine(sessions[0], offering.starts_at, zone))
    event.add("dtend", datetime.combine(sessions[0], offering.ends_at, zone))
    # A count, not an end date: UNTIL would have to be written in UTC.
    event.add("rrule", {"freq": "weekly", "count": len(sessions)})
    event.add("dtstamp", datetime.now(zoneinfo.ZoneInfo("UTC")))
    if offering.location:
        event.add("location", offering.location)
    event.add("url", offering.registration_url)
    event.add(
        "description",
        f"{offering.get_format_display()} course. Sign up with {offering.provider.name}: "
        f"{offering.registration_url}",
    )
    return event


def calendar_for(offerings: Iterable[Offering], name: str) -> Calendar:
    """A calendar of the runs that have a weekly schedule (others cannot be placed)."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    for offering in offerings:
        if not offering.has_schedule:
            continue
        sessions = session_dates(offering.start_date, offering.end_date, offering.weekday)
        if sessions:
            calendar.add_component(_event(offering, sessions))
    # Each zone the events use, with its daylight-saving rules, so any calendar app
    # places the sessions right across a clock change.
    calendar.add_missing_timezones()
    return calendar


def calendar_response(calendar: Calendar, filename: str) -> HttpResponse:
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
