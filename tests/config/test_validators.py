"""Text that reaches calendars, e-mail headers and names refuses control characters.

A line break in the clinic's name breaks every e-mail's sender; one in a provider's name
broke its calendar files. One-line fields refuse every control character (and the
Unicode line separators); descriptions keep their line breaks and tabs, nothing else.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from config.clinic.models import ClinicProfile
from config.validators import no_control_characters, single_line
from programs.models import Program, Reference
from providers.models import Offering, Provider
from tests.factories import OfferingFactory, ProviderFactory
from tests.helpers import Page, admin_form_data

REFUSED_ON_ONE_LINE = [
    "Quiet\nHarbor",
    "Quiet\r\nHarbor",
    "Quiet\rHarbor",
    "Quiet\tHarbor",
    "Quiet\x00Harbor",
    "Quiet\x1b[31mHarbor",
    "Quiet\x7fHarbor",
    "Quiet\x85Harbor",
    "Quiet\u2028Harbor",
    "Quiet\u2029Harbor",
]
REFUSED_IN_TEXT = [
    "Line one\rline two",
    "Nul\x00",
    "Bell\x07",
    "Escape\x1b[2J",
    "Delete\x7f",
    "Next line\x85",
    "Vertical tab\x0b",
    "Form feed\x0c",
]
KEPT_IN_TEXT = [
    "Line one\nline two",
    "Line one\r\nline two\r\n",
    "A\ttabbed\tline",
    "Line\u2028separated",
    "Ünïcödé — “quoted” 日本語 עברית",
]


@pytest.mark.parametrize("value", REFUSED_ON_ONE_LINE)
def test_it_refuses_any_control_character_on_one_line(value):
    with pytest.raises(ValidationError) as refused:
        single_line(value)
    assert "one line" in refused.value.messages[0]


@pytest.mark.parametrize("value", ["Quiet Harbor Mindfulness", "Ünïcödé — 日本語", "", "a;b,c\\d"])
def test_it_keeps_ordinary_text_on_one_line(value):
    single_line(value)


@pytest.mark.parametrize("value", REFUSED_IN_TEXT)
def test_it_refuses_control_characters_other_than_line_breaks_and_tabs_in_text(value):
    with pytest.raises(ValidationError) as refused:
        no_control_characters(value)
    assert "U+" in refused.value.messages[0]


@pytest.mark.parametrize("value", KEPT_IN_TEXT)
def test_it_keeps_line_breaks_and_tabs_in_text(value):
    no_control_characters(value)


def _field_errors(instance) -> dict[str, list[str]]:
    try:
        instance.full_clean()
    except ValidationError as error:
        return error.message_dict
    return {}


ONE_LINE_FIELDS = {
    Provider: ["name", "website", "contact_email", "city", "state_or_country", "who_can_join"],
    Offering: ["location", "price", "registration_url", "schedule_as_written", "time_zone"],
    Program: ["name", "tagline", "session_length", "retreat", "home_practice"],
    Reference: ["authors", "title", "source", "url"],
    ClinicProfile: ["name", "email", "hours", "time_zone"],
}
TEXT_FIELDS = {
    Provider: ["description"],
    Program: ["summary", "origins", "who_it_suits", "what_you_do", "research", "cautions"],
    ClinicProfile: ["address"],
}


def _valid(model):
    if model is Provider:
        return ProviderFactory.build()
    if model is Offering:
        return OfferingFactory()
    if model is Program:
        return Program.objects.get(code="MSC")
    if model is Reference:
        return Reference(authors="Neff, K.", year=2023, title="Self-compassion")
    return ClinicProfile.sample()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("model", "field"),
    [(model, field) for model, fields in ONE_LINE_FIELDS.items() for field in fields],
    ids=lambda item: getattr(item, "__name__", item),
)
def test_every_one_line_field_refuses_a_line_break(model, field):
    instance = _valid(model)
    setattr(instance, field, "https://example.org/a\nBcc: victim@example.net")

    assert field in _field_errors(instance)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("model", "field"),
    [(model, field) for model, fields in TEXT_FIELDS.items() for field in fields],
    ids=lambda item: getattr(item, "__name__", item),
)
def test_every_text_field_keeps_line_breaks_but_refuses_a_nul(model, field):
    instance = _valid(model)
    setattr(instance, field, "First paragraph.\r\n\r\nSecond\tparagraph.")
    assert field not in _field_errors(instance)

    setattr(instance, field, "First paragraph.\x00")
    assert field in _field_errors(instance)


@pytest.mark.django_db
def test_what_the_migrations_saved_still_passes_the_checks():
    """Editors can still save every program, provider and the sample clinic as they are."""
    rows = [*Program.objects.all(), *Reference.objects.all(), *Provider.objects.all()]
    assert rows
    for row in rows:
        assert _field_errors(row) == {}, row
    assert _field_errors(ClinicProfile.objects.get()) == {}


@pytest.mark.django_db
def test_a_superuser_cannot_give_the_clinic_a_name_with_a_line_break(client, superuser):
    """A newline in the clinic's name silently broke every participant e-mail."""
    client.force_login(superuser)
    change = reverse("admin:config_clinicprofile_change", args=[1])
    data = {**admin_form_data(client.get(change)), "name": "Lakeside\nBcc: everyone@example.net"}

    response = client.post(change, data)

    assert response.status_code == 200
    assert "one line" in Page.of(response).find(class_="field-name").words
    assert ClinicProfile.objects.get().name == "Mindful Path Clinic"


@pytest.mark.django_db
def test_a_superuser_keeps_the_clinics_address_on_several_lines(client, superuser):
    client.force_login(superuser)
    change = reverse("admin:config_clinicprofile_change", args=[1])
    data = {**admin_form_data(client.get(change)), "address": "4 Harbour Road\r\nBoston, MA"}

    response = client.post(change, data)

    assert response.status_code == 302
    assert ClinicProfile.objects.get().address == "4 Harbour Road\r\nBoston, MA"


@pytest.mark.django_db
def test_an_editor_cannot_give_a_provider_a_name_with_a_line_break(client, editor):
    provider = Provider.objects.get(slug="brown-university-mindfulness-center")
    client.force_login(editor)
    change = reverse("admin:providers_provider_change", args=[provider.pk])
    data = {**admin_form_data(client.get(change)), "name": "Brown\r\nX-WR-CALNAME:Evil"}

    response = client.post(change, data)

    assert response.status_code == 200
    assert "one line" in Page.of(response).find(class_="field-name").words
    provider.refresh_from_db()
    assert "\n" not in provider.name


@pytest.mark.django_db
@pytest.mark.parametrize("phone", ["+1202555\n0143", "+12025550143\r\nBcc: x", "+1202555\x000143"])
def test_the_clinics_phone_refuses_control_characters(phone):
    clinic = ClinicProfile.sample()
    clinic.phone = phone

    assert "phone" in _field_errors(clinic)
