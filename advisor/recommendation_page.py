"""The recommendation page, built from the intake's stored snapshot.

The page is rendered for each request, so nothing typed into the directory is ever
combined with a person's link or CSRF token after the fact. Its course section is the
same for everyone with the same program, region, format, language and zone, and is the
costly part: it is drawn and cached by advisor.course_section, keyed by the very
CourseChoices it is drawn from. Nearly every outcome is a person's own (the reasons
quote their answers), so the rest is not worth caching.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone, translation

from advisor.course_section import catalog_parts
from advisor.models import CheckIn, CheckInEmail, Intake, ParticipantEmail, SignUp
from advisor.questionnaire import ANSWER_CODES, ENGLISH, YES, text_language
from advisor.scoring import (
    CLINICIAN_REVIEW,
    CRISIS,
    MINDFULNESS_GOALS,
    MSC,
    SAFETY_NEEDS,
    THERAPIST_SUGGESTED,
    goals_in,
    reason_text,
    recommend,
)
from advisor.waiting import answer_due
from config.clinic.models import ClinicProfile
from config.clinic.words import due_words
from programs.codes import PROGRAM_NAMES
from programs.models import Program
from providers.matching import CourseChoices

# The rules' reason codes that say a safety need is met (each SafetyNeed has a rule of its
# code), and those that say why the first program came first when the weights did not.
SAFETY_NEED_CODES = frozenset(need.code for need in SAFETY_NEEDS)
SAFETY_DECISIONS = frozenset({"safety_first", "only_one_safety"})
BALANCED_DECISIONS = frozenset({"balanced_start_gently", "balanced_start_mindfulness"})
# What the page reads from an intake; loading only these keeps the answers in the database.
PAGE_FIELDS = (
    "public_token",
    "language",
    # The language to match courses in when the language question was left.
    "answered_in",
    "time_zone",
    "recommendation",
    "override_program",
    "override_words",
    "recommended_program",
    "one_program_only",
    "region",
    "format_preference",
    # Named back to them when a safety need says to start elsewhere.
    "primary_goal",
    # "Depressed at the moment" is said only to whoever said so, not to who would rather not.
    "depression_history",
    # Read only to say how the clinic will reach them, and by when; never shown.
    "phone",
    "created_at",
    # The flags that shorten the clinic's answer time (Intake.needs_a_clinician).
    "flag_crisis",
    "flag_clinician_review",
    "email_my_link",
)


def intake_for_page(token: str) -> Intake | None:
    """The intake behind a private link, with only the fields its page reads."""
    # A token names one intake at most (it is unique), so its rows need no order.
    return next(iter(_page_intakes().filter(public_token=token)[:1]), None)


@functools.cache
def _page_intakes() -> QuerySet[Intake]:
    """Intakes as their page reads them; each filter() on it is a copy of its own.

    Built once per process: resolving the subquery below cost as much as the rest of
    the page's query, and it is the same for every link.
    """
    # Whether the link e-mail is on its way, read in the same query: asked for, it is not
    # sent past the address's hourly cap, and the page must not promise one that failed.
    link_queued = ParticipantEmail.objects.filter(
        intake=OuterRef("pk"), kind=ParticipantEmail.Kind.LINK
    ).exclude(status=ParticipantEmail.Status.FAILED)
    # And, in the same query, whether there is a sign-up to show and a check-in to come.
    signed_up = SignUp.objects.filter(intake=OuterRef("pk"))
    checkin_planned = CheckIn.objects.filter(
        intake=OuterRef("pk"), answered_at=None, stopped_at=None
    )
    checkin_sent = CheckInEmail.objects.filter(
        checkin__intake=OuterRef("pk"), kind=CheckInEmail.Kind.INVITATION
    )
    return (
        Intake.objects.only(*PAGE_FIELDS)
        .annotate(
            link_queued=Exists(link_queued),
            signed_up=Exists(signed_up),
            checkin_planned=Exists(checkin_planned),
            checkin_sent=Exists(checkin_sent),
        )
        .order_by()
    )


def page_outcome(intake: Intake, clinic: ClinicProfile | None = None) -> dict[str, Any]:
    """Everything the page shows, as plain data, and nothing that identifies the person.

    In the page's language: the reasons are stored in English, and said in another
    language from their codes (`_reasons_in`)."""
    language = text_language(translation.get_language())
    snapshot = intake.recommendation
    flags = set(snapshot["flags"])
    review_causes = snapshot.get("flag_causes", {}).get(CLINICIAN_REVIEW, ())
    codes = {reason.get("code", "") for reason in snapshot["reasons"]}
    overridden = intake.is_overridden
    if not overridden:
        first, then, reasons = snapshot["first"], snapshot["then"], snapshot["reasons"]
    else:
        first = intake.override_program
        # A clinician's choice replaces the questionnaire's, and its reasons no longer apply.
        # The clinician's own reason stays off the page: the admin asks for it as a note to
        # the team (issues 2-6: "the reason and notes never appear there"), not as words
        # written to the person, so the page says what changed and who to ask.
        then, reasons = None, []
    reasons = _reasons_in(intake, reasons, language)
    first_reasons, then_reasons = _said_once(
        [r["text"] for r in reasons if r["program"] == first],
        [r["text"] for r in reasons if then and r["program"] == then],
    )
    return {
        "first": first,
        "then": then,
        "first_reasons": first_reasons,
        "then_reasons": then_reasons,
        # Why the second program is second, for the lead-in above its reasons.
        "then_because": _then_because(codes) if then_reasons else "",
        # The program the questionnaire chose, which a clinician's choice replaced.
        "overridden_from": snapshot["first"] if overridden else "",
        "override_words": intake.override_words if overridden else "",
        # A goal that points to a mindfulness course, set aside because a safety need says
        # MSC first: the page names it, so it does not silently vanish.
        "goal_set_aside": (
            _goal_set_aside(intake, first, codes, language) if not overridden else ""
        ),
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
        # "by Monday 7 December at 12 pm Eastern time": the clinic's promise, counted to its
        # open hours (advisor.waiting.answer_due); for answers not sent, if sent now.
        "answer_by": due_words(
            answer_due(
                intake.created_at or timezone.now(),
                flagged=intake.needs_a_clinician,
                clinic=clinic,
            )
        ),
        # Read by intake_for_page; a staff preview shows no such line.
        "link_emailed": getattr(intake, "link_queued", False),
    }


def _reasons_in(intake: Intake, reasons: list[dict], language: str) -> list[dict]:
    """The stored reasons with their words in `language`, said anew from each reason's
    code and the intake's answers; a reason these rules no longer know keeps its stored
    words. English is what was stored, so an English page reads no answers at all."""
    if language == ENGLISH or not reasons:
        return reasons
    answers = _answers_of(intake)
    said = []
    for reason in reasons:
        try:
            text = reason_text(reason.get("code", ""), answers, language)
        except ValueError:  # an answer the rules refuse: the stored words stand
            text = None
        said.append({**reason, "text": text or reason["text"]})
    return said


def _answers_of(intake: Intake) -> dict[str, Any]:
    """The answers the reasons' words depend on: from the unsaved intake of a look, or in
    one query (the page loads none of them with the intake)."""
    if intake.pk is None:
        return intake.answers()
    return Intake.objects.filter(pk=intake.pk).values(*ANSWER_CODES).first() or {}


def _said_once(*groups: list[str]) -> list[list[str]]:
    """Each group of reason texts with no text said twice, in page order, keeping the first.

    The rules name each reason once (checked over thousands of answer sets), but a snapshot
    is kept as it was stored, and one written by older rules, or edited, may repeat itself.
    """
    seen: set[str] = set()
    kept: list[list[str]] = []
    for group in groups:
        kept.append([])
        for text in group:
            if text not in seen:
                seen.add(text)
                kept[-1].append(text)
    return kept


def _then_because(codes: set[str]) -> str:
    """Why the second program comes second: a safety need, a tie, or more answers for the first."""
    if codes & SAFETY_DECISIONS:
        return "safety"
    if codes & BALANCED_DECISIONS:
        return "balanced"
    return "answers"


def _goal_set_aside(intake: Intake, first: str, codes: set[str], language: str) -> str:
    """The person's goal, in their words (in the page's language), when it points to
    mindfulness and a safety need (its rule's code is in the stored reasons) puts MSC
    first; else nothing."""
    goal = intake.primary_goal
    if first == MSC and goal in MINDFULNESS_GOALS and codes & SAFETY_NEED_CODES:
        return goals_in(language)[goal]
    return ""


def program_or_stand_in(programs: dict[str, Program], code: str) -> Program:
    """The program's catalog page, or, where its row is missing, an unsaved stand-in with
    the codebook's name: the recommendation is the person's own and is shown whatever
    the catalog holds (the template leaves out the facts and links only a row has)."""
    found = programs.get(code)
    if found is not None:
        return found
    name = PROGRAM_NAMES.get(code, code)
    # Each language's column set apart: the plain `name` would be the active language's.
    with translation.override("es"):
        return Program(code=code, name_en=name, name_es=translation.gettext(name))


def course_choices(intake: Intake, program: str, *, sign_up: bool = False) -> CourseChoices:
    """The choices a list of `program`'s courses is matched by, for this person."""
    return CourseChoices(
        program=program,
        region=intake.region,
        format_preference=intake.format_preference,
        language=intake.course_language,
        viewer_zone=intake.viewer_time_zone,
        # Someone who answered in Spanish reads Spanish-taught runs first, whatever
        # language they asked courses in ("other" lists every language).
        prefer_language="" if intake.answered_in == ENGLISH else intake.answered_in,
        sign_up=sign_up,
    )


def page_context(
    intake: Intake, clinic: ClinicProfile | None = None, *, own_page: bool = False
) -> dict[str, Any]:
    """The template's context: the outcome, its programs, and the course section.

    `clinic` is the record when the caller has read it already (the footer reads the
    same one). `own_page`: the person's own page, through their link, where they can say
    which course they signed up for (never a look or a staff preview).
    """
    outcome = page_outcome(intake, clinic)
    code, then = outcome["first"], outcome["then"]
    overridden_from = outcome["overridden_from"]
    catalog = catalog_parts(course_choices(intake, code, sign_up=own_page))
    programs = catalog.programs
    return {
        **outcome,
        "first": program_or_stand_in(programs, code),
        "then": program_or_stand_in(programs, then) if then else None,
        "overridden_from": program_or_stand_in(programs, overridden_from)
        if overridden_from
        else None,
        "mentions_msc": MSC in (code, then),
        "intake": intake,
        "viewer_zone": intake.viewer_time_zone,
        "where_section": catalog.section,
        **(follow_up_context(intake) if own_page else {}),
    }


def follow_up_context(intake: Intake) -> dict[str, Any]:
    """What the person's own page says of what they told us since: the course they signed
    up for (with its run), and whether we will check in with them."""
    # Read with the intake (intake_for_page); only a sign-up to show costs a query.
    sign_up = None
    if getattr(intake, "signed_up", False):
        sign_up = (
            SignUp.objects.filter(intake=intake)
            .select_related("offering__provider", "offering__program")
            .first()
        )
    return {
        "own_page": True,
        "sign_up": sign_up,
        "signup_programs": list(PROGRAM_NAMES.items()),
        "checkin_planned": getattr(intake, "checkin_planned", False),
        "checkin_sent": getattr(intake, "checkin_sent", False),
    }


def unsent_context(
    *, answers: Mapping[str, int | str], preferences: Mapping[str, str]
) -> dict[str, Any]:
    """The page for answers a person looks at without sending them (`looking`).

    Scored as a saved intake is, and shown through the same page_context(), from an
    Intake that is never saved: page_outcome() and page_context() read only its fields,
    never its primary key, and the courses are matched on its answers alone. It has no
    private link (public_token is empty), and nothing here writes anything.
    """
    unsent = Intake(
        public_token="",
        **Intake.answer_fields(answers),
        **preferences,
        answered_in=text_language(translation.get_language()),
        **Intake.snapshot_fields(recommend(answers).as_dict()),
    )
    return {**page_context(unsent), "looking": True}
