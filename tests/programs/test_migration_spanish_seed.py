"""The migrations that bring in Spanish keep what editors wrote.

Each text's English column starts as the text already there; the seeded Spanish is
written only beside the English that was seeded, never beside an editor's own words
(it would translate something else). The tests run the real migrations: back to the
schema before them, an editor's change made there, forward.
"""

from __future__ import annotations

import pytest

from tests.migration_state import migrated_to, rolled_back_to

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.migrations,
]

BEFORE = [("programs", "0003_text_fields_refuse_control_characters"),
          ("providers", "0007_choices_read_from_the_codebook")]  # fmt: skip
AFTER = [("programs", "0005_catalog_in_spanish"), ("providers", "0009_directory_in_spanish")]
EDITED = "Our own words about this program, written since it was seeded."


@pytest.fixture
def before():
    yield from rolled_back_to(BEFORE)


def test_an_editors_english_becomes_the_english_and_gets_no_seeded_spanish(before):
    before.get_model("programs", "Program").objects.filter(code="MSC").update(summary=EDITED)
    before.get_model("providers", "Provider").objects.filter(
        slug="brown-university-mindfulness-center"
    ).update(description=EDITED)

    after = migrated_to(AFTER)

    programs = {p.code: p for p in after.get_model("programs", "Program").objects.all()}
    assert (programs["MSC"].summary_en, programs["MSC"].summary_es) == (EDITED, None)
    # Its other texts, as seeded, have their Spanish; so do the other programs.
    assert programs["MSC"].tagline_es.startswith("Un curso de 8 semanas")
    assert programs["MBSR"].summary_es.startswith("MBSR es un curso grupal")
    providers = {p.slug: p for p in after.get_model("providers", "Provider").objects.all()}
    brown = providers["brown-university-mindfulness-center"]
    assert (brown.description_en, brown.description_es) == (EDITED, None)
    assert providers["ucsd-center-for-mindfulness"].description_es.startswith("Forma parte")


def test_every_seeded_text_keeps_its_english(before):
    seeded = {
        p.code: (p.name, p.cautions) for p in before.get_model("programs", "Program").objects.all()
    }

    after = migrated_to(AFTER)

    migrated = {
        p.code: (p.name_en, p.cautions_en)
        for p in after.get_model("programs", "Program").objects.all()
    }
    assert migrated == seeded
