"""Spanish pages write dates, times and amounts as US Spanish does (config/formats/es)."""

from __future__ import annotations

from datetime import date, datetime, time

from django.utils import formats, translation


def test_a_date_is_written_out_in_spanish():
    with translation.override("es"):
        assert formats.date_format(date(2026, 12, 4)) == "4 de diciembre de 2026"
        assert formats.date_format(date(2027, 1, 9), "YEAR_MONTH_FORMAT") == "enero de 2027"


def test_a_time_is_on_the_12_hour_clock_as_in_the_us():
    with translation.override("es"):
        assert formats.time_format(time(19, 30)) == "7:30 p. m."
        assert formats.time_format(time(9, 5)) == "9:05 a. m."


def test_an_amount_in_dollars_keeps_the_us_separators():
    with translation.override("es"):
        assert formats.number_format(1234.5, 2, force_grouping=True) == "1,234.50"
    with translation.override("en"):
        assert formats.number_format(1234.5, 2, force_grouping=True) == "1,234.50"


def test_the_week_starts_on_sunday_as_on_us_calendars():
    with translation.override("es"):
        assert formats.get_format("FIRST_DAY_OF_WEEK") == 0


def test_staff_formats_stay_as_they_were():
    with translation.override("en"):
        stamp = datetime(2026, 11, 28, 15, 33)
        assert formats.date_format(stamp, "DATETIME_FORMAT").startswith("28 Nov 2026 15:33")
