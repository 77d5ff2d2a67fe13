from __future__ import annotations

import uuid
from datetime import timedelta

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from advisor.forms import IntakeForm
from advisor.models import Intake, IntakeDeletion
from advisor.questionnaire import YES
from advisor.recommendation_page import intake_for_page, page_context
from advisor.services import intake_delete, intake_submit
from advisor.throttle import intake_allowed, intake_limit_reached, seconds_until_more
from config.clinic import current_clinic
from config.error_pages import RETRY_AFTER_OUTAGE, STORAGE_UNREACHABLE

# Pages about one person's answers stay out of search engines. (Not "Referrer-Policy:
# no-referrer" on a page with a form: browsers then post it with "Origin: null", which
# the CSRF check refuses.)
PRIVATE_HEADERS = {"X-Robots-Tag": "noindex, nofollow"}


def noindex(response: HttpResponse) -> HttpResponse:
    for header, value in PRIVATE_HEADERS.items():
        response[header] = value
    return response


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


@never_cache
@require_http_methods(["GET", "POST"])
def intake_form(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return noindex(render(request, "advisor/intake_form.html", _empty_form_context()))
    form = IntakeForm(request.POST)
    if form.is_from_a_bot():
        return _refused_as_a_bot(request)
    if not form.is_valid():
        if _allowance_used_up(request):
            return _not_saved(request, form, RATE_LIMITED)
        context = {**_form_context(form), "crisis": _says_self_harm(request)}
        return noindex(render(request, "advisor/intake_form.html", context))
    try:
        if sent := _sent_before(request, form):
            return redirect(sent)
        if not intake_allowed(request):
            # A second press of a form already saved is not a new intake to refuse.
            saved = Intake.objects.filter(form_token=form.cleaned_data["form_token"]).first()
            return redirect(saved) if saved else _not_saved(request, form, RATE_LIMITED)
        intake = intake_submit(
            answers=form.answers(),
            **form.contact(),
            form_token=form.cleaned_data["form_token"],
            preferences=form.preferences(),
        )
    except STORAGE_UNREACHABLE:
        return _not_saved(request, form, DATABASE_DOWN)
    return _remember_sent(redirect(intake), intake)


# Going Back from the recommendation to the form fetches the form again (every private page
# is "no-store", and a POST to /intake/ would void a kept copy anyway), with a new form
# token: sending it again would save a second intake. So the browser keeps the form token
# of the answers it last sent, in a signed cookie that only /intake/ reads (never in a URL,
# so never in a log), and the same answers sent again from it lead to the intake already
# saved. Different answers are a new intake: nothing a person sends is ever dropped.
SENT_COOKIE = "intake_sent"
SENT_SALT = "advisor.intake-sent"
SENT_MAX_AGE = int(timedelta(days=1).total_seconds())


def _remember_sent(response: HttpResponse, intake: Intake) -> HttpResponse:
    response.set_signed_cookie(
        SENT_COOKIE,
        str(intake.form_token),
        salt=SENT_SALT,
        max_age=SENT_MAX_AGE,
        path=reverse("advisor:intake"),
        secure=settings.CSRF_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return response


def _sent_before(request: HttpRequest, form: IntakeForm) -> Intake | None:
    """The intake this browser last sent, if the form holds exactly what it saved."""
    token = request.get_signed_cookie(
        SENT_COOKIE, default=None, salt=SENT_SALT, max_age=SENT_MAX_AGE
    )
    if token is None or token == str(form.cleaned_data["form_token"]):
        return None  # nothing sent yet, or this very form again: its token finds it
    sent = Intake.objects.filter(form_token=token).first()
    if sent is None:
        return None
    given = {**form.answers(), **form.contact(), **form.preferences()}
    # Compared as text: a number, a phone number or a tick reads the same either way.
    same = all(str(getattr(sent, code)) == str(value) for code, value in given.items())
    return sent if same else None


def _not_saved(request: HttpRequest, form: IntakeForm, reason: str) -> HttpResponse:
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
    }
    body = render_to_string("advisor/intake_form.html", context)
    response = HttpResponse(body, status=NOT_SAVED_STATUS[reason])
    response["Retry-After"] = (
        RETRY_AFTER_OUTAGE if reason == DATABASE_DOWN else str(seconds_until_more(request))
    )
    return noindex(response)


def _says_self_harm(request: HttpRequest) -> bool:
    # Read from what was posted, valid or not: an answer is an answer even on a form
    # that could not be saved.
    return request.POST.get("self_harm_thoughts") == YES


def _allowance_used_up(request: HttpRequest) -> bool:
    """Whether this connection has used up its hour's intakes, without counting this post.

    A form sent back with errors is not counted (someone fixing their answers is not
    abusing the form), but from a connection already over the limit it is told so now,
    not after the person has fixed it. A database that cannot be reached counts as room
    to spare, since the form with its errors needs none.
    """
    try:
        return intake_limit_reached(request)
    except STORAGE_UNREACHABLE:
        return False


def _refused_as_a_bot(request: HttpRequest) -> HttpResponse:
    response = render(request, "advisor/not_saved.html")
    response.status_code = 400
    return noindex(response)


@never_cache
@require_http_methods(["GET", "HEAD"])
def recommendation(request: HttpRequest, token: str) -> HttpResponse:
    intake = intake_for_page(token)
    if intake is None:
        raise Http404("No intake has this link.")
    return noindex(render(request, "advisor/recommendation.html", page_context(intake)))


@never_cache
@require_http_methods(["GET", "POST"])
def delete_answers(request: HttpRequest, token: str) -> HttpResponse:
    intake = get_object_or_404(Intake, public_token=token)
    # The button on the recommendation page leads here; only the confirmation page's
    # "yes" deletes, so one stray click never does.
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        intake_delete(intake=intake, by=IntakeDeletion.By.PARTICIPANT)
        return redirect("advisor:deleted")
    return noindex(render(request, "advisor/delete_confirm.html", {"intake": intake}))
