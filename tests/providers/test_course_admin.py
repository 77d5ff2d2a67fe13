"""A directory editor keeps course runs and providers current in the admin.

What an editor notices: the add form refuses a run whose dates and times do not fit
together; the run list sorts runs by status and points at runs whose schedule needs
fixing; "Copy to new dates" repeats a run; providers due a check are easy to find and
to mark as checked. Also the migration that turned written schedules into weekdays and
times, the reader it uses, and the sample listings of a demonstration site.
"""

from __future__ import annotations

import importlib
from datetime import date, time, timedelta
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertRedirects

from providers.models import Format, Offering, Provider
from providers.schedule import next_weekday, parse_written
from tests.factories import OfferingFactory, ProviderFactory, offering_admin_form, program
from tests.helpers import Page, admin_form_data, links

pytestmark = pytest.mark.django_db

BROWN = "brown-university-mindfulness-center"
OFFERINGS = "admin:providers_offering_changelist"
PROVIDERS = "admin:providers_provider_changelist"

_migration = importlib.import_module("providers.migrations.0005_structured_schedule")
structure_schedules = _migration.structure_schedules
PLAIN_DOLLARS = _migration.PLAIN_DOLLARS


def _today() -> date:
    return timezone.localdate()


def _add_form(start: date, **changes: str) -> dict[str, object]:
    """The add-offering form for an online MBSR run at Brown, meeting on Mondays from `start`."""
    return offering_admin_form(start, **{"format": "online", **changes})


def _a_monday() -> date:
    return next_weekday(_today() + timedelta(days=21), 0)


def _field_error(response, field: str) -> str:
    """The error an editor reads beside a field of an admin form ("" if none)."""
    error = Page.of(response).find("ul", id=f"id_{field}_error")
    return error.words if error else ""


def _messages(response) -> list[tuple[str, str]]:
    """The admin's messages at the top of the page: (level, text)."""
    page = Page.of(response)
    listing = page.find("ul", class_="messagelist")
    if listing is None:
        return []
    return [(" ".join(item["class"]), item.words) for item in page.find_all("li", within=listing)]


def _listed(response) -> set[int]:
    """The rows of an admin list, by the primary key of each row's checkbox."""
    return {
        int(box["value"]) for box in Page.of(response).find_all("input", class_="action-select")
    }


def _meets(response, offering: Offering) -> str:
    """The "meets" column of an offering's row in the run list."""
    page = Page.of(response)
    box = page.find("input", class_="action-select", value=str(offering.pk))
    return page.find("td", within=box.find_parent("tr"), class_="field-schedule").words


def _without_a_schedule(written: str = "Tuesday evenings") -> Offering:
    """A run as the migration left it when it could not read the written schedule."""
    run = OfferingFactory(schedule_as_written=written)
    Offering.objects.filter(pk=run.pk).update(weekday=None, starts_at=None, ends_at=None)
    run.refresh_from_db()
    return run


def _row(run: Offering) -> dict:
    return Offering.objects.filter(pk=run.pk).values().get()


# The add form -------------------------------------------------------------------------


def test_it_refuses_a_first_session_that_is_not_on_the_meeting_day(client, editor):
    client.force_login(editor)
    tuesday = _a_monday() + timedelta(days=1)

    response = client.post(reverse("admin:providers_offering_add"), _add_form(tuesday, weekday="0"))

    assert response.status_code == 200
    said = f"{tuesday:%A} {tuesday.day} {tuesday:%B %Y} is not a Monday, the day the course meets."
    assert said in _field_error(response, "start_date")
    assert not Offering.objects.exists()


def test_it_refuses_a_last_session_before_the_first(client, editor):
    client.force_login(editor)
    start = _a_monday()

    response = client.post(
        reverse("admin:providers_offering_add"),
        _add_form(start, end_date=(start - timedelta(weeks=1)).isoformat()),
    )

    assert _field_error(response, "end_date") == "The last session cannot come before the first."
    assert _field_error(response, "start_date") == ""
    assert not Offering.objects.exists()


@pytest.mark.parametrize("ends_at", ["18:00", "17:30", "08:30"])
def test_it_refuses_a_session_that_ends_when_or_before_it_starts(client, editor, ends_at):
    client.force_login(editor)

    response = client.post(
        reverse("admin:providers_offering_add"), _add_form(_a_monday(), ends_at=ends_at)
    )

    assert _field_error(response, "ends_at") == "A session must end after it starts."
    assert not Offering.objects.exists()


