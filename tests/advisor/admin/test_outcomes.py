"""The dashboard's outcomes by program: what became of the intakes sent in a period.

Per program referred (the clinician's override, else the engine's first program): how
many were referred, signed up, checked in, started, finished, the median helpfulness,
and how many ask for the next program; for the days asked for (the last twelve months
unless asked otherwise), in the clinic's calendar. A period that cannot be read says so
and shows the last twelve months. The chart is an SVG drawn on the server, and says what
the table says.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import formats, timezone

from advisor.follow_up import signup_record
from advisor.models import Intake
from advisor.outcomes import (
    Period,
    ProgramOutcomes,
    last_twelve_months,
    median_of,
    outcomes_from_groups,
    program_outcomes,
)
from tests.advisor.admin.helpers import dashboard_url
from tests.advisor.follow_up import answered
from tests.helpers import inline_code

CHICAGO = ZoneInfo("America/Chicago")
MARCH_TO_MAY = {"from": "2026-03-01", "to": "2026-05-31"}
MSC_FIRST = {"self_criticism": "5", "in_therapy": "yes"}
MBCT_FIRST = {"depression_history": "current", "primary_goal": "relapse_prevention"}
HEADINGS = [
    "Program referred",
    "Referred",
    "Signed up",
    "Checked in",
    "Started",
    "Finished",
    "Median helpfulness",
    "Asking for the next program",
]


# The arithmetic, without a database


@pytest.mark.parametrize(
    ("tally", "median"),
    [
        ({}, None),
        ({3: 1}, 3),
        ({1: 1, 5: 1}, 3),
        ({3: 1, 4: 1}, 3.5),
        ({1: 2, 2: 1}, 1),  # 1, 1, 2
        ({2: 1, 3: 1, 5: 2}, 4),  # 2, 3, 5, 5
        ({4: 3}, 4),
        ({1: 1, 2: 0, 5: 1}, 3),  # an answer nobody gave is no answer
    ],
)
def test_it_takes_the_median_of_the_answers_given(tally, median):
    assert median_of(tally) == median


@pytest.mark.parametrize(
    ("today", "first"),
    [
        (date(2026, 12, 6), date(2025, 12, 7)),
        (date(2026, 1, 1), date(2025, 1, 2)),
        (date(2028, 2, 29), date(2027, 3, 1)),  # a year before 29 February is the 28th
        (date(2029, 2, 28), date(2028, 2, 29)),
    ],
)
def test_it_defaults_to_the_twelve_months_up_to_today(today, first):
    assert last_twelve_months(today) == Period(first, today)


def test_a_period_runs_from_the_first_days_midnight_to_the_midnight_after_its_last():
    # The day the clocks go forward in Chicago is 23 hours long.
    start, end = Period(date(2026, 3, 8), date(2026, 3, 8)).bounds(CHICAGO)

    utc = ZoneInfo("UTC")
    assert start.astimezone(utc) == datetime(2026, 3, 8, 6, 0, tzinfo=utc)
    assert end.astimezone(utc) - start.astimezone(utc) == timedelta(hours=23)


def test_it_gives_every_program_a_row_and_leaves_out_an_unknown_one():
    groups = [
        {"program": "MSC", "helpful": 4, "helpful_n": 2, **_counts(referred=3, checked_in=2)},
        {"program": "MSC", "helpful": None, "helpful_n": 0, **_counts(referred=1)},
        {"program": "XYZ", "helpful": None, "helpful_n": 0, **_counts(referred=9)},
    ]

    rows = outcomes_from_groups(groups)

    assert rows == [
        ProgramOutcomes("MBSR"),
        ProgramOutcomes("MBCT"),
        ProgramOutcomes("MSC", referred=4, checked_in=2, median_helpful=4, helpful_answers=2),
    ]


def _counts(**counts: int) -> dict[str, int]:
    names = ("referred", "signed_up", "checked_in", "started", "finished", "wants_next")
    return {name: counts.get(name, 0) for name in names}


# Seeded intakes, in the clinic's calendar


def _sent(intake: Intake, moment: datetime) -> Intake:
    """Move an intake's sending to `moment` (created_at is set on insert)."""
    Intake.objects.filter(pk=intake.pk).update(created_at=moment)
    intake.refresh_from_db()
    return intake


