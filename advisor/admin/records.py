"""What is kept about intakes, for superusers to read: who opened which intake, which were
deleted, and the e-mails about them (to the clinic, to participants, and the check-in's).
Nobody changes these records here."""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin.utils import model_ngettext
from django.http import HttpRequest

from advisor.models import (
    CheckInEmail,
    IntakeAccess,
    IntakeDeletion,
    Notification,
    ParticipantEmail,
)
from advisor.tasks import send_again


class SuperusersReadOnlyAdmin(admin.ModelAdmin):
    """A record kept about intakes: readable by superusers, changeable by nobody."""

    def has_module_permission(self, request) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(IntakeAccess)
class IntakeAccessAdmin(SuperusersReadOnlyAdmin):
    """Who opened which intake."""

    list_display = ["accessed_at", "username", "how", "intake_id"]
    list_filter = ["how", "accessed_at"]
    search_fields = ["username"]
    date_hierarchy = "accessed_at"


class PromiseFilter(admin.SimpleListFilter):
    """Flagged people who deleted their answers before anyone at the clinic reached them."""

    title = "promised contact"
    parameter_name = "promise"
    LAPSED = "lapsed"

    def lookups(self, request, model_admin):
        return [(self.LAPSED, "A flagged person deleted their answers before we reached them")]

    def queryset(self, request, queryset):
        if self.value() == self.LAPSED:
            return queryset.unreached_flagged()
        return queryset


@admin.register(IntakeDeletion)
class IntakeDeletionAdmin(SuperusersReadOnlyAdmin):
    """Which intakes were deleted, when and by whom; their flags, and whether we had
    reached the person."""

    list_display = [
        "deleted_at",
        "intake_id",
        "submitted_at",
        "deleted_by",
        "username",
        "flag_list",
        "contacted",
    ]
    list_filter = [PromiseFilter, "deleted_by", "contacted", "deleted_at"]
    search_fields = ["username"]
    date_hierarchy = "deleted_at"

    @admin.display(description="flags", ordering="flags")
    def flag_list(self, obj: IntakeDeletion) -> str:
        return ", ".join(code.replace("_", " ") for code in obj.flag_codes)


class OutgoingEmailAdmin(SuperusersReadOnlyAdmin):
    """E-mails the worker sends (advisor.models.OutgoingEmail): a failed one is queued again
    from the list."""

    search_fields = ["recipient"]
    actions = ["send_again"]

    @admin.action(description="Send the selected failed %(verbose_name_plural)s again")
    def send_again(self, request: HttpRequest, queryset) -> None:
        count = send_again(queryset)
        self.message_user(
            request,
            f"Queued {count} failed {model_ngettext(self.opts, count)} to be sent again.",
            messages.SUCCESS,
        )


@admin.register(Notification)
class NotificationAdmin(OutgoingEmailAdmin):
    """The clinic's e-mails about intakes (a new one; a check-in's answer of thoughts of
    self-harm, or asking for the next program); a failed one can be sent again from here."""

    list_display = [
        "created_at",
        "intake_id",
        "about",
        "recipient",
        "urgent",
        "status",
        "attempts",
        "last_error",
        "sent_at",
    ]
    list_filter = ["status", "about", "urgent"]


@admin.register(ParticipantEmail)
class ParticipantEmailAdmin(OutgoingEmailAdmin):
    """The e-mails to participants' own addresses (their links); a failed one can be sent
    again from here. The address is shown, as on the notices: superusers only."""

    list_display = [
        "created_at",
        "intake_id",
        "kind",
        "recipient",
        "status",
        "attempts",
        "last_error",
        "sent_at",
    ]
    list_filter = ["status", "kind"]


@admin.register(CheckInEmail)
class CheckInEmailAdmin(OutgoingEmailAdmin):
    """The check-in's e-mails to participants (its invitation and its one reminder); a
    failed one can be sent again from here. Once the check-in is answered or stopped its
    unsent ones are cancelled (advisor.follow_up), so none comes back. The address is
    shown, as on the notices: superusers only."""

    list_display = [
        "created_at",
        "intake",
        "kind",
        "language",
        "recipient",
        "status",
        "attempts",
        "last_error",
        "sent_at",
    ]
    list_filter = ["status", "kind"]
    # The intake's id is the check-in's: one query for the page, not one a row.
    list_select_related = ["checkin"]

    @admin.display(description="intake", ordering="checkin__intake_id")
    def intake(self, obj: CheckInEmail) -> int:
        return obj.checkin.intake_id
