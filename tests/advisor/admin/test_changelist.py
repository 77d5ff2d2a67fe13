"""The intake list: safety first, then newest; readable columns; filters, search, fixed queries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from advisor.models import ContactAttempt, Intake
from advisor.services import intake_contact_add, intakes_assign
from tests.advisor.admin.helpers import backdate, changelist_url, dashboard_url

pytestmark = pytest.mark.django_db

CRISIS = {"self_harm_thoughts": "yes"}
CLINICIAN_REVIEW = {"depression_history": "current"}
THERAPIST_SUGGESTED = {"trauma_history": "serious"}
# Self-critical and in therapy: MSC first, and no flag (shame suggests a therapist
# only to someone without one).
MSC_FIRST = {"self_criticism": "5", "in_therapy": "yes"}


def _submitted(intake: Intake, days_ago: int) -> Intake:
    """Back-date an intake; `created_at` is set on insert, so tests move it afterwards."""
    Intake.objects.filter(pk=intake.pk).update(created_at=timezone.now() - timedelta(days=days_ago))
    intake.refresh_from_db()
    return intake


def _names(html) -> list[str]:
    """First names down the list, top to bottom (each row's header and its one link)."""
    return [cell.words for cell in html.find_all("th", class_="field-first_name")]


def _row_of(html, first_name: str):
    for row in html.find_all("tr"):
        names = html.find_all("th", within=row, class_="field-first_name")
        if names and names[0].words == first_name:
            return row
    raise AssertionError(f"No row for {first_name}")


def _cell(html, first_name: str, column: str) -> str:
    row = _row_of(html, first_name)
    cells = html.find_all(within=row, class_=f"field-{column}")
    assert cells, f"No {column} column"
    return cells[0].words


@pytest.fixture
def list_page(client, clinician, page):
    client.force_login(clinician)

    def open_list(query: str = ""):
        response = client.get(changelist_url() + query)
        assert response.status_code == 200
        return page(response)

    return open_list


def _follow_filter(client, page, html, title: str, choice: str):
    """Click a choice in the list's filter panel, as a clinician would."""
    panel = html.find("details", **{"data-filter-title": title})
    assert panel is not None, f"No filter by {title}"
    link = next((a for a in html.find_all("a", within=panel) if a.words == choice), None)
    assert link is not None, f"No {choice!r} under {title}"
    return page(client.get(changelist_url() + link.attrs["href"]))


# Order: open crisis intakes, then other open flagged ones, then the rest still open, each
# longest-waiting first; then those answered or closed, newest first (models.REVIEW_ORDER).


def test_it_puts_an_old_open_crisis_intake_above_newer_ones(make_intake, list_page):
    _submitted(make_intake(first_name="Casey", **CRISIS), days_ago=10)
    _submitted(make_intake(first_name="Newton"), days_ago=1)
    _submitted(make_intake(first_name="Olive"), days_ago=2)

    assert _names(list_page()) == ["Casey", "Olive", "Newton"]


def test_it_puts_open_clinician_review_intakes_next(make_intake, list_page):
    _submitted(make_intake(first_name="Newton"), days_ago=1)
    _submitted(make_intake(first_name="Riley", **CLINICIAN_REVIEW), days_ago=5)
    _submitted(make_intake(first_name="Casey", **CRISIS), days_ago=10)

    assert _names(list_page()) == ["Casey", "Riley", "Newton"]


def test_it_puts_a_crisis_intake_above_a_newer_clinician_review_one(make_intake, list_page):
    _submitted(make_intake(first_name="Riley", **CLINICIAN_REVIEW), days_ago=1)
    _submitted(make_intake(first_name="Casey", **CRISIS), days_ago=10)

    assert _names(list_page()) == ["Casey", "Riley"]


def test_it_puts_the_oldest_flagged_intake_first(make_intake, list_page):
    _submitted(make_intake(first_name="Casey", **CRISIS), days_ago=1)
    _submitted(make_intake(first_name="Cleo", **CRISIS), days_ago=4)
    _submitted(make_intake(first_name="Cam", **CRISIS), days_ago=2)

    assert _names(list_page()) == ["Cleo", "Cam", "Casey"]


def test_it_lists_the_other_open_intakes_longest_waiting_first(make_intake, list_page):
    _submitted(make_intake(first_name="Olive"), days_ago=3)
    _submitted(make_intake(first_name="Newton"), days_ago=1)
    _submitted(make_intake(first_name="Mabel"), days_ago=2)

    assert _names(list_page()) == ["Olive", "Mabel", "Newton"]


def test_it_lists_answered_intakes_after_the_open_ones_newest_first(
    make_intake, list_page, set_review
):
    set_review(_submitted(make_intake(first_name="Ada"), days_ago=9), status="contacted")
    set_review(_submitted(make_intake(first_name="Bo"), days_ago=3), status="closed")
    _submitted(make_intake(first_name="Newton"), days_ago=1)

    assert _names(list_page()) == ["Newton", "Bo", "Ada"]


def test_it_keeps_a_therapist_suggestion_with_the_other_open_intakes(make_intake, list_page):
    _submitted(make_intake(first_name="Newton"), days_ago=1)
    _submitted(make_intake(first_name="Tess", **THERAPIST_SUGGESTED), days_ago=10)
    _submitted(make_intake(first_name="Riley", **CLINICIAN_REVIEW), days_ago=1)

    assert _names(list_page()) == ["Riley", "Tess", "Newton"]


def test_it_drops_a_crisis_intake_to_its_date_once_they_were_contacted(
    make_intake, list_page, set_review, clinician
):
    casey = _submitted(make_intake(first_name="Casey", **CRISIS), days_ago=10)
    _submitted(make_intake(first_name="Riley", **CLINICIAN_REVIEW), days_ago=5)
    _submitted(make_intake(first_name="Newton"), days_ago=1)
    _submitted(make_intake(first_name="Olive"), days_ago=2)
    assert _names(list_page()) == ["Casey", "Riley", "Olive", "Newton"]

    set_review(casey, status="contacted", assigned_to=clinician)

    assert _names(list_page()) == ["Riley", "Olive", "Newton", "Casey"]


@pytest.mark.parametrize("status", ["in_review", "reviewed"])
def test_it_keeps_a_crisis_intake_on_top_until_they_are_contacted(
    make_intake, list_page, set_review, status
):
    casey = _submitted(make_intake(first_name="Casey", **CRISIS), days_ago=10)
    _submitted(make_intake(first_name="Newton"), days_ago=1)

    set_review(casey, status=status)

    assert _names(list_page()) == ["Casey", "Newton"]


# Columns


def test_it_shows_the_first_name_and_program(make_intake, list_page):
    make_intake(first_name="Mabel", **MSC_FIRST)

    assert _cell(list_page(), "Mabel", "program") == "MSC"


def test_it_shows_flags_as_readable_badges(make_intake, list_page):
    make_intake(first_name="Casey", **CRISIS)

    badges = _cell(list_page(), "Casey", "flags_display")

    # The crisis badge names its cause; clinician review is followed by why it fired.
    assert badges == "Crisis: self-harm thoughts Clinician review thoughts of self-harm"


def test_it_shows_the_therapist_badge(make_intake, list_page):
    make_intake(first_name="Tess", **THERAPIST_SUGGESTED)

    assert _cell(list_page(), "Tess", "flags_display") == (
        "Therapist suggested serious trauma; no therapist"
    )


def test_it_says_beside_each_badge_which_answers_raised_it(make_intake, list_page):
    make_intake(first_name="Riley", **CLINICIAN_REVIEW)

    assert _cell(list_page(), "Riley", "flags_display") == (
        "Clinician review depressed at the moment"
    )


def test_it_never_reads_rather_not_say_as_a_yes_beside_a_badge(make_intake, list_page):
    make_intake(
        first_name="Una",
        self_harm_thoughts="prefer_not_to_say",
        trauma_history="some",
        trauma_symptoms="prefer_not_to_say",
        in_therapy="yes",
    )

    assert _cell(list_page(), "Una", "flags_display") == (
        "Clinician review would rather not say about thoughts of self-harm"
    )


def test_it_shows_the_status_in_words(make_intake, list_page, set_review):
    set_review(make_intake(first_name="Mabel"), status="in_review")

    assert _cell(list_page(), "Mabel", "status") == "In review"


def test_it_shows_the_assigned_clinician(make_intake, list_page, set_review, clinician):
    set_review(make_intake(first_name="Mabel"), assigned_to=clinician)

    assert _cell(list_page(), "Mabel", "clinician") == "chen"


def test_it_shows_an_override_next_to_the_engines_program(make_intake, list_page, set_review):
    mabel = make_intake(first_name="Mabel", **MSC_FIRST)
    set_review(mabel, override_program="MBSR", override_reason="Wants a group course first.")

    assert _cell(list_page(), "Mabel", "program") == "MBSR (engine: MSC)"


def test_it_links_each_intake_once_from_its_first_name(make_intake, list_page):
    intake = make_intake(first_name="Casey")
    html = list_page()
    row = _row_of(html, "Casey")

    links = [a.attrs["href"] for a in html.find_all("a", within=row)]

    assert links == [f"/admin/advisor/intake/{intake.pk}/change/"]


def test_it_offers_a_labelled_checkbox_that_selects_the_intake(
    client, make_intake, list_page, clinician
):
    intake = make_intake(first_name="Casey")
    box = next(
        cell
        for cell in list_page().find_all("input", class_="action-select")
        if cell.attrs["value"] == str(intake.pk)
    )
    assert box.attrs["aria-label"] == f"Select this object for an action - {intake}"

    client.post(
        changelist_url(),
        {"action": "assign_to_me", box.attrs["name"]: box.attrs["value"]},
    )

    intake.refresh_from_db()
    assert intake.assigned_to == clinician


def test_it_links_the_list_to_the_dashboard(make_intake, list_page):
    make_intake()

    html = list_page()

    assert html.find("a", href=dashboard_url()) is not None


# Filters and search


@pytest.fixture
def mixed_intakes(make_intake, set_review):
    """Casey in crisis, Riley for review, Tess to see a therapist, Mabel for MSC, Ned plain."""
    set_review(make_intake(first_name="Casey", region="south", **CRISIS), status="in_review")
    make_intake(first_name="Riley", **CLINICIAN_REVIEW)
    make_intake(first_name="Tess", region="west", **THERAPIST_SUGGESTED)
    set_review(make_intake(first_name="Mabel", **MSC_FIRST), status="reviewed")
    make_intake(first_name="Ned", email="ned.north@example.org")


@pytest.mark.parametrize(
    ("title", "choice", "expected"),
    [
        ("status", "New", {"Riley", "Tess", "Ned"}),
        ("status", "In review", {"Casey"}),
        ("status", "Reviewed", {"Mabel"}),
        ("recommended program", "MSC", {"Mabel", "Tess"}),
        ("flag", "Crisis: self-harm thoughts", {"Casey"}),
        ("flag", "Clinician review", {"Casey", "Riley"}),
        ("flag", "Therapist suggested", {"Tess"}),
        ("flag", "No flag", {"Mabel", "Ned"}),
        ("region", "South US", {"Casey"}),
        ("region", "West US", {"Tess"}),
    ],
)
def test_it_filters_the_list(client, page, list_page, mixed_intakes, title, choice, expected):
    filtered = _follow_filter(client, page, list_page(), title, choice)

    assert set(_names(filtered)) == expected


def test_it_filters_the_list_by_date(client, page, make_intake, list_page):
    _submitted(make_intake(first_name="Olive"), days_ago=10)
    _submitted(make_intake(first_name="Newton"), days_ago=1)

    filtered = _follow_filter(client, page, list_page(), "created at", "Past 7 days")

    assert _names(filtered) == ["Newton"]


def test_it_finds_an_intake_by_first_name(list_page, mixed_intakes):
    assert _names(list_page("?q=Tess")) == ["Tess"]


def test_it_finds_an_intake_by_email(list_page, mixed_intakes):
    assert _names(list_page("?q=ned.north@example.org")) == ["Ned"]


# Queries


def _many_intakes(make_intake, clinician, count: int) -> None:
    for index in range(count):
        # Some alone at their address, some sharing one (the "same e-mail" column), some
        # waiting past the clinic's answer time (the "waiting" column).
        intake = make_intake(
            email=f"person{index % 7 if index % 2 else index}@example.org",
            **(CRISIS if index % 3 == 0 else {}),
        )
        backdate(intake, hours=index % 60)
    # Half assigned, so the assigned-clinician column has people to look up.
    intakes_assign(
        intakes=Intake.objects.filter(pk__in=Intake.objects.values("pk")[: count // 2]),
        clinician=clinician,
    )


@pytest.mark.parametrize("query", ["", "?waiting=overdue", "?waiting=next_step_overdue"])
def test_it_lists_200_intakes_in_as_many_queries_as_one(
    client, clinician, make_intake, queries, query
):
    client.force_login(clinician)
    url = changelist_url() + query
    _many_intakes(make_intake, clinician, 1)
    client.get(url)  # a first request may write the session (the idle timer)
    with_one = queries.of(lambda: client.get(url))

    _many_intakes(make_intake, clinician, 199)
    for intake in Intake.objects.all()[:30]:
        intake_contact_add(
            intake=intake, author=clinician, channel="call", outcome="no_answer", next_step="Call"
        )
    ContactAttempt.objects.update(next_step_due=timezone.localdate() - timedelta(days=1))

    client.get(url)
    with queries.as_many_as(with_one):
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count('class="action-select"') == 20
