"""A directory editor keeps each provider's and each run's words in English and Spanish,
side by side, and finds what still needs its Spanish.

The lists' "needs Spanish" filter says yes for a row where some text has English and no
Spanish; the Spanish pages show the English for it until then.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from providers.models import Offering, Provider
from tests.factories import OfferingFactory, ProviderFactory
from tests.helpers import Page, admin_form_data

pytestmark = pytest.mark.django_db

SEEDED = {
    "midwest-alliance-for-mindfulness",
    "center-for-mindful-self-compassion",
    "community-for-deepening-practice",
    "ucsd-center-for-mindfulness",
    "brown-university-mindfulness-center",
}


def _same_row(page: Page, *ids: str) -> bool:
    """The boxes stand on one row of the admin's form."""
    rows = [page.find(id=id_).find_parent("div", class_="form-row") for id_ in ids]
    return all(row is not None and row is rows[0] for row in rows)


def _listed(client, admin_list: str, query: str) -> list:
    response = client.get(reverse(admin_list) + query)
    assert response.status_code == 200
    return list(response.context["cl"].result_list)


@pytest.fixture
def signed_in(client, editor):
    client.force_login(editor)
    return client


# Side by side


def test_an_editor_sees_a_providers_english_and_spanish_side_by_side(signed_in):
    brown = Provider.objects.get(slug="brown-university-mindfulness-center")

    page = Page.of(signed_in.get(reverse("admin:providers_provider_change", args=[brown.pk])))

    assert _same_row(page, "id_description_en", "id_description_es")
    assert _same_row(page, "id_who_can_join_en", "id_who_can_join_es")
    assert page.label_for("id_description_en") == "Description [en]:"
    assert page.label_for("id_description_es") == "Description [es]:"
    assert page.find(id="id_description_es").words.startswith("Un centro de investigación")
    # The runs among the provider's own: each text in both languages on one row too.
    assert _same_row(
        page, "id_offerings-__prefix__-location_en", "id_offerings-__prefix__-location_es"
    )


def test_an_editor_saves_a_providers_spanish_and_the_spanish_page_shows_it(signed_in, client):
    provider = ProviderFactory(description_en="A small center by the sea.")
    change = reverse("admin:providers_provider_change", args=[provider.pk])
    page_url = provider.get_absolute_url()
    data = admin_form_data(signed_in.get(change))

    response = signed_in.post(change, {**data, "description_es": "Un pequeño centro junto al mar."})

    assert response.status_code == 302
    provider.refresh_from_db()
    assert (provider.description_en, provider.description_es) == (
        "A small center by the sea.",
        "Un pequeño centro junto al mar.",
    )
    client.logout()
    spanish = Page.of(client.get(f"/es{page_url}")).find("article").words
    assert "Un pequeño centro junto al mar." in spanish


def test_an_editor_may_leave_the_spanish_empty_and_the_spanish_page_shows_the_english(
    signed_in, client
):
    provider = ProviderFactory()
    change = reverse("admin:providers_provider_change", args=[provider.pk])
    page_url = provider.get_absolute_url()
    data = admin_form_data(signed_in.get(change))

    response = signed_in.post(change, {**data, "description_en": "Now in English only."})

    assert response.status_code == 302
    client.logout()
    assert "Now in English only." in Page.of(client.get(f"/es{page_url}")).find("article").words


def test_the_english_text_is_still_required(signed_in):
    provider = ProviderFactory()
    change = reverse("admin:providers_provider_change", args=[provider.pk])
    data = admin_form_data(signed_in.get(change))

    response = signed_in.post(
        change, {**data, "description_en": "", "description_es": "Solo en español."}
    )

    assert response.status_code == 200
    assert "description_en" in response.context["adminform"].form.errors


def test_an_editor_saves_a_runs_spanish_venue_price_and_note(signed_in):
    run = OfferingFactory(location="Community room", price="$300")
    change = reverse("admin:providers_offering_change", args=[run.pk])
    page = Page.of(signed_in.get(change))
    data = admin_form_data(signed_in.get(change))
    assert _same_row(page, "id_notes_en", "id_notes_es")

    response = signed_in.post(
        change,
        {
            **data,
            "location_es": "Salón comunitario",
            "price_es": "300 dólares",
            "notes_en": "Bring a mat.",
            "notes_es": "Traiga una colchoneta.",
        },
    )

    assert response.status_code == 302
    run.refresh_from_db()
    assert (run.location_en, run.location_es, run.price_es, run.notes_es) == (
        "Community room",
        "Salón comunitario",
        "300 dólares",
        "Traiga una colchoneta.",
    )


