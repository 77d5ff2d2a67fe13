"""The course finder: /courses/ and its calendar files, as a person looking for a course meets them.

Dates are built relative to timezone.localdate(), so
the runs are upcoming (or under way, or over) whenever the suite runs; the daylight-saving
cases pick the next autumn or winter that is still ahead.
"""

from __future__ import annotations

import re
import zoneinfo
from datetime import date, datetime, time, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from icalendar import Calendar
from pytest_django.asserts import assertContains, assertNotContains

from providers.models import Format, Offering, Region
from providers.schedule import Meeting, next_weekday, times_in
from tests.factories import OfferingFactory, ProviderFactory, program
from tests.helpers import Page
from tests.hypothesis_examples import examples

pytestmark = pytest.mark.django_db

# The finder's query string is an interface (the recommendation page and shared links
# build it), so these tests spell it out.
COURSES = "/courses/"
# Each run's sign-up link names it, so a test can tell which runs a page lists.
SIGN_UP = "https://courses.example.org/"


def _today() -> date:
    return timezone.localdate()


def _run(name: str, **fields) -> Offering:
    """A published run of an active provider; by default an in-person MBSR run on Tuesday
    evenings, Eastern time, starting at least two weeks from now."""
    if "start_date" in fields and "end_date" not in fields:
        fields["end_date"] = fields["start_date"] + timedelta(weeks=7)
    if fields.get("format") == Format.ONLINE:
        fields.setdefault("location", "")
    return OfferingFactory(registration_url=SIGN_UP + name, **fields)


def _courses(client, query: str = ""):
    response = client.get(f"{COURSES}?{query}" if query else COURSES)
    assert response.status_code == 200
    return response


def _listed(response) -> list[str]:
    """The runs a page lists, in order, by the name in their sign-up links."""
    html = Page.of(response)
    names = []
    for card in html.find_all("li", class_="offering"):
        for link in html.find_all("a", within=card):
            if link["href"].startswith(SIGN_UP):
                names.append(link["href"].removeprefix(SIGN_UP))
    return names


def _card(response, name: str):
    html = Page.of(response)
    for card in html.find_all("li", class_="offering"):
        if html.find("a", within=card, href=SIGN_UP + name):
            return card
    raise AssertionError(f"{name} is not listed")


def _facts(card) -> dict[str, str]:
    """A card's facts as a reader sees them: {"Dates": "...", "Meets": "...", ...}."""
    return {row.find("dt").words: row.find("dd").words for row in card.select("dl > div")}


def _query(href: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(href).query, keep_blank_values=True)


def _heading(response) -> str:
    return Page.of(response).find(id="results-title").words


def _month(offset: int) -> date:
    """The first day of the month `offset` months after this one."""
    today = _today()
    years, month = divmod(today.month - 1 + offset, 12)
    return date(today.year + years, month + 1, 1)


def _day(value: date) -> str:
    """A date as the cards write it: "Tue 15 Dec 2026"."""
    return f"{value:%a} {value.day} {value:%b %Y}"


# Filters, each on its own


def test_it_lists_every_upcoming_run_without_filters(client):
    _run("mbsr")
    _run("msc", program=program("MSC"))

    response = _courses(client)

    assert sorted(_listed(response)) == ["mbsr", "msc"]
    assert _heading(response) == "2 courses"


@pytest.mark.parametrize("code", ["MSC", "msc", " Msc "])
def test_it_filters_by_program_in_any_case(client, code):
    _run("mbsr")
    _run("mbct", program=program("MBCT"))
    _run("msc", program=program("MSC"))

    response = _courses(client, f"program={code}")

    assert _listed(response) == ["msc"]
    assert _heading(response) == "1 course matches your choices"


@pytest.mark.parametrize("fmt, expected", [("online", ["online"]), ("in_person", ["in-person"])])
def test_it_filters_by_format(client, fmt, expected):
    _run("in-person", format=Format.IN_PERSON)
    _run("online", format=Format.ONLINE)

    assert _listed(_courses(client, f"format={fmt}")) == expected


def _runs_in_two_regions() -> None:
    near = ProviderFactory(region=Region.NORTHEAST)
    far = ProviderFactory(region=Region.WEST, offers_online=True)
    _run("northeast-in-person", provider=near, start_date=_today() + timedelta(days=20))
    _run("west-in-person", provider=far, start_date=_today() + timedelta(days=21))
    _run(
        "west-online",
        provider=far,
        format=Format.ONLINE,
        start_date=_today() + timedelta(days=22),
    )


def test_it_lists_in_person_runs_in_the_region_and_online_runs_from_anywhere(client):
    _runs_in_two_regions()

    response = _courses(client, "region=northeast")

    assert _listed(response) == ["northeast-in-person", "west-online"]


def test_it_leaves_online_runs_out_of_a_region_when_asked_for_in_person(client):
    _runs_in_two_regions()

    response = _courses(client, "region=northeast&format=in_person")

    assert _listed(response) == ["northeast-in-person"]