@pytest.mark.parametrize(
    "days_from_start", [-1, 7 * 7 + 1], ids=["before the first session", "after the last"]
)
def test_it_refuses_late_joining_outside_the_run(client, editor, days_from_start):
    client.force_login(editor)
    start = _a_monday()
    joinable_until = start + timedelta(days=days_from_start)

    response = client.post(
        reverse("admin:providers_offering_add"),
        _add_form(start, joinable_until=joinable_until.isoformat()),
    )

    assert (
        _field_error(response, "joinable_until")
        == "Late joining must end between the first and last session."
    )
    assert not Offering.objects.exists()


@pytest.mark.parametrize("zone", ["Mars/Olympus", "Eastern time"])
def test_it_refuses_a_time_zone_it_does_not_know(client, editor, zone):
    client.force_login(editor)

    response = client.post(
        reverse("admin:providers_offering_add"), _add_form(_a_monday(), time_zone=zone)
    )

    assert f"{zone} is not one of the available choices" in _field_error(response, "time_zone")
    assert not Offering.objects.exists()


@pytest.mark.parametrize("days_from_start", [0, 14, 7 * 7], ids=["first", "third", "last"])
def test_it_saves_a_run_whose_dates_and_times_fit_together(client, editor, days_from_start):
    client.force_login(editor)
    start = _a_monday()
    joinable_until = start + timedelta(days=days_from_start)

    response = client.post(
        reverse("admin:providers_offering_add"),
        _add_form(
            start,
            starts_at="19:00",
            ends_at="21:15",
            time_zone="Europe/London",
            joinable_until=joinable_until.isoformat(),
        ),
    )

    assertRedirects(response, reverse(OFFERINGS))
    run = Offering.objects.get()
    assert (
        run.start_date,
        run.end_date,
        run.joinable_until,
        run.weekday,
        run.starts_at,
        run.ends_at,
        run.time_zone,
    ) == (
        start,
        start + timedelta(weeks=7),
        joinable_until,
        0,
        time(19, 0),
        time(21, 15),
        "Europe/London",
    )


# The run list ------------------------------------------------------------------------


@pytest.fixture
def runs_of_every_status() -> dict[str, Offering]:
    today = _today()
    return {
        "not started": OfferingFactory(),
        "starting today": OfferingFactory(start_date=today),
        "under way": OfferingFactory(
            start_date=today - timedelta(days=14), end_date=today + timedelta(days=28)
        ),
        "last session today": OfferingFactory(
            start_date=today - timedelta(weeks=7), end_date=today
        ),
        "ended": OfferingFactory(
            start_date=today - timedelta(weeks=10), end_date=today - timedelta(days=1)
        ),
        "needs fixing": _without_a_schedule(),
    }


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("upcoming", {"not started", "starting today", "needs fixing"}),
        ("under_way", {"under way", "last session today"}),
        ("ended", {"ended"}),
        ("schedule", {"needs fixing"}),
    ],
)
def test_it_lists_the_runs_of_a_status(client, editor, runs_of_every_status, status, expected):
    client.force_login(editor)

    response = client.get(reverse(OFFERINGS), {"status": status})

    assert _listed(response) == {runs_of_every_status[name].pk for name in expected}


def test_it_lists_every_run_without_a_status(client, editor, runs_of_every_status):
    client.force_login(editor)

    response = client.get(reverse(OFFERINGS))

    assert _listed(response) == {run.pk for run in runs_of_every_status.values()}


def test_it_offers_the_status_choices_in_the_filter(client, editor):
    client.force_login(editor)

    response = client.get(reverse(OFFERINGS))

    for query in ("?status=upcoming", "?status=under_way", "?status=ended", "?status=schedule"):
        assert query in links(response)


def test_it_warns_of_a_run_whose_schedule_needs_fixing(client, editor):
    OfferingFactory()
    _without_a_schedule()
    client.force_login(editor)

    response = client.get(reverse(OFFERINGS))

    assert _messages(response) == [("warning", "1 run needs a weekday and times: show it.")]
    warning = Page.of(response).find("li", class_="warning")
    assert [a["href"] for a in warning.find_all("a")] == ["?status=schedule"]


def test_it_counts_every_run_whose_schedule_needs_fixing(client, editor):
    _without_a_schedule()
    _without_a_schedule("Weekends")
    client.force_login(editor)

    response = client.get(reverse(OFFERINGS))

    assert _messages(response) == [("warning", "2 runs need a weekday and times: show them.")]


