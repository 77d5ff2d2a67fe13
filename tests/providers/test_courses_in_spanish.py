"""The course finder and the directory as a Spanish reader meets them under /es/.

Spanish-taught runs come first on /es/courses/, every card says its language, the
language menu names each language in its own tongue, and the directory's own words (a
provider's description, a run's venue and note) are shown in Spanish where an editor
wrote them, in English where not.
"""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from django.core.cache import caches
from django.utils import timezone
from icalendar import Calendar

from providers.models import Format, Offering
from providers.schedule import next_weekday
from tests.factories import OfferingFactory, ProviderFactory
from tests.helpers import Page

pytestmark = pytest.mark.django_db

SIGN_UP = "https://courses.example.org/"


def _run(name: str, *, days_ahead: int = 14, **fields) -> Offering:
    """A published MBSR run on Tuesday evenings, Eastern time, `days_ahead` from now."""
    start = next_weekday(timezone.localdate() + timedelta(days=days_ahead), 1)
    fields = {"start_date": start, "end_date": start + timedelta(weeks=7), "weekday": 1, **fields}
    return OfferingFactory(registration_url=SIGN_UP + name, **fields)


def _page(client, url: str) -> Page:
    response = client.get(url)
    assert response.status_code == 200
    return Page.of(response)


def _listed(page: Page) -> list[str]:
    """The runs a page lists, in order, by the name in their sign-up links."""
    return [
        link["href"].removeprefix(SIGN_UP)
        for card in page.find_all("li", class_="offering")
        for link in page.find_all("a", within=card)
        if link["href"].startswith(SIGN_UP)
    ]


def _card(page: Page, name: str):
    for card in page.find_all("li", class_="offering"):
        if page.find("a", within=card, href=SIGN_UP + name):
            return card
    raise AssertionError(f"{name} is not listed")


def _facts(card) -> dict[str, str]:
    return {row.find("dt").words: row.find("dd").words for row in card.select("dl > div")}


# Spanish-taught runs first


def test_the_spanish_finder_lists_spanish_taught_runs_first_then_the_others_soonest_first(
    client,
):
    _run("english-soon", days_ahead=14, language="en")
    _run("french-sooner", days_ahead=7, language="fr")
    _run("spanish-later", days_ahead=35, language="es")
    _run("spanish-soon", days_ahead=21, language="es")

    spanish = _listed(_page(client, "/es/courses/"))
    english = _listed(_page(client, "/courses/"))

    assert spanish == ["spanish-soon", "spanish-later", "french-sooner", "english-soon"]
    # The English finder keeps its plain soonest-first order.
    assert english == ["french-sooner", "english-soon", "spanish-soon", "spanish-later"]


def test_the_spanish_runs_lead_the_first_page_even_when_twenty_others_are_sooner(client):
    for number in range(20):
        _run(f"english-{number:02d}", days_ahead=7, language="en")
    _run("spanish", days_ahead=70, language="es")

    first_page = _listed(_page(client, "/es/courses/"))
    second_page = _listed(_page(client, "/es/courses/?page=2"))

    assert first_page[0] == "spanish"
    assert len(first_page) == 20 and len(second_page) == 1
    assert "spanish" not in second_page


def test_the_spanish_finder_says_spanish_runs_come_first(client):
    lead = _page(client, "/es/courses/").find("p", class_="lead").words

    assert "Primero aparecen los cursos que se imparten en español." in lead


def test_a_filter_on_another_language_still_applies_on_the_spanish_finder(client):
    _run("english", language="en")
    _run("spanish", language="es")

    assert _listed(_page(client, "/es/courses/?language=en")) == ["english"]


# Every card says its language


@pytest.mark.parametrize(
    ("url", "badges"),
    [
        ("/courses/", {"spanish": "Taught in Spanish", "english": "Taught in English"}),
        ("/es/courses/", {"spanish": "En español", "english": "En inglés"}),
    ],
)
def test_every_card_says_the_language_it_is_taught_in(client, url, badges):
    _run("spanish", language="es")
    _run("english", language="en")

    page = _page(client, url)

    for name, badge in badges.items():
        assert _card(page, name).find(class_="course-language").words == badge


def test_a_providers_own_page_marks_each_runs_language_too(client):
    provider = ProviderFactory(programs=["MBSR"])
    _run("french", provider=provider, language="fr")

    page = _page(client, f"/es{provider.get_absolute_url()}")

    assert _card(page, "french").find(class_="course-language").words == "En francés"