def test_it_lists_only_online_runs_for_a_region_when_asked_for_online(client):
    _runs_in_two_regions()

    response = _courses(client, "region=west&format=online")

    assert _listed(response) == ["west-online"]


def test_it_filters_by_the_month_of_the_first_session(client):
    _run("in-two-months", start_date=next_weekday(_month(2), 1))
    _run("end-of-two-months", start_date=next_weekday(_month(3) - timedelta(days=7), 1))
    _run("in-three-months", start_date=next_weekday(_month(3), 1))

    response = _courses(client, f"month={_month(2):%Y-%m}")

    assert _listed(response) == ["in-two-months", "end-of-two-months"]


def test_it_filters_by_a_first_session_on_or_after_a_date(client):
    cutoff = next_weekday(_today() + timedelta(days=30), 1)
    _run("before", start_date=cutoff - timedelta(weeks=1))
    _run("on-the-day", start_date=cutoff)
    _run("after", start_date=cutoff + timedelta(weeks=1))

    response = _courses(client, f"from={cutoff.isoformat()}")

    assert _listed(response) == ["on-the-day", "after"]


def test_it_filters_by_language(client):
    _run("english", language="en")
    _run("spanish", language="es")
    _run("french", language="fr")

    assert _listed(_courses(client, "language=es")) == ["spanish"]


def test_it_filters_runs_that_offer_financial_aid(client):
    _run("with-aid", financial_aid=True)
    _run("without-aid", financial_aid=False)

    assert _listed(_courses(client, "aid=yes")) == ["with-aid"]


def test_it_filters_by_price_and_leaves_out_runs_without_a_price(client):
    _run("cheaper", price="$300", price_usd=300)
    _run("at-the-limit", price="$450", price_usd=450)
    _run("dearer", price="$451", price_usd=451)
    _run("price-on-request", price="Ask us", price_usd=None)

    response = _courses(client, "max_price=450")

    assert sorted(_listed(response)) == ["at-the-limit", "cheaper"]


def test_it_lists_only_free_runs_for_a_price_of_nothing(client):
    _run("free", price="Free", price_usd=0)
    _run("paid", price="$10", price_usd=10)

    assert _listed(_courses(client, "max_price=0")) == ["free"]


def test_it_combines_filters(client):
    # Each run fails exactly one of the four filters, except the one that is listed.
    msc = program("MSC")
    _run("match", program=msc, format=Format.ONLINE, language="es", financial_aid=True)
    _run("other-program", format=Format.ONLINE, language="es", financial_aid=True)
    _run("in-person", program=msc, language="es", financial_aid=True)
    _run("english", program=msc, format=Format.ONLINE, language="en", financial_aid=True)
    _run("no-aid", program=msc, format=Format.ONLINE, language="es", financial_aid=False)

    response = _courses(client, "program=MSC&format=online&language=es&aid=yes")

    assert _listed(response) == ["match"]


def test_it_combines_a_month_a_price_and_a_region(client):
    month = _month(2)
    start = next_weekday(month, 1)
    west = ProviderFactory(region=Region.WEST)
    _run("match", provider=west, start_date=start, price_usd=200)
    _run("other-month", provider=west, start_date=next_weekday(_month(3), 1), price_usd=200)
    _run("dear", provider=west, start_date=start, price_usd=900)
    _run("elsewhere", start_date=start, price_usd=200)  # in person in the Northeast

    response = _courses(client, f"month={month:%Y-%m}&max_price=250&region=west")

    assert _listed(response) == ["match"]


# The choices stay in the URL and in the form


@pytest.mark.parametrize(
    "query, field, value",
    [
        ("program=msc", "program", "MSC"),
        ("format=online", "format", "online"),
        ("region=south", "region", "south"),
        ("language=pt", "language", "pt"),
        ("tz=Europe/London", "tz", "Europe/London"),
        ("aid=yes", "aid", "yes"),
    ],
)
def test_the_form_shows_the_chosen_option(client, query, field, value):
    html = Page.of(_courses(client, query))

    select = html.find("select", name=field)
    chosen = html.find_all("option", within=select, selected=True)
    assert [option["value"] for option in chosen] == [value]


def test_the_form_shows_the_chosen_month(client):
    month = f"{_month(3):%Y-%m}"
    html = Page.of(_courses(client, f"month={month}"))

    select = html.find("select", name="month")
    chosen = html.find_all("option", within=select, selected=True)
    assert [option["value"] for option in chosen] == [month]


def test_the_form_shows_the_chosen_date_and_price(client):
    start = (_today() + timedelta(days=40)).isoformat()
    html = Page.of(_courses(client, f"from={start}&max_price=350"))

    assert html.find("input", name="from")["value"] == start
    assert html.find("input", name="max_price")["value"] == "350"