def test_it_does_not_warn_when_every_run_has_a_schedule(client, editor):
    OfferingFactory()
    OfferingFactory(start_date=_today() - timedelta(days=70), end_date=_today() - timedelta(days=1))
    client.force_login(editor)

    response = client.get(reverse(OFFERINGS))

    assert _messages(response) == []
    assert "?status=schedule" in links(response)  # the filter's own choice, nothing more
    assert links(response).count("?status=schedule") == 1


def test_it_does_not_repeat_the_warning_on_the_list_of_runs_to_fix(client, editor):
    _without_a_schedule()
    client.force_login(editor)

    response = client.get(reverse(OFFERINGS), {"status": "schedule"})

    assert _messages(response) == []


def test_it_warns_once_after_an_action(client, editor):
    run = OfferingFactory()
    _without_a_schedule()
    client.force_login(editor)

    response = client.post(
        reverse(OFFERINGS),
        {
            "action": "copy_to_new_dates",
            "_selected_action": [run.pk],
            "apply": "Make the copies",
            "start_date": (_today() + timedelta(days=60)).isoformat(),
        },
        follow=True,
    )

    warnings = [text for level, text in _messages(response) if level == "warning"]
    assert warnings == ["1 run needs a weekday and times: show it."]


def test_it_shows_the_written_schedule_of_a_run_that_needs_fixing(client, editor):
    scheduled = OfferingFactory()
    unscheduled = _without_a_schedule("Tuesday evenings, 6ish")
    client.force_login(editor)

    response = client.get(reverse(OFFERINGS))

    assert _meets(response, unscheduled) == "Needs fixing: Tuesday evenings, 6ish"
    assert _meets(response, scheduled) == "Tuesdays, 6:00 to 8:30 pm (Eastern time (US))"


# Copy to new dates -------------------------------------------------------------------


# What a copy keeps from its run: all but the dates and whether it is published.
COPIED_AS_IS = (
    "provider_id", "program_id", "weekday", "starts_at", "ends_at", "time_zone", "format",
    "location", "price", "price_usd", "financial_aid", "language", "registration_url",
    "is_sample",
)  # fmt: skip


def _copy(client, runs: list[Offering], **apply: str):
    data = {"action": "copy_to_new_dates", "_selected_action": [run.pk for run in runs]}
    if apply:
        data = {**data, "apply": "Make the copies", **apply}
    return client.post(reverse(OFFERINGS), data)


@pytest.fixture
def two_runs() -> list[Offering]:
    """An in-person Tuesday evening run and an online Saturday morning run already under way."""
    tuesday = next_weekday(_today() + timedelta(days=14), 1)
    saturday = next_weekday(_today() - timedelta(days=20), 5)
    return [
        OfferingFactory(
            start_date=tuesday,
            joinable_until=tuesday + timedelta(days=7),
            price="$620, sliding scale",
            price_usd=620,
            financial_aid=True,
            language="es",
        ),
        OfferingFactory(
            program=program("MSC"),
            start_date=saturday,
            end_date=saturday + timedelta(days=36),  # the last session is a Sunday retreat
            starts_at=time(9, 30),
            ends_at=time(12, 0),
            time_zone="Europe/London",
            format=Format.ONLINE,
            location="",
            price="£300",
            language="en",
            registration_url="https://example.org/msc/sign-up",
        ),
    ]


def test_it_asks_for_the_new_dates_before_copying(client, editor, two_runs):
    client.force_login(editor)

    response = _copy(client, two_runs)

    assert response.status_code == 200
    page = Page.of(response)
    assert page.find("h1").words == "Copy runs to new dates"
    listed = [item.words for item in page.find_all("li", within=page.find("div", id="content"))]
    assert f"{two_runs[0]} (Tuesdays, 6:00 to 8:30 pm)" in listed
    assert f"{two_runs[1]} (Saturdays, 9:30 am to 12:00 pm)" in listed
    assert page.label_for("id_start_date") == "New first session on or after:"
    assert page.find("input", id="id_start_date")["type"] == "date"
    assert {int(box["value"]) for box in page.find_all("input", name="_selected_action")} == {
        run.pk for run in two_runs
    }
    assert Offering.objects.count() == 2


@pytest.mark.parametrize("days", [-1, -400])
def test_it_refuses_to_copy_to_a_date_in_the_past(client, editor, two_runs, days):
    client.force_login(editor)

    response = _copy(client, two_runs, start_date=(_today() + timedelta(days=days)).isoformat())

    assert response.status_code == 200
    assert _field_error(response, "start_date") == "Choose a date from today on."
    assert Offering.objects.count() == 2


