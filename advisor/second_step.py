"""The second step the article recommends: after the first program, the other one.

Shown on the check-in's answer page to whoever finished their first program and would
like the next: the program we suggested second, and its upcoming runs matched to them as
their recommendation's were (advisor.course_section, the same cached section).
"""

from __future__ import annotations

from typing import Any

from advisor.course_section import catalog_parts
from advisor.follow_up import next_program, wants_second_step
from advisor.models import CheckIn
from advisor.recommendation_page import course_choices, program_or_stand_in


def second_step_context(checkin: CheckIn) -> dict[str, Any]:
    """The answer page's second step: `next_program` and its `next_section`, or nothing."""
    if not wants_second_step(checkin):
        return {"second_step": False}
    intake = checkin.intake
    code = next_program(intake, checkin)
    catalog = catalog_parts(course_choices(intake, code))
    return {
        "second_step": True,
        "next_program": program_or_stand_in(catalog.programs, code),
        "next_section": catalog.section,
    }