def test_the_pages_keep_the_filters(client):
    for number in range(25):
        _run(f"es-{number:02d}", program=program("MSC"), language="es")
    _run("english", program=program("MSC"), language="en")
    query = "program=MSC&language=es&tz=America/Chicago"

    first = Page.of(_courses(client, query))
    following = first.find("a", rel="next")["href"]
    second = _courses(client, following.lstrip("?"))
    back = Page.of(second).find("a", rel="prev")["href"]

    filters = {"program": ["MSC"], "language": ["es"], "tz": ["America/Chicago"]}
    assert _query(following) == {**filters, "page": ["2"]}
    assert _query(back) == {**filters, "page": ["1"]}
    assert _listed(second) == [f"es-{number:02d}" for number in range(20, 25)]


def test_the_calendar_feed_link_keeps_the_filters(client):
    _run("msc", program=program("MSC"), language="es")

    html = Page.of(_courses(client, "program=MSC&language=es&page=1"))

    link = next(a for a in html.find_all("a") if a.words.startswith("Subscribe to these"))
    assert urlsplit(link["href"]).path == reverse("courses:feed")
    assert _query(link["href"]) == {"program": ["MSC"], "language": ["es"]}


# Order and pages


def test_it_lists_runs_soonest_first(client):
    today = _today()
    _run("in-five-weeks", start_date=today + timedelta(weeks=5))
    _run("in-one-week", start_date=today + timedelta(weeks=1))
    _run("tomorrow", start_date=today + timedelta(days=1))
    _run("in-three-weeks", start_date=today + timedelta(weeks=3))

    response = _courses(client)

    assert _listed(response) == ["tomorrow", "in-one-week", "in-three-weeks", "in-five-weeks"]


def _many_runs(count: int) -> list[str]:
    names = [f"run-{number:02d}" for number in range(count)]
    for number, name in enumerate(names):
        _run(name, start_date=_today() + timedelta(days=1 + number))
    return names


def test_it_shows_twenty_runs_a_page(client):
    names = _many_runs(45)

    pages = [_courses(client, f"page={number}") for number in (1, 2, 3)]

    assert [_listed(page) for page in pages] == [names[:20], names[20:40], names[40:]]
    assert (
        "Page 1 of 3" in Page.of(pages[0]).find("nav", **{"aria-label": "Pages of courses"}).words
    )
    assert _heading(pages[2]) == "45 courses"


@pytest.mark.parametrize("number", ["4", "99", "999999999999999999999"])
def test_a_page_past_the_end_shows_the_last_page(client, number):
    names = _many_runs(45)

    response = _courses(client, f"page={number}")

    assert _listed(response) == names[40:]
    assertContains(response, "Page 3 of 3")


@pytest.mark.parametrize("number", ["abc", "", "-1x", "1.5", "%00"])
def test_a_page_that_is_not_a_number_shows_the_first_page(client, number):
    names = _many_runs(25)

    response = _courses(client, f"page={number}")

    assert _listed(response) == names[:20]


def test_a_page_number_with_no_runs_at_all_still_answers(client):
    response = _courses(client, "page=7")

    assert _listed(response) == []
    assertContains(response, "No upcoming courses are listed right now.")


# Started, ended and hidden runs


def test_it_hides_a_run_that_has_started_and_takes_no_newcomers(client):
    _run("started", start_date=_today() - timedelta(days=3))

    assert _listed(_courses(client)) == []


def test_it_hides_a_run_whose_late_joining_ended_yesterday(client):
    start = _today() - timedelta(weeks=2)
    _run("started", start_date=start, joinable_until=_today() - timedelta(days=1))

    assert _listed(_courses(client)) == []


@pytest.mark.parametrize("joinable_days", [0, 10])
def test_it_lists_a_started_run_that_still_takes_newcomers_as_under_way(client, joinable_days):
    start = _today() - timedelta(weeks=2)
    until = _today() + timedelta(days=joinable_days)
    _run("joinable", start_date=start, joinable_until=until)

    response = _courses(client)

    assert _listed(response) == ["joinable"]
    card = _card(response, "joinable")
    assert card.find("span", class_="under-way").words == "Under way"
    assert f"Newcomers may join until {until:%a} {until.day} {until:%b}" in _facts(card)["Dates"]


def test_it_does_not_call_a_run_that_starts_today_under_way(client):
    _run("today", start_date=_today())

    response = _courses(client)

    assert _listed(response) == ["today"]
    assert _card(response, "today").find("span", class_="under-way") is None


def test_it_never_lists_a_run_that_has_ended(client):
    start = _today() - timedelta(weeks=9)
    ended = _run(
        "ended",
        start_date=start,
        end_date=_today() - timedelta(days=1),
        joinable_until=_today() - timedelta(weeks=2),
    )

    assert _listed(_courses(client)) == []
    # Not even with a late-joining date after its end, which the admin would refuse.
    Offering.objects.filter(pk=ended.pk).update(joinable_until=_today() + timedelta(days=5))
    assert _listed(_courses(client, "language=en")) == []


