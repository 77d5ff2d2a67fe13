"""The clinicians' dashboard: its numbers, in a fixed handful of queries, and its page.

What waits against the clinic's answer times (advisor.waiting): each clinician's open
intakes and how many of them are overdue, the open intakes nobody has taken, the next
steps whose day has passed, and who has waited longest; the e-mails not sent yet, so
that a stopped worker shows within minutes; and what became of the referrals, per
program, over a period (outcomes_section).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.admin import ModelAdmin
from django.contrib.auth import get_user_model
from django.db.models import Count, Min, Q
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from advisor.admin.outcomes_section import outcomes_section
from advisor.clinicians import clinicians, display_name
from advisor.models import (
    UNREVIEWED,
    CheckInEmail,
    ContactAttempt,
    Intake,
    IntakeDeletion,
    Notification,
    ParticipantEmail,
)
from advisor.scoring import PROGRAMS
from advisor.waiting import (
    OPEN_Q,
    AnswerTimes,
    open_q,
    overdue_next_steps,
    waited,
    waiting_text,
)
from config.clinic.staff_time import staff_time
from config.clinic.words import within_words

# The overdue next steps listed one by one; the count says how many there are in all.
NEXT_STEPS_SHOWN = 10
# Flagged people who deleted their answers before anyone reached them: how far back the
# dashboard looks, and how many of their dates it lists.
UNREACHED_DELETIONS_DAYS = 30
UNREACHED_DELETIONS_SHOWN = 10


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.count / self.total) if self.total else 0


@dataclass(frozen=True)
class Load:
    """One clinician's open intakes, and how many are past the clinic's answer time."""

    pk: int
    name: str
    open: int
    overdue: int


def clinician_loads(times: AnswerTimes) -> list[Load]:
    """Every clinician, and anyone else still holding open intakes, in one query.

    Someone who left the Clinicians group with intakes still assigned is listed too:
    their intakes wait for someone all the same.
    """
    holders = Intake.objects.filter(OPEN_Q, assigned_to__isnull=False).values("assigned_to")
    people = (
        get_user_model()
        .objects.filter(Q(pk__in=clinicians().values("pk")) | Q(pk__in=holders))
        .order_by("username")
        .annotate(
            open_count=Count("assigned_intakes", filter=open_q("assigned_intakes__")),
            overdue_count=Count(
                "assigned_intakes", filter=times.overdue_q(prefix="assigned_intakes__")
            ),
        )
    )
    return [
        Load(person.pk, display_name(person), person.open_count, person.overdue_count)
        for person in people
    ]


def _next_steps() -> tuple[int, list[ContactAttempt]]:
    late = overdue_next_steps()
    shown = list(
        late.select_related("intake")
        .only("next_step", "next_step_due", "author_name", "intake__first_name", "intake__id")
        .order_by("next_step_due", "pk")[:NEXT_STEPS_SHOWN]
    )
    return late.count(), shown


def unreached_deletions(now: datetime | None = None) -> dict:
    """Flagged people who deleted their answers before anyone reached them, lately.

    The clinic had promised them a call or an e-mail; the deletion record says which
    (flags, no one reached) and when, and nothing about who. Two queries.
    """
    since = (now or timezone.now()) - timedelta(days=UNREACHED_DELETIONS_DAYS)
    lapsed = IntakeDeletion.objects.unreached_flagged().filter(deleted_at__gte=since)
    return {
        "unreached_deletions": lapsed.count(),
        "unreached_deletion_dates": list(
            lapsed.order_by("-deleted_at").values_list("deleted_at", flat=True)[
                :UNREACHED_DELETIONS_SHOWN
            ]
        ),
        "unreached_deletions_days": UNREACHED_DELETIONS_DAYS,
    }


# A worker sends a notice within seconds, and a refused one is retried after 1, 2 and 4
# minutes: one still unsent after this long means the worker or the mail server has stopped.
UNSENT_LATE_AFTER = timedelta(minutes=10)


def unsent_emails(now: datetime | None = None) -> dict:
    """The e-mails not sent yet, and how long the oldest has waited. Three queries.

    The clinic's notices above all (a crisis page promises a call that only a notice
    makes happen), and participants' own e-mails with them (their links, and the
    check-in's while it is still wanted): all wait on the same worker, so any one waiting
    long says it has stopped. Failed rows count too: they wait for a superuser's "Send
    again".
    """
    now = now or timezone.now()
    waiting = Q(status__in=[Notification.Status.PENDING, Notification.Status.FAILED])
    # A check-in answered or stopped sends nothing more, whatever its e-mails' rows say.
    still_wanted = Q(checkin__answered_at=None, checkin__stopped_at=None)
    counts = {
        model: model.objects.filter(waiting, wanted).aggregate(
            n=Count("pk"),
            failed=Count("pk", filter=Q(status=Notification.Status.FAILED)),
            oldest=Min("created_at"),
        )
        for model, wanted in (
            (Notification, Q()),
            (ParticipantEmail, Q()),
            (CheckInEmail, still_wanted),
        )
    }
    notices = counts[Notification]
    emails, checkins = counts[ParticipantEmail], counts[CheckInEmail]
    oldest = min((c["oldest"] for c in counts.values() if c["oldest"]), default=None)
    clinics_first = notices["oldest"] is not None and notices["oldest"] == oldest
    return {
        "unsent_oldest_label": "notice" if clinics_first else "e-mail (to a participant)",
        "unsent_notices": notices["n"],
        "unsent_participant_emails": emails["n"] + checkins["n"],
        "unsent_failed": sum(c["failed"] for c in counts.values()),
        "unsent_oldest": f"{waited(oldest, now)} (since {staff_time(oldest)})" if oldest else "",
        "unsent_late": oldest is not None and now - oldest > UNSENT_LATE_AFTER,
        "unsent_late_minutes": int(UNSENT_LATE_AFTER.total_seconds() // 60),
    }


def dashboard_numbers() -> dict:
    times = AnswerTimes.of_clinic()
    intakes = Intake.objects.all()
    by_status = dict(intakes.values_list("status").annotate(n=Count("pk")).order_by())
    by_program = dict(intakes.values_list("recommended_program").annotate(n=Count("pk")).order_by())
    unreviewed = Q(status__in=UNREVIEWED)
    totals = intakes.aggregate(
        total=Count("pk"),
        crisis=Count("pk", filter=unreviewed & Q(flag_crisis=True)),
        review=Count("pk", filter=unreviewed & Q(flag_clinician_review=True)),
        overridden=Count("pk", filter=~Q(override_program="")),
        unreviewed=Count("pk", filter=unreviewed),
        open=Count("pk", filter=OPEN_Q),
        overdue=Count("pk", filter=times.overdue_q()),
        unassigned=Count("pk", filter=OPEN_Q & Q(assigned_to__isnull=True)),
    )
    oldest = (
        intakes.filter(OPEN_Q)
        .only("created_at", "status", "first_name", "flag_crisis", "flag_clinician_review")
        .order_by("created_at", "pk")
        .first()
    )
    late_steps, next_steps = _next_steps()
    total = totals["total"]
    return {
        "total": total,
        "unreviewed": totals["unreviewed"],
        "flagged_crisis": totals["crisis"],
        "flagged_review": totals["review"],
        "open": totals["open"],
        "overdue": totals["overdue"],
        "unassigned": totals["unassigned"],
        "oldest": oldest,
        "oldest_waiting": waiting_text(oldest) if oldest else "",
        "answer_within": within_words(times.intake_hours),
        "flagged_answer_within": within_words(times.flagged_hours),
        "oldest_overdue": oldest is not None and times.is_overdue(oldest),
        "loads": clinician_loads(times),
        "late_steps": late_steps,
        "next_steps": next_steps,
        "status_bars": [
            Bar(label, by_status.get(value, 0), total) for value, label in Intake.Status.choices
        ],
        "program_bars": [Bar(code, by_program.get(code, 0), total) for code in PROGRAMS],
        "override_bars": [Bar("Overridden by a clinician", totals["overridden"], total)],
        **unreached_deletions(),
        **unsent_emails(),
    }


def dashboard_page(request: HttpRequest, model_admin: ModelAdmin) -> TemplateResponse:
    """The dashboard, among the intake admin's pages (its URL: IntakeAdmin.get_urls)."""
    context = {
        **model_admin.admin_site.each_context(request),
        "title": "Intake dashboard",
        "opts": model_admin.opts,
        "changelist_url": reverse("admin:advisor_intake_changelist"),
        **dashboard_numbers(),
        **outcomes_section(request.GET),
    }
    return TemplateResponse(request, "admin/advisor/intake/dashboard.html", context)
