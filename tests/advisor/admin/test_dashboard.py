"""The clinicians' dashboard: what waits, what is flagged, which programs, how often overridden.

Source: issue 4, "A small dashboard".
"""

from __future__ import annotations

import pytest

from advisor.models import Intake
from tests.advisor.admin.conftest import dashboard_url

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
    """Each chart row: its label, with the count and the share shown beside it."""
    main = html.find(id="content-main")
    bars = {}
    for row in html.find_all("tr", within=main):
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