def test_it_lists_a_run_on_the_day_of_its_last_session_while_newcomers_may_join(client):
    _run(
        "last-day",
        start_date=_today() - timedelta(weeks=7),
        end_date=_today(),
        joinable_until=_today(),
    )

    assert _listed(_courses(client)) == ["last-day"]


def test_it_never_lists_an_unpublished_run(client):
    _run("draft", is_published=False)
    _run("published")

    assert _listed(_courses(client)) == ["published"]


def test_it_never_lists_a_run_of_an_inactive_provider(client):
    retired = ProviderFactory(is_active=False)
    _run("retired", provider=retired)
    _run("active")

    assert _listed(_courses(client)) == ["active"]
    assertNotContains(_courses(client, "program=MBSR"), retired.name)


# Time zones


def _autumn_year() -> int:
    """The first year whose October is still ahead, so runs dated then are upcoming."""
    today = _today()
    return today.year if date(today.year, 10, 1) > today else today.year + 1


def _sessions(start: date, end: date):
    day = start
    while day <= end:
        yield day
        day += timedelta(weeks=1)


def _expected_meetings(start, end, starts_at, ends_at, zone, viewer_zone):
    """Each session worked out with zoneinfo: (date there, weekday, starts, ends) for each
    change of day or time in the viewer's zone."""
    here, there = zoneinfo.ZoneInfo(zone), zoneinfo.ZoneInfo(viewer_zone)
    stretches = []
    for day in _sessions(start, end):
        begins = datetime.combine(day, starts_at, here).astimezone(there)
        finishes = datetime.combine(day, ends_at, here).astimezone(there)
        key = (begins.weekday(), begins.time(), finishes.time())
        if not stretches or stretches[-1][1:] != key:
            stretches.append((begins.date(), *key))
    return stretches


def _chicago_autumn_run() -> Offering:
    """Mondays 18:30-21:00 in Chicago, from mid October to late November: Europe's clocks
    go back on the last Sunday of October, the US's a week later."""
    year = _autumn_year()
    return _run(
        "chicago",
        start_date=next_weekday(date(year, 10, 11), 0),
        end_date=next_weekday(date(year, 11, 20), 0),
        starts_at=time(18, 30),
        ends_at=time(21, 0),
        time_zone="America/Chicago",
        format=Format.ONLINE,
    )


def test_it_shows_times_in_the_chosen_zone_across_both_clock_changes(client):
    run = _chicago_autumn_run()
    expected = _expected_meetings(
        run.start_date, run.end_date, run.starts_at, run.ends_at, run.time_zone, "Europe/London"
    )

    response = _courses(client, "tz=Europe/London")

    facts = _facts(_card(response, "chicago"))
    assert facts["Meets"] == "Mondays, 6:30 to 9:00 pm (Central time (US))"
    first, *changes = [Meeting(*stretch) for stretch in expected]
    assert facts["In UK time"] == "".join(
        [str(first), *(f"; from {m.first.day} {m.first:%b}: {m}" for m in changes)]
    )
    shown = re.split(r"; from \d{1,2} [A-Z][a-z]{2}: ", facts["In UK time"])
    # Worked out by hand: six hours apart, except in the one week when only Europe has
    # put its clocks back, when the session starts before midnight in London.
    assert shown == [
        "Tuesdays, 12:30 to 3:00 am",
        "Mondays, 11:30 pm to 2:00 am",
        "Tuesdays, 12:30 to 3:00 am",
    ]
    assertContains(response, "Times are shown in each course's own time zone and in UK time.")


def test_it_says_from_which_session_the_time_changes(client):
    run = _chicago_autumn_run()
    # The one Monday between Europe's change and the US's: the same date in both zones.
    (odd_week,) = [
        day
        for day in _sessions(run.start_date, run.end_date)
        if datetime.combine(day, run.starts_at, zoneinfo.ZoneInfo(run.time_zone))
        .astimezone(zoneinfo.ZoneInfo("Europe/London"))
        .hour
        == 23
    ]

    facts = _facts(_card(_courses(client, "tz=Europe/London"), "chicago"))

    assert (
        f"; from {odd_week.day} {odd_week:%b}: Mondays, 11:30 pm to 2:00 am; from "
        in (facts["In UK time"])
    )


def test_it_shows_a_late_evening_pacific_run_on_the_next_day_in_london(client):
    # January and February: neither zone changes its clocks, eight hours apart.
    start = next_weekday(date(_today().year + 1, 1, 6), 2)
    _run(
        "pacific",
        start_date=start,
        end_date=start + timedelta(weeks=5),
        starts_at=time(19, 0),
        ends_at=time(21, 0),
        time_zone="America/Los_Angeles",
        format=Format.ONLINE,
    )

    facts = _facts(_card(_courses(client, "tz=Europe/London"), "pacific"))

    assert facts["Meets"] == "Wednesdays, 7:00 to 9:00 pm (Pacific time (US))"
    assert facts["In UK time"] == "Thursdays, 3:00 to 5:00 am"