def test_it_copies_each_run_to_its_own_meeting_day_from_the_date(client, editor, two_runs):
    client.force_login(editor)
    on_or_after = _today() + timedelta(days=60)

    response = _copy(client, two_runs, start_date=on_or_after.isoformat())

    assertRedirects(response, reverse(OFFERINGS))
    originals = {run.pk for run in two_runs}
    for run in two_runs:
        copy = Offering.objects.exclude(pk__in=originals).get(provider=run.provider)
        assert copy.weekday == run.weekday == copy.start_date.weekday()
        assert on_or_after <= copy.start_date < on_or_after + timedelta(days=7)
        assert copy.end_date - copy.start_date == run.end_date - run.start_date
        if run.joinable_until:
            assert copy.joinable_until - copy.start_date == run.joinable_until - run.start_date
        else:
            assert copy.joinable_until is None
        assert [getattr(copy, name) for name in COPIED_AS_IS] == [
            getattr(run, name) for name in COPIED_AS_IS
        ]
        assert copy.is_published is False


def test_it_says_the_copies_are_unpublished(client, editor, two_runs):
    client.force_login(editor)

    response = _copy(client, two_runs, start_date=(_today() + timedelta(days=60)).isoformat())

    assert _messages(client.get(response.url)) == [
        (
            "success",
            "Copied 2 runs. Each copy is unpublished: check its registration link and price, "
            "then publish it.",
        )
    ]


def test_it_copies_a_run_to_today_when_it_meets_today(client, editor):
    run = OfferingFactory(start_date=next_weekday(_today() + timedelta(days=1), _today().weekday()))
    client.force_login(editor)

    _copy(client, [run], start_date=_today().isoformat())

    assert Offering.objects.exclude(pk=run.pk).get().start_date == _today()


def test_it_leaves_the_original_runs_as_they_were(client, editor, two_runs):
    before = [_row(run) for run in two_runs]
    client.force_login(editor)

    _copy(client, two_runs, start_date=(_today() + timedelta(days=60)).isoformat())

    assert Offering.objects.count() == 4
    assert [_row(run) for run in two_runs] == before


def test_it_refuses_to_copy_a_run_without_a_schedule(client, editor):
    scheduled = OfferingFactory()
    unscheduled = _without_a_schedule()
    client.force_login(editor)

    response = _copy(client, [scheduled, unscheduled])

    assertRedirects(response, reverse(OFFERINGS), fetch_redirect_response=False)
    assert (
        "error",
        f"Fix the schedule of these runs before copying them: {unscheduled}",
    ) in _messages(client.get(response.url))
    assert Offering.objects.count() == 2


def test_it_copies_nothing_when_a_run_without_a_schedule_is_applied(client, editor):
    scheduled = OfferingFactory()
    unscheduled = _without_a_schedule()
    client.force_login(editor)

    _copy(
        client,
        [scheduled, unscheduled],
        start_date=(_today() + timedelta(days=60)).isoformat(),
    )

    assert Offering.objects.count() == 2


def test_it_keeps_clinicians_out_of_the_offering_admin(client, clinician):
    run = OfferingFactory()
    client.force_login(clinician)

    assert client.get(reverse(OFFERINGS)).status_code == 403
    response = _copy(client, [run], start_date=(_today() + timedelta(days=60)).isoformat())
    assert response.status_code == 403
    assert Offering.objects.count() == 1


# Providers due a check ---------------------------------------------------------------


@pytest.fixture
def checked() -> dict[str, Provider]:
    """Providers by when their details were last checked."""
    today = _today()
    return {
        "never": ProviderFactory(last_verified=None),
        "10 days ago": ProviderFactory(last_verified=today - timedelta(days=10)),
        "180 days ago": ProviderFactory(last_verified=today - timedelta(days=180)),
        "181 days ago": ProviderFactory(last_verified=today - timedelta(days=181)),
        "two years ago": ProviderFactory(last_verified=today - timedelta(days=730)),
    }


def _of_mine(response, checked: dict[str, Provider]) -> set[str]:
    """Which of these providers the provider list shows (the seeded ones are there too)."""
    shown = _listed(response)
    return {name for name, provider in checked.items() if provider.pk in shown}


def test_it_lists_providers_due_a_check(client, editor, checked):
    client.force_login(editor)

    response = client.get(reverse(PROVIDERS), {"checked": "due"})

    assert _of_mine(response, checked) == {"never", "181 days ago", "two years ago"}


