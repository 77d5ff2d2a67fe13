"""The clinicians' dashboard: what waits, what is flagged, which programs, how often overridden.

A small dashboard: each clinician's open load and what is overdue against the clinic's
answer times.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import formats, timezone

from advisor.models import ContactAttempt, Intake
from advisor.services import intake_contact_add
from config.clinic.models import ClinicProfile
from tests.advisor.admin.helpers import backdate, dashboard_url

pytestmark = pytest.mark.django_db

CRISIS = {"self_harm_thoughts": "yes"}


@pytest.fixture
def clinic(make_intake, set_review, clinician) -> dict[str, Intake]:
    """Five intakes: three in crisis (one reviewed), one for review, one overridden.

    Every crisis intake is also flagged for clinician review (advisor.scoring._flags).
    """
    intakes = {
        "Casey": make_intake(first_name="Casey", **CRISIS),
        "Cam": set_review(make_intake(first_name="Cam", shame="5", **CRISIS), status="in_review"),
        "Cleo": set_review(make_intake(first_name="Cleo", **CRISIS), status="reviewed"),
        "Riley": make_intake(
            first_name="Riley", depression_history="current", primary_goal="relapse_prevention"
        ),
        "Nell": set_review(
            make_intake(first_name="Nell"),
            status="contacted",
            assigned_to=clinician,
            override_program="MSC",
            override_reason="Talked it through; she wants MSC first.",
        ),
    }
    # The shares below rely on the engine's picks: MBSR 3, MBCT 1 (Riley), MSC 1 (Cam).
    programs = {name: intake.recommended_program for name, intake in intakes.items()}
    assert programs == {
        "Casey": "MBSR",
        "Cam": "MSC",
        "Cleo": "MBSR",
        "Riley": "MBCT",
        "Nell": "MBSR",
    }
    return intakes


@pytest.fixture
def dashboard(client, clinician, page):
    client.force_login(clinician)

    def open_dashboard():
        response = client.get(dashboard_url())
        assert response.status_code == 200
        return page(response)

    return open_dashboard


def _callouts(html) -> list[str]:
    return [callout.words for callout in html.find_all(class_="callout")]


def _bars(html) -> dict[str, tuple[str, str]]:
    """Each bar chart's row: its label, with the count and the share shown beside it (the
    outcomes by program are a table of their own: tests/advisor/admin/test_outcomes.py)."""
    bars = {}
    rows = [row for chart in html.find_all("section", class_="bar-chart") for row in chart("tr")]
    for row in rows:
        label = html.find("th", within=row, scope="row")
        cells = html.find_all("td", within=row)
        if label is not None and len(cells) >= 2:
            bars[label.words] = (cells[0].words, cells[1].words)
    return bars


def test_it_counts_unreviewed_crisis_intakes(dashboard, clinic):
    assert "2 unreviewed crisis intakes" in _callouts(dashboard())


def test_it_counts_unreviewed_intakes_needing_a_clinician(dashboard, clinic):
    assert "3 unreviewed intakes needing a clinician" in _callouts(dashboard())


def test_it_counts_the_intakes_waiting_for_review(dashboard, clinic):
    callouts = _callouts(dashboard())

    assert any(callout.startswith("3 waiting for review") for callout in callouts)
    assert any(callout.endswith("of 5 in all") for callout in callouts)


def test_it_shows_intakes_by_status(dashboard, clinic):
    bars = _bars(dashboard())

    assert {status: bars[status] for status in ("New", "In review", "Reviewed", "Closed")} == {
        "New": ("2", "40%"),
        "In review": ("1", "20%"),
        "Reviewed": ("1", "20%"),
        "Closed": ("0", "0%"),
    }


def test_it_shows_the_share_of_each_program(dashboard, clinic):
    bars = _bars(dashboard())

    assert (bars["MBSR"], bars["MBCT"], bars["MSC"]) == (("3", "60%"), ("1", "20%"), ("1", "20%"))


def test_it_shows_how_often_clinicians_override_the_engine(dashboard, clinic):
    assert _bars(dashboard())["Overridden by a clinician"] == ("1", "20%")


def test_it_shows_zeros_when_there_are_no_intakes(dashboard):
    html = dashboard()

    assert "0 unreviewed crisis intakes" in _callouts(html)
    assert _bars(html)["MBSR"] == ("0", "0%")


def test_it_links_the_crisis_count_to_those_intakes(client, dashboard, clinic, page):
    html = dashboard()
    link = next(a for a in html.find_all("a") if "unreviewed crisis" in a.words)

    response = client.get(link.attrs["href"])

    assert response.status_code == 200
    names = {cell.words for cell in page(response).find_all("th", class_="field-first_name")}
    assert names == {"Casey", "Cam"}


def test_it_draws_its_charts_without_third_party_scripts(dashboard, clinic):
    html = dashboard()

    sources = [script.attrs.get("src") or "" for script in html.find_all("script")]
    assert all(src.startswith("/") and not src.startswith("//") for src in sources)


def test_it_draws_a_bar_for_each_row(dashboard, clinic):
    html = dashboard()

    assert len(html.find_all("svg")) >= len(_bars(html))


def test_it_runs_as_many_queries_for_60_intakes_as_for_3(
    client, clinician, make_intake, set_review, queries
):
    client.force_login(clinician)
    for index in range(3):
        make_intake(**(CRISIS if index == 0 else {}))
    client.get(dashboard_url())  # a first request may write the session (the idle timer)
    with_three = queries.of(lambda: client.get(dashboard_url()))

    for index in range(57):
        intake = make_intake(**(CRISIS if index % 4 == 0 else {"shame": "5"}))
        if index % 5 == 0:
            set_review(intake, status="reviewed", override_program="MBCT", override_reason="Fits")

    client.get(dashboard_url())
    with queries.as_many_as(with_three):
        assert client.get(dashboard_url()).status_code == 200


# Who has what, and what is overdue against the clinic's answer times


@pytest.fixture
def workload(make_intake, set_review, clinician, superuser, editor) -> dict[str, Intake]:
    """Chen holds three open intakes (Casey's crisis overdue), root none; two wait for nobody.

    The sample clinic answers within 48 hours, and within 24 for a flagged intake.
    """
    intakes = {
        "Casey": backdate(make_intake(first_name="Casey", **CRISIS), hours=30),
        "Cam": backdate(make_intake(first_name="Cam", **CRISIS), hours=3),
        "Rory": backdate(make_intake(first_name="Rory"), hours=30),
        "Nell": backdate(make_intake(first_name="Nell"), days=5),
        "Ola": backdate(make_intake(first_name="Ola"), days=9),
        "Done": backdate(make_intake(first_name="Done"), days=20),
    }
    for name in ("Casey", "Cam", "Rory"):
        set_review(intakes[name], status="in_review", assigned_to=clinician)
    set_review(intakes["Done"], status="contacted", assigned_to=clinician)
    return intakes


def _loads(html) -> dict[str, tuple[str, str]]:
    table = html.find("table", class_="loads")
    rows = {}
    for row in html.find_all("tr", within=table):
        who = html.find("th", within=row, scope="row")
        cells = html.find_all("td", within=row)
        if who is not None:
            rows[who.words] = (cells[0].words, cells[1].words)
    return rows


def _link(html, text: str):
    return next(a for a in html.find_all("a") if a.words == text or a.get("aria-label") == text)


def _names_at(client, page, href: str) -> set[str]:
    response = client.get(href)
    assert response.status_code == 200
    return {cell.words for cell in page(response).find_all("th", class_="field-first_name")}


def test_it_shows_each_clinicians_open_intakes_and_how_many_are_overdue(dashboard, workload):
    assert _loads(dashboard()) == {
        "chen": ("3", "1"),
        "root": ("0", "0"),
        "Nobody yet": ("2", ""),
    }


def test_it_lists_no_one_outside_the_clinicians(dashboard, workload, outsider):
    assert set(_loads(dashboard())).isdisjoint({"dana", "olly"})


def test_it_still_lists_someone_who_left_the_clinicians_with_intakes_held(
    dashboard, workload, set_review, django_user_model
):
    ash = django_user_model.objects.create_user("ash", is_staff=True)
    ash.groups.add(Group.objects.get(name="Clinicians"))
    set_review(workload["Nell"], status="in_review", assigned_to=ash)

    ash.groups.clear()

    assert _loads(dashboard())["ash"] == ("1", "1")


def test_it_links_a_clinicians_numbers_to_those_intakes(client, dashboard, workload, page):
    html = dashboard()

    assert _names_at(client, page, _link(html, "3 waiting for chen")["href"]) == {
        "Casey",
        "Cam",
        "Rory",
    }
    assert _names_at(client, page, _link(html, "1 overdue for chen")["href"]) == {"Casey"}


def test_it_counts_the_overdue_and_the_unassigned(client, dashboard, workload, page):
    html = dashboard()
    callouts = _callouts(html)

    assert "3 past the clinic's answer time" in callouts
    assert "2 waiting with no clinician assigned" in callouts
    overdue = next(a for a in html.find_all("a", class_="callout") if "answer time" in a.words)
    assert _names_at(client, page, overdue["href"]) == {"Casey", "Nell", "Ola"}
    nobody = _link(html, "2 waiting with nobody assigned")
    assert _names_at(client, page, nobody["href"]) == {"Nell", "Ola"}


def test_it_says_who_has_waited_longest(dashboard, workload):
    html = dashboard()

    oldest = html.find("section", **{"aria-labelledby": "oldest-heading"})
    assert html.find("a", within=oldest).words == "Ola"
    assert oldest.words.startswith("Waiting longest Ola has waited 1 week (since ")
    assert oldest.words.endswith("). Overdue")


def test_it_says_the_clinics_answer_times(dashboard):
    record = ClinicProfile.objects.get()
    record.intake_answer_hours, record.flagged_answer_hours = 72, 12
    record.save()

    text = dashboard().find("p", class_="answer-times").words

    assert text.startswith(
        "The clinic answers an intake within 3 days, and one flagged for a clinician within "
        "12 hours."
    )


def _late_step(intake: Intake, author, step: str, days_late: int) -> None:
    intake_contact_add(
        intake=intake,
        author=author,
        channel="call",
        outcome="no_answer",
        next_step=step,
        next_step_due=timezone.localdate() + timedelta(days=1),
    )
    ContactAttempt.objects.filter(next_step=step).update(
        next_step_due=timezone.localdate() - timedelta(days=days_late)
    )


def test_it_lists_the_next_steps_past_their_day(
    client, dashboard, workload, clinician, set_review, page
):
    _late_step(workload["Rory"], clinician, "Call Rory again", days_late=2)
    _late_step(workload["Nell"], clinician, "Send Nell the dates", days_late=1)
    # A step whose day has not come, one followed up since, and one on a closed intake.
    intake_contact_add(
        intake=workload["Cam"],
        author=clinician,
        channel="call",
        outcome="no_answer",
        next_step="Call Cam",
        next_step_due=timezone.localdate() + timedelta(days=1),
    )
    _late_step(workload["Ola"], clinician, "Call Ola", days_late=3)
    intake_contact_add(intake=workload["Ola"], author=clinician, channel="call", outcome="sent")
    _late_step(workload["Done"], clinician, "Ask Done", days_late=3)
    set_review(workload["Done"], status="closed")
    html = dashboard()

    steps = html.find("ul", class_="late-steps")
    days_ago = [formats.date_format(timezone.localdate() - timedelta(days=n)) for n in (0, 1, 2)]
    assert [item.words for item in html.find_all("li", within=steps)] == [
        f"Rory: Call Rory again, due {days_ago[2]} (logged by chen)",
        f"Nell: Send Nell the dates, due {days_ago[1]} (logged by chen)",
    ]
    assert "2 next steps past their day" in _callouts(html)
    late = next(a for a in html.find_all("a", class_="callout") if "next step" in a.words)
    assert _names_at(client, page, late["href"]) == {"Rory", "Nell"}


def test_it_escapes_a_next_step(dashboard, workload, clinician):
    _late_step(workload["Rory"], clinician, "<script>alert('x')</script>", days_late=1)

    steps = dashboard().find("ul", class_="late-steps")

    assert steps.words.startswith("Rory: <script>alert('x')</script>, due ")
    assert steps.find("script") is None


def test_it_keeps_its_query_count_with_contacts_and_assignments(
    client, clinician, make_intake, set_review, queries
):
    client.force_login(clinician)
    make_intake(**CRISIS)
    client.get(dashboard_url())
    with_one = queries.of(lambda: client.get(dashboard_url()))

    for index in range(30):
        intake = backdate(make_intake(**(CRISIS if index % 3 == 0 else {})), days=index % 4)
        set_review(intake, status="in_review", assigned_to=clinician if index % 2 else None)
        if index % 5 == 0:
            _late_step(intake, clinician, f"Step {index}", days_late=1)

    client.get(dashboard_url())
    with queries.as_many_as(with_one):
        assert client.get(dashboard_url()).status_code == 200