def test_it_adds_no_converted_times_in_the_runs_own_zone_or_without_a_zone(client):
    _run("eastern")

    for query in ("", "tz=America/New_York"):
        facts = _facts(_card(_courses(client, query), "eastern"))
        assert facts["Meets"] == "Tuesdays, 6:00 to 8:30 pm (Eastern time (US))"
        assert not any(label.startswith("In ") for label in facts)


def test_a_time_zone_hides_no_run(client):
    _run("eastern")
    _run("pacific", time_zone="America/Los_Angeles")

    assert sorted(_listed(_courses(client, "tz=Asia/Tokyo"))) == ["eastern", "pacific"]


def test_it_dates_a_change_of_time_in_the_visitors_zone(client):
    # Tuesdays 10:00 in Tokyo are Monday afternoons in Los Angeles, an hour earlier once
    # the US puts its clocks back (Tokyo has no daylight saving). The new time starts on a
    # Monday in Los Angeles; dated by Tokyo's Tuesday, a visitor would expect the old time
    # on that Monday.
    year = _autumn_year()
    run = _run(
        "tokyo",
        start_date=next_weekday(date(year, 10, 12), 1),
        end_date=next_weekday(date(year, 11, 20), 1),
        starts_at=time(10, 0),
        ends_at=time(12, 0),
        time_zone="Asia/Tokyo",
        format=Format.ONLINE,
    )
    (_before, after) = _expected_meetings(
        run.start_date,
        run.end_date,
        run.starts_at,
        run.ends_at,
        run.time_zone,
        "America/Los_Angeles",
    )
    changed_on = after[0]  # in Los Angeles, the day after the US clock change
    assert changed_on.weekday() == 0

    facts = _facts(_card(_courses(client, "tz=America/Los_Angeles"), "tokyo"))

    assert facts["In Pacific time (US)"] == (
        f"Mondays, 6:00 to 8:00 pm; from {changed_on.day} {changed_on:%b}: Mondays, 5:00 to 7:00 pm"
    )


# providers.schedule.times_in, without the database


def test_times_in_follows_both_clock_changes_of_autumn_2026():
    # Europe put its clocks back on Sunday 25 October 2026, the US on Sunday 1 November.
    start, end = date(2026, 10, 12), date(2026, 11, 23)
    meetings = times_in(
        start=start,
        end=end,
        weekday=0,
        starts_at=time(18, 30),
        ends_at=time(21, 0),
        zone="America/Chicago",
        viewer_zone="Europe/London",
    )

    assert meetings == [
        Meeting(date(2026, 10, 13), 1, time(0, 30), time(3, 0)),
        Meeting(date(2026, 10, 26), 0, time(23, 30), time(2, 0)),
        Meeting(date(2026, 11, 3), 1, time(0, 30), time(3, 0)),
    ]
    worked_out = _expected_meetings(
        start, end, time(18, 30), time(21, 0), "America/Chicago", "Europe/London"
    )
    assert meetings == [Meeting(*stretch) for stretch in worked_out]
    assert [str(m) for m in meetings] == [
        "Tuesdays, 12:30 to 3:00 am",
        "Mondays, 11:30 pm to 2:00 am",
        "Tuesdays, 12:30 to 3:00 am",
    ]


def test_times_in_moves_a_late_pacific_evening_to_the_next_day_in_london():
    meetings = times_in(
        start=date(2027, 1, 6),
        end=date(2027, 2, 10),
        weekday=2,
        starts_at=time(19, 0),
        ends_at=time(21, 30),
        zone="America/Los_Angeles",
        viewer_zone="Europe/London",
    )

    # The first session is on Thursday 7 January in London.
    assert meetings == [Meeting(date(2027, 1, 7), 3, time(3, 0), time(5, 30))]
    assert str(meetings[0]) == "Thursdays, 3:00 to 5:30 am"


def test_times_in_gives_one_meeting_in_the_runs_own_zone():
    meetings = times_in(
        start=date(2026, 10, 12),
        end=date(2026, 11, 23),
        weekday=0,
        starts_at=time(18, 30),
        ends_at=time(21, 0),
        zone="America/Chicago",
        viewer_zone="America/Chicago",
    )

    assert meetings == [Meeting(date(2026, 10, 12), 0, time(18, 30), time(21, 0))]


# Bad input


@pytest.mark.parametrize(
    "query, label, expected",
    [
        ("program=YOGA&language=es", "program", ["spanish-msc", "spanish-mbsr"]),
        ("format=carrier-pigeon&program=MSC", "format", ["spanish-msc", "english-msc"]),
        ("region=mars&program=MSC", "where you live", ["spanish-msc", "english-msc"]),
        ("language=klingon&program=MSC", "language", ["spanish-msc", "english-msc"]),
        ("aid=maybe&program=MSC", "financial aid", ["spanish-msc", "english-msc"]),
    ],
)
def test_it_leaves_out_a_choice_it_does_not_offer_and_applies_the_rest(
    client, query, label, expected
):
    start = _today() + timedelta(days=20)
    _run("spanish-msc", program=program("MSC"), language="es", start_date=start)
    _run("english-msc", program=program("MSC"), language="en", start_date=start)
    _run("spanish-mbsr", language="es", start_date=start + timedelta(days=1))

    response = _courses(client, query)

    assertContains(
        response, f"We did not recognise the choice for {label}, so we left that filter out."
    )
    assert _listed(response) == expected
    assertNotContains(response, 'aria-invalid="true"')
    assertNotContains(response, "Please check")


