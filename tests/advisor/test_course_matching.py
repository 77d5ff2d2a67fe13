"""The recommendation page's "Where to take <CODE>": the course runs it offers a person.

Runs of the recommended program in the person's
region and language; when nothing in person is near, a plain sentence saying so and
online runs that meet at waking hours where they live; a link to /courses/ with the same
choices. Intakes are answered through the form, as a participant answers them, with the
two optional questions (language, time zone) it asks in "About you".
"""

from __future__ import annotations

import csv
import io
import uuid
from datetime import date, time, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone

from advisor import questionnaire
from advisor.models import Intake
from providers.models import Format, Offering, Region
from providers.schedule import next_weekday
from tests.advisor.admin.helpers import changelist_url
from tests.clients import FormClient
from tests.factories import OfferingFactory, ProviderFactory, program
from tests.helpers import Element, Page, admin_form_data

pytestmark = pytest.mark.django_db

# Answers that put MSC first (a harsh inner voice), whatever the region.
MSC_FIRST = {"self_criticism": "5"}
WHERE = "Where to take MSC"
LINK = "See every upcoming MSC course that matches your answers"
MAX_RUNS = 6


def _soon(weeks: int = 0) -> date:
    """A Tuesday two weeks away or more, `weeks` later: an upcoming run's first session."""
    return next_weekday(timezone.localdate() + timedelta(days=14), 1) + timedelta(weeks=weeks)


def _winter(weeks: int = 0) -> date:
    """A Tuesday in the coming January: no clock changes in the US, UK or Australia for the
    next seven weeks, so a run's times in another zone are the same every week."""
    return next_weekday(date(timezone.localdate().year + 1, 1, 5), 1) + timedelta(weeks=weeks)


def _run(
    name: str,
    *,
    code: str = "MSC",
    region: str = Region.NORTHEAST,
    online: bool = False,
    **fields,
) -> Offering:
    """A run of `code` whose sign-up link names it: https://<name>.example.org/register."""
    if online:
        fields = {"format": Format.ONLINE, "location": "", **fields}
    provider = fields.pop("provider", None) or ProviderFactory(
        region=region, offers_online=online, offers_in_person=not online, programs=[code]
    )
    return OfferingFactory(
        provider=provider,
        program=program(code),
        registration_url=f"https://{name}.example.org/register",
        **fields,
    )


def _name(sign_up_url: str) -> str:
    return urlsplit(sign_up_url).hostname.removesuffix(".example.org")


def _runs(html: Element | None, list_class: str = "offering-list") -> list[str]:
    """The runs listed in `html`'s list of that class, in order, by their sign-up links."""
    listing = html.find("ul", class_=list_class) if html else None
    if listing is None:
        return []
    return [
        _name(card.find("p", class_="course-links").find("a")["href"])
        for card in listing.find_all("li", class_="offering")
    ]


def _in_person(section: Element) -> list[str]:
    return _runs(section, "in-person-courses")


def _online(section: Element) -> list[str]:
    return _runs(section, "online-courses")


def _card(section: Element, name: str) -> Element:
    (card,) = [
        card
        for card in section.find_all("li", class_="offering")
        if _name(card.find("p", class_="course-links").find("a")["href"]) == name
    ]
    return card


def _local_times(card: Element) -> tuple[str, str]:
    """The card's row of times in the person's zone: ("In UK time", "Tuesdays, ...")."""
    row = card.find("div", class_="local-times")
    return row.find("dt").words, row.find("dd").words


@pytest.fixture
def answer(post_intake):
    """Answer the intake form so that MSC comes first, with `answers`; the page's address."""

    def post(**answers: str) -> str:
        response = post_intake(**MSC_FIRST, form_token=str(uuid.uuid4()), **answers)
        assert response.status_code == 302, "the form did not save the intake"
        return response["Location"]

    return post


@pytest.fixture
def where(client):
    """The "Where to take ..." section of a recommendation page, as its owner opens it."""

    def read(url: str) -> Element:
        response = client.get(url)
        assert response.status_code == 200
        section = Page.of(response).find("section", **{"aria-labelledby": "where-title"})
        assert section.find("h2").words == WHERE
        return section

    return read


def _course_finder_link(section: Element) -> str:
    (link,) = [a for a in section.find_all("a") if a.words == LINK]
    return link["href"]


# In person, near them


def test_it_lists_a_matching_in_person_run_in_the_persons_region(answer, where):
    _run("nearby")

    section = where(answer(region="northeast", format_preference="in_person"))

    assert "Upcoming MSC courses in person in the Northeast US, taught in English:" in (
        section.words
    )
    assert _in_person(section) == ["nearby"]
    assert "We found no" not in section.words


