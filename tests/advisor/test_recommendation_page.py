"""The recommendation page: the program to start with and why, safety first, and where to go.

Held to the stored snapshot's shape in DESIGN.md.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from pytest_django.asserts import assertContains

from advisor import questionnaire, scoring
from advisor.course_section import MAX_PROVIDERS
from advisor.models import Intake, IntakeNote
from advisor.recommendation_page import page_context
from advisor.scoring import RULES_BY_CODE
from advisor.services import intake_review
from config.clinic.record import current_clinic
from providers.models import Format, Provider, Region
from tests.advisor.answer_sets import any_answers
from tests.factories import OfferingFactory, ProviderFactory, program
from tests.helpers import Page, listed_providers
from tests.hypothesis_examples import examples

pytestmark = pytest.mark.django_db

# A person in the Northeast whose answers point to MSC first (and MBSR next), with no flags.
MSC_FIRST = {"self_criticism": "5", "region": "northeast"}


def _url(intake) -> str:
    return reverse("advisor:recommendation", kwargs={"token": intake.public_token})


@pytest.fixture
def show(client):
    """The recommendation page of an intake, as its owner opens it."""

    def get(intake):
        response = client.get(_url(intake))
        assert response.status_code == 200
        return response

    return get


def _offering_links(html) -> list[str]:
    """The sign-up links of the course runs listed on the page."""
    return [
        link.attrs["href"]
        for offering in html.find_all("li", class_="offering")
        for link in html.find_all("a", within=offering)
    ]


# The program to start with


def test_it_names_the_recommended_program(make_intake, show, page):
    intake = make_intake(**MSC_FIRST)

    heading = page(show(intake)).find(id="first-title")

    assert intake.recommendation["first"] == "MSC"
    assert program("MSC").name in heading.words


def test_it_names_the_program_from_the_stored_snapshot(make_intake, show, page):
    # The page shows what the person was told, even if the rules would now say otherwise.
    intake = make_intake(**MSC_FIRST)
    intake.recommendation = {**intake.recommendation, "first": "MBCT", "then": "MSC"}
    intake.save()

    heading = page(show(intake)).find(id="first-title")

    assert program("MBCT").name in heading.words


def test_it_gives_the_reasons_for_the_recommended_program(make_intake, show, page):
    intake = make_intake(**MSC_FIRST)

    reasons = page(show(intake)).find(class_="recommended-program")

    assert "You said you are often hard on yourself." in reasons.words


def test_it_says_what_the_recommended_program_involves(make_intake, show, page):
    intake = make_intake(**MSC_FIRST)
    msc = program("MSC")

    card = page(show(intake)).find(class_="recommended-program")

    assert f"{msc.weeks} weekly sessions" in card.words
    assert msc.session_length in card.words


def test_it_names_the_program_to_take_next(make_intake, show, page):
    intake = make_intake(**MSC_FIRST)
    html = page(show(intake))

    section = html.find("section", **{"aria-labelledby": "then-title"})

    assert "What to take next" in section.words
    assert program("MBSR").name in section.words


def test_it_shows_the_only_one_course_section_to_someone_taking_one(make_intake, show, page):
    intake = make_intake(**MSC_FIRST, one_program_only="yes")

    section = page(show(intake)).find("section", **{"aria-labelledby": "only-one-title"})

    assert section is not None
    assert program("MSC").name in section.words


def test_it_shows_no_next_program_to_someone_taking_one(make_intake, show):
    intake = make_intake(**MSC_FIRST, one_program_only="yes")

    response = show(intake)

    assert "What to take next" not in response.content.decode()


def test_it_shows_no_only_one_section_to_someone_taking_both(make_intake, show, page):
    intake = make_intake(**MSC_FIRST)

    section = page(show(intake)).find("section", **{"aria-labelledby": "only-one-title"})

    assert section is None


# Safety


@pytest.fixture
def crisis_page(make_intake, show):
    return show(make_intake(self_harm_thoughts="yes"))


def test_it_leads_with_crisis_resources_when_self_harm_is_reported(crisis_page):
    content = crisis_page.content.decode()
    first = program(Intake.objects.get().recommended_program)

    assert 'class="crisis-panel"' in content
    assert content.index('class="crisis-panel"') < content.index(first.name)


def test_it_gives_988_and_the_local_emergency_number_in_the_crisis_panel(crisis_page, page):
    panel = page(crisis_page).find(class_="crisis-panel")

    assert "988" in panel.words
    assert "local emergency number" in panel.words


def test_it_says_a_clinician_will_contact_someone_in_crisis(crisis_page, page):
    panel = page(crisis_page).find(class_="crisis-panel")

    # No phone number was given: the clinic writes, within its time for flagged answers.
    assert "A clinician from Mindful Path Clinic will email you by " in panel.words


def test_it_shows_no_crisis_panel_without_a_crisis(make_intake, show, page):
    intake = make_intake(depression_history="current")

    assert page(show(intake)).find(class_="crisis-panel") is None


def test_it_asks_someone_flagged_for_review_to_talk_with_a_clinician(make_intake, show, page):
    intake = make_intake(depression_history="current")

    note = page(show(intake)).find(class_="note--review")

    assert note is not None
    assert "Talk with a clinician before you enrol" in note.words


def test_it_shows_no_review_note_to_someone_not_flagged(make_intake, show, page):
    intake = make_intake()

    assert page(show(intake)).find(class_="note--review") is None


@pytest.mark.parametrize("answers", [MSC_FIRST, {}], ids=["MSC first", "MSC next"])
def test_it_says_msc_is_not_therapy_when_msc_is_recommended(make_intake, show, answers):
    intake = make_intake(**answers)

    response = show(intake)

    assert "MSC" in (intake.recommendation["first"], intake.recommendation["then"])
    assert "Mindful Self-Compassion is not therapy" in response.content.decode()


def test_it_leaves_out_the_therapy_note_when_msc_is_not_recommended(make_intake, show):
    intake = make_intake(one_program_only="yes", primary_goal="focus")

    response = show(intake)

    assert (intake.recommendation["first"], intake.recommendation["then"]) == ("MBSR", None)
    assert "is not therapy" not in response.content.decode()


def test_it_suggests_a_therapist_to_someone_with_trauma_symptoms_and_none(make_intake, show, page):
    intake = make_intake(trauma_history="some", trauma_symptoms="yes", in_therapy="no")

    note = page(show(intake)).find("section", **{"aria-labelledby": "therapist-title"})

    assert "suggest having a therapist" in note.words


def test_it_suggests_no_therapist_to_someone_already_in_therapy(make_intake, show, page):
    intake = make_intake(trauma_history="some", trauma_symptoms="yes", in_therapy="yes")

    html = page(show(intake))

    assert html.find("section", **{"aria-labelledby": "therapist-title"}) is None
    # The MSC note may still say a therapist can help; it does not suggest finding one.
    assert "suggest" not in html.find("section", **{"aria-labelledby": "therapy-title"}).words


# The therapist suggestion shows whenever it is decided, whichever program is
# first; the "MSC is not therapy" note only where MSC is on the page.
# Enough for the mindfulness track to outweigh serious trauma's criterion.
MINDFULNESS_LEAN = {
    "self_worth": "5",
    "attention_difficulty": "5",
    "compassion_practices_offputting": "5",
}


@pytest.mark.parametrize(
    "answers",
    [
        pytest.param({"shame": "5"}, id="msc-first"),
        pytest.param({"trauma_history": "serious", **MINDFULNESS_LEAN}, id="mbsr-first"),
        pytest.param(
            {"trauma_history": "serious", "one_program_only": "yes", "primary_goal": "focus"},
            id="mbsr-only",
        ),
    ],
)
def test_it_shows_the_therapist_suggestion_exactly_when_it_is_decided(
    make_intake, show, page, answers
):
    for in_therapy in ("no", "yes"):
        intake = make_intake(**answers, in_therapy=in_therapy)
        note = page(show(intake)).find("section", **{"aria-labelledby": "therapist-title"})

        suggested = "therapist_suggested" in intake.recommendation["flags"]
        assert suggested == (in_therapy == "no")
        assert (note is not None) == suggested


def test_it_says_msc_is_not_therapy_only_where_msc_is_on_the_page(make_intake, show):
    only_mbsr = make_intake(
        trauma_history="serious", one_program_only="yes", primary_goal="focus", in_therapy="no"
    )

    page = show(only_mbsr).content.decode()

    assert (only_mbsr.recommendation["first"], only_mbsr.recommendation["then"]) == ("MBSR", None)
    assert "suggest having a therapist" in page
    assert "is not therapy" not in page


def test_it_tells_someone_depressed_now_that_a_clinician_will_help_choose_when(make_intake, show):
    intake = make_intake(depression_history="current", primary_goal="relapse_prevention")

    page = show(intake).content.decode()

    assert intake.recommendation["first"] == "MBCT"
    assert "help you choose a good time to start" in page
    assert "designed for" not in page
    assert intake.recommendation["strength"] != "strong"


# Where to take it


def _msc_offering(**fields):
    provider = fields.pop("provider", None) or ProviderFactory(region=fields.pop("region"))
    return OfferingFactory(provider=provider, program=program("MSC"), **fields)


@pytest.mark.parametrize("preference", ["in_person", "online", "either"])
def test_it_lists_an_online_course_from_another_region(make_intake, show, page, preference):
    offering = _msc_offering(
        region=Region.WEST,
        format=Format.ONLINE,
        location="",
        registration_url="https://far-online.example.org/msc",
    )
    intake = make_intake(**MSC_FIRST, format_preference=preference)

    assert offering.registration_url in _offering_links(page(show(intake)))


@pytest.mark.parametrize("preference", ["in_person", "either"])
def test_it_lists_an_in_person_course_nearby_to_someone_who_would_go(
    make_intake, show, page, preference
):
    offering = _msc_offering(
        region=Region.NORTHEAST, registration_url="https://nearby.example.org/msc"
    )
    intake = make_intake(**MSC_FIRST, format_preference=preference)

    assert offering.registration_url in _offering_links(page(show(intake)))


def test_it_leaves_out_in_person_courses_for_someone_who_wants_online(make_intake, show, page):
    offering = _msc_offering(
        region=Region.NORTHEAST, registration_url="https://nearby.example.org/msc"
    )
    intake = make_intake(**MSC_FIRST, format_preference="online")

    assert offering.registration_url not in _offering_links(page(show(intake)))


def test_it_leaves_out_an_in_person_course_in_another_region(make_intake, show, page):
    offering = _msc_offering(region=Region.WEST, registration_url="https://far.example.org/msc")
    intake = make_intake(**MSC_FIRST, format_preference="either")

    assert offering.registration_url not in _offering_links(page(show(intake)))


def test_it_leaves_out_courses_of_another_program(make_intake, show, page):
    offering = OfferingFactory(
        program=program("MBSR"),
        format=Format.ONLINE,
        location="",
        registration_url="https://other-program.example.org/mbsr",
    )
    intake = make_intake(**MSC_FIRST)

    assert offering.registration_url not in _offering_links(page(show(intake)))


@pytest.mark.parametrize(
    "fields",
    [
        {"is_published": False},
        {
            "start_date": timezone.localdate() - timedelta(weeks=9),
            "end_date": timezone.localdate() - timedelta(days=1),
        },
    ],
    ids=["unpublished", "past"],
)
def test_it_leaves_out_courses_no_one_can_join(make_intake, show, page, fields):
    offering = _msc_offering(
        region=Region.NORTHEAST,
        format=Format.ONLINE,
        registration_url="https://closed.example.org/msc",
        **fields,
    )
    intake = make_intake(**MSC_FIRST)

    assert offering.registration_url not in _offering_links(page(show(intake)))


def test_it_links_to_a_nearby_provider_that_teaches_the_program(make_intake, show):
    provider = ProviderFactory(region=Region.NORTHEAST, programs=["MSC"])
    intake = make_intake(**MSC_FIRST)

    assert provider.slug in listed_providers(show(intake))


def test_it_links_to_an_online_provider_anywhere(make_intake, show):
    provider = ProviderFactory(
        region=Region.WEST, offers_in_person=False, offers_online=True, programs=["MSC"]
    )
    intake = make_intake(**MSC_FIRST, format_preference="online")

    assert provider.slug in listed_providers(show(intake))


def test_it_leaves_out_a_provider_that_teaches_another_program(make_intake, show):
    provider = ProviderFactory(region=Region.NORTHEAST, offers_online=True, programs=["MBSR"])
    intake = make_intake(**MSC_FIRST)

    assert provider.slug not in listed_providers(show(intake))


def test_it_leaves_out_an_in_person_provider_in_another_region(make_intake, show):
    provider = ProviderFactory(region=Region.WEST, programs=["MSC"])
    intake = make_intake(**MSC_FIRST)

    assert provider.slug not in listed_providers(show(intake))


def test_it_leaves_out_an_in_person_provider_for_someone_who_wants_online(make_intake, show):
    provider = ProviderFactory(region=Region.NORTHEAST, programs=["MSC"])
    intake = make_intake(**MSC_FIRST, format_preference="online")

    assert provider.slug not in listed_providers(show(intake))


def test_it_leaves_out_a_retired_provider(make_intake, show):
    provider = ProviderFactory(
        region=Region.NORTHEAST, offers_online=True, programs=["MSC"], is_active=False
    )
    intake = make_intake(**MSC_FIRST)

    assert provider.slug not in listed_providers(show(intake))


# Privacy


def test_it_shows_no_email_address(make_intake, show):
    intake = make_intake()

    assert intake.email not in show(intake).content.decode()


@pytest.mark.parametrize(
    ("code", "value"),
    [
        ("depression_history", "recurrent_in_remission"),
        ("trauma_history", "prefer_not_to_say"),
        ("primary_goal", "inner_critic"),
        ("compassion_arises", "not_applicable"),
        ("mindfulness_experience", "regular"),
    ],
)
def test_it_shows_no_raw_answers(make_intake, show, code, value):
    intake = make_intake(**{code: value})

    content = show(intake).content.decode()

    assert value not in content
    assert questionnaire.QUESTIONS_BY_CODE[code].answer_label(value) not in content


def test_it_tells_browsers_not_to_store_the_page(make_intake, show):
    assert "no-store" in show(make_intake())["Cache-Control"]


def test_it_asks_search_engines_not_to_index_the_page(make_intake, show, page):
    response = show(make_intake())

    assert "noindex" in response["X-Robots-Tag"]
    assert "noindex" in page(response).find("meta", name="robots").attrs["content"]


def test_it_loads_nothing_from_other_sites(make_intake, show, page):
    html = page(show(make_intake()))

    sources = [script.get("src") or "" for script in html.find_all("script")]
    sources += [link.get("href") or "" for link in html.find_all("link")]
    assert sources  # the page's own stylesheets are there to check
    assert not [source for source in sources if source.startswith(("http:", "https:", "//"))]


def test_it_answers_an_unknown_token_with_not_found(client, make_intake):
    make_intake()

    response = client.get(reverse("advisor:recommendation", kwargs={"token": "x" * 43}))

    assert response.status_code == 404


def test_it_shows_not_found_in_the_site_layout(client, page):
    response = client.get(reverse("advisor:recommendation", kwargs={"token": "x" * 43}))

    html = page(response)
    assert html.find("header", class_="site-header") is not None
    assert "We could not find that page" in html.find("h1").words


def test_it_allows_no_posts_to_the_recommendation(client, make_intake):
    response = client.post(_url(make_intake()))

    assert response.status_code == 405


# Queries


def _add_matching(count: int) -> None:
    """Online MSC providers, each running one online MSC course: all reachable from anywhere."""
    for _ in range(count):
        provider = ProviderFactory(
            region=Region.WEST, offers_in_person=False, offers_online=True, programs=["MSC"]
        )
        OfferingFactory(provider=provider, program=program("MSC"), format=Format.ONLINE)


def test_it_runs_the_same_number_of_queries_for_1_and_40_providers(
    client, make_intake, queries, show
):
    Provider.objects.all().delete()
    intake = make_intake(**MSC_FIRST)
    _add_matching(1)
    current_clinic()  # the footer's clinic record is read once and then kept, as when warm
    with_one = queries.of(lambda: show(intake))

    _add_matching(39)

    with queries.as_many_as(with_one):
        show(intake)


def test_a_second_visit_reads_no_courses_while_they_are_unchanged(make_intake, show):
    intake = make_intake(**MSC_FIRST)
    _add_matching(3)
    first = show(intake)

    with CaptureQueriesContext(connection) as second:
        again = show(intake)

    tables = " ".join(query["sql"] for query in second.captured_queries)
    assert "providers_offering" not in tables and "providers_provider" not in tables
    assert listed_providers(again) == listed_providers(first)


def test_a_second_visit_reads_only_the_intake_from_the_database(make_intake, show, settings):
    # The programs and the course section come from the cache while the catalog is
    # unchanged; the intake is read in one query, with every field its page shows.
    intake = make_intake(**MSC_FIRST, phone="+16175550100")
    _add_matching(3)
    show(intake)
    cache_table = settings.CACHES["default"].get("LOCATION", "")

    with CaptureQueriesContext(connection) as second:
        show(intake)

    reads = [query["sql"] for query in second.captured_queries if cache_table not in query["sql"]]
    assert len(reads) == 1 and "advisor_intake" in reads[0]


def test_it_lists_as_many_providers_as_the_page_shows_when_counting_queries(make_intake, show):
    # Guards the test above: the page it measures is full. It names a handful of the
    # 40 providers and links to the directory for the rest.
    Provider.objects.all().delete()
    intake = make_intake(**MSC_FIRST)
    _add_matching(40)

    response = show(intake)

    page = Page.of(response)
    named = page.find_all("li", within=page.find("ul", class_="provider-links"))
    assert len(named) == MAX_PROVIDERS
    assertContains(response, "See every upcoming MSC course that matches your answers")


# A clinician's override


def _override_to_mbsr(intake, clinician) -> None:
    intake_review(
        intake=intake,
        status="reviewed",
        assigned_to=clinician,
        override_program="MBSR",
        override_reason="Private clinical note about the person",
    )
    IntakeNote.objects.create(
        intake=intake, author=clinician, author_name=clinician.username, text="Note for the team"
    )


def test_it_shows_the_clinicians_choice_once_the_recommendation_is_overridden(
    make_intake, show, page, clinician
):
    intake = make_intake(**MSC_FIRST)
    show(intake)  # seen before the review: the override must still show at once
    _override_to_mbsr(intake, clinician)

    response = show(intake)
    html = page(response)

    assert program("MBSR").name in html.find(id="first-title").words
    card = html.find(class_="recommended-program")
    assert "looked at your answers and suggests starting with" in card.words
    assert RULES_BY_CODE["very_self_critical"].reason not in response.content.decode()


def test_it_keeps_the_clinicians_reason_and_notes_off_the_participants_page(
    make_intake, show, clinician
):
    intake = make_intake(**MSC_FIRST)
    _override_to_mbsr(intake, clinician)

    html = show(intake).content.decode()

    assert "Private clinical note" not in html
    assert "Note for the team" not in html


def test_it_warns_that_a_follow_on_course_is_not_a_place_to_start(make_intake, show):
    intake = make_intake(self_criticism="5", format_preference="online")

    response = show(intake)

    assertContains(response, "Community for Deepening Practice")
    assertContains(response, "Only for people who have completed MSC.")


# For any answers, the page says exactly what was decided.


@settings(
    max_examples=examples(40),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(answers=any_answers())
def test_it_shows_each_note_exactly_when_the_recommendation_calls_for_it(db, answers):
    # The page is rendered from an intake as the service would save it; nothing is written.
    recommendation = scoring.recommend(answers).as_dict()
    intake = Intake(
        public_token="a-token-for-this-example",
        **Intake.answer_fields(answers),
        **Intake.snapshot_fields(recommendation),
    )

    html = Page.of(
        HttpResponse(render_to_string("advisor/recommendation.html", page_context(intake)))
    )

    def shown(section_id: str) -> bool:
        return html.find("section", **{"aria-labelledby": section_id}) is not None

    flags = recommendation["flags"]
    on_page = {recommendation["first"], recommendation["then"]}
    assert shown("therapist-title") == ("therapist_suggested" in flags)
    assert shown("therapy-title") == ("MSC" in on_page)
    assert shown("crisis-title") == ("crisis" in flags)
