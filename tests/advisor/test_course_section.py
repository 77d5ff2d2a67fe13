"""The recommendation page's course section is kept under a key made of what it shows.

The section is drawn from a CourseChoices alone, so two people share a kept copy only
when every one of their choices is the same. (What each choice shows is in
test_course_matching.py, through the page.)
"""

from __future__ import annotations

import dataclasses

import pytest
from django.utils import translation

from advisor.course_section import section_key
from providers.matching import CourseChoices

SOMEONE = CourseChoices(
    program="MSC",
    region="northeast",
    format_preference="either",
    language="en",
    viewer_zone="America/New_York",
)
SOMEONE_ELSE = {
    "program": "MBSR",
    "region": "west",
    "format_preference": "online",
    "language": "",
    "viewer_zone": "",
    "prefer_language": "es",
    "sign_up": True,
}


def test_it_covers_every_choice_a_section_is_drawn_from():
    assert {field.name for field in dataclasses.fields(CourseChoices)} == set(SOMEONE_ELSE)


@pytest.mark.parametrize("choice", sorted(SOMEONE_ELSE))
def test_people_who_differ_in_one_choice_each_get_a_section_of_their_own(choice):
    other = dataclasses.replace(SOMEONE, **{choice: SOMEONE_ELSE[choice]})

    assert section_key(other) != section_key(SOMEONE)


def test_the_same_choices_on_pages_in_two_languages_are_kept_apart():
    with translation.override("es"):
        spanish = section_key(SOMEONE)

    assert spanish != section_key(SOMEONE)


def test_people_with_the_same_choices_share_one_kept_section():
    same = CourseChoices(**dataclasses.asdict(SOMEONE))

    assert section_key(same) == section_key(SOMEONE)