@pytest.mark.parametrize(
    "other",
    [
        pytest.param({"code": "MBSR"}, id="another-program"),
        pytest.param({"region": Region.WEST}, id="another-region"),
        pytest.param({"language": "es"}, id="another-language"),
        pytest.param({"is_published": False}, id="unpublished"),
        pytest.param(
            {
                "start_date": timezone.localdate() - timedelta(weeks=9),
                "end_date": timezone.localdate() - timedelta(days=1),
            },
            id="ended",
        ),
        pytest.param(
            {
                "start_date": timezone.localdate() - timedelta(weeks=2),
                "end_date": timezone.localdate() + timedelta(weeks=5),
            },
            id="under-way-and-closed-to-newcomers",
        ),
    ],
)
def test_it_lists_no_in_person_run_that_does_not_suit_the_person(answer, where, other):
    _run("nearby")
    _run("unsuitable", **other)

    section = where(answer(region="northeast", format_preference="in_person"))

    assert _in_person(section) == ["nearby"]


def test_it_lists_a_run_under_way_that_newcomers_may_still_join(answer, where):
    started = timezone.localdate() - timedelta(weeks=1)
    _run("started", start_date=started, joinable_until=started + timedelta(weeks=2))

    section = where(answer(region="northeast", format_preference="in_person"))

    assert _in_person(section) == ["started"]
    assert "Under way" in _card(section, "started").find("h3").words


# Nothing in person near them


@pytest.mark.parametrize("preference", ["in_person", "either"])
def test_it_says_plainly_that_nothing_in_person_is_near_and_offers_online_runs(
    answer, where, preference
):
    _run("far-away", region=Region.WEST)
    _run("online", online=True)

    section = where(answer(region="northeast", format_preference=preference))

    sentence = section.find("p", class_="no-match").words
    assert sentence == (
        "We found no MSC course in person in the Northeast US taught in English at the "
        "moment. Online courses can be joined from anywhere; these meet at hours that suit "
        "Eastern time (US):"
    )
    assert _in_person(section) == []
    assert _online(section) == ["online"]
    assert section.words.index(sentence) < section.words.index("MSC with")


@pytest.mark.parametrize(
    ("viewer_zone", "run"),
    [
        pytest.param(
            "America/Chicago",
            {"time_zone": "Australia/Sydney", "starts_at": time(19), "ends_at": time(21)},
            id="sydney-evening-is-2-am-in-chicago",
        ),
        pytest.param(
            "Europe/London",
            {"time_zone": "America/New_York", "starts_at": time(18), "ends_at": time(20, 30)},
            id="new-york-evening-is-11-pm-in-london",
        ),
        pytest.param(
            "America/Los_Angeles",
            {"time_zone": "America/New_York", "starts_at": time(8), "ends_at": time(10)},
            id="new-york-morning-is-5-am-in-los-angeles",
        ),
    ],
)
def test_it_offers_no_online_run_that_meets_at_night_where_the_person_lives(
    answer, where, viewer_zone, run
):
    _run("at-night", online=True, start_date=_winter(), **run)
    _run("daytime", online=True, start_date=_winter(1), starts_at=time(12), ends_at=time(13))

    section = where(
        answer(region="northeast", format_preference="in_person", time_zone=viewer_zone)
    )

    assert _online(section) == ["daytime"]


def test_it_offers_a_run_from_the_far_side_of_the_world_that_meets_in_the_persons_evening(
    answer, where
):
    # 10:00 on a Tuesday in Sydney is 5:00 pm on the Monday in Chicago (January).
    _run(
        "sydney-morning",
        online=True,
        start_date=_winter(),
        time_zone="Australia/Sydney",
        starts_at=time(10),
        ends_at=time(12),
    )

    section = where(
        answer(region="midwest", format_preference="in_person", time_zone="America/Chicago")
    )

    assert _online(section) == ["sydney-morning"]
    assert _local_times(_card(section, "sydney-morning")) == (
        "In Central time (US)",
        "Mondays, 5:00 to 7:00 pm",
    )


def test_it_says_near_you_to_someone_outside_the_us(answer, where):
    _run("online", online=True, start_date=_winter(), starts_at=time(10), ends_at=time(12))

    section = where(
        answer(region="outside_us", format_preference="in_person", time_zone="Europe/London")
    )

    assert section.find("p", class_="no-match").words == (
        "We found no MSC course in person near you taught in English at the moment. Online "
        "courses can be joined from anywhere; these meet at hours that suit UK time:"
    )
    assert _online(section) == ["online"]


