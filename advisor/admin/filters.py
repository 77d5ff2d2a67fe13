"""The intake list's filters, each with fixed choices: none scans the intakes to offer them."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Subquery

from advisor.clinicians import clinicians
from advisor.flags import FLAGS
from advisor.models import Intake
from advisor.scoring import PROGRAMS
from advisor.waiting import OPEN_Q, AnswerTimes, overdue_next_steps


class ProgramFilter(admin.SimpleListFilter):
    # Fixed choices: Django's default filter would scan every intake for distinct values.
    title = "recommended program"
    parameter_name = "recommended_program"

    def lookups(self, request, model_admin):
        return [(code, code) for code in PROGRAMS]

    def queryset(self, request, queryset):
        if self.value() in PROGRAMS:
            return queryset.filter(recommended_program=self.value())
        return queryset


class AssignedFilter(admin.SimpleListFilter):
    # The clinicians, not every user an intake was ever assigned to (which scans intakes).
    title = "assigned clinician"
    parameter_name = "assigned_to"

    def lookups(self, request, model_admin):
        people = clinicians().values_list("pk", "username")
        return [("none", "Nobody yet"), *((str(pk), name) for pk, name in people)]

    def queryset(self, request, queryset):
        if self.value() == "none":
            return queryset.filter(assigned_to__isnull=True)
        if self.value() and self.value().isdigit():
            return queryset.filter(assigned_to_id=int(self.value()))
        return queryset


class FlagFilter(admin.SimpleListFilter):
    title = "flag"
    parameter_name = "flag"

    def lookups(self, request, model_admin):
        return [(flag.code, flag.badge) for flag in FLAGS.values()] + [("none", "No flag")]

    def queryset(self, request, queryset):
        value = self.value()
        if value in FLAGS:
            return queryset.filter(**{f"flag_{value}": True})
        if value == "none":
            return queryset.filter(
                flag_crisis=False, flag_clinician_review=False, flag_therapist_suggested=False
            )
        return queryset


class WaitingFilter(admin.SimpleListFilter):
    """What still waits for the clinic: the dashboard's numbers lead here."""

    title = "waiting"
    parameter_name = "waiting"
    OPEN = "open"
    OVERDUE = "overdue"
    NEXT_STEP_OVERDUE = "next_step_overdue"

    def lookups(self, request, model_admin):
        return [
            (self.OPEN, "Not yet contacted"),
            (self.OVERDUE, "Past the clinic's answer time"),
            (self.NEXT_STEP_OVERDUE, "A next step is overdue"),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == self.OPEN:
            return queryset.filter(OPEN_Q)
        if value == self.OVERDUE:
            return queryset.filter(AnswerTimes.of_clinic().overdue_q())
        if value == self.NEXT_STEP_OVERDUE:
            return queryset.filter(pk__in=overdue_next_steps().values("intake"))
        return queryset


class SameEmailFilter(admin.SimpleListFilter):
    """Every intake sent from one intake's e-mail address, whatever its capitals.

    Keyed by an intake's id, so that no address is written into a URL (and so into logs).
    """

    title = "same e-mail"
    parameter_name = "same_email_as"

    def lookups(self, request, model_admin):
        # Offered only when in use (a link from the intake page sets it), so that the list
        # says it is filtered, and by what.
        value = self.value()
        return [(value, f"The same e-mail as intake {value}")] if value else []

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        if not value.isdigit():
            return queryset.none()
        # An unknown id finds nothing, as a missing intake should.
        address = Intake.objects.filter(pk=int(value)).values("email")[:1]
        return queryset.under_address(Subquery(address))
