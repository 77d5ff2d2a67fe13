"""Clinicians review intakes here: safety flags first, answers read-only, every look recorded.

The list and the intake page: their options, URLs, actions and permissions. What the
page's read-only blocks show is in intake_blocks (rendered by templates), the form in
review, the list's filters in filters, the history's sentences in history and the
dashboard in dashboard (its outcome numbers in outcomes_section).
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, Count, Exists, OuterRef, Subquery, Value, When
from django.db.models.functions import Coalesce, Lower
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats, timezone, translation
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from advisor import questionnaire
from advisor.admin.dashboard import dashboard_page
from advisor.admin.filters import (
    AssignedFilter,
    FlagFilter,
    ProgramFilter,
    SameEmailFilter,
    WaitingFilter,
)
from advisor.admin.history import history_lines
from advisor.admin.intake_blocks import (
    after_recommendation_block,
    answers_block,
    contacts_block,
    flag_badges,
    notes_block,
    phone_block,
    rationale_block,
    render_block,
    same_email_block,
    waiting_block,
)
from advisor.admin.review import CONTACT_FIELDS, NOTE_FIELDS, REVIEW_FIELDS, IntakeReviewForm
from advisor.clinicians import clinicians, is_clinician
from advisor.deidentify import deidentified_keys_issue
from advisor.export import deidentified_csv, intakes_csv
from advisor.flags import UNSAID_WORDS, answers_as_given
from advisor.models import (
    OPEN,
    REVIEW_ORDER,
    CheckIn,
    CheckInEmail,
    Intake,
    IntakeAccess,
    IntakeDeletion,
    SignUp,
)
from advisor.recommendation_page import page_context
from advisor.services import (
    intake_accesses_record,
    intake_delete,
    intake_link_send,
    intakes_assign,
    intakes_delete,
    intakes_mark_reviewed,
    intakes_rescore,
)
from advisor.waiting import AnswerTimes, waited
from config.clinic.staff_time import staff_time
from config.private import ROBOTS

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
    "answered_in",
    # The answers a person may leave unsaid, so that a badge never reads "rather not say"
    # as a yes.
    *UNSAID_WORDS,
]
# Who the person is, how to reach them, and how long they have waited: read-only.
CONTACT_DETAILS = [
    "waiting_since",
    "language_answered",
    "first_name",
    "email",
    "phone_to_call",
    "link_by_email",
    "submitted",
    "same_email_intakes",
]
AFTER_RECOMMENDATION = "After the recommendation"
# Shown on the intake page; the version pages of the history show the intake as it was,
# and today's notes, contact log, sign-up and check-in beside it would mislead.
FOLLOW_UP_FIELDSETS = ("Contact log", "Notes", AFTER_RECOMMENDATION)
# What the intake page's "After the recommendation" reads, loaded with the intake.
FOLLOW_UP_RELATED = ("sign_up__offering__provider", "checkin")
FOLLOW_UP_PREFETCH = ("checkin__emails",)
# Every e-mail to a participant's address counts against one cap (advisor/tasks.py).
LINK_CAP_REACHED = (
    "Nothing was sent: this address has had as many e-mails from us as we send in an hour. "
    "Please try again later, or reach them another way."
)


def _same_email_count() -> Subquery:
    """How many other intakes share the row's e-mail address, in the list's one query.

    Compared in lower case, as the intake_email_lower index holds the addresses.
    """
    others = (
        Intake.objects.under_address(OuterRef("email"))
        .exclude(pk=OuterRef("pk"))
        .order_by()
        .values(address=Lower("email"))
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(others), 0)


class CheckInState:
    """Where an intake's check-in stands, as the list's column says it."""

    ASKED = "asked"  # asked for; no e-mail sent yet
    SENT = "sent"  # the invitation went
    REMINDED = "reminded"  # and its reminder
    ANSWERED = "answered"
    STOPPED = "stopped"  # they asked us not to check in
    WORDS = {
        ASKED: "asked",
        SENT: "sent",
        REMINDED: "reminder sent",
        ANSWERED: "answered",
        STOPPED: "stopped",
    }


def _checkin_state() -> Case:
    """The check-in's state, in the list's one query ("" for no check-in asked for).

    Subqueries, not joins: the database works them out only for the page's twenty rows,
    after the triage index has picked them, where a join would be made for every intake."""
    checkin = CheckIn.objects.filter(intake=OuterRef("pk"))

    def sent(kind: str) -> Exists:
        return Exists(
            CheckInEmail.objects.filter(
                checkin__intake=OuterRef("pk"), kind=kind, status=CheckInEmail.Status.SENT
            )
        )

    return Case(
        When(Exists(checkin.exclude(answered_at=None)), then=Value(CheckInState.ANSWERED)),
        When(Exists(checkin.exclude(stopped_at=None)), then=Value(CheckInState.STOPPED)),
        When(sent(CheckInEmail.Kind.REMINDER), then=Value(CheckInState.REMINDED)),
        When(sent(CheckInEmail.Kind.INVITATION), then=Value(CheckInState.SENT)),
        When(Exists(checkin), then=Value(CheckInState.ASKED)),
        default=Value(""),
    )


class IntakeChangeList(ChangeList):
    """The triage list loads only what it shows: the answers and the snapshot stay in the
    database, and the answer times, the count of other intakes, the program signed up for
    and the check-in's state come in the same query. Its actions get the same rows (an
    export asks for every column again)."""

    def get_queryset(self, request, exclude_parameters=None):
        queryset = super().get_queryset(request, exclude_parameters)
        return queryset.only(*LIST_COLUMNS).annotate(
            answer_overdue=AnswerTimes.of_clinic().overdue_expression(),
            same_email_count=_same_email_count(),
            signed_up_program=Subquery(
                SignUp.objects.filter(intake=OuterRef("pk")).values("program")[:1]
            ),
            checkin_state=_checkin_state(),
        )


@admin.register(Intake)
class IntakeAdmin(SimpleHistoryAdmin):
    # Django's own list, with a link to the dashboard among its tools.
    change_list_template = "admin/advisor/intake/change_list.html"
    change_form_template = "admin/advisor/intake/change_form.html"
    object_history_template = "admin/advisor/intake/object_history.html"
    form = IntakeReviewForm
    list_display = [
        "submitted",
        "first_name",
        "program",
        "flags_display",
        "status",
        "waiting",
        "clinician",
        "same_email",
        "answered_in_column",
    ]
    # One link a row: a screen reader hears each intake once, and each link costs a reverse().
    list_display_links = ["first_name"]
    list_filter = [
        "status",
        WaitingFilter,
        ProgramFilter,
        FlagFilter,
        "region",
        "answered_in",
        "created_at",
        AssignedFilter,
        SameEmailFilter,
    ]
    search_fields = ["first_name", "email"]
    # A screenful to triage at a glance (crisis first); each row costs about half a
    # millisecond of rendering on every view, and the list is the busiest admin page.
    list_per_page = 20
    # One COUNT instead of two on every page of the list.
    show_full_result_count = False
    list_select_related = ["assigned_to"]
    actions = [
        "assign_to_me",
        "mark_reviewed",
        "export_csv",
        "export_csv_in_words",
        "export_csv_deidentified",
        "rescore",
    ]
    readonly_fields = [
        "flags_explained",
        "rationale",
        "after_recommendation",
        *CONTACT_DETAILS,
        "contact_log",
        "notes_so_far",
        "answers_by_section",
        "consent",
    ]
    fieldsets = [
        ("Safety flags", {"fields": ["flags_explained"]}),
        ("Contact", {"fields": CONTACT_DETAILS}),
        ("Recommendation", {"fields": ["rationale"]}),
        (AFTER_RECOMMENDATION, {"fields": ["after_recommendation"]}),
        ("Review", {"fields": [*REVIEW_FIELDS, "shown"]}),
        ("Contact log", {"fields": ["contact_log", *CONTACT_FIELDS]}),
        ("Notes", {"fields": ["notes_so_far", *NOTE_FIELDS]}),
        ("Answers", {"fields": ["answers_by_section"]}),
        ("Consent", {"fields": ["consent"]}),
    ]

    class Media:
        css = {"all": ["css/admin-intake.css"]}

    # Who follows an intake up: clinicians (and superusers) who may change it

    def has_clinician_permission(self, request: HttpRequest) -> bool:
        """Adds notes and contacts, takes intakes, sends the participant their link."""
        return self.has_change_permission(request) and is_clinician(request.user)

    # The list

    def get_changelist(self, request, **kwargs):
        return IntakeChangeList

    def get_search_results(self, request, queryset, search_term):
        # Names and e-mail addresses are short; a huge term is abuse, and SQLite
        # refuses very long LIKE patterns.
        return super().get_search_results(request, queryset, search_term[:MAX_SEARCH])

    def get_ordering(self, request):
        # Open crisis intakes first, then other open flagged ones, then the rest still
        # open, each longest-waiting first; then answered and closed ones, newest first.
        return list(REVIEW_ORDER)

    @admin.display(description="Submitted", ordering="created_at")
    def submitted(self, obj: Intake) -> str:
        return staff_time(obj.created_at)

    @admin.display(description="Program", ordering="recommended_program")
    def program(self, obj: Intake) -> str:
        if obj.is_overridden:
            chosen = format_html(
                "{} <span class='override'>(engine: {})</span>",
                obj.override_program,
                obj.recommended_program,
            )
        else:
            chosen = obj.recommended_program
        # What happened since, under it: a column of its own would widen the list past a
        # tablet's width.
        after = self._after_the_recommendation(obj)
        return format_html("{}<br>{}", chosen, after) if after else chosen

    def _after_the_recommendation(self, obj: Intake) -> str:
        """ "signed up: MSC", "check-in: sent", both, or "" (annotated by the list's query)."""
        parts = []
        if program := getattr(obj, "signed_up_program", None):
            parts.append(f"signed up: {program}")
        if state := CheckInState.WORDS.get(getattr(obj, "checkin_state", ""), ""):
            parts.append(f"check-in: {state}")
        if not parts:
            return ""
        return format_html('<span class="after-recommendation">{}</span>', "; ".join(parts))

    @admin.display(description="Flags, and why")
    def flags_display(self, obj: Intake) -> str:
        return flag_badges(obj, answers_as_given(obj, UNSAID_WORDS))

    @admin.display(description="Clinician", ordering="assigned_to__username")
    def clinician(self, obj: Intake) -> str:
        # A short heading, where Django would say "Assigned clinician": the list is narrow.
        return obj.assigned_to.get_username() if obj.assigned_to else self.get_empty_value_display()

    # Not sortable: "Submitted" sorts by the same date.
    @admin.display(description="Waiting")
    def waiting(self, obj: Intake) -> str:
        if obj.status not in OPEN:
            return self.get_empty_value_display()
        text = waited(obj.created_at)
        if getattr(obj, "answer_overdue", False):  # annotated by the list's query
            return format_html('{} <span class="flag flag--overdue">{}</span>', text, "Overdue")
        return text

    @admin.display(description="Same e-mail")
    def same_email(self, obj: Intake) -> str:
        count = getattr(obj, "same_email_count", 0)
        if not count:
            return ""
        return f"{count} other" if count == 1 else f"{count} others"

    # Not "language": that is the answer for the course's language, a column of its own.
    # A soft hyphen: on a tablet the heading breaks ("Lan-guage") rather than widen the list.
    @admin.display(description="Lan\u00adguage", ordering="answered_in")
    def answered_in_column(self, obj: Intake) -> str:
        # Which clinician can take it: one who reads the participant's language.
        return obj.get_answered_in_display()

    # The intake page

    def get_object(self, request, object_id, from_field=None):
        # As Django's, with what "After the recommendation" reads loaded with the intake:
        # the page then runs as many queries whatever the intake has had since.
        queryset = (
            self.get_queryset(request)
            .select_related(*FOLLOW_UP_RELATED)
            .prefetch_related(*FOLLOW_UP_PREFETCH)
        )
        field = Intake._meta.pk if from_field is None else Intake._meta.get_field(from_field)
        try:
            return queryset.get(**{field.name: field.to_python(object_id)})
        except (Intake.DoesNotExist, ValidationError, ValueError):
            return None

    @admin.display(description="Sign-up and check-in")
    def after_recommendation(self, obj: Intake) -> str:
        return render_block("after_recommendation", after_recommendation_block(obj))

    @admin.display(description="Answered in")
    def language_answered(self, obj: Intake) -> str:
        if obj.is_spanish:
            return "Spanish: the participant read every question and answer in Spanish."
        return obj.get_answered_in_display()

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

    @admin.display(description="Waiting since")
    def waiting_since(self, obj: Intake) -> str:
        return render_block("waiting", waiting_block(obj, AnswerTimes.of_clinic()))

    @admin.display(description="Phone")
    def phone_to_call(self, obj: Intake) -> str:
        return render_block("phone", phone_block(obj))

    @admin.display(description="Asked for their link by e-mail")
    def link_by_email(self, obj: Intake) -> str:
        return "Yes" if obj.email_my_link else "No"

    @admin.display(description="Other intakes from this e-mail")
    def same_email_intakes(self, obj: Intake) -> str:
        others = (
            Intake.objects.under_address(obj.email)
            .exclude(pk=obj.pk)
            .only("created_at", "status", "recommended_program", "override_program")
            .order_by("-created_at")
        )
        return render_block("same_email", same_email_block(obj, others))

    @admin.display(description="Calls, e-mails and messages")
    def contact_log(self, obj: Intake) -> str:
        closed = obj.status == Intake.Status.CLOSED
        return render_block("contacts", contacts_block(obj.contacts.all(), closed=closed))

    @admin.display(description="Notes so far")
    def notes_so_far(self, obj: Intake) -> str:
        return render_block("notes", notes_block(obj.notes.all()))

    @admin.display(description="Engine's recommendation")
    def rationale(self, obj: Intake) -> str:
        return render_block("rationale", rationale_block(obj.recommendation))

    @admin.display(description="Answers, as the participant saw the questions")
    def answers_by_section(self, obj: Intake) -> str:
        return render_block("answers", answers_block(obj))

    @admin.display(description="Consent")
    def consent(self, obj: Intake) -> str:
        # Plain text: the admin escapes it. The very sentence ticked, by its stored version;
        # one read in another language is followed by the same version's English.
        version = obj.consent_version
        wording = obj.consent_text or questionnaire.QUESTIONS_BY_CODE["consent"].label
        language = questionnaire.consent_language(version)
        agreed = f"Agreed {staff_time(obj.consented_at)} to: “{wording}”"
        if language == questionnaire.ENGLISH:
            return f"{agreed} (wording version {version})"
        english = questionnaire.consent_text(version.removesuffix(f"-{language}"))
        return f"{agreed} (wording version {version}, in Spanish; in English: “{english}”)"

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if getattr(request, "intake_version_page", False):  # set by history_form_view
            return [(name, opts) for name, opts in fieldsets if name not in FOLLOW_UP_FIELDSETS]
        if not self.has_clinician_permission(request):
            # The logs to read, without the boxes to add to them.
            inputs = {*CONTACT_FIELDS, *NOTE_FIELDS}
            return [
                (name, {**opts, "fields": [f for f in opts["fields"] if f not in inputs]})
                for name, opts in fieldsets
            ]
        return fieldsets

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        # The form saves through the service once valid (advisor/admin/review.py), as this
        # person; a class of its own for this request, as Django makes one per call anyway.
        # It adds notes and contacts only for a clinician, as get_fieldsets gives only them
        # the boxes. (Not read from the form's fields: a ModelForm keeps its declared
        # fields whatever the fieldsets leave out, so a post could still carry them.)
        follows_up = self.has_clinician_permission(request)
        return type(form.__name__, (form,), {"saved_by": request.user, "follows_up": follows_up})

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "assigned_to":
            kwargs["queryset"] = clinicians()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        # Saved already, while the form was validated (IntakeReviewForm.full_clean): only
        # what happened is left to say.
        saved = form.review_saved
        if saved is not None and saved.marked_contacted:
            self.message_user(
                request,
                "You reached them, so the intake is now marked Contacted.",
                messages.INFO,
            )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "can_send_link": self.has_clinician_permission(request),
            "send_link_url": reverse("admin:advisor_intake_send_link", args=[object_id]),
        }
        response = super().change_view(request, object_id, form_url, extra_context)
        self._record_access(request, object_id, response, IntakeAccess.How.PAGE)
        return response

    def history_view(self, request, object_id, extra_context=None):
        # Refused before the intake is looked up, so that a missing intake and a forbidden
        # one answer alike.
        if not self.has_view_permission(request):
            raise PermissionDenied
        object_id = unquote(object_id)
        lines = history_lines(int(object_id)) if object_id.isdigit() else []
        extra_context = {**(extra_context or {}), "history_lines": lines}
        response = super().history_view(request, object_id, extra_context)
        self._record_access(request, object_id, response, IntakeAccess.How.HISTORY)
        return response

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # History is a record, not a way back (revert is off): the page is for reading,
        # and a post to it would save a review past the change permission.
        if request.method != "GET" or not self.has_view_permission(request):
            raise PermissionDenied
        # The intake as it was: get_fieldsets leaves out today's notes and contact log.
        request.intake_version_page = True
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
        # One person's answers, as on the participant's own page: kept out of search engines.
        request.robots = ROBOTS
        # In the language the participant reads it in, drawn here while that language holds.
        with translation.override(intake.answered_in):
            context = {**page_context(intake), "preview": True}
            return TemplateResponse(request, "advisor/recommendation.html", context).render()

    # The participant's link, e-mailed again

    def send_link_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """E-mail the participant their private link (never their answers); a POST only."""
        # Refused before the intake is looked up: missing and forbidden answer alike.
        if not self.has_clinician_permission(request):
            raise PermissionDenied
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        intake = self.get_object(request, unquote(object_id))
        if intake is None:
            raise Http404
        if not intake_link_send(intake=intake, user=request.user):
            self.message_user(request, LINK_CAP_REACHED, messages.WARNING)
            return redirect("admin:advisor_intake_change", intake.pk)
        self.message_user(
            request,
            # Not the address itself: messages wait in a cookie, which is signed, not hidden.
            "Their link is on its way to the address they gave, with how to delete their answers.",
            messages.SUCCESS,
        )
        return redirect("admin:advisor_intake_change", intake.pk)

    def _record_access(self, request, object_id, response, how: str) -> None:
        if request.method == "GET" and response.status_code == 200:
            intake = Intake.objects.filter(pk=object_id).only("pk").first()
            if intake is not None:
                intake_accesses_record(intakes=[intake], user=request.user, how=how)

    # Answers come only from the participant. Deletion comes from the participant, the
    # retention command, or a superuser acting on a participant's request (one intake
    # at a time, from its page); each leaves a deletion record. Notes and the contact log
    # go with their intake.

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return request.user.is_active and request.user.is_superuser

    def get_actions(self, request, action_location=admin.ActionLocation.CHANGE_LIST):
        actions = super().get_actions(request, action_location=action_location)
        actions.pop("delete_selected", None)
        return actions

    def get_deleted_objects(self, objs, request):
        # Django's collector walks every relation to the intake and asks each record's own
        # admin for delete permission; the admins of what is kept about an intake (notices,
        # accesses, and any model added later) refuse it, so that none is deleted on its
        # own. With its intake they go: whoever may delete the intake may delete them too.
        # A protected relation still stops the delete.
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        if self.has_delete_permission(request):
            perms_needed = set()
        return deleted, counts, perms_needed, protected

    def delete_model(self, request, obj: Intake) -> None:
        intake_delete(intake=obj, by=IntakeDeletion.By.STAFF, user=request.user)

    def delete_queryset(self, request, queryset) -> None:
        intakes_delete(intakes=queryset, by=IntakeDeletion.By.STAFF, user=request.user)

    # Actions

    @admin.action(description="Assign the selected intakes to me", permissions=["clinician"])
    def assign_to_me(self, request, queryset):
        count = intakes_assign(intakes=queryset, clinician=request.user)
        self.message_user(request, f"{count} intake(s) assigned to you.", messages.SUCCESS)

    @admin.action(description="Mark the selected intakes reviewed", permissions=["change"])
    def mark_reviewed(self, request, queryset):
        count = intakes_mark_reviewed(intakes=queryset, by=request.user)
        skipped = queryset.count() - count
        note = f" {skipped} were already past review and kept their status." if skipped else ""
        self.message_user(request, f"{count} intake(s) marked reviewed.{note}", messages.SUCCESS)

    @admin.action(description="Export to CSV (answer codes)", permissions=["view"])
    def export_csv(self, request, queryset) -> HttpResponse:
        return self._export(request, queryset, in_words=False)

    @admin.action(description="Export to CSV (answers in words)", permissions=["view"])
    def export_csv_in_words(self, request, queryset) -> HttpResponse:
        return self._export(request, queryset, in_words=True)

    @admin.action(description="Export de-identified CSV (for evaluation)", permissions=["view"])
    def export_csv_deidentified(self, request, queryset) -> HttpResponse:
        intakes = self._exported(request, queryset)
        keys = deidentified_keys_issue(intakes=intakes)
        return self._csv(deidentified_csv(intakes, keys), "deidentified")

    def _export(self, request, queryset, *, in_words: bool) -> HttpResponse:
        intakes = self._exported(request, queryset)
        kind = "in-words" if in_words else "codes"
        return self._csv(intakes_csv(intakes, in_words=in_words), kind)

    def _exported(self, request, queryset) -> list[Intake]:
        """The selected intakes with every column and what happened since, in a fixed
        number of queries, recorded as exported by this person."""
        # The list's queryset loads only what the list shows: every column again.
        intakes = list(
            queryset.defer(None)
            .select_related("assigned_to", "sign_up", "checkin")
            .prefetch_related(*FOLLOW_UP_PREFETCH)
        )
        intake_accesses_record(intakes=intakes, user=request.user, how=IntakeAccess.How.EXPORT)
        return intakes

    def _csv(self, content: str, kind: str) -> HttpResponse:
        stamp = formats.date_format(timezone.localtime(), "Ymd-Hi")
        response = HttpResponse(content, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="intakes-{kind}-{stamp}.csv"'
        return response

    @admin.action(description="Re-score with the current rules", permissions=["change"])
    def rescore(self, request, queryset):
        changed = intakes_rescore(intakes=queryset, by=request.user)
        self.message_user(
            request,
            f"{changed} recommendation(s) changed under the current rules; the earlier ones "
            "are kept in each intake's history.",
            messages.SUCCESS,
        )

    # The dashboard, the preview and the link

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
        send_link = path(
            "<path:object_id>/send-link/",
            self.admin_site.admin_view(self.send_link_view),
            name="advisor_intake_send_link",
        )
        return [dashboard, preview, send_link, *super().get_urls()]

    def dashboard_view(self, request: HttpRequest) -> TemplateResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        return dashboard_page(request, self)