# Online


def test_it_lists_only_online_runs_to_someone_who_wants_online(answer, where):
    _run("nearby")
    _run("online", online=True)

    section = where(answer(region="northeast", format_preference="online"))

    assert (
        "Upcoming MSC courses online, taught in English, at hours that suit Eastern time (US):"
        in section.words
    )
    assert _online(section) == ["online"]
    assert _in_person(section) == []
    assert "course in person" not in section.words  # neither "found no" nor "upcoming"
    assert "courses in person" not in section.words


# Language and time zone


@pytest.mark.parametrize(
    ("language", "listed", "taught_in"),
    [
        pytest.param("es", ["spanish"], ", taught in Spanish,", id="spanish"),
        pytest.param("en", ["english"], ", taught in English,", id="english"),
        pytest.param("", ["english"], ", taught in English,", id="not-answered"),
        pytest.param("other", ["english", "spanish", "french"], "", id="any-language"),
    ],
)
def test_it_lists_runs_in_the_language_the_person_asked_for(
    answer, where, language, listed, taught_in
):
    _run("english", online=True, start_date=_soon(0))
    _run("spanish", online=True, start_date=_soon(1), language="es")
    _run("french", online=True, start_date=_soon(2), language="fr")

    section = where(answer(region="northeast", format_preference="online", language=language))

    assert _online(section) == listed
    assert f"Upcoming MSC courses online{taught_in}" in section.words


def test_it_shows_the_times_in_uk_time_to_someone_in_london(answer, where):
    _run("online", online=True, start_date=_winter(), starts_at=time(10), ends_at=time(12))

    section = where(
        answer(region="northeast", format_preference="online", time_zone="Europe/London")
    )

    assert "at hours that suit UK time" in section.words
    assert _local_times(_card(section, "online")) == ("In UK time", "Tuesdays, 3:00 to 5:00 pm")


def test_it_goes_by_central_time_for_someone_in_the_midwest_who_left_the_time_zone(answer, where):
    _run("online", online=True, start_date=_winter())  # 6:00 to 8:30 pm in New York

    section = where(answer(region="midwest", format_preference="online", time_zone=""))

    assert "at hours that suit Central time (US)" in section.words
    assert _local_times(_card(section, "online")) == (
        "In Central time (US)",
        "Tuesdays, 5:00 to 7:30 pm",
    )


def test_it_adds_no_second_row_of_times_for_a_run_in_the_persons_own_zone(answer, where):
    _run("online", online=True)

    section = where(answer(region="northeast", format_preference="online", time_zone=""))

    assert _online(section) == ["online"]
    assert _card(section, "online").find("div", class_="local-times") is None


def test_people_who_differ_only_in_language_or_zone_each_see_their_own_runs(answer, where):
    # Their sections are cached fragments: each must be kept apart from the others'.
    for name, weeks, language in (("english", 0, "en"), ("spanish", 1, "es")):
        _run(
            name,
            online=True,
            start_date=_winter(weeks),
            starts_at=time(10),
            ends_at=time(12),
            language=language,
        )

    english = where(answer(region="northeast", format_preference="online"))
    spanish = where(answer(region="northeast", format_preference="online", language="es"))
    in_london = where(
        answer(region="northeast", format_preference="online", time_zone="Europe/London")
    )

    assert _online(english) == ["english"]
    assert _online(spanish) == ["spanish"]
    assert _card(english, "english").find("div", class_="local-times") is None
    assert _local_times(_card(in_london, "english")) == (
        "In UK time",
        "Tuesdays, 3:00 to 5:00 pm",
    )


def test_a_kept_section_shows_a_runs_new_dates_price_and_provider_once_saved(answer, where):
    # The section is kept in the cache between visits; an editor's save shows at once.
    run = _run("changing", price="$300", start_date=_soon())
    url = answer(region="northeast", format_preference="in_person")
    before = _card(where(url), "changing").find("dl", class_="offering-facts").words
    assert "$300" in before

    run.start_date, run.end_date = _soon(3), _soon(10)
    run.price, run.financial_aid = "$340", True
    run.save()
    run.provider.who_can_join = "Open to health care workers only"
    run.provider.save()

    facts = _card(where(url), "changing").find("dl", class_="offering-facts").words
    assert "$340; financial aid available" in facts and "$300" not in facts
    assert f"{_soon(3):%a} {_soon(3).day} {_soon(3):%b %Y}" in facts
    assert "Open to health care workers only" in facts


# Nothing at all


