"""The recommendation page, built from the intake's stored snapshot.

Most of the page is the same for many people: its frame depends only on the
programs suggested and the safety flags, and its list of courses only on the
program, the region and the format. Both are rendered once and kept in the
shared cache; each request fills in what is its own (the reasons, the private
link and the CSRF token), so no cached piece holds a token, a name, an e-mail
or an answer. The pieces carry the catalog's version like the public pages, so
an editor's change shows at once; a clinician's override or a re-score changes
the pieces asked for, so those show at once too.
"""

from __future__ import annotations

import functools
import hashlib
import json
from typing import Any

from django.db import connection
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.html import format_html

from advisor.models import Intake
from advisor.scoring import CLINICIAN_REVIEW, CRISIS, MSC, THERAPIST_SUGGESTED
from config.page_cache import (
    CSRF_PLACEHOLDER,
    has_session,
    keep_copies,
    stored_copies,
    with_csrf_token,
)
from programs.models import Program
from providers.models import Offering, Provider

MAX_OFFERINGS = 12
# The page names a handful; the directory link lists them all.
MAX_PROVIDERS = 8
CLINICIAN_CHOICE = (
    "A clinician at our clinic has read your answers and suggests starting with this course "
    "instead. They will be glad to talk it through with you."
)
# What the page reads from an intake; loading only these keeps the answers in the database.
PAGE_FIELDS = (
    "public_token",
    "recommendation",
    "override_program",
    "one_program_only",
    "region",
    "format_preference",
)
# Stand-ins in the cached pieces, replaced per request. The token's must pass the URL's
# slug pattern; none can occur in text the page shows, and none changes when escaped.
TOKEN = "recommendation-token-placeholder"
FIRST_REASONS = "first-reasons-placeholder"
THEN_REASONS = "then-reasons-placeholder"
WHERE = "where-to-take-it-placeholder"
# What the page's frame depends on; the reasons, region and format are filled in apart.
FRAME_FACTS = ("first", "then", "only_one", "crisis", "clinician_review", "therapist_suggested")


def intake_for_page(token: str) -> Intake | None:
    """The intake behind a private link, with only the fields its page reads.

    A raw query, because the ORM takes longer to compile this one-row lookup than the
    database takes to answer it, and this is the busiest page that cannot be cached.
    """
    return next(iter(Intake.objects.raw(_page_query(), [token])), None)


@functools.cache
def _page_query() -> str:
    quote = connection.ops.quote_name
    columns = ", ".join(quote(Intake._meta.get_field(name).column) for name in ("id", *PAGE_FIELDS))
    token = quote(Intake._meta.get_field("public_token").column)
    return f"SELECT {columns} FROM {quote(Intake._meta.db_table)} WHERE {token} = %s"


def page_outcome(intake: Intake) -> dict[str, Any]:
    """Everything the page shows, as plain data, and nothing that identifies the person."""
    snapshot = intake.recommendation
    flags = set(snapshot["flags"])
    overridden = intake.override_program not in ("", snapshot["first"])
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
        "only_one": intake.one_program_only and not overridden,
        "crisis": CRISIS in flags,
        "clinician_review": CLINICIAN_REVIEW in flags,
        "therapist_suggested": THERAPIST_SUGGESTED in flags,
        "region": intake.region,
        "format_preference": intake.format_preference,
    }


def recommendation_html(request: HttpRequest, intake: Intake) -> str:
    outcome = page_outcome(intake)
    frame = {key: outcome[key] for key in FRAME_FACTS}
    frame["has_then_reasons"] = bool(outcome["then_reasons"])
    where = {key: outcome[key] for key in ("first", "region", "format_preference")}
    makers = {
        _key("recommendation-frame", frame): lambda: _render_frame(request, frame),
        _key("recommendation-where", where): lambda: _render_where(where),
    }
    # Signed-in staff may have messages waiting; a shared piece must not carry them.
    shared = not has_session(request)
    stored, version = stored_copies(list(makers)) if shared else ({}, 0)
    made = {key: make() for key, make in makers.items() if key not in stored}
    if shared and made:
        keep_copies(made, version)
    frame_html, where_html = ({**stored, **made}[key] for key in makers)
    html = (
        frame_html.replace(FIRST_REASONS, _reason_items(outcome["first_reasons"]))
        .replace(THEN_REASONS, _reason_items(outcome["then_reasons"]))
        .replace(WHERE, where_html)
        .replace(TOKEN, intake.public_token)
    )
    return with_csrf_token(html, request)


def _key(kind: str, facts: dict[str, Any]) -> str:
    return f"{kind}:" + hashlib.sha256(json.dumps(facts, sort_keys=True).encode()).hexdigest()


def _reason_items(reasons: list[str]) -> str:
    return "".join(format_html("<li>{}</li>", reason) for reason in reasons)


def _render_frame(request: HttpRequest, frame: dict[str, Any]) -> str:
    first, then = frame["first"], frame["then"]
    programs = Program.objects.filter(code__in=[first, then]).in_bulk(field_name="code")
    context = {
        **frame,
        "first": programs.get(first),
        "then": programs.get(then) if then else None,
        "mentions_msc": MSC in (first, then),
        "first_reasons": FIRST_REASONS,
        "then_reasons": THEN_REASONS if frame["has_then_reasons"] else "",
        "where": WHERE,
        "token": TOKEN,
        "csrf_token": CSRF_PLACEHOLDER,
    }
    return render_to_string("advisor/recommendation.html", context, request)


def _render_where(where: dict[str, Any]) -> str:
    code, region, format_preference = where["first"], where["region"], where["format_preference"]
    context = {
        "code": code,
        "format_preference": format_preference,
        "offerings": Offering.objects.upcoming()
        .filter(program__code=code)
        .reachable_from(region, format_preference)[:MAX_OFFERINGS],
        "providers": Provider.objects.for_directory()
        .offering(code)
        .reachable_from(region, format_preference)[:MAX_PROVIDERS],
        "directory_query": f"program={code}"
        + ("&format=online" if format_preference == "online" else ""),
    }
    return render_to_string("advisor/_recommendation_where.html", context)
