from __future__ import annotations

import uuid
from datetime import timedelta

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_http_methods

from advisor.forms import IntakeForm
from advisor.language_switch import is_switch
from advisor.models import IntakeDeletion
from advisor.questionnaire import YES
from advisor.recommendation_page import intake_for_page, page_context, unsent_context
from advisor.services import intake_delete, intake_to_delete
from advisor.submission import SENT_SALT, AlreadySaved, Refused, Saved, intake_send
from advisor.throttle import Allowance, intake_allowance
from config.clinic.record import current_clinic
from config.language import language_context, remember_language
from config.outages import RETRY_AFTER_OUTAGE, STORAGE_UNREACHABLE
from config.private import private_page


def _form_context(form: IntakeForm) -> dict:
    return {"form": form, "empty": False}


def _empty_form_context() -> dict:
    """The empty questionnaire: its questions come from a cached fragment, so the form
    itself (28 fields, deep-copied) is built only when that fragment must be drawn."""
    return {"form": SimpleLazyObject(IntakeForm), "empty": True, "form_token": uuid.uuid4()}


# Why a form came back unsaved, and the status that says so.
RATE_LIMITED = "rate_limited"
DATABASE_DOWN = "database_down"
NOT_SAVED_STATUS = {RATE_LIMITED: 429, DATABASE_DOWN: 503}

# The intake form's second button: show the suggestion without sending the answers.
LOOK = "look"

# The secret of the browser's last send (advisor.submission), in a signed cookie that only
# /intake/ reads. It holds no form token, intake id or link.
SENT_COOKIE = "intake_sent"
SENT_MAX_AGE = int(timedelta(days=1).total_seconds())