@pytest.mark.parametrize(
    ("preference", "sentence"),
    [
        (
            "online",
            "We have no upcoming MSC courses listed that match online, in English, at hours "
            "that suit Eastern time (US).",
        ),
        (
            "in_person",
            "We have no upcoming MSC courses listed that match where you live and how you "
            "want to attend, in English, at hours that suit Eastern time (US).",
        ),
        (
            "either",
            "We have no upcoming MSC courses listed that match where you live and how you "
            "want to attend, in English, at hours that suit Eastern time (US).",
        ),
    ],
)
def test_it_says_so_when_no_run_matches_at_all(answer, where, preference, sentence):
    _run("another-program", code="MBSR", online=True)

    section = where(answer(region="northeast", format_preference=preference))

    assert sentence in [paragraph.words for paragraph in section.find_all("p")]
    assert section.find("li", class_="offering") is None


# The link to /courses/


# Where nothing in person is near, the link asks for what the page offers instead:
# test_following_the_link_lists_the_online_runs_offered_when_nothing_in_person_is_near.
@pytest.mark.parametrize(
    ("preference", "format_filter"),
    [("in_person", ["in_person"]), ("online", ["online"]), ("either", None)],
    ids=["in-person", "online", "either"],
)
def test_it_links_to_the_course_finder_with_the_persons_choices(
    answer, where, preference, format_filter
):
    # Something in person near them, in their language: the page falls back to nothing.
    _run("spanish-in-the-south", region=Region.SOUTH, language="es")
    section = where(
        answer(
            region="south",
            format_preference=preference,
            language="es",
            time_zone="America/Chicago",
        )
    )

    link = urlsplit(_course_finder_link(section))
    assert link.path == reverse("courses:list")
    expected = {
        "program": ["MSC"],
        "region": ["south"],
        "language": ["es"],
        "tz": ["America/Chicago"],
    }
    if format_filter:
        expected["format"] = format_filter
    assert parse_qs(link.query) == expected


def test_it_links_to_every_language_and_zone_when_the_person_narrowed_neither(answer, where):
    section = where(
        answer(region="outside_us", format_preference="online", language="other", time_zone="")
    )

    link = urlsplit(_course_finder_link(section))
    assert parse_qs(link.query) == {
        "program": ["MSC"],
        "region": ["outside_us"],
        "format": ["online"],
    }


def _course_finder(client, section: Element) -> Element:
    response = client.get(_course_finder_link(section))
    assert response.status_code == 200
    return Page.of(response).find("section", **{"aria-labelledby": "results-title"})


@pytest.mark.parametrize("preference", ["in_person", "online", "either"])
def test_following_the_link_lists_the_runs_the_page_showed(client, answer, where, preference):
    _run("nearby", start_date=_soon(0))
    _run("online", online=True, start_date=_soon(1))
    _run("far-away", region=Region.WEST, start_date=_soon(2))
    _run("in-spanish", online=True, language="es", start_date=_soon(3))
    _run("mbsr", code="MBSR", online=True, start_date=_soon(4))
    section = where(answer(region="northeast", format_preference=preference))
    shown = _in_person(section) + _online(section)

    listed = _runs(_course_finder(client, section))

    assert shown  # the page has runs to compare
    assert sorted(listed) == sorted(shown)


def test_following_the_link_lists_the_online_runs_offered_when_nothing_in_person_is_near(
    client, answer, where
):
    _run("far-away", region=Region.WEST)
    _run("online", online=True)
    section = where(answer(region="northeast", format_preference="in_person"))
    assert _online(section) == ["online"]

    listed = _runs(_course_finder(client, section))

    assert "online" in listed


# How many, and in what order


@pytest.mark.parametrize(
    ("preference", "online", "listed"),
    [("in_person", False, _in_person), ("online", True, _online)],
    ids=["in-person", "online"],
)
def test_it_lists_the_six_soonest_runs_soonest_first(answer, where, preference, online, listed):
    for weeks in (5, 2, 7, 0, 3, 6, 1, 4):
        _run(f"week-{weeks}", online=online, start_date=_soon(weeks))

    section = where(answer(region="northeast", format_preference=preference))

    assert listed(section) == [f"week-{weeks}" for weeks in range(MAX_RUNS)]


def test_the_course_finder_lists_the_runs_beyond_the_first_six(client, answer, where):
    for weeks in range(MAX_RUNS + 2):
        _run(f"week-{weeks}", start_date=_soon(weeks))
    section = where(answer(region="northeast", format_preference="in_person"))

    listed = _runs(_course_finder(client, section))

    assert listed == [f"week-{weeks}" for weeks in range(MAX_RUNS + 2)]


