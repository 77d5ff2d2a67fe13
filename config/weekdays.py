"""The days of the week, as Python counts them (date.weekday(): Monday is 0).

The one list: a course run's meeting day and the clinic's open days are both these
numbers. Pure, so the schedule's arithmetic can read it without Django.
"""

from __future__ import annotations

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