def test_a_run_in_person_without_a_place_says_so_on_the_english_box(signed_in):
    run = OfferingFactory()
    change = reverse("admin:providers_offering_change", args=[run.pk])
    data = admin_form_data(signed_in.get(change))

    response = signed_in.post(change, {**data, "location_en": "", "location_es": ""})

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["location_en"] == [
        "An in-person course needs a place."
    ]


# Needs Spanish


def test_the_seeded_providers_need_no_spanish_and_a_new_one_does(signed_in):
    new = ProviderFactory(name="Harbor Light")

    needing = _listed(signed_in, "admin:providers_provider_changelist", "?needs_spanish=yes")
    complete = _listed(signed_in, "admin:providers_provider_changelist", "?needs_spanish=no")

    assert needing == [new]
    assert {provider.slug for provider in complete} == SEEDED


def test_a_provider_needs_spanish_while_any_of_its_texts_lacks_it(signed_in):
    ProviderFactory(
        slug="half-done",
        description_en="A center.",
        description_es="Un centro.",
        who_can_join_en="Only for nurses",
    )
    ProviderFactory(
        slug="all-done",
        description_en="A center.",
        description_es="Un centro.",
        who_can_join_en="Only for nurses",
        who_can_join_es="Solo para personal de enfermería",
    )

    needing = _listed(signed_in, "admin:providers_provider_changelist", "?needs_spanish=yes")
    complete = _listed(signed_in, "admin:providers_provider_changelist", "?needs_spanish=no")

    assert [p.slug for p in needing] == ["half-done"]
    assert "all-done" in {p.slug for p in complete}


@pytest.mark.parametrize(
    ("price", "notes", "needs"),
    [
        pytest.param("", "", False, id="nothing written"),
        pytest.param("$450", "", False, id="a price in figures only"),
        pytest.param("$450, sliding scale", "", True, id="a price in words"),
        pytest.param("", "Bring a mat.", True, id="a note"),
    ],
)
def test_a_run_needs_spanish_for_words_it_has_only_in_english(signed_in, price, notes, needs):
    # Its address is not asked about: mostly a name, the same in Spanish.
    run = OfferingFactory(location_en="12 Harbor Street", price_en=price, notes_en=notes)

    needing = _listed(signed_in, "admin:providers_offering_changelist", "?needs_spanish=yes")
    complete = _listed(signed_in, "admin:providers_offering_changelist", "?needs_spanish=no")

    assert (run in needing, run in complete) == (needs, not needs)


def test_the_lists_tick_the_rows_in_both_languages(signed_in, page):
    ProviderFactory(name="Harbor Light")

    listing = page(signed_in.get(reverse("admin:providers_provider_changelist")))

    ticks = {}
    for row in listing.find_all("tr"):
        name, spanish = row.find(class_="field-name"), row.find(class_="field-spanish_done")
        if name and spanish:
            ticks[name.words] = spanish.find("img")["alt"]
    assert ticks["Harbor Light"] == "False"
    assert ticks["Brown University Mindfulness Center"] == "True"


def test_every_list_offers_the_needs_spanish_filter(signed_in):
    for admin_list in (
        "admin:providers_provider_changelist",
        "admin:providers_offering_changelist",
        "admin:programs_program_changelist",
    ):
        filters = signed_in.get(reverse(admin_list)).context["cl"].filter_specs
        assert "needs Spanish" in [spec.title for spec in filters], admin_list


def test_a_copied_run_keeps_its_spanish(signed_in):
    run = OfferingFactory(
        location_es="Salón comunitario", notes_en="Bring a mat.", notes_es="Traiga una colchoneta."
    )
    start = run.start_date + timedelta(weeks=10)

    signed_in.post(
        reverse("admin:providers_offering_changelist"),
        {
            "action": "copy_to_new_dates",
            "_selected_action": [run.pk],
            "apply": "Make the copies",
            "start_date": start.isoformat(),
        },
    )

    copy = Offering.objects.exclude(pk=run.pk).get()
    assert (copy.location_es, copy.notes_es) == ("Salón comunitario", "Traiga una colchoneta.")