def test_it_lists_providers_checked_recently(client, editor, checked):
    client.force_login(editor)

    response = client.get(reverse(PROVIDERS), {"checked": "recent"})

    assert _of_mine(response, checked) == {"10 days ago", "180 days ago"}


def test_it_counts_a_check_180_days_ago_as_recent_and_181_as_due(client, editor, checked):
    # "Not in the last 180 days": the day 180 days ago is still in them.
    client.force_login(editor)

    due = _of_mine(client.get(reverse(PROVIDERS), {"checked": "due"}), checked)
    recent = _of_mine(client.get(reverse(PROVIDERS), {"checked": "recent"}), checked)

    assert ("180 days ago" in recent, "180 days ago" in due) == (True, False)
    assert ("181 days ago" in recent, "181 days ago" in due) == (False, True)


def test_it_names_the_filter_choices(client, editor):
    client.force_login(editor)

    page = Page.of(client.get(reverse(PROVIDERS)))

    choices = {a.words: a["href"] for a in page.find_all("a") if "checked=" in a.get("href", "")}
    assert choices == {
        "Not in the last 180 days, or never": "?checked=due",
        "In the last 180 days": "?checked=recent",
    }


def test_it_marks_the_selected_providers_checked_today(client, editor, checked):
    client.force_login(editor)
    chosen = [checked["never"], checked["two years ago"]]

    response = client.post(
        reverse(PROVIDERS),
        {"action": "mark_verified_today", "_selected_action": [p.pk for p in chosen]},
    )

    assertRedirects(response, reverse(PROVIDERS), fetch_redirect_response=False)
    assert ("success", "Marked 2 as verified today.") in _messages(client.get(response.url))
    dates = dict(Provider.objects.values_list("pk", "last_verified"))
    assert [dates[p.pk] for p in chosen] == [_today(), _today()]
    assert dates[checked["181 days ago"].pk] == _today() - timedelta(days=181)
    assert dates[checked["10 days ago"].pk] == _today() - timedelta(days=10)


def _provider_change(client, provider: Provider):
    url = reverse("admin:providers_provider_change", args=[provider.pk])
    return url, client.get(url)


def test_it_offers_to_save_and_mark_a_provider_checked_today(client, editor):
    provider = ProviderFactory(last_verified=_today() - timedelta(days=300))
    client.force_login(editor)

    _, response = _provider_change(client, provider)

    button = Page.of(response).find("input", name="_checked_today")
    assert (button["type"], button["value"]) == ("submit", "Save and mark as verified today")


def test_it_marks_a_provider_checked_today_from_its_page(client, editor):
    provider = ProviderFactory(last_verified=_today() - timedelta(days=300))
    OfferingFactory(provider=provider)
    client.force_login(editor)
    url, response = _provider_change(client, provider)

    response = client.post(url, {**admin_form_data(response), "_checked_today": "yes"})

    assertRedirects(response, reverse(PROVIDERS), fetch_redirect_response=False)
    provider.refresh_from_db()
    assert provider.last_verified == _today()
    assert provider.offerings.count() == 1


def test_it_leaves_the_check_date_alone_on_a_plain_save(client, editor):
    provider = ProviderFactory(last_verified=_today() - timedelta(days=300))
    client.force_login(editor)
    url, response = _provider_change(client, provider)

    response = client.post(url, {**admin_form_data(response), "_save": "Save"})

    assertRedirects(response, reverse(PROVIDERS), fetch_redirect_response=False)
    provider.refresh_from_db()
    assert provider.last_verified == _today() - timedelta(days=300)


# The migration to structured schedules -----------------------------------------------


def _as_before_the_migration(written: str = "", **fields) -> Offering:
    """A run as 0004 stored it: a written schedule, a language name, a price as text."""
    run = OfferingFactory(schedule_as_written=written)
    Offering.objects.filter(pk=run.pk).update(weekday=None, starts_at=None, ends_at=None, **fields)
    return run


def _migrated(run: Offering) -> Offering:
    structure_schedules(apps, None)
    run.refresh_from_db()
    return run


@pytest.mark.parametrize(
    ("written", "schedule"),
    [
        ("Tuesdays, 6:00 to 8:30 pm", (1, time(18, 0), time(20, 30))),
        ("Saturday, 9:00 am to 11:30 am", (5, time(9, 0), time(11, 30))),
    ],
)
def test_the_migration_reads_a_written_schedule(written, schedule):
    run = _migrated(_as_before_the_migration(written))

    assert (run.weekday, run.starts_at, run.ends_at) == schedule
    assert run.schedule_as_written == ""
    assert run.has_schedule