def _at(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=CHICAGO)


@pytest.fixture
def seeded(db, clinic, make_intake, set_review):
    """Ten intakes around March to May 2026 in Chicago, the clinic's zone.

    MBSR: Ada (the first minute of 1 March) and Cy (the last of 31 May) count; Bo (the
    last minute of February) and Di (the first of June) do not. MSC: Em, Flo (MBSR by the
    engine, MSC by her clinician), Gus, Hal and Ivy. MBCT: Jo, with nothing since.
    """
    clinic(time_zone="America/Chicago")

    def person(name: str, moment: datetime, **answers: str) -> Intake:
        return _sent(make_intake(first_name=name, checkin_opt_in="on", **answers), moment)

    ada = person("Ada", _at(2026, 3, 1, 0, 0))
    signup_record(intake=ada, program="MBSR")
    answered(ada, started="yes", finished="yes", helpful="5", wants_next="yes")
    bo = person("Bo", _at(2026, 2, 28, 23, 59))
    signup_record(intake=bo, program="MBSR")
    answered(bo, helpful="1")
    cy = person("Cy", _at(2026, 5, 31, 23, 59))
    answered(cy, started="yes", finished="no", helpful="2", wants_next="no")
    di = person("Di", _at(2026, 6, 1, 0, 0))
    answered(di, helpful="1")

    em = person("Em", _at(2026, 4, 10, 12, 0), **MSC_FIRST)
    signup_record(intake=em, program="MSC")  # asked for a check-in, not answered yet
    flo = person("Flo", _at(2026, 4, 11, 12, 0))
    set_review(flo, override_program="MSC", override_reason="Talked it through.")
    answered(flo, started="yes", finished="yes", helpful="4", wants_next="yes")
    gus = person("Gus", _at(2026, 4, 12, 12, 0), **MSC_FIRST)
    signup_record(intake=gus, program="MBSR")  # another course, of another program
    answered(gus, started="no", wants_next="no")
    hal = person("Hal", _at(2026, 4, 13, 12, 0), **MSC_FIRST)
    answered(hal, started="yes", finished="yes", helpful="3", wants_next="no")
    ivy = person("Ivy", _at(2026, 5, 1, 12, 0), **MSC_FIRST)
    answered(ivy, started="yes", finished="no", helpful="5", wants_next="no", what_helped=None)

    person("Jo", _at(2026, 4, 20, 12, 0), **MBCT_FIRST)
    programs = {
        intake.first_name: intake.override_program or intake.recommended_program
        for intake in Intake.objects.all()
    }
    assert programs == {
        **dict.fromkeys(["Ada", "Bo", "Cy", "Di"], "MBSR"),
        **dict.fromkeys(["Em", "Flo", "Gus", "Hal", "Ivy"], "MSC"),
        "Jo": "MBCT",
    }


# What each row holds: Ada and Cy for MBSR; Em, Flo, Gus, Hal and Ivy for MSC; Jo for MBCT.
EXPECTED = {
    "MBSR": ProgramOutcomes(
        "MBSR",
        referred=2,  # Ada, Cy
        signed_up=1,  # Ada
        checked_in=2,
        started=2,
        finished=1,  # Ada
        wants_next=1,  # Ada
        median_helpful=3.5,  # 5 and 2
        helpful_answers=2,
    ),
    "MBCT": ProgramOutcomes("MBCT", referred=1),
    "MSC": ProgramOutcomes(
        "MSC",
        referred=5,
        signed_up=2,  # Em, Gus
        checked_in=4,  # Flo, Gus, Hal, Ivy
        started=3,  # Flo, Hal, Ivy
        finished=2,  # Flo, Hal
        wants_next=1,  # Flo
        median_helpful=4,  # 4, 3 and 5
        helpful_answers=3,
    ),
}


