"""The clinic has a name and a voice: one record, shown on every page, panel, refusal and e-mail."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from config.clinic.models import ClinicProfile
from config.clinic.record import current_clinic
from config.clinic.words import within_words
from tests.clinic_record import our_clinic_saved
from tests.helpers import Page

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = [
    "home",
    "programs:list",
    "courses:list",
    "providers:list",
    "privacy",
    "advisor:intake",
]


@pytest.fixture
def our_clinic(db) -> ClinicProfile:
    return our_clinic_saved(
        address="4 Harbour Road\nBoston, MA 02110", intake_answer_hours=72, flagged_answer_hours=4
    )


def footer(response) -> str:
    return Page.of(response).find("footer").words


def test_a_fresh_install_has_sample_details_marked_as_samples(client):
    clinic = ClinicProfile.objects.get(pk=1)
    assert clinic.is_sample

    words = footer(client.get(reverse("home")))

    assert clinic.name in words
    assert "sample details" in words


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_every_page_footer_names_the_clinic_and_how_to_reach_it(client, our_clinic, name):
    response = client.get(reverse(name))

    page = Page.of(response)
    words = footer(response)
    assert "Lakeside Mindfulness Clinic" in words
    assert "(617) 555-0134" in words
    assert "Weekdays 8 am to 6 pm" in words
    assert "Boston, MA 02110" in words
    assert "within 3 days" in words
    assert "sample" not in words
    assert page.find("a", href="tel:+16175550134", within=page.find("footer"))
    assert page.find("a", href="mailto:hello@lakeside.example", within=page.find("footer"))


def test_an_edit_shows_at_once_on_cached_pages(client, our_clinic):
    client.get(reverse("home"))  # a copy is kept
    our_clinic.name = "Harbour Mindfulness"
    our_clinic.save()

    assert "Harbour Mindfulness" in footer(client.get(reverse("home")))


def test_the_privacy_page_says_who_keeps_the_answers_and_how_soon_they_answer(client, our_clinic):
    words = Page.of(client.get(reverse("privacy"))).find("main").words

    assert "run by Lakeside Mindfulness Clinic" in words
    assert "within 3 days" in words
    assert "within 4 hours" in words
    assert "ask for it again" in words


def test_the_crisis_panel_says_when_a_clinician_will_call(client, our_clinic, make_intake):
    intake = make_intake(self_harm_thoughts="yes", phone="+16175550199")

    panel = Page.of(client.get(intake.get_absolute_url())).find("section", class_="crisis-panel")

    # Counted to the clinic's open hours (tests/config/test_answer_times.py): "by <day> ...".
    assert "A clinician from Lakeside Mindfulness Clinic will call you by " in panel.words
    assert " Eastern time about your answers" in panel.words
    assert "(617) 555-0134" in panel.words


def test_without_a_phone_number_the_crisis_panel_promises_an_email(client, our_clinic, make_intake):
    intake = make_intake(self_harm_thoughts="yes")

    panel = Page.of(client.get(intake.get_absolute_url())).find("section", class_="crisis-panel")

    assert "will email you by " in panel.words


def test_a_refusal_names_the_clinic(client, our_clinic, valid_post, settings):
    settings.INTAKE_RATE_LIMIT = 0

    response = client.post(reverse("advisor:intake"), valid_post)

    assert response.status_code == 429
    notice = Page.of(response).find(class_="not-saved")
    assert "Lakeside Mindfulness Clinic" in notice.words
    assert "(617) 555-0134" in notice.words


def test_the_bot_refusal_names_the_clinic(client, our_clinic, valid_post):
    response = client.post(reverse("advisor:intake"), {**valid_post, "contact_website": "x"})

    assert response.status_code == 400
    assert "(617) 555-0134" in Page.of(response).find("main").words


def test_the_forgery_refusal_names_the_clinic(our_clinic, valid_post):
    from tests.clients import FormClient

    response = FormClient(enforce_csrf_checks=True).post(reverse("advisor:intake"), valid_post)

    assert response.status_code == 403
    assert "(617) 555-0134" in Page.of(response).find("main").words


def test_the_not_found_page_offers_the_lost_link_page_and_the_clinic(client, our_clinic):
    response = client.get("/recommendation/no-such-link/")

    assert response.status_code == 404
    page = Page.of(response)
    assert page.find("a", href=reverse("advisor:lost_link"))
    assert "(617) 555-0134" in page.find("main").words


@pytest.mark.parametrize(
    ("hours", "words"),
    [
        (1, "1 hour"),
        (4, "4 hours"),
        (24, "24 hours"),
        (36, "36 hours"),
        (48, "2 days"),
        (72, "3 days"),
    ],
)
def test_answer_times_read_as_words(hours, words):
    assert within_words(hours) == words


def test_a_flagged_intake_cannot_be_promised_later_than_any_other(our_clinic):
    our_clinic.flagged_answer_hours = 96

    with pytest.raises(ValidationError) as refused:
        our_clinic.full_clean()

    assert "flagged_answer_hours" in refused.value.message_dict


def test_a_phone_number_is_checked(our_clinic):
    our_clinic.phone = "12345"

    with pytest.raises(ValidationError) as refused:
        our_clinic.full_clean()

    assert "phone" in refused.value.message_dict


def test_an_unknown_time_zone_is_refused(our_clinic):
    our_clinic.time_zone = "Mars/Olympus_Mons"

    with pytest.raises(ValidationError) as refused:
        our_clinic.full_clean()

    assert "time_zone" in refused.value.message_dict


def test_there_is_only_ever_one_record(our_clinic):
    ClinicProfile(
        **{
            f.name: getattr(our_clinic, f.name)
            for f in ClinicProfile._meta.fields
            if f.name != "id"
        }
    ).save()

    assert ClinicProfile.objects.count() == 1
    assert current_clinic().name == "Lakeside Mindfulness Clinic"


def test_the_clinics_notice_gives_the_time_in_its_zone_and_the_promised_answer_time(
    our_clinic, make_intake, settings
):
    from advisor.notifications import clinic_message

    our_clinic.time_zone = "America/Chicago"
    our_clinic.save()
    intake = make_intake(substance_misuse_recent="yes")

    _, body = clinic_message(intake)

    local = intake.created_at.astimezone(ZoneInfo("America/Chicago"))
    assert f"{local.day} {local:%b %Y %H:%M} {local:%Z}" in body
    assert " Central time.\n" in body  # the promise, in the clinic's zone


def test_the_outage_page_names_the_clinic_from_the_cache(our_clinic, rf):
    from config.clinic.record import current_clinic
    from config.error_pages import database_unavailable_page

    current_clinic()  # the copy every page reads is in the cache

    response = database_unavailable_page(rf.post("/intake/"))

    assert response.status_code == 503
    assert "(617) 555-0134" in Page.of(response).find("main").words