def test_the_migration_keeps_a_schedule_it_cannot_read_for_an_editor():
    run = _migrated(_as_before_the_migration("Weekends, times vary"))

    assert (run.weekday, run.starts_at, run.ends_at) == (None, None, None)
    assert run.schedule_as_written == "Weekends, times vary"
    assert list(Offering.objects.needing_a_schedule()) == [run]


def test_the_migration_reads_every_run_at_once():
    readable = _as_before_the_migration("Mondays 6:30-9pm")
    unreadable = _as_before_the_migration("Tuesdays at dawn")

    structure_schedules(apps, None)

    assert str(Offering.objects.get(pk=readable.pk).meeting) == "Mondays, 6:30 to 9:00 pm"
    assert list(Offering.objects.needing_a_schedule()) == [Offering.objects.get(pk=unreadable.pk)]


@pytest.mark.parametrize(
    ("written", "code"), [("English", "en"), ("Español", "es"), ("Klingon", "other")]
)
def test_the_migration_turns_language_names_into_codes(written, code):
    run = _migrated(_as_before_the_migration(language=written))

    assert run.language == code


@pytest.mark.parametrize(
    ("price", "dollars"), [("$620", 620), ("$1,200", 1200), ("sliding scale", None)]
)
def test_the_migration_reads_a_plain_dollar_price(price, dollars):
    run = _migrated(_as_before_the_migration(price=price))

    assert run.price_usd == dollars
    assert run.price == price


@pytest.mark.parametrize(
    ("price", "dollars"),
    [
        ("$620", "620"),
        (" US$ 1,200.00 ", "1,200"),
        ("$12000", "12000"),
        ("$620, sliding scale", None),
        ("$450-$600", None),
        ("€500", None),
        ("$99.50", None),
        ("", None),
    ],
)
def test_plain_dollars_are_only_a_single_whole_dollar_amount(price, dollars):
    match = PLAIN_DOLLARS.match(price)

    assert (match[1] if match else None) == dollars


# Reading a written schedule ----------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("Tuesdays, 6:00 to 8:30 pm", (1, time(18, 0), time(20, 30))),
        ("Mondays 6:30-9pm", (0, time(18, 30), time(21, 0))),
        ("Saturday, 9:00 am to 11:30 am", (5, time(9, 0), time(11, 30))),
        ("Wednesdays, 11:30 to 1:00 pm", (2, time(11, 30), time(13, 0))),
        ("Thursdays, 12:00 to 2:00 pm", (3, time(12, 0), time(14, 0))),
        ("Sundays, 7 p.m. until 9 p.m.", (6, time(19, 0), time(21, 0))),
        ("FRIDAYS 10am \u2013 12:15pm", (4, time(10, 0), time(12, 15))),
        # No am or pm on the start, and a start after the end in the afternoon: morning.
        ("Mondays, 9:00 to 6:00 pm", (0, time(9, 0), time(18, 0))),
    ],
)
def test_it_reads_the_schedules_the_directory_wrote(written, read):
    assert parse_written(written) == read


@pytest.mark.parametrize(
    "written",
    [
        "",
        "Weekends",
        "Tuesdays at dawn",
        "Fridays, 13:00 to 14:00 pm",
        "Mondays, 9:00 pm to 6:00 pm",
        "Fridays, 11:00 pm to 12:30 am",
        "Tuesdays and Thursdays, 6 to 8 pm",
        "Wednesdays, 6:00 to 8:30",
        "Mondays, 6:75 to 8:30 pm",
    ],
)
def test_it_leaves_any_other_schedule_for_an_editor(written):
    assert parse_written(written) is None


def test_it_does_not_read_a_monthly_meeting_as_a_weekly_one():
    assert parse_written("Monthly, 7:00 to 8:30 pm") is None


# Sample listings ---------------------------------------------------------------------


def test_every_sample_run_starts_on_its_meeting_day_and_is_listed(client):
    call_command("load_sample_offerings", stdout=StringIO())
    samples = list(Offering.objects.all())
    assert samples  # the seeded directory gets some

    for run in samples:
        assert run.has_schedule, run
        assert run.start_date.weekday() == run.weekday, run

    listed = links(client.get(reverse("courses:list")))
    assert {run.calendar_url for run in samples} <= set(listed)
