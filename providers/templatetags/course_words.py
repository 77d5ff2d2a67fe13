"""A course's schedule in the page's language: {{ offering.meeting|meeting_words }}."""

from __future__ import annotations

from django import template

from providers.schedule import Meeting
from providers.schedule_words import meeting_words as said

register = template.Library()


@register.filter
def meeting_words(meeting: Meeting | None) -> str:
    """ "Mondays, 6:30 to 9:00 pm" ("Los lunes, de 6:30 a 9:00 p. m.")."""
    return said(meeting) if meeting is not None else ""