# The language menu


@pytest.mark.parametrize("url", ["/courses/", "/es/courses/"])
def test_the_language_menu_names_each_language_in_its_own_tongue(client, url):
    select = _page(client, url).find("select", name="language")
    options = {option["value"]: option for option in select.find_all("option")}

    names = {value: option.words for value, option in options.items() if value not in ("", "other")}
    assert names == {
        "en": "English",
        "es": "Español",
        "fr": "Français",
        "de": "Deutsch",
        "pt": "Português",
        "zh": "中文",
    }
    # Each marked as its language, so a screen reader says it as it is said.
    assert {value: options[value]["lang"] for value in names} == {value: value for value in names}


def test_the_catch_all_languages_of_the_menu_read_in_the_pages_language(client):
    english = _page(client, "/courses/").find("select", name="language")
    spanish = _page(client, "/es/courses/").find("select", name="language")

    assert [english.find("option", value=v).words for v in ("", "other")] == [
        "Any language",
        "Another language",
    ]
    assert [spanish.find("option", value=v).words for v in ("", "other")] == [
        "Cualquier idioma",
        "Otro idioma",
    ]


def test_the_spanish_finders_filters_are_in_spanish(client):
    page = _page(client, "/es/courses/")

    assert page.label_for("id_language") == "Idioma"
    assert page.label_for("id_region") == "Dónde vive"
    programs = [o.words for o in page.find("select", name="program").find_all("option")]
    assert programs == [
        "Cualquier programa",
        "Reducción del Estrés Basada en Mindfulness",
        "Terapia Cognitiva Basada en Mindfulness",
        "Autocompasión Consciente",
    ]
    regions = page.find("select", name="region").find_all("option")
    assert regions[1].words == "Noreste de EE. UU."
    months = page.find("select", name="month").find_all("option")
    assert months[0].words == "Cualquier mes"
    assert months[1].words.endswith(f" de {timezone.localdate().year}")


def test_the_time_zone_menu_is_in_each_pages_language_though_kept_once_per_process(client):
    caches["this_process"].clear()
    english = _page(client, "/courses/").find("select", name="tz")
    spanish = _page(client, "/es/courses/").find("select", name="tz")

    assert english.find("option", value="America/Chicago").words == "Central time (US)"
    assert spanish.find("option", value="America/Chicago").words == "Hora del Centro (EE. UU.)"
    assert spanish.find("option", value="").words == "La zona horaria de cada curso"
    # A zone without a common name reads as its IANA name in both.
    assert spanish.find("option", value="Europe/Paris").words == "Europe/Paris"


# A run's card in Spanish


def test_a_spanish_card_says_the_schedule_dates_and_zone_in_spanish(client):
    start = next_weekday(timezone.localdate() + timedelta(days=20), 0)
    _run(
        "evening",
        start_date=start,
        end_date=start + timedelta(weeks=7),
        weekday=0,
        starts_at=time(18, 30),
        ends_at=time(21, 0),
        time_zone="America/Chicago",
        language="es",
    )

    facts = _facts(_card(_page(client, "/es/courses/"), "evening"))

    assert facts["Se reúne"] == "Los lunes, de 6:30 a 9:00 p. m. (Hora del Centro (EE. UU.))"
    assert facts["Fechas"].startswith(f"Del {start.day} de ")
    assert f" al {(start + timedelta(weeks=7)).day} de " in facts["Fechas"]


def test_times_that_cross_noon_say_both_halves_of_the_day_in_spanish(client):
    _run("late-morning", starts_at=time(11, 30), ends_at=time(13, 0), language="es")

    facts = _facts(_card(_page(client, "/es/courses/"), "late-morning"))

    assert facts["Se reúne"].startswith("Los martes, de 11:30 a. m. a 1:00 p. m.")


def test_a_spanish_reader_sees_the_times_in_their_own_zone_in_spanish(client):
    _run("eastern", starts_at=time(18), ends_at=time(20, 30), language="es")

    card = _card(_page(client, "/es/courses/?tz=America/Los_Angeles"), "eastern")

    assert _facts(card)["Hora del Pacífico (EE. UU.)"] == "Los martes, de 3:00 a 5:30 p. m."