@private_page
@require_http_methods(["GET", "HEAD", "POST"])
def intake_form(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return render(request, "advisor/intake_form.html", _empty_form_context())
    form = IntakeForm(request.POST, looking=request.POST.get(LOOK) == "1")
    if is_switch(request):
        return _switched(request, form)
    if form.is_from_a_bot():
        return _refused_as_a_bot(request)
    allowance = intake_allowance(request)
    if not form.is_valid():
        return _form_with_errors(request, form, allowance)
    if form.looking:
        return _look(request, form, allowance)
    try:
        sent = intake_send(submission=form.submission(), allowance=allowance, **_browser(request))
    except STORAGE_UNREACHABLE:
        return _not_saved(request, form, DATABASE_DOWN)
    match sent:
        case Saved(intake=intake, secret=secret):
            return _remember_sent(redirect(intake), secret)
        case AlreadySaved(intake=intake):
            return redirect(intake)
        case Refused(retry_after=seconds):
            return _not_saved(request, form, RATE_LIMITED, retry_after=seconds)


def _switched(request: HttpRequest, form: IntakeForm) -> HttpResponse:
    """The form again in the language the person switched to, every answer kept and none
    checked: nothing is saved, counted against the connection or e-mailed."""
    form.shown_as_sent()
    context = {**_form_context(form), "crisis": _says_self_harm(request)}
    return remember_language(render(request, "advisor/intake_form.html", context))


def _look(request: HttpRequest, form: IntakeForm, allowance: Allowance) -> HttpResponse:
    """The recommendation page for answers that are shown, not sent: scored and drawn as
    a saved intake's page is, and nothing stored, logged or e-mailed. It offers to send
    them (a form that posts to this view as a send).

    A look is counted against this connection's intakes exactly as a send is, so a
    flood of looks is held by the same limit, and refused the same way.
    """
    try:
        if not allowance.take():
            return _not_saved(request, form, RATE_LIMITED, retry_after=allowance.retry_after())
        context = {
            **unsent_context(answers=form.answers(), preferences=form.preferences()),
            "carried_over": form.carried_over(),
            # A form for the details needed to send, holding what was typed already; never
            # the consent, which is ticked on this page or not at all.
            "send_form": IntakeForm(initial={**form.contact(), "consent": False}),
        }
        # Rendered here, where the courses are read, so an outage is answered as one.
        return render(request, "advisor/recommendation.html", context)
    except STORAGE_UNREACHABLE:
        return _not_saved(request, form, DATABASE_DOWN)


def _browser(request: HttpRequest) -> dict[str, str]:
    """What tells this browser from another (its own CSRF cookie), and the secret it kept
    from its last send, as intake_send takes them."""
    return {
        "browser": request.COOKIES.get(settings.CSRF_COOKIE_NAME, ""),
        "last_sent": request.get_signed_cookie(
            SENT_COOKIE, default="", salt=SENT_SALT, max_age=SENT_MAX_AGE
        ),
    }


def _remember_sent(response: HttpResponse, secret: str) -> HttpResponse:
    response.set_signed_cookie(
        SENT_COOKIE,
        secret,
        salt=SENT_SALT,
        max_age=SENT_MAX_AGE,
        path=reverse("advisor:intake"),
        secure=settings.CSRF_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return response


def _form_with_errors(request: HttpRequest, form: IntakeForm, allowance: Allowance) -> HttpResponse:
    """The form again, with its errors.

    Not counted (someone fixing their answers is not abusing the form), but from a
    connection that has already used up its hour's intakes it is told so now, not after
    the person has fixed it. A database that cannot be reached counts as room to spare,
    since the form with its errors needs none.
    """
    try:
        used_up = allowance.used_up()
    except STORAGE_UNREACHABLE:
        used_up = False
    if used_up:
        return _not_saved(request, form, RATE_LIMITED, retry_after=allowance.retry_after())
    context = {**_form_context(form), "crisis": _says_self_harm(request)}
    return render(request, "advisor/intake_form.html", context)


def _not_saved(
    request: HttpRequest,
    form: IntakeForm,
    reason: str,
    *,
    retry_after: int | str = RETRY_AFTER_OUTAGE,
) -> HttpResponse:
    """The form again, with every answer sent and its form token, saying nothing was saved.

    Whoever said yes to thoughts of self-harm gets the crisis help here too, whatever
    else the form holds: a refusal must never be a dead end. The page is rendered without
    the context processors, which read the session and the user from the database that
    may be why we are here.
    """
    context = {
        **_form_context(form),
        "not_saved": reason,
        "crisis": _says_self_harm(request),
        "request": request,
        "csrf_token": get_token(request),
        "clinic": current_clinic(),
        # The language switch (from the path alone: no database), so that the person can
        # read the refusal in the other language with the answers carried along.
        **language_context(request),
    }
    body = render_to_string("advisor/intake_form.html", context)
    response = HttpResponse(body, status=NOT_SAVED_STATUS[reason])
    response["Retry-After"] = str(retry_after)
    return response


def _says_self_harm(request: HttpRequest) -> bool:
    # Read from what was posted, valid or not: an answer is an answer even on a form
    # that could not be saved.
    return request.POST.get("self_harm_thoughts") == YES


def _refused_as_a_bot(request: HttpRequest) -> HttpResponse:
    return render(request, "advisor/not_saved.html", status=400)


@private_page
@require_http_methods(["GET", "HEAD"])
def recommendation(request: HttpRequest, token: str) -> HttpResponse:
    intake = intake_for_page(token)
    if intake is None:
        raise Http404("No intake has this link.")
    # Read once: the promise of an answer and the footer both name the clinic.
    request.clinic = current_clinic()
    context = page_context(intake, request.clinic, own_page=True)
    return render(request, "advisor/recommendation.html", context)


@private_page
@require_http_methods(["GET", "HEAD", "POST"])
def delete_answers(request: HttpRequest, token: str) -> HttpResponse:
    intake = intake_to_delete(token=token)
    # The button on the recommendation page leads here; only the confirmation page's
    # "yes" deletes, so one stray click never does. A second "yes" (another tab, a double
    # tap) finds nothing: it says so, as a link that never held answers would.
    if intake is not None and request.method == "POST" and request.POST.get("confirm") == "yes":
        if intake_delete(intake=intake, by=IntakeDeletion.By.PARTICIPANT):
            return redirect("advisor:deleted")
        intake = None
    if intake is None:
        return render(request, "advisor/delete_gone.html", status=404)
    context = {"intake": intake, "crisis": intake.flag_crisis, "call_back": bool(intake.phone)}
    return render(request, "advisor/delete_confirm.html", context)
