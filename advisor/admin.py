"""Clinicians review intakes here: safety flags first, answers read-only, every look recorded."""

from __future__ import annotations

import functools

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from simple_history.admin import SimpleHistoryAdmin

from advisor import questionnaire
from advisor.dashboard import dashboard_numbers
from advisor.export import intakes_csv
from advisor.flags import FLAG_CLASSES, FLAG_LABELS, causing_codes, flag_reasons
from advisor.models import REVIEW_ORDER, Intake, IntakeAccess, IntakeDeletion, Notification
from advisor.recommendation_page import page_context
from advisor.scoring import CRISIS, PROGRAMS
from advisor.services import (
    intake_accesses_record,
    intake_delete,
    intake_review,
    intakes_assign,
    intakes_delete,
    intakes_mark_reviewed,
    intakes_rescore,
)
from advisor.tasks import send_again

# The crisis badge says its cause itself; the others are followed by theirs.
FLAG_BADGES = {
    flag: ("Crisis: self-harm thoughts" if flag == CRISIS else label, FLAG_CLASSES[flag])
    for flag, label in FLAG_LABELS.items()
}
MAX_SEARCH = 200
# What the list's columns, links and __str__ read.
LIST_COLUMNS = [
    "created_at",
    "first_name",
    "recommended_program",
    "override_program",
    "flag_crisis",
    "flag_clinician_review",
    "flag_therapist_suggested",
    "flag_causes",
    "status",
    "assigned_to__username",
]
REVIEW_FIELDS = ["status", "assigned_to", "clinician_notes", "override_program", "override_reason"]


def _raised_note(flags: list[str] | None) -> str:
    if not flags:
        return ""
    return format_html('<span class="flag-why">Raised: {}</span>', ", ".join(flags))


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
        clinicians = _clinicians().values_list("pk", "username")
        return [("none", "Nobody yet"), *((str(pk), name) for pk, name in clinicians)]

    def queryset(self, request, queryset):
        if self.value() == "none":
            return queryset.filter(assigned_to__isnull=True)
        if self.value() and self.value().isdigit():
            return queryset.filter(assigned_to_id=int(self.value()))
        return queryset


def _clinicians():
    return (
        get_user_model()
        .objects.filter(is_active=True, is_staff=True)
        .filter(Q(groups__name="Clinicians") | Q(is_superuser=True))
        .distinct()
        .order_by("username")
    )


@functools.cache
def _badges(flags: tuple[tuple[str, str], ...]) -> str:
    # A few dozen combinations at most, drawn once each: the list shows a set on every row.
    if not flags:
        return format_html('<span class="flag flag--none">{}</span>', "None")
    return format_html_join(
        " ",
        '<span class="flag-with-reason"><span class="{}">{}</span>{}</span>',
        (
            (
                FLAG_BADGES[flag][1],
                FLAG_BADGES[flag][0],
                format_html(' <span class="flag-why">{}</span>', why) if why else "",
            )
            for flag, why in flags
        ),
    )


def flag_badges(intake: Intake, answers: dict | None = None) -> str:
    """The intake's flags as badges, each followed by the answers that raised it."""
    reasons = flag_reasons(intake.flag_causes or {}, answers)
    return _badges(
        tuple((flag, "" if flag == CRISIS else reasons.get(flag, "")) for flag in intake.flag_codes)
    )


class FlagFilter(admin.SimpleListFilter):
    title = "flag"
    parameter_name = "flag"

    def lookups(self, request, model_admin):
        return [(flag, label) for flag, (label, _) in FLAG_BADGES.items()] + [("none", "No flag")]

    def queryset(self, request, queryset):
        value = self.value()
        if value in FLAG_BADGES:
            return queryset.filter(**{f"flag_{value}": True})
        if value == "none":
            return queryset.filter(
                flag_crisis=False, flag_clinician_review=False, flag_therapist_suggested=False
            )
        return queryset