def test_a_runs_spanish_venue_price_and_note_show_where_written_and_english_where_not(client):
    _run(
        "translated",
        location_en="Community room, 12 Harbor Street",
        location_es="Salón comunitario, 12 Harbor Street",
        price_en="$450, sliding scale",
        price_es="$450, con escala de precios según ingresos",
        notes_en="Bring a mat.",
        notes_es="Traiga una colchoneta.",
    )
    _run("english-only", location_en="Room 3, 5 Shore Road", notes_en="Chairs are provided.")

    page = _page(client, "/es/courses/")
    translated, english_only = (
        _facts(_card(page, "translated")),
        _facts(_card(page, "english-only")),
    )

    assert translated["Modalidad"] == "Presencial, Salón comunitario, 12 Harbor Street"
    assert translated["Precio"] == "$450, con escala de precios según ingresos"
    assert translated["A tener en cuenta"] == "Traiga una colchoneta."
    assert english_only["Modalidad"] == "Presencial, Room 3, 5 Shore Road"
    assert english_only["A tener en cuenta"] == "Chairs are provided."
    # The English page keeps the English.
    english = _facts(_card(_page(client, "/courses/"), "translated"))
    assert english["Good to know"] == "Bring a mat."


# The directory in Spanish


def test_a_providers_page_shows_its_spanish_description_or_else_its_english_one(client):
    translated = ProviderFactory(
        description_en="A small center by the sea.",
        description_es="Un pequeño centro junto al mar.",
    )
    english_only = ProviderFactory(description_en="A quiet place in the hills.")
    translated_url, english_only_url = (
        translated.get_absolute_url(),
        english_only.get_absolute_url(),
    )

    spanish_page = _page(client, f"/es{translated_url}")
    fallback_page = _page(client, f"/es{english_only_url}")

    assert "Un pequeño centro junto al mar." in spanish_page.find("article").words
    assert "A small center by the sea." not in spanish_page.find("article").words
    assert "A quiet place in the hills." in fallback_page.find("article").words
    english = _page(client, translated_url)
    assert "A small center by the sea." in english.find("article").words


def test_the_spanish_directory_says_how_each_provider_teaches_in_spanish(client):
    ProviderFactory(name="Harbor Light", offers_in_person=True, offers_online=True)

    page = _page(client, "/es/providers/")
    card = next(
        c for c in page.find_all("article", class_="provider-card") if "Harbor Light" in c.words
    )

    assert [tag.words for tag in card.find_all("li", class_="tag--format")] == [
        "Presencial",
        "En línea",
    ]
    assert "Noreste de EE. UU." in card.words


def test_an_unknown_filter_on_the_spanish_directory_is_named_in_spanish(client):
    page = _page(client, "/es/providers/?region=mars")

    assert page.find("p", class_="alert-warning").words == (
        "No reconocimos la opción elegida en región, así que no aplicamos ese filtro."
    )


@pytest.mark.parametrize(
    "query",
    ["program=YOGA&language=klingon", "max_price=abc&month=soon&from=yesterday", "tz=Mars/Base"],
)
def test_bad_filters_on_the_spanish_finder_get_spanish_words_not_an_error(client, query):
    response = client.get(f"/es/courses/?{query}")

    assert response.status_code == 200
    alerts = " ".join(a.words for a in Page.of(response).find_all(class_="alert"))
    assert "Revise" in alerts or "No reconocimos" in alerts


def test_a_price_that_is_not_a_number_is_explained_in_spanish(client):
    page = _page(client, "/es/courses/?max_price=abc")

    assert page.find(id="id_max_price_error").words == (
        "Escriba un precio en dólares enteros, por ejemplo 500."
    )


# Calendar files


def test_a_runs_calendar_file_from_the_spanish_page_is_in_spanish(client):
    run = _run("ics", provider=ProviderFactory(name="Harbor Light"), format=Format.ONLINE)

    response = client.get(f"/es/courses/{run.pk}.ics")

    event = Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert (
        str(event["SUMMARY"])
        == "Reducción del Estrés Basada en Mindfulness (MBSR) con Harbor Light"
    )
    assert str(event["DESCRIPTION"]).startswith("Curso en línea. Inscríbase con Harbor Light: ")


# The time zone guess (static/js/time-zone.js)


def test_the_finder_loads_its_time_zone_script_from_our_own_files_deferred(client):
    page = _page(client, "/es/courses/")

    script = next(s for s in page.find_all("script") if "time-zone.js" in s.get("src", ""))
    assert script["src"].startswith("/static/") and script.has_attr("defer")
    # Without the script, the menu keeps each course's own zone and the note stays hidden.
    assert page.find("select", name="tz").find("option", selected=True)["value"] == ""
    assert page.find("p", class_="time-zone-guess").has_attr("hidden")
