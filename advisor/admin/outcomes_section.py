"""The dashboard's outcomes by program: the period asked for, the table, and its chart.

The numbers are advisor.outcomes'; here are the period's form (a GET, from and to, the
last twelve months unless asked otherwise) and the chart's geometry, worked out in Python
so that the template only loops. The chart is an inline SVG drawn on the server with
presentation attributes (no style attribute, no script: the site's Content Security
Policy allows neither) and says the same as the table beside it, which is what a screen
reader reads.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django import forms
from django.http import QueryDict
from django.utils import formats, timezone

from advisor.outcomes import COUNTS, Period, ProgramOutcomes, last_twelve_months, program_outcomes
from config.clinic.time_zone import clinic_time_zone

# Days outside these are typing mistakes, and past them a day's midnight may not exist.
EARLIEST = date(2000, 1, 1)
LATEST = date(2099, 12, 31)
DATE_ERROR = "Enter a date such as 2026-01-31."
RANGE_ERROR = "Enter a date between 2000-01-01 and 2099-12-31."


def _date_field(label: str) -> forms.DateField:
    return forms.DateField(
        required=False,
        label=label,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": DATE_ERROR},
    )


class PeriodForm(forms.Form):
    """From one day to another, both included; a day left empty is the default's."""

    def __init__(self, data: QueryDict | None, *, default: Period) -> None:
        super().__init__(data, initial={"from": default.first, "to": default.last})
        self.default = default
        # "from" is a Python keyword, so neither can be a class attribute.
        self.fields["from"] = _date_field("From")
        self.fields["to"] = _date_field("To")

    def _clean_day(self, name: str, default: date) -> date:
        day = self.cleaned_data.get(name) or default
        if not EARLIEST <= day <= LATEST:
            raise forms.ValidationError(RANGE_ERROR)
        return day

    def clean_from(self) -> date:
        return self._clean_day("from", self.default.first)

    def clean_to(self) -> date:
        return self._clean_day("to", self.default.last)

    def clean(self) -> dict:
        cleaned = super().clean()
        first, last = cleaned.get("from"), cleaned.get("to")
        if first and last and first > last:
            raise forms.ValidationError(
                "The period starts after it ends: give a “from” day on or before the “to” day."
            )
        return cleaned

    def period(self) -> Period | None:
        """The period asked for, or None if the form holds a mistake."""
        if not self.is_valid():
            return None
        return Period(self.cleaned_data["from"], self.cleaned_data["to"])


# The chart: each program's counts as a group of horizontal bars.

WIDTH = 640
LABEL_WIDTH = 190  # the counts' names, left of the bars
BAR_ROOM = 380  # the longest bar; its number follows it
BAR_HEIGHT = 14
ROW = 20  # a bar and the gap below it
HEADING = 24  # the program's name above its bars
GROUP_GAP = 12


@dataclass(frozen=True)
class ChartBar:
    label: str
    count: int
    y: int
    width: float
    text_y: int
    value_x: float


@dataclass(frozen=True)
class ChartGroup:
    program: str
    heading_y: int
    bars: list[ChartBar]


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    bar_x: int
    label_x: int
    bar_height: int
    groups: list[ChartGroup]
    description: str


def outcomes_chart(rows: list[ProgramOutcomes]) -> Chart:
    """The bars' places and lengths, every length to the scale of the largest count."""
    largest = max((count for row in rows for _, _, count in row.counts()), default=0) or 1
    groups, y = [], 0
    for row in rows:
        heading_y = y + 16
        y += HEADING
        bars = []
        for _, words, count in row.counts():
            width = round(BAR_ROOM * count / largest, 1)
            bars.append(
                ChartBar(
                    label=words,
                    count=count,
                    y=y,
                    width=width,
                    text_y=y + BAR_HEIGHT - 3,
                    value_x=LABEL_WIDTH + width + 6,
                )
            )
            y += ROW
        groups.append(ChartGroup(row.program, heading_y, bars))
        y += GROUP_GAP
    return Chart(
        width=WIDTH,
        height=y,
        bar_x=LABEL_WIDTH,
        label_x=LABEL_WIDTH - 8,
        bar_height=BAR_HEIGHT,
        groups=groups,
        description=chart_description(rows),
    )


def chart_description(rows: list[ProgramOutcomes]) -> str:
    """The chart in a sentence for each program, for its <desc>."""
    return " ".join(
        f"{row.program}: "
        + ", ".join(f"{words.lower()} {count}" for _, words, count in row.counts())
        + "."
        for row in rows
    )


def median_text(row: ProgramOutcomes) -> str:
    if row.median_helpful is None:
        return "No answers"
    median = f"{row.median_helpful:g}"
    return f"{median} of 5 ({row.helpful_answers} answer{'' if row.helpful_answers == 1 else 's'})"


# The table's columns after the program's: the counts, with the median before the last
# (it is about the course; asking for the next program comes after it).
HEADINGS = [*(words for _, words in COUNTS[:-1]), "Median helpfulness", COUNTS[-1][1]]


@dataclass(frozen=True)
class TableRow:
    program: str
    cells: list[str]  # in the order of HEADINGS


def table_row(row: ProgramOutcomes) -> TableRow:
    counts = [str(count) for _, _, count in row.counts()]
    return TableRow(row.program, [*counts[:-1], median_text(row), counts[-1]])


def _day(value: date) -> str:
    return formats.date_format(value, "DATE_FORMAT")


def outcomes_section(query: QueryDict, today: date | None = None) -> dict:
    """What the dashboard's outcomes section shows for the period the GET `query` asks for
    (the last twelve months when it asks for none, or asks for one with a mistake). One
    query for the numbers."""
    default = last_twelve_months(today or timezone.localdate())
    asked = "from" in query or "to" in query
    form = PeriodForm(query if asked else None, default=default)
    period = form.period() if asked else default
    mistaken = period is None
    period = period or default
    rows = program_outcomes(period, clinic_time_zone())
    return {
        "period_form": form,
        "period_mistaken": mistaken,
        "period_text": f"{_day(period.first)} to {_day(period.last)}",
        "outcome_headings": HEADINGS,
        "outcome_rows": [table_row(row) for row in rows],
        "outcomes_chart": outcomes_chart(rows),
    }