def test_it_counts_each_programs_outcomes_for_the_period(seeded):
    rows = program_outcomes(Period(date(2026, 3, 1), date(2026, 5, 31)), CHICAGO)

    assert {row.program: row for row in rows} == EXPECTED


def test_it_counts_the_period_in_one_query(seeded, django_assert_num_queries):
    with django_assert_num_queries(1):
        program_outcomes(Period(date(2026, 3, 1), date(2026, 5, 31)), CHICAGO)


def test_it_counts_a_period_of_one_day(seeded):
    rows = program_outcomes(Period(date(2026, 5, 31), date(2026, 5, 31)), CHICAGO)

    mbsr = {row.program: row for row in rows}["MBSR"]
    assert (mbsr.referred, mbsr.median_helpful) == (1, 2)  # Cy alone


# The page


@pytest.fixture
def dashboard(client, clinician, page):
    client.force_login(clinician)

    def open_dashboard(query: dict[str, str] | None = None):
        response = client.get(dashboard_url(), query or {})
        assert response.status_code == 200
        return page(response)

    return open_dashboard


def _section(html):
    section = html.find("section", class_="outcomes")
    assert section is not None, "No outcomes on the dashboard"
    return section


def _table(html) -> dict[str, list[str]]:
    table = html.find("table", class_="outcomes-table", within=_section(html))
    assert [th.words for th in html.find_all("th", within=table, scope="col")] == HEADINGS
    return {
        row.find("th").words: [td.words for td in html.find_all("td", within=row)]
        for row in html.find_all("tr", within=table.find("tbody"))
    }


def _caption(html) -> str:
    return html.find("caption", within=_section(html)).words


def test_it_shows_the_outcomes_table_for_the_period_asked_for(dashboard, seeded):
    shown = _table(dashboard(MARCH_TO_MAY))

    assert shown == {
        "MBSR": ["2", "1", "2", "2", "1", "3.5 of 5 (2 answers)", "1"],
        "MBCT": ["1", "0", "0", "0", "0", "No answers", "0"],
        "MSC": ["5", "2", "4", "3", "2", "4 of 5 (3 answers)", "1"],
    }


def test_it_says_which_days_the_table_counts(dashboard, seeded):
    caption = _caption(dashboard(MARCH_TO_MAY))

    assert caption.startswith("Intakes sent 1 Mar 2026 to 31 May 2026 (both days included)")


def test_it_shows_the_last_twelve_months_unless_asked(dashboard, clinic, make_intake):
    clinic(time_zone="America/Chicago")
    today = timezone.localdate()
    first = last_twelve_months(today).first
    first_moment = datetime.combine(first, time.min, tzinfo=CHICAGO)
    make_intake(first_name="Today")  # MBSR, sent now
    _sent(make_intake(first_name="First day"), first_moment)
    _sent(make_intake(first_name="The day before"), first_moment - timedelta(minutes=1))

    html = dashboard()

    expected = (
        f"{formats.date_format(first, 'DATE_FORMAT')} to "
        f"{formats.date_format(today, 'DATE_FORMAT')}"
    )
    assert f"Intakes sent {expected}" in _caption(html)
    assert _table(html)["MBSR"][0] == "2"  # today's and the first day's, not the day before
    section = _section(html)
    assert html.find("input", within=section, name="from")["value"] == first.isoformat()
    assert html.find("input", within=section, name="to")["value"] == today.isoformat()