@pytest.mark.parametrize(
    "bad, field, message",
    [
        ("month=2027-13", "month", "Choose a month from the list (or write it as 2027-01)."),
        ("month=soon", "month", "Choose a month from the list (or write it as 2027-01)."),
        ("from=31/12/2026", "from", "Enter a date such as 2027-01-15."),
        (
            "tz=Mars/Olympus",
            "tz",
            "We do not know the time zone Mars/Olympus. Choose one from the list.",
        ),
        ("max_price=-5", "max_price", None),
        ("max_price=1e9", "max_price", None),
        ("max_price=abc", "max_price", None),
        ("max_price=100001", "max_price", None),
    ],
)
def test_it_marks_a_malformed_value_by_its_field_and_applies_the_rest(client, bad, field, message):
    _run("msc", program=program("MSC"), price_usd=400)
    _run("mbsr")

    response = _courses(client, f"{bad}&program=MSC")

    html = Page.of(response)
    control = html.find(["input", "select"], name=field)
    assert control["aria-invalid"] == "true"
    error = html.find(id=f"id_{field}_error")
    assert error is not None and error.words
    if message:
        assert error.words == message
    alert = html.find("div", role="alert")
    assert alert.find("h2").words == "Please check 1 choice"
    assert _listed(response) == ["msc"]
    assertNotContains(response, "We did not recognise")


def test_it_counts_each_malformed_value(client):
    html = Page.of(_courses(client, "month=soon&max_price=abc&from=yesterday"))

    assert html.find("div", role="alert").find("h2").words == "Please check 3 choices"
    invalid = {control["name"] for control in html.find_all(**{"aria-invalid": "true"})}
    assert invalid == {"month", "max_price", "from"}


def test_it_shows_no_errors_for_good_values(client):
    start = (_today() + timedelta(days=3)).isoformat()
    response = _courses(
        client,
        f"program=MSC&format=online&region=west&month={_month(1):%Y-%m}&from={start}"
        "&language=es&tz=Europe/Paris&aid=yes&max_price=500",
    )

    assertNotContains(response, 'aria-invalid="true"')
    assertNotContains(response, "Please check")
    assertNotContains(response, "We did not recognise")


PARAMETERS = [
    "program",
    "format",
    "region",
    "month",
    "from",
    "language",
    "tz",
    "aid",
    "max_price",
    "page",
]


@settings(
    max_examples=examples(60),
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    query=st.dictionaries(
        st.sampled_from(PARAMETERS),
        st.one_of(
            st.text(max_size=40),
            st.sampled_from(["MSC", "online", "west", "2027-02", "2027-02-30", "Europe/London"]),
            st.integers().map(str),
        ),
    )
)
def test_no_query_string_makes_the_finder_or_its_feed_fail(client, query):
    if not Offering.objects.exists():  # the examples share one test's database
        _run("listed")

    page = client.get(COURSES, query)
    feed = client.get(reverse("courses:feed"), query)

    assert page.status_code == 200
    assert Page.of(page).find(id="results-title") is not None
    assert feed.status_code == 200
    Calendar.from_ical(feed.content)


# An empty result


def test_it_suggests_which_choice_to_loosen_with_how_many_runs_each_would_list(client):
    msc = program("MSC")
    _run("mbct-english-aid", program=program("MBCT"), language="en", financial_aid=True)
    _run("mbct-spanish", program=program("MBCT"), language="es", financial_aid=False)
    _run("msc-spanish-aid", program=msc, language="es", financial_aid=True)
    _run("msc-spanish-aid-2", program=msc, language="es", financial_aid=True)
    query = "program=MBCT&language=es&aid=yes&tz=Europe/London"

    response = _courses(client, query)

    assert _listed(response) == []
    assertContains(response, "No course matches all of your choices. Loosening one of them helps:")
    html = Page.of(response)
    suggestions = html.find_all("li", within=html.find("div", class_="empty-result"))
    shown = {item.words: _query(item.find("a")["href"]) for item in suggestions}
    rest = {"program": ["MBCT"], "language": ["es"], "aid": ["yes"], "tz": ["Europe/London"]}
    assert shown == {
        "Without the program: 2 courses": {k: v for k, v in rest.items() if k != "program"},
        "Without the language: 1 course": {k: v for k, v in rest.items() if k != "language"},
        "Without financial aid: 1 course": {k: v for k, v in rest.items() if k != "aid"},
    }
    # Each suggestion lists as many runs as it says.
    for item in suggestions:
        count = int(re.search(r": (\d+) course", item.words).group(1))
        assert len(_listed(_courses(client, item.find("a")["href"].lstrip("?")))) == count