# An editor's change shows at once


@pytest.fixture
def as_editor(editor) -> FormClient:
    """Dana, signed in to the admin in her own browser."""
    browser = FormClient()
    browser.force_login(editor)
    return browser


def _save_in_admin(browser: FormClient, url: str, **changes: str | None) -> None:
    """Open an admin change page and save it with `changes` (None unticks a box)."""
    data = {**admin_form_data(browser.get(url)), **changes, "_save": "Save"}
    response = browser.post(url, {name: value for name, value in data.items() if value is not None})
    assert response.status_code == 302, "the admin did not save the change"


def test_it_shows_an_editors_new_name_for_a_listed_runs_provider_at_once(answer, where, as_editor):
    run = _run("nearby")
    url = answer(region="northeast", format_preference="in_person")
    assert run.provider.name in _card(where(url), "nearby").find("h3").words

    _save_in_admin(
        as_editor,
        reverse("admin:providers_provider_change", args=[run.provider.pk]),
        name="Still Water Sangha",
    )

    heading = _card(where(url), "nearby").find("h3").words
    assert heading == "MSC with Still Water Sangha"


def test_it_drops_a_run_an_editor_unpublishes_at_once(answer, where, as_editor):
    run = _run("nearby", start_date=_soon(0))
    _run("later", start_date=_soon(1))
    url = answer(region="northeast", format_preference="in_person")
    assert _in_person(where(url)) == ["nearby", "later"]

    _save_in_admin(
        as_editor, reverse("admin:providers_offering_change", args=[run.pk]), is_published=None
    )

    assert _in_person(where(url)) == ["later"]


# The two questions that feed it


def _about_you(html: Page) -> Element:
    return html.find("h2", id="section-about").parent


def test_the_intake_form_asks_the_language_in_about_you(client):
    html = Page.of(client.get(reverse("advisor:intake")))
    question = questionnaire.QUESTIONS_BY_CODE["language"]

    fieldset = _about_you(html).find("input", attrs={"name": "language"}).find_parent("fieldset")

    assert fieldset.find("legend").words == question.label
    radios = fieldset.find_all("input", attrs={"name": "language"})
    assert [radio["value"] for radio in radios] == ["en", "es", "other"]
    assert not any(radio.has_attr("required") or radio.has_attr("checked") for radio in radios)


def test_the_intake_form_asks_the_time_zone_in_about_you(client):
    html = Page.of(client.get(reverse("advisor:intake")))
    question = questionnaire.QUESTIONS_BY_CODE["time_zone"]

    select = _about_you(html).find("select", attrs={"name": "time_zone"})

    assert html.label_for(select["id"]) == question.label
    options = {option["value"]: option.words for option in select.find_all("option")}
    assert options[""] == "Go by where I live"
    assert options["Europe/London"] == "UK time"
    assert not select.has_attr("required")


def test_it_saves_an_intake_without_the_two_optional_answers(post_intake):
    response = post_intake(language=None, time_zone=None)

    assert response.status_code == 302
    intake = Intake.objects.get()
    assert (intake.language, intake.time_zone) == ("", "")


def test_it_saves_the_language_and_time_zone_the_person_chose(post_intake):
    post_intake(language="es", time_zone="Europe/London")

    intake = Intake.objects.get()
    assert (intake.language, intake.time_zone) == ("es", "Europe/London")


@pytest.mark.parametrize(
    ("field", "value"),
    [("time_zone", "Mars/Base"), ("language", "xx"), ("language", "fr")],
)
def test_it_refuses_a_language_or_time_zone_it_does_not_offer(post_intake, field, value):
    response = post_intake(**{field: value})

    assert response.status_code == 200
    summary = Page.of(response).find("div", class_="error-summary")
    links = [(link["href"], link.words) for link in summary.find_all("a")]
    label = questionnaire.QUESTIONS_BY_CODE[field].label
    assert [text for href, text in links if href.startswith(f"#id_{field}")] == [label]
    assert not Intake.objects.exists()


def test_the_clinicians_export_has_the_language_and_time_zone(client, clinician, post_intake):
    post_intake(language="es", time_zone="Europe/London")
    client.force_login(clinician)

    response = client.post(
        changelist_url(),
        {
            "action": "export_csv",
            "index": "0",
            "_selected_action": [str(Intake.objects.get().pk)],
        },
    )

    (row,) = csv.DictReader(io.StringIO(response.content.decode("utf-8")))
    assert (row["language"], row["time_zone"]) == ("es", "Europe/London")