def test_it_fills_a_day_left_empty_with_the_defaults(dashboard, seeded):
    caption = _caption(dashboard({"from": "2026-03-01", "to": ""}))

    today = formats.date_format(timezone.localdate(), "DATE_FORMAT")
    assert caption.startswith(f"Intakes sent 1 Mar 2026 to {today}")


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"from": "2026-13-45"}, "Enter a date such as 2026-01-31."),
        ({"to": "yesterday"}, "Enter a date such as 2026-01-31."),
        ({"from": "99999-01-01"}, "Enter a date such as 2026-01-31."),
        ({"from": "0001-01-01"}, "Enter a date between 2000-01-01 and 2099-12-31."),
        ({"to": "9999-12-31"}, "Enter a date between 2000-01-01 and 2099-12-31."),
        (
            {"from": "2026-05-31", "to": "2026-03-01"},
            "The period starts after it ends: give a “from” day on or before the “to” day.",
        ),
    ],
)
def test_it_says_what_is_wrong_with_a_period_and_shows_the_last_twelve_months(
    client, clinician, page, seeded, query, message
):
    client.force_login(clinician)

    response = client.get(dashboard_url(), query)

    assert response.status_code == 200
    html = page(response)
    section = _section(html)
    assert message in section.words
    assert html.find(class_="errornote", within=section).attrs["role"] == "alert"
    first = formats.date_format(last_twelve_months(timezone.localdate()).first, "DATE_FORMAT")
    assert _caption(html).startswith(f"Intakes sent {first} to ")


# The chart


def _chart(html):
    chart = html.find("svg", class_="outcomes-chart", within=_section(html))
    assert chart is not None, "No chart"
    return chart


def test_it_draws_the_chart_as_an_image_with_a_title_and_description(dashboard, seeded):
    html = dashboard(MARCH_TO_MAY)

    chart = _chart(html)
    assert chart["role"] == "img"
    title, desc = chart.find("title"), chart.find("desc")
    assert chart["aria-labelledby"] == f"{title['id']} {desc['id']}"
    assert title.words == "Outcomes by program, 1 Mar 2026 to 31 May 2026"
    assert desc.words.startswith(
        "MBSR: referred 2, signed up 1, checked in 2, started 2, finished 1, "
        "asking for the next program 1. MBCT: referred 1,"
    )


def test_it_draws_each_count_of_the_table_as_a_bar_to_one_scale(dashboard, seeded):
    html = dashboard(MARCH_TO_MAY)

    bars = {}
    for group in _chart(html).find_all("g"):
        program = group.find("text").words
        widths = [float(rect["width"]) for rect in group.find_all("rect")]
        counts = [text.words for text in group.find_all("text")[2::2]]
        bars[program] = (widths, counts)
    # MSC's 5 referred is the longest bar; the others are to its scale.
    assert bars["MSC"] == ([380, 152, 304, 228, 152, 76], ["5", "2", "4", "3", "2", "1"])
    assert bars["MBCT"] == ([76, 0, 0, 0, 0, 0], ["1", "0", "0", "0", "0", "0"])
    table = _table(html)
    for program, (_, counts) in bars.items():
        assert counts == table[program][:5] + table[program][6:]


def test_it_draws_the_dashboard_with_no_inline_style_or_script(client, clinician, seeded):
    client.force_login(clinician)

    response = client.get(dashboard_url(), MARCH_TO_MAY)

    assert inline_code(response) == []
    assert "Content-Security-Policy" in response


def test_it_draws_empty_bars_when_nothing_was_sent(dashboard, db):
    html = dashboard({"from": "2026-01-01", "to": "2026-01-31"})

    widths = {float(rect["width"]) for rect in _chart(html).find_all("rect")}
    assert widths == {0}
    assert _table(html)["MSC"] == ["0", "0", "0", "0", "0", "No answers", "0"]


def test_it_keeps_the_dashboards_query_count_with_outcomes_to_count(
    client, clinician, make_intake, queries
):
    client.force_login(clinician)
    make_intake()
    client.get(dashboard_url())  # a first request may write the session (the idle timer)
    with_one = queries.of(lambda: client.get(dashboard_url(), MARCH_TO_MAY))

    for index in range(20):
        intake = make_intake(checkin_opt_in="on", **(MSC_FIRST if index % 2 else {}))
        signup_record(intake=intake, program="MSC")
        answered(intake, helpful=str(1 + index % 5))
    Intake.objects.update(created_at=_at(2026, 4, 1, 12, 0))

    with queries.as_many_as(with_one):
        html = client.get(dashboard_url(), MARCH_TO_MAY).content.decode()
    assert "MSC" in html
