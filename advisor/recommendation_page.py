"""The recommendation page, built from the intake's stored snapshot.

The page is rendered for each request, so nothing typed into the directory is ever
combined with a person's link or CSRF token after the fact. Its list of courses is
the same for everyone with the same program, region and format, and is the costly
part: that fragment is cached (`{% cache %}`), keyed on those three and on the
catalog's version, so an editor's change shows at once; while Redis is away the
fragment is drawn afresh (config/redis_cache.py), so the page never waits on it. Nearly
every outcome is a person's own (the reasons quote their answers), so the rest is not
worth caching.
"""

from __future__ import annotations

import functools
from typing import Any

from django.db.models import Exists, OuterRef

from advisor.models import Intake, ParticipantEmail
from advisor.questionnaire import YES
from advisor.scoring import CLINICIAN_REVIEW, CRISIS, MSC, THERAPIST_SUGGESTED
from config.page_cache import PAGE_TTL, fragment_version
from programs.codes import PROGRAM_NAMES
from programs.models import Program
from providers.languages import LANGUAGE_NAMES
from providers.matching import courses_for
from providers.models import Provider, Region
from providers.schedule import time_zone_label

# Each list (in person, online) names the soonest few; /courses/ has the rest.
MAX_OFFERINGS = 6
# The page names a handful; the directory link lists them all.
MAX_PROVIDERS = 8
CLINICIAN_CHOICE = (
    "A clinician at our clinic has read your answers and suggests starting with this course "
    "instead. They will be glad to talk it through with you."
)
# What the page reads from an intake; loading only these keeps the answers in the database.
PAGE_FIELDS = (
    "public_token",
    "language",
    "time_zone",
    "recommendation",
    "override_program",
    "recommended_program",
    "one_program_only",
    "region",
    "format_preference",
    # "Depressed at the moment" is said only to whoever said so, not to who would rather not.
    "depression_history",
    # Read only to say how the clinic will reach them; never shown.
    "phone",
    "email_my_link",
)


def intake_for_page(token: str) -> Intake | None:
    """The intake behind a private link, with only the fields its page reads."""
    # Whether the link e-mail is on its way, read in the same query: asked for, it is not
    # sent past the address's hourly cap, and the page must not promise one that failed.
    link_queued = ParticipantEmail.objects.filter(
        intake=OuterRef("pk"), kind=ParticipantEmail.Kind.LINK
    ).exclude(status=ParticipantEmail.Status.FAILED)
    return (
        Intake.objects.only(*PAGE_FIELDS)
        .annotate(link_queued=Exists(link_queued))
        .filter(public_token=token)
        .first()
    )


def page_outcome(intake: Intake) -> dict[str, Any]:
    """Everything the page shows, as plain data, and nothing that identifies the person."""
    snapshot = intake.recommendation
    flags = set(snapshot["flags"])
    review_causes = snapshot.get("flag_causes", {}).get(CLINICIAN_REVIEW, ())
    overridden = intake.is_overridden
    if not overridden:
        first, then, reasons = snapshot["first"], snapshot["then"], snapshot["reasons"]
    else:
        first = intake.override_program
        # A clinician's choice replaces the questionnaire's; its reasons no longer apply, and
        # the clinician's own reason is a clinical note, not for this page.
        then, reasons = None, [{"program": first, "text": CLINICIAN_CHOICE}]
    return {
        "first": first,
        "then": then,
        "first_reasons": [r["text"] for r in reasons if r["program"] == first],
        "then_reasons": [r["text"] for r in reasons if r["program"] == then],
        "only_one": intake.one_program_only == YES and not overridden,
        "crisis": CRISIS in flags,
        "clinician_review": CLINICIAN_REVIEW in flags,
        "therapist_suggested": THERAPIST_SUGGESTED in flags,
        "depressed_now": "depression_history" in review_causes
        and intake.depression_history == "current",
        # Self-harm left unsaid asks for a clinician but is no crisis: the gentle note,
        # not the crisis panel.
        "crisis_note": "self_harm_thoughts" in review_causes and CRISIS not in flags,
        "region": intake.region,
        "format_preference": intake.format_preference,
        "call_back": bool(intake.phone),
        # Read by intake_for_page; a staff preview shows no such line.
        "link_emailed": getattr(intake, "link_queued", False),
    }


def _program(programs: dict[str, Program], code: str) -> Program:
    """The program's catalog page, or, where its row is missing, an unsaved stand-in with
    the codebook's name: the recommendation is the person's own and is shown whatever
    the catalog holds (the template leaves out the facts and links only a row has)."""
    found = programs.get(code)
    return found if found is not None else Program(code=code, name=PROGRAM_NAMES.get(code, code))


def page_context(intake: Intake) -> dict[str, Any]:
    """The template's context: the outcome, its programs, and the courses.

    The courses are read lazily: the cached fragment usually stands in for them, and
    then they are never queried (nor their queries even built).
    """
    outcome = page_outcome(intake)
    code, then = outcome["first"], outcome["then"]
    region, format_preference = intake.region, intake.format_preference
    programs = Program.objects.filter(code__in=[code, then]).in_bulk(field_name="code")
    return {
        **outcome,
        "first": _program(programs, code),
        "then": _program(programs, then) if then else None,
        "mentions_msc": MSC in (code, then),
        "intake": intake,
        # While Redis is away, a version no fragment has: the courses are listed afresh.
        "pages_version": fragment_version(),
        "fragment_ttl": PAGE_TTL,
        "language": intake.course_language,
        "language_name": LANGUAGE_NAMES.get(intake.course_language, ""),
        "viewer_zone": intake.viewer_time_zone,
        "viewer_zone_label": time_zone_label(intake.viewer_time_zone),
        "region_label": Region(region).label if region in Region.values else "",
        # A template calls a callable each time it uses it; cached, each queries once.
        "matches": functools.cache(
            lambda: courses_for(
                program=code,
                region=region,
                format_preference=format_preference,
                language=intake.course_language,
                viewer_zone=intake.viewer_time_zone,
                limit=MAX_OFFERINGS,
            )
        ),
        "providers": functools.cache(
            lambda: list(
                Provider.objects.for_directory()
                .offering(code)
                .reachable_from(region, format_preference)[:MAX_PROVIDERS]
            )
        ),
    }