@admin.register(Intake)
class IntakeAdmin(SimpleHistoryAdmin):
    # Django's own list, with a link to the dashboard among its tools.
    change_list_template = "admin/advisor/intake/change_list.html"
    list_display = [
        "submitted",
        "first_name",
        "program",
        "flags_display",
        "status",
        "assigned_to",
    ]
    # One link a row: a screen reader hears each intake once, and each link costs a reverse().
    list_display_links = ["first_name"]
    list_filter = [
        "status",
        ProgramFilter,
        FlagFilter,
        "region",
        "created_at",
        AssignedFilter,
    ]
    search_fields = ["first_name", "email"]
    # A screenful to triage at a glance (crisis first); each row costs about half a
    # millisecond of rendering on every view, and the list is the busiest admin page.
    list_per_page = 20
    # One COUNT instead of two on every page of the list.
    show_full_result_count = False
    list_select_related = ["assigned_to"]
    actions = ["assign_to_me", "mark_reviewed", "export_csv", "rescore"]
    readonly_fields = [
        "flags_explained",
        "rationale",
        "first_name",
        "email",
        "created_at",
        "answers_by_section",
        "consent",
    ]
    fieldsets = [
        ("Safety flags", {"fields": ["flags_explained"]}),
        ("Recommendation", {"fields": ["rationale"]}),
        ("Review", {"fields": REVIEW_FIELDS}),
        ("Contact", {"fields": ["first_name", "email", "created_at"]}),
        ("Answers", {"fields": ["answers_by_section"]}),
        ("Consent", {"fields": ["consent"]}),
    ]

    class Media:
        css = {"all": ["css/admin-intake.css"]}

    # The list

    def get_search_results(self, request, queryset, search_term):
        # Names and e-mail addresses are short; a huge term is abuse, and SQLite
        # refuses very long LIKE patterns.
        return super().get_search_results(request, queryset, search_term[:MAX_SEARCH])

    def get_ordering(self, request):
        # Unreviewed crisis intakes first, then other unreviewed flagged ones, then newest.
        return list(REVIEW_ORDER)

    @admin.display(description="Submitted", ordering="created_at")
    def submitted(self, obj: Intake) -> str:
        return timezone.localtime(obj.created_at).strftime("%Y-%m-%d %H:%M")

    @admin.display(description="Program", ordering="recommended_program")
    def program(self, obj: Intake) -> str:
        if obj.is_overridden:
            return format_html(
                "{} <span class='override'>(engine: {})</span>",
                obj.override_program,
                obj.recommended_program,
            )
        return obj.recommended_program

    @admin.display(description="Flags, and why")
    def flags_display(self, obj: Intake) -> str:
        return flag_badges(obj)

    @admin.display(description="Safety flags, and the answers that raised them")
    def flags_explained(self, obj: Intake) -> str:
        badges = flag_badges(obj, obj.answers())
        if obj.flag_codes and not obj.flag_causes:
            return format_html(
                "{}<p class='help'>{}</p>",
                badges,
                "Scored before the rules recorded why each flag was raised; re-score it to see.",
            )
        return badges

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.resolver_match and request.resolver_match.url_name.endswith("changelist"):
            # Only what the list shows: the answers and the snapshot stay in the database.
            queryset = queryset.only(*LIST_COLUMNS)
        return queryset

    # The intake page

    @admin.display(description="Engine's recommendation")
    def rationale(self, obj: Intake) -> str:
        snapshot = obj.recommendation
        reasons = format_html_join(
            "",
            "<li><strong>{}</strong> ({}): {}</li>",
            ((r["program"], r["code"], r["text"]) for r in snapshot["reasons"]),
        )
        scores = ", ".join(f"{track} {score}" for track, score in snapshot["scores"].items())
        return format_html(
            "<p><strong>Start with {}</strong>{}. Strength: {}. Scores: {}. Rules version {}.</p>"
            "<ul class='reasons'>{}</ul>",
            snapshot["first"],
            f", then {snapshot['then']}" if snapshot["then"] else " (only one program)",
            snapshot["strength"],
            scores,
            snapshot["rules_version"],
            reasons,
        )

    @admin.display(description="Answers, as the participant saw the questions")
    def answers_by_section(self, obj: Intake) -> str:
        answers = obj.answers()
        raised = causing_codes(obj.flag_causes or {})
        sections = []
        for section in questionnaire.SECTIONS:
            rows = [
                (
                    format_html(" class='{}'", "raised-flag") if question.code in raised else "",
                    question.label,
                    question.answer_label(answers[question.code]),
                    _raised_note(raised.get(question.code)),
                )
                for question in questionnaire.questions_in(section.slug)
                if question.code in answers
            ]
            if rows:
                sections.append(
                    format_html(
                        "<h3>{}</h3><table class='answers'><tbody>{}</tbody></table>",
                        section.title,
                        format_html_join(
                            "", "<tr{}><th scope='row'>{}</th><td>{}</td><td>{}</td></tr>", rows
                        ),
                    )
                )
        return format_html_join("", "{}", ((s,) for s in sections))

    @admin.display(description="Consent")
    def consent(self, obj: Intake) -> str:
        return format_html(
            "Agreed {} to: “{}” (wording version {})",
            timezone.localtime(obj.consented_at).strftime("%Y-%m-%d %H:%M"),
            questionnaire.QUESTIONS_BY_CODE["consent"].label,
            obj.consent_version,
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "assigned_to":
            kwargs["queryset"] = _clinicians()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        try:
            intake_review(
                intake=obj,
                status=form.cleaned_data["status"],
                assigned_to=form.cleaned_data["assigned_to"],
                notes=form.cleaned_data["clinician_notes"],
                override_program=form.cleaned_data["override_program"],
                override_reason=form.cleaned_data["override_reason"],
            )
        except ValidationError as error:  # the form checks the same; this is the backstop
            raise PermissionDenied(error.messages) from error

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        self._record_access(request, object_id, response, IntakeAccess.How.PAGE)
        return response

    def history_view(self, request, object_id, extra_context=None):
        # Refused before the intake is looked up, so that a missing intake and a forbidden
        # one answer alike.
        if not self.has_view_permission(request):
            raise PermissionDenied
        response = super().history_view(request, object_id, extra_context)
        self._record_access(request, object_id, response, IntakeAccess.How.HISTORY)
        return response

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # History is a record, not a way back (revert is off): the page is for reading,
        # and a post to it would save a review past the change permission.
        if request.method != "GET" or not self.has_view_permission(request):
            raise PermissionDenied
        # An earlier version's page shows today's answers beside it: a look like any other.
        response = super().history_form_view(request, object_id, version_id, extra_context)
        self._record_access(request, object_id, response, IntakeAccess.How.HISTORY)
        return response

    # "View on site": a read-only preview, never the participant's own link

    def view_on_site(self, obj: Intake) -> str:
        return reverse("admin:advisor_intake_preview", args=[obj.pk])

    def preview_view(self, request: HttpRequest, object_id: str) -> TemplateResponse:
        """The participant's page as they see it, without their link or delete button."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        intake = self.get_object(request, object_id)
        if intake is None:
            raise Http404
        intake_accesses_record(intakes=[intake], user=request.user, how=IntakeAccess.How.PREVIEW)
        context = {**page_context(intake), "preview": True}
        return TemplateResponse(request, "advisor/recommendation.html", context)

    def _record_access(self, request, object_id, response, how: str) -> None:
        if request.method == "GET" and response.status_code == 200:
            intake = Intake.objects.filter(pk=object_id).only("pk").first()
            if intake is not None:
                intake_accesses_record(intakes=[intake], user=request.user, how=how)

    # Answers come only from the participant. Deletion comes from the participant, the
    # retention command, or a superuser acting on a participant's request (one intake
    # at a time, from its page); each leaves a deletion record.

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return request.user.is_active and request.user.is_superuser

    def get_actions(self, request, action_location=admin.ActionLocation.CHANGE_LIST):
        actions = super().get_actions(request, action_location=action_location)
        actions.pop("delete_selected", None)
        return actions

    def delete_model(self, request, obj: Intake) -> None:
        intake_delete(intake=obj, by=IntakeDeletion.By.STAFF, user=request.user)

    def delete_queryset(self, request, queryset) -> None:
        intakes_delete(intakes=queryset, by=IntakeDeletion.By.STAFF, user=request.user)

    # Actions

    @admin.action(description="Assign the selected intakes to me", permissions=["change"])
    def assign_to_me(self, request, queryset):
        count = intakes_assign(intakes=queryset, clinician=request.user)
        self.message_user(request, f"{count} intake(s) assigned to you.", messages.SUCCESS)

    @admin.action(description="Mark the selected intakes reviewed", permissions=["change"])
    def mark_reviewed(self, request, queryset):
        count = intakes_mark_reviewed(intakes=queryset)
        skipped = queryset.count() - count
        note = f" {skipped} were already past review and kept their status." if skipped else ""
        self.message_user(request, f"{count} intake(s) marked reviewed.{note}", messages.SUCCESS)

    @admin.action(description="Export the selected intakes as CSV", permissions=["view"])
    def export_csv(self, request, queryset) -> HttpResponse:
        intakes = list(queryset.select_related("assigned_to"))
        intake_accesses_record(intakes=intakes, user=request.user, how=IntakeAccess.How.EXPORT)
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        response = HttpResponse(intakes_csv(intakes), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="intakes-{stamp}.csv"'
        return response

    @admin.action(description="Re-score with the current rules", permissions=["change"])
    def rescore(self, request, queryset):
        changed = intakes_rescore(intakes=queryset)
        self.message_user(
            request,
            f"{changed} recommendation(s) changed under the current rules; the earlier ones "
            "are kept in each intake's history.",
            messages.SUCCESS,
        )

    # The dashboard

    def get_urls(self):
        dashboard = path(
            "dashboard/",
            self.admin_site.admin_view(self.dashboard_view),
            name="advisor_intake_dashboard",
        )
        preview = path(
            "<path:object_id>/preview/",
            self.admin_site.admin_view(self.preview_view),
            name="advisor_intake_preview",
        )
        return [dashboard, preview, *super().get_urls()]

    def dashboard_view(self, request: HttpRequest) -> TemplateResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": "Intake dashboard",
            "opts": self.opts,
            "changelist_url": reverse("admin:advisor_intake_changelist"),
            **dashboard_numbers(),
        }
        return TemplateResponse(request, "admin/advisor/intake/dashboard.html", context)


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


@admin.register(IntakeDeletion)
class IntakeDeletionAdmin(SuperusersReadOnlyAdmin):
    """Which intakes were deleted, when and by whom."""

    list_display = ["deleted_at", "intake_id", "submitted_at", "deleted_by", "username"]
    list_filter = ["deleted_by", "deleted_at"]
    search_fields = ["username"]
    date_hierarchy = "deleted_at"


@admin.register(Notification)
class NotificationAdmin(SuperusersReadOnlyAdmin):
    """The clinic's e-mails about new intakes; a failed one can be sent again from here."""

    list_display = [
        "created_at",
        "intake_id",
        "recipient",
        "urgent",
        "status",
        "attempts",
        "last_error",
        "sent_at",
    ]
    list_filter = ["status", "urgent"]
    search_fields = ["recipient"]
    actions = ["send_again"]

    @admin.action(description="Send the selected failed notices again")
    def send_again(self, request: HttpRequest, queryset) -> None:
        count = send_again(queryset)
        self.message_user(
            request,
            f"Queued {count} failed notice{'s' if count != 1 else ''} to be sent again.",
            messages.SUCCESS,
        )
