"""Only a superuser edits the clinic's details, and there is only ever the one record."""

from __future__ import annotations

import pytest
from django.urls import reverse

from config.clinic.models import ClinicProfile
from config.clinic.record import current_clinic
from config.clinic.services import clinic_profile_save
from tests.helpers import Page

pytestmark = pytest.mark.django_db

CHANGE = reverse("admin:config_clinicprofile_change", args=[1])
LIST = reverse("admin:config_clinicprofile_changelist")


def details(**changes) -> dict[str, str]:
    data = {
        "name": "Lakeside Mindfulness Clinic",
        "phone": "(617) 555-0134",
        "email": "hello@lakeside.example",
        "address": "4 Harbour Road",
        # The opening hours in words, in English and in Spanish, side by side.
        "hours_en": "Weekdays 8 am to 6 pm",
        "hours_es": "De lunes a viernes, de 8 a. m. a 6 p. m.",
        "intake_answer_hours": "48",
        "flagged_answer_hours": "8",
        "time_zone": "America/Chicago",
        "open_days": ["0", "1", "2", "3", "4"],
        "opens_at": "09:00",
        "closes_at": "17:00",
        "checkin_weeks": "10",
    }
    return {**data, **changes}


def test_a_superuser_goes_straight_from_the_list_to_the_one_record(client, superuser):
    client.force_login(superuser)

    response = client.get(LIST)

    assert response.status_code == 302
    assert response.url == CHANGE


def test_saving_the_clinics_own_details_clears_the_sample_mark(client, superuser):
    client.force_login(superuser)
    assert "sample details" in Page.of(client.get(CHANGE)).find("main").words

    response = client.post(CHANGE, details())

    assert response.status_code == 302
    clinic = ClinicProfile.objects.get()
    assert (clinic.name, clinic.phone.as_e164, clinic.is_sample) == (
        "Lakeside Mindfulness Clinic",
        "+16175550134",
        False,
    )
    assert "Lakeside Mindfulness Clinic" in Page.of(client.get("/")).find("footer").words


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"phone": "555"}, "phone", "phone number"),
        ({"email": "nope"}, "email", "email"),
        ({"time_zone": "Nowhere/Else"}, "time_zone", "time zone"),
        ({"flagged_answer_hours": "72"}, "flagged_answer_hours", "at least as soon"),
        ({"intake_answer_hours": "0"}, "intake_answer_hours", "greater than or equal to 1"),
        ({"closes_at": "08:30"}, "closes_at", "close after it opens"),
        ({"closes_at": "09:00"}, "closes_at", "close after it opens"),
        ({"open_days": []}, "open_days", "at least one day"),
        ({"open_days": ["7"]}, "open_days", "valid choice"),
    ],
)
def test_bad_details_get_a_clear_error_and_nothing_changes(
    client, superuser, changes, field, message
):
    client.force_login(superuser)

    response = client.post(CHANGE, details(**changes))

    assert response.status_code == 200
    errors = Page.of(response).find(class_=f"field-{field}").words
    assert message in errors.lower() or message in errors
    assert ClinicProfile.objects.get().is_sample


def test_no_one_adds_a_second_record_or_deletes_the_one(client, superuser):
    client.force_login(superuser)

    assert client.get(reverse("admin:config_clinicprofile_add")).status_code == 403
    assert client.post(reverse("admin:config_clinicprofile_delete", args=[1])).status_code == 403
    assert ClinicProfile.objects.count() == 1


@pytest.mark.parametrize("persona", ["clinician", "editor", "outsider"])
def test_other_staff_cannot_see_or_change_it(client, request, persona):
    client.force_login(request.getfixturevalue(persona))

    assert (
        "clinic details"
        not in Page.of(client.get(reverse("admin:index"))).find("main").words.lower()
    )
    for url in (LIST, CHANGE):
        assert client.get(url).status_code in (302, 403)
    response = client.post(CHANGE, details(name="Taken over"))
    assert response.status_code in (302, 403)
    assert ClinicProfile.objects.get().name != "Taken over"


def test_admin_times_are_in_the_clinics_zone(client, superuser):
    client.force_login(superuser)
    client.post(CHANGE, details(time_zone="America/Los_Angeles"))

    updated = Page.of(client.get(CHANGE)).find(class_="field-updated_at").words

    assert updated.endswith(("PST", "PDT"))


def test_the_clinics_open_days_and_hours_are_saved_and_shown_again(client, superuser):
    client.force_login(superuser)

    response = client.post(
        CHANGE, details(open_days=["1", "5", "3"], opens_at="08:00", closes_at="18:30")
    )

    assert response.status_code == 302
    clinic = ClinicProfile.objects.get()
    assert (clinic.open_days, f"{clinic.opens_at:%H:%M}", f"{clinic.closes_at:%H:%M}") == (
        "135",
        "08:00",
        "18:30",
    )
    days = Page.of(client.get(CHANGE)).find(class_="field-open_days")
    checked = [box["value"] for box in days.find_all("input", checked=True)]
    assert checked == ["1", "3", "5"]
    assert "counted to these days" in days.words


def test_visiting_the_details_with_no_record_stored_writes_nothing(client, superuser):
    # A database whose sample row was removed by hand: the pages show the samples.
    ClinicProfile.objects.all().delete()
    client.force_login(superuser)

    assert client.get(LIST).url == CHANGE
    page = Page.of(client.get(CHANGE))

    assert "sample details" in page.find("main").words
    assert page.find("input", id="id_name")["value"] == "Mindful Path Clinic"
    assert not ClinicProfile.objects.exists()


def test_the_first_save_with_no_record_stored_creates_the_one_record(client, superuser):
    ClinicProfile.objects.all().delete()
    client.force_login(superuser)

    response = client.post(CHANGE, details())

    assert response.status_code == 302
    clinic = ClinicProfile.objects.get()
    assert (clinic.pk, clinic.name, clinic.is_sample) == (1, "Lakeside Mindfulness Clinic", False)


def test_saving_the_details_makes_them_the_clinics_own_and_shows_them_at_once(db):
    current_clinic()  # the copy every page reads is in the cache
    profile = ClinicProfile.sample()
    profile.name = "Harbour Mindfulness"

    saved = clinic_profile_save(profile=profile)

    assert (saved.pk, saved.is_sample) == (ClinicProfile.SINGLETON_PK, False)
    assert ClinicProfile.objects.get().name == "Harbour Mindfulness"
    assert current_clinic().name == "Harbour Mindfulness"


def test_the_opening_hours_are_kept_in_english_and_spanish_side_by_side(client, superuser):
    client.force_login(superuser)
    page = Page.of(client.get(CHANGE))
    english = page.find(id="id_hours_en").find_parent("div", class_="form-row")
    assert english is page.find(id="id_hours_es").find_parent("div", class_="form-row")

    client.post(CHANGE, details())
    client.logout()

    assert "Weekdays 8 am to 6 pm" in Page.of(client.get("/")).find("footer").words
    spanish = Page.of(client.get("/es/")).find("footer").words
    assert "De lunes a viernes, de 8 a. m. a 6 p. m." in spanish
    assert "Weekdays 8 am to 6 pm" not in spanish


def test_opening_hours_without_spanish_show_the_english_on_spanish_pages(client, superuser):
    client.force_login(superuser)

    client.post(CHANGE, details(hours_es=""))
    client.logout()

    assert "Weekdays 8 am to 6 pm" in Page.of(client.get("/es/")).find("footer").words
