"""What became of the referrals, per program: the dashboard's outcome numbers.

Of the intakes sent in a period, by the program each was referred to (the clinician's
override where there is one, else the engine's first program): how many were referred,
how many told us they signed up for a course, answered their check-in, started a
course, finished it, how helpful they found it (the median of the answers given), and
how many asked for the next program. What happened since counts whenever it happened:
a person referred in March who checks in in October counts in March's period.

One query, grouped by the program referred and by the helpfulness answer, so that the
median comes from the very rows the counts do; the arithmetic on its rows is plain
functions, tested without a database.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

from django.db.models import Count, F, Q, Value
from django.db.models.functions import Coalesce, NullIf

from advisor.models import Intake
from advisor.questionnaire import YES
from advisor.scoring import PROGRAMS

# The counts each program's row holds, in the order the table and the chart show them,
# with the words for each.
COUNTS: tuple[tuple[str, str], ...] = (
    ("referred", "Referred"),
    ("signed_up", "Signed up"),
    ("checked_in", "Checked in"),
    ("started", "Started"),
    ("finished", "Finished"),
    ("wants_next", "Asking for the next program"),
)


@dataclass(frozen=True)
class Period:
    """From one day to another, both included, as the clinic's calendar has them."""

    first: date
    last: date

    def bounds(self, zone: tzinfo) -> tuple[datetime, datetime]:
        """The period's first moment, and the moment after its last, in `zone`."""
        start = datetime.combine(self.first, time.min, tzinfo=zone)
        end = datetime.combine(self.last + timedelta(days=1), time.min, tzinfo=zone)
        return start, end


def last_twelve_months(today: date) -> Period:
    """The twelve months up to and including `today`: from the day after its date a year
    earlier (28 February standing in for a 29th)."""
    try:
        year_ago = today.replace(year=today.year - 1)
    except ValueError:
        year_ago = today.replace(year=today.year - 1, day=28)
    return Period(year_ago + timedelta(days=1), today)


@dataclass(frozen=True)
class ProgramOutcomes:
    """One program's row: the counts of COUNTS, and the median helpfulness (1-5)."""

    program: str
    referred: int = 0
    signed_up: int = 0
    checked_in: int = 0
    started: int = 0
    finished: int = 0
    wants_next: int = 0
    # None when no one referred to it has answered how helpful their course was.
    median_helpful: float | None = None
    helpful_answers: int = 0

    def counts(self) -> list[tuple[str, str, int]]:
        """(name, words, count) for each of COUNTS."""
        return [(name, words, getattr(self, name)) for name, words in COUNTS]


def median_of(tally: Mapping[int, int]) -> float | None:
    """The median of answers given as {answer: how many gave it}; None for no answers.

    With an even number of answers, the mean of the two in the middle (3 and 4: 3.5).
    """
    total = sum(tally.values())
    if not total:
        return None
    # The 1-based positions of the middle answer (odd total) or the two middle ones.
    wanted = sorted({(total + 1) // 2, total // 2 + 1})
    found: list[int] = []
    seen = 0
    for answer in sorted(tally):
        seen += tally[answer]
        while len(found) < len(wanted) and wanted[len(found)] <= seen:
            found.append(answer)
    return sum(found) / len(found)


def outcomes_from_groups(groups: Iterable[Mapping[str, object]]) -> list[ProgramOutcomes]:
    """Each program's row from the query's groups (one per program and helpfulness answer).

    Every program has a row, in the catalog's order, zeros and all; a group under a code
    outside the catalog is left out (the model's choices admit none).
    """
    sums: dict[str, dict[str, int]] = {code: defaultdict(int) for code in PROGRAMS}
    tallies: dict[str, dict[int, int]] = {code: defaultdict(int) for code in PROGRAMS}
    for group in groups:
        program = group["program"]
        if program not in sums:
            continue
        for name, _ in COUNTS:
            sums[program][name] += group[name]
        helpful = group["helpful"]
        if helpful is not None:
            tallies[program][helpful] += group["helpful_n"]
    return [
        ProgramOutcomes(
            program=code,
            **sums[code],
            median_helpful=median_of(tallies[code]),
            helpful_answers=sum(tallies[code].values()),
        )
        for code in PROGRAMS
    ]


def program_outcomes(period: Period, zone: tzinfo) -> list[ProgramOutcomes]:
    """The outcomes of the intakes sent in `period` (days in `zone`), per program. One query."""
    start, end = period.bounds(zone)
    answered = Q(checkin__answered_at__isnull=False)
    groups = (
        Intake.objects.filter(created_at__gte=start, created_at__lt=end)
        .annotate(
            program=Coalesce(NullIf("override_program", Value("")), "recommended_program"),
            helpful=F("checkin__helpful"),
        )
        .values("program", "helpful")
        .annotate(
            referred=Count("pk"),
            signed_up=Count("sign_up"),
            checked_in=Count("pk", filter=answered),
            started=Count("pk", filter=answered & Q(checkin__started=YES)),
            finished=Count("pk", filter=answered & Q(checkin__finished=YES)),
            wants_next=Count("pk", filter=answered & Q(checkin__wants_next=YES)),
            helpful_n=Count("pk", filter=answered & Q(checkin__helpful__isnull=False)),
        )
        .order_by()
    )
    return outcomes_from_groups(groups)