def test_it_offers_no_loosening_when_nothing_is_listed_at_all(client):
    response = _courses(client)

    assertContains(response, "No upcoming courses are listed right now.")
    assertNotContains(response, "Loosening one of them helps")


# A run's card


def test_a_card_shows_everything_needed_to_choose_and_sign_up(client):
    provider = ProviderFactory(
        name="Lakeside Compassion Center", who_can_join="Only for people who have completed MSC"
    )
    start = next_weekday(_today() + timedelta(days=20), 3)
    end = start + timedelta(weeks=7)
    run = _run(
        "lakeside",
        provider=provider,
        program=program("MSC"),
        start_date=start,
        end_date=end,
        starts_at=time(9, 30),
        ends_at=time(12, 0),
        time_zone="America/Chicago",
        location="5 Shore Road, Madison",
        price="$450, sliding scale",
        price_usd=450,
        financial_aid=True,
        language="es",
    )

    response = _courses(client)

    card = _card(response, "lakeside")
    title = card.find("h3")
    assert title.words == "MSC with Lakeside Compassion Center"
    # The language the run is taught in is a badge under its title, on every card.
    assert card.find(class_="course-language").words == "Taught in Spanish"
    assert title.find("a")["href"] == provider.get_absolute_url()
    assert _facts(card) == {
        "Dates": f"{_day(start)} to {_day(end)}",
        "Meets": "Thursdays, 9:30 am to 12:00 pm (Central time (US))",
        "Format": "In person, 5 Shore Road, Madison",
        "Price": "$450, sliding scale; financial aid available",
        "Who can join": "Only for people who have completed MSC",
    }
    links = {a.words.split(" for ")[0].split(":")[0]: a["href"] for a in card.find_all("a")}
    assert links["How to sign up"] == SIGN_UP + "lakeside"
    assert links["Add to my calendar"] == f"/courses/{run.pk}.ics"


def test_a_card_of_an_online_run_without_a_price_says_so_plainly(client):
    _run("online", format=Format.ONLINE, price="", financial_aid=False, language="en")

    facts = _facts(_card(_courses(client), "online"))

    assert facts["Format"] == "Online"
    assert "Price" not in facts
    assert "Who can join" not in facts
    assert _card(_courses(client), "online").find(class_="course-language").words == (
        "Taught in English"
    )


def test_a_card_mentions_financial_aid_without_a_stated_price(client):
    _run("aid-only", price="", financial_aid=True)

    assert _facts(_card(_courses(client), "aid-only"))["Price"] == "Financial aid available"


def test_a_run_without_a_schedule_has_no_calendar_link(client):
    unscheduled = _run("unscheduled")
    _run("scheduled")
    Offering.objects.filter(pk=unscheduled.pk).update(
        weekday=None, starts_at=None, ends_at=None, schedule_as_written="Weekends, see website"
    )

    response = _courses(client)

    assert _listed(response) == ["unscheduled", "scheduled"]
    card = _card(response, "unscheduled")
    assert _facts(card)["Meets"] == "Weekends, see website (Eastern time (US))"
    assert [a for a in card.find_all("a") if "Add to my calendar" in a.words] == []
    scheduled = _card(response, "scheduled")
    assert [a["href"] for a in scheduled.find_all("a") if "Add to my calendar" in a.words] == [
        Offering.objects.get(registration_url=SIGN_UP + "scheduled").calendar_url
    ]


# Queries


def _many_providers_runs(count: int) -> None:
    codes = ["MBSR", "MBCT", "MSC"]
    for number in range(count):
        provider = ProviderFactory(who_can_join=f"Group {number}" if number % 2 else "")
        _run(
            f"many-{number:02d}",
            provider=provider,
            program=program(codes[number % 3]),
            time_zone=["America/Chicago", "America/Los_Angeles"][number % 2],
            format=[Format.IN_PERSON, Format.ONLINE][number % 2],
        )


def test_it_runs_the_same_number_of_queries_for_1_and_40_runs(client, queries):
    # Each request renders afresh: the page is cached for anonymous visitors otherwise.
    url = f"{COURSES}?tz=Europe/London"
    _many_providers_runs(1)
    cache.clear()
    with_one = queries.of(lambda: client.get(url))

    Offering.objects.all().delete()
    _many_providers_runs(40)
    cache.clear()

    with queries.as_many_as(with_one):
        response = client.get(url)
    assert len(_listed(response)) == 20  # the page measured is full


def test_a_second_visit_reads_no_runs_while_they_are_unchanged(client):
    _run("cached")
    first = _courses(client, "program=MBSR")

    with CaptureQueriesContext(connection) as second:
        again = _courses(client, "program=MBSR")

    tables = " ".join(query["sql"] for query in second.captured_queries)
    assert "providers_offering" not in tables
    assert _listed(again) == _listed(first) == ["cached"]


