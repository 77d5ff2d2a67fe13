"""Course runs as iCalendar files: one weekly event each, in the run's own time zone."""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterable
from datetime import date, datetime

from django.http import HttpResponse
from django.utils.encoding import iri_to_uri
from django.utils.translation import gettext_lazy
from icalendar import Calendar, Event, vText

from config.validators import one_line
from providers.models import Format, Offering
from providers.schedule import session_dates

PRODUCT_ID = "-//Mindful Path//Course finder//EN"
# What a calendar app shows of a run, in the language of the page it came from (/es/...).
SUMMARY = gettext_lazy("%(program)s (%(code)s) with %(provider)s")
DESCRIPTIONS = {
    Format.IN_PERSON: gettext_lazy("In person course. Sign up with %(provider)s: %(url)s"),
    Format.ONLINE: gettext_lazy("Online course. Sign up with %(provider)s: %(url)s"),
}


def _zone(name: str) -> zoneinfo.ZoneInfo | None:
    # The admin offers only known zones; a row changed around it is left off, not a 500.
    try:
        return zoneinfo.ZoneInfo(name)
    except (ValueError, zoneinfo.ZoneInfoNotFoundError):
        return None


def _event(offering: Offering, sessions: list[date], zone: zoneinfo.ZoneInfo) -> Event:
    provider = one_line(offering.provider.name)
    # A URI property is not escaped like text: what may not stand in a URI is %-encoded.
    url = iri_to_uri(one_line(offering.registration_url))
    event = Event()
    event.add("uid", f"course-run-{offering.pk}@mindful-path")
    event.add(
        "summary",
        one_line(
            SUMMARY
            % {
                "program": offering.program.name,
                "code": offering.program.code,
                "provider": provider,
            }
        ),
    )
    event.add("dtstart", datetime.combine(sessions[0], offering.starts_at, zone))
    event.add("dtend", datetime.combine(sessions[0], offering.ends_at, zone))
    # A count, not an end date: UNTIL would have to be written in UTC.
    event.add("rrule", {"freq": "weekly", "count": len(sessions)})
    event.add("dtstamp", datetime.now(zoneinfo.ZoneInfo("UTC")))
    if location := one_line(offering.location):
        event.add("location", location)
    if url:
        event.add("url", url)
    description = DESCRIPTIONS.get(offering.format, DESCRIPTIONS[Format.ONLINE])
    event.add("description", one_line(description % {"provider": provider, "url": url}))
    return event


def calendar_for(offerings: Iterable[Offering], name: str) -> Calendar:
    """A calendar of the runs that have a weekly schedule (others cannot be placed)."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    # An X- property is written as it comes unless it is given as text, which escapes it.
    calendar.add("x-wr-calname", vText(one_line(name)))
    for offering in offerings:
        if not offering.has_schedule:
            continue
        sessions = session_dates(offering.start_date, offering.end_date, offering.weekday)
        zone = _zone(offering.time_zone)
        if sessions and zone is not None:
            calendar.add_component(_event(offering, sessions, zone))
    # Each zone the events use, with its daylight-saving rules, so any calendar app
    # places the sessions right across a clock change.
    calendar.add_missing_timezones()
    return calendar


def calendar_response(calendar: Calendar, filename: str) -> HttpResponse:
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
