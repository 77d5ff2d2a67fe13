"""The recommendation page's course section ("Where to take MSC"), cached by what it shows.

The section is the same for everyone with the same program, region, format, course
language and time zone, and it is the page's costly part: its queries and a dozen
cards. `draw_section(choices)` draws it from one CourseChoices and nothing else (its
template is given only what those choices give), and its copy is kept under a key made
from that same object (`section_key`), so the key cannot leave out a choice the section
reads: adding one to the section means adding it to CourseChoices, and so to the key.

Copies carry the catalog's version (config.page_cache), so an editor's change to a
course, a provider or a program shows at once; "upcoming" runs out with PAGE_TTL. The
programs the page names travel in the same cache read, so a warm page reads its
catalog parts in one round trip and no query. While Redis is away both are read afresh,
so the page never waits on it.
"""

from __future__ import annotations

import contextlib
import hashlib
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import pgettext_lazy

from advisor.questionnaire import QUESTIONS_BY_CODE, text_language
from config.outages import REDIS_UNREACHABLE
from config.page_cache import keep_copies, stored_copies
from programs.models import Program
from providers.matching import CourseChoices, courses_for
from providers.models import Provider, Region

SECTION_TEMPLATE = "advisor/_recommendation_where.html"
# Each list (in person, online) names the soonest few; /courses/ has the rest.
MAX_OFFERINGS = 6
# The section names a handful; the directory link lists them all.
MAX_PROVIDERS = 8
# The catalog's three programs, one copy for every page (they are never deleted).
PROGRAMS_KEY = "recommendation:programs"
SECTION_PREFIX = "recommendation:where:"
# A course's language as the section's sentences name it ("taught in Spanish", "impartidos
# en español"): lower case in Spanish, so not the finder's menu names.
TAUGHT_IN = {
    "en": pgettext_lazy("course taught in", "English"),
    "es": pgettext_lazy("course taught in", "Spanish"),
    "fr": pgettext_lazy("course taught in", "French"),
    "de": pgettext_lazy("course taught in", "German"),
    "pt": pgettext_lazy("course taught in", "Portuguese"),
    "zh": pgettext_lazy("course taught in", "Chinese"),
    "other": pgettext_lazy("course taught in", "another language"),
}


@dataclass(frozen=True)
class CatalogParts:
    """What the page reads from the catalog: its course section, and the programs by code."""

    section: SafeString
    programs: dict[str, Program]


def catalog_parts(choices: CourseChoices) -> CatalogParts:
    """The section for `choices` and the catalog's programs, kept copies where up to date."""
    key = section_key(choices)
    try:
        stored, version = stored_copies([key, PROGRAMS_KEY])
    except REDIS_UNREACHABLE:
        return CatalogParts(section=draw_section(choices), programs=_programs())
    drawn = {}
    if PROGRAMS_KEY not in stored:
        drawn[PROGRAMS_KEY] = _programs()
    if key not in stored:
        drawn[key] = draw_section(choices)
    if drawn:
        with contextlib.suppress(*REDIS_UNREACHABLE):
            keep_copies(drawn, version)
    found = {**stored, **drawn}
    # Kept as the section's own HTML, drawn here from the catalog: safe as it was drawn.
    return CatalogParts(section=mark_safe(found[key]), programs=found[PROGRAMS_KEY])


def section_key(choices: CourseChoices) -> str:
    """The cache key of the section for `choices`: every field of theirs, by its repr, and
    the language the page is in (its words are drawn in it)."""
    language = text_language(translation.get_language())
    return SECTION_PREFIX + hashlib.sha256(f"{language}|{choices!r}".encode()).hexdigest()


def draw_section(choices: CourseChoices) -> SafeString:
    """The section's HTML, from `choices` alone (and the catalog as it is now), in the
    page's language."""
    language = text_language(translation.get_language())
    region = choices.region
    providers = (
        Provider.objects.for_directory()
        .offering(choices.program)
        .reachable_from(region, choices.format_preference)[:MAX_PROVIDERS]
    )
    return render_to_string(
        SECTION_TEMPLATE,
        {
            "code": choices.program,
            "region": region,
            "region_label": (
                QUESTIONS_BY_CODE["region"].answer_label(region, language)
                if region in Region.values
                else ""
            ),
            "format_preference": choices.format_preference,
            "language_name": TAUGHT_IN.get(choices.language, ""),
            "viewer_zone": choices.viewer_zone,
            "viewer_zone_label": QUESTIONS_BY_CODE["time_zone"].answer_label(
                choices.viewer_zone, language
            ),
            "matches": courses_for(choices, limit=MAX_OFFERINGS),
            "providers": list(providers),
            "sign_up": choices.sign_up,
        },
    )


def _programs() -> dict[str, Program]:
    return Program.objects.in_bulk(field_name="code")