def test_an_edited_run_shows_at_once_despite_the_cache(client):
    run = _run("edited", price="$300")
    _courses(client)

    run.price = "$350"
    run.save()

    assert _facts(_card(_courses(client), "edited"))["Price"] == "$350"


# Calendar files


def _ics(response) -> Calendar:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def test_a_runs_calendar_file_places_every_session(client):
    run = _chicago_autumn_run()
    Offering.objects.filter(pk=run.pk).update(
        location="Lakeside Hall, 5 Shore Road", format=Format.IN_PERSON
    )
    run.refresh_from_db()

    calendar = _ics(client.get(f"/courses/{run.pk}.ics"))

    (event,) = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == (
        f"{run.program.name} ({run.program.code}) with {run.provider.name}"
    )
    assert str(event["UID"]) == f"course-run-{run.pk}@mindful-path"
    starts, ends = event.decoded("DTSTART"), event.decoded("DTEND")
    assert starts.tzinfo.key == ends.tzinfo.key == "America/Chicago"
    assert (starts.date(), starts.time()) == (run.start_date, time(18, 30))
    assert (ends.date(), ends.time()) == (run.start_date, time(21, 0))
    sessions = len(list(_sessions(run.start_date, run.end_date)))
    assert sessions == 7
    assert event["RRULE"]["FREQ"] == ["WEEKLY"]
    assert event["RRULE"]["COUNT"] == [sessions]
    assert str(event["LOCATION"]) == "Lakeside Hall, 5 Shore Road"
    assert str(event["URL"]) == SIGN_UP + "chicago"
    assert [str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")] == ["America/Chicago"]


def test_a_calendar_file_is_offered_as_a_download(client):
    run = _run("download")

    response = client.get(run.calendar_url)

    assert response["Content-Disposition"] == f'attachment; filename="course-{run.pk}.ics"'


def test_a_run_without_a_schedule_has_no_calendar_file(client):
    run = _run("unscheduled")
    Offering.objects.filter(pk=run.pk).update(weekday=None)

    assert client.get(f"/courses/{run.pk}.ics").status_code == 404


@pytest.mark.parametrize(
    "hide",
    [{"is_published": False}, {"provider": "inactive"}],
    ids=["unpublished", "inactive-provider"],
)
def test_a_hidden_run_has_no_calendar_file(client, hide):
    if hide.get("provider"):
        run = _run("hidden", provider=ProviderFactory(is_active=False))
    else:
        run = _run("hidden", **hide)

    assert client.get(f"/courses/{run.pk}.ics").status_code == 404


def test_an_unknown_run_has_no_calendar_file(client):
    assert client.get("/courses/999999.ics").status_code == 404


def test_the_feed_holds_exactly_the_listed_runs_of_a_search(client):
    msc = program("MSC")
    listed = [
        _run("msc-soon", program=msc),
        _run("msc-online", program=msc, format=Format.ONLINE, time_zone="Europe/London"),
        _run(
            "msc-under-way",
            program=msc,
            start_date=_today() - timedelta(weeks=1),
            joinable_until=_today() + timedelta(days=3),
        ),
    ]
    unscheduled = _run("msc-unscheduled", program=msc)
    Offering.objects.filter(pk=unscheduled.pk).update(weekday=None)
    _run("mbsr")
    _run("msc-draft", program=msc, is_published=False)
    _run("msc-retired", program=msc, provider=ProviderFactory(is_active=False))
    _run("msc-started", program=msc, start_date=_today() - timedelta(weeks=1))
    _run(
        "msc-ended",
        program=msc,
        start_date=_today() - timedelta(weeks=9),
        end_date=_today() - timedelta(days=2),
    )

    page = _courses(client, "program=MSC")
    calendar = _ics(client.get("/courses/calendar.ics?program=MSC"))

    uids = {str(event["UID"]) for event in calendar.walk("VEVENT")}
    assert uids == {f"course-run-{run.pk}@mindful-path" for run in listed}
    # The same runs as the page lists, but for the one that cannot be placed in a calendar.
    assert sorted(_listed(page)) == ["msc-online", "msc-soon", "msc-under-way", "msc-unscheduled"]
    zones = {str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")}
    assert zones == {"America/New_York", "Europe/London"}


# Navigation


def test_the_main_navigation_leads_to_the_finder_and_the_organisations(client):
    html = Page.of(_courses(client))

    nav = html.find("nav", **{"aria-label": "Main"})
    links = {a.words: a for a in html.find_all("a", within=nav)}
    assert links["Find a course"]["href"] == COURSES
    assert links["Find a course"]["aria-current"] == "page"
    assert links["Organisations"]["href"] == "/providers/"
    assert html.find("h1").words == "Find a course"
    organisations = client.get(links["Organisations"]["href"])
    assert Page.of(organisations).find("h1").words == "Organisations that teach these courses"
