from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils.html import escape
from pytest_django.asserts import assertContains, assertNotContains

from programs.models import Program, Reference
from providers.models import Provider
from tests.helpers import links, listed_providers

SEEDED = {"MBSR": "mbsr", "MBCT": "mbct", "MSC": "msc"}


def _detail(client, slug: str):
    return client.get(reverse("programs:detail", kwargs={"slug": slug}))


def _paragraphs(text: str) -> list[str]:
    # Long fields render through `linebreaks`: one <p> per blank-line-separated paragraph.
    return [escape(part.strip()) for part in text.split("\n\n") if part.strip()]


# The seeded catalog


@pytest.mark.django_db
def test_it_seeds_exactly_the_three_programs():
    assert dict(Program.objects.values_list("code", "slug")) == SEEDED


@pytest.mark.django_db
@pytest.mark.parametrize("code", SEEDED)
def test_it_seeds_each_program_with_references(code):
    assert Program.objects.get(code=code).references.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "authors, year, codes",
    [("Jha, A. P.", 2007, {"MBSR", "MBCT"}), ("Jiménez-Gómez, L.", 2022, {"MBSR", "MSC"})],
)
def test_it_seeds_the_key_studies_for_the_programs_that_cite_them(authors, year, codes):
    reference = Reference.objects.get(authors__startswith=authors, year=year)

    assert set(reference.programs.values_list("code", flat=True)) == codes


# The list of programs


@pytest.mark.django_db
@pytest.mark.parametrize("code", SEEDED)
def test_it_lists_each_program_by_name_with_a_link(client, code):
    program = Program.objects.get(code=code)

    response = client.get(reverse("programs:list"))

    assertContains(response, escape(program.name))
    assert program.get_absolute_url() in links(response)


# A program's page


@pytest.mark.django_db
@pytest.mark.parametrize("slug", SEEDED.values())
def test_it_shows_the_programs_name(client, slug):
    program = Program.objects.get(slug=slug)

    response = _detail(client, slug)

    assertContains(response, f"<h1>{escape(program.name)}", count=1)


@pytest.mark.django_db
@pytest.mark.parametrize("slug", SEEDED.values())
def test_it_shows_what_the_program_asks_of_you(client, slug):
    program = Program.objects.get(slug=slug)

    response = _detail(client, slug)

    assertContains(
        response, f"{program.weeks} weekly sessions, {escape(program.session_length)} each"
    )
    assertContains(response, escape(program.home_practice))
    assertContains(response, escape(program.retreat))


@pytest.mark.django_db
@pytest.mark.parametrize("slug", SEEDED.values())
@pytest.mark.parametrize("field", ["who_it_suits", "research", "cautions"])
def test_it_shows_the_programs_guidance(client, slug, field):
    program = Program.objects.get(slug=slug)

    response = _detail(client, slug)

    for paragraph in _paragraphs(getattr(program, field)):
        assertContains(response, paragraph)


@pytest.mark.django_db
@pytest.mark.parametrize("slug", SEEDED.values())
def test_it_lists_the_programs_references(client, slug):
    program = Program.objects.get(slug=slug)

    response = _detail(client, slug)

    for reference in program.references.all():
        assertContains(response, escape(reference.citation), count=1)


@pytest.mark.django_db
def test_it_does_not_list_references_of_other_programs(client):
    kuyken = Reference.objects.get(authors__startswith="Kuyken")  # MBCT only

    response = _detail(client, "msc")

    assertNotContains(response, escape(kuyken.title))


@pytest.mark.django_db
def test_it_links_to_the_providers_that_run_it(client):
    response = _detail(client, "msc")

    assert listed_providers(response) == {
        "midwest-alliance-for-mindfulness",
        "center-for-mindful-self-compassion",
        "community-for-deepening-practice",
        "ucsd-center-for-mindfulness",
    }
    assertContains(response, "Center for Mindful Self-Compassion")


@pytest.mark.django_db
def test_it_does_not_list_a_provider_that_runs_only_another_program(client):
    response = _detail(client, "msc")

    assert "brown-university-mindfulness-center" not in listed_providers(response)
    assertNotContains(response, "Brown University Mindfulness Center")


@pytest.mark.django_db
def test_it_does_not_list_an_inactive_provider(client):
    Provider.objects.filter(slug="center-for-mindful-self-compassion").update(is_active=False)

    response = _detail(client, "msc")

    assert "center-for-mindful-self-compassion" not in listed_providers(response)
    assertNotContains(response, "Center for Mindful Self-Compassion</a>")


@pytest.mark.django_db
def test_it_gives_a_404_in_the_site_layout_for_an_unknown_program(client):
    response = _detail(client, "yoga")

    assertContains(response, "We could not find that page", status_code=404)
    assertContains(response, '<a class="site-brand" href="/">Mindful Path</a>', status_code=404)
    assertContains(response, '<nav aria-label="Main">', status_code=404)


@pytest.mark.django_db
def test_it_shows_an_editors_change_at_once(client):
    _detail(client, "mbct")  # a first visit, so the page is in the cache
    mbct = Program.objects.get(slug="mbct")
    mbct.name, mbct.weeks = "Mindfulness-Based Cognitive Therapy for Life", 9
    mbct.save()  # as the admin saves it

    response = _detail(client, "mbct")

    assertContains(response, "<h1>Mindfulness-Based Cognitive Therapy for Life")
    assertContains(response, "9 weekly sessions")


@pytest.mark.django_db
def test_it_shows_a_reference_added_by_an_editor_at_once(client):
    _detail(client, "msc")
    reference = Reference.objects.create(
        authors="Germer, C.", year=2009, title="The Mindful Path to Self-Compassion"
    )
    Program.objects.get(slug="msc").references.add(reference)

    response = _detail(client, "msc")

    assertContains(response, "Germer, C. (2009). The Mindful Path to Self-Compassion.")


# Reference.citation (no database: the model is never saved)


def test_it_cites_a_source_with_a_year():
    reference = Reference(
        authors="Jha, A. P., Krompinger, J., & Baime, M. J.",
        year=2007,
        title="Mindfulness training modifies subsystems of attention",
        source="Cognitive, Affective, & Behavioral Neuroscience 7, 109\u2013119",
    )

    assert reference.citation == (
        "Jha, A. P., Krompinger, J., & Baime, M. J. (2007). "
        "Mindfulness training modifies subsystems of attention. "
        "Cognitive, Affective, & Behavioral Neuroscience 7, 109\u2013119."
    )


def test_it_cites_a_source_without_a_year():
    reference = Reference(
        authors="Neff, K. D., & Dahm, K. A.",
        year=None,
        title="Self-Compassion: What it is, what it does, and how it relates to mindfulness",
        source="Book chapter",
    )

    assert reference.citation == (
        "Neff, K. D., & Dahm, K. A. "
        "Self-Compassion: What it is, what it does, and how it relates to mindfulness. "
        "Book chapter."
    )


def test_it_adds_no_period_after_a_question_mark():
    reference = Reference(
        authors="Shapiro, S.",
        title="Does Mindfulness Make You More Compassionate?",
        source="Greater Good Magazine",
    )

    assert reference.citation == (
        "Shapiro, S. Does Mindfulness Make You More Compassionate? Greater Good Magazine."
    )


def test_it_leaves_out_an_empty_source():
    reference = Reference(
        authors="Neff, K., & Germer, C.",
        title="The Transformative Effects of Mindful Self-Compassion",
    )

    assert reference.citation == (
        "Neff, K., & Germer, C. The Transformative Effects of Mindful Self-Compassion."
    )
