from __future__ import annotations

import uuid
from datetime import timedelta

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.crypto import salted_hmac
from django.utils.functional import SimpleLazyObject
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from advisor.forms import IntakeForm
from advisor.models import Intake, IntakeDeletion
from advisor.questionnaire import YES
from advisor.recommendation_page import intake_for_page, page_context, unsent_context
from advisor.services import (
    intake_delete,
    intake_sent_again,
    intake_submit,
    intake_to_delete,
)
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
@require_http_methods(["GET", "HEAD", "POST"])
def intake_form(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return noindex(render(request, "advisor/intake_form.html", _empty_form_context()))
    form = IntakeForm(request.POST, looking=request.POST.get(LOOK) == "1")
    if form.is_from_a_bot():
        return _refused_as_a_bot(request)
    if not form.is_valid():
        if _allowance_used_up(request):
            return _not_saved(request, form, RATE_LIMITED)
        context = {**_form_context(form), "crisis": _says_self_harm(request)}
        return noindex(render(request, "advisor/intake_form.html", context))
    if form.looking:
        return _look(request, form)
    try:
        # Before the count: the same answers sent again from this browser are not another
        # intake, so they use up none of the hour's allowance.
        if sent := _sent_before(request, form):
            return redirect(sent)
        if not intake_allowed(request):
            return _not_saved(request, form, RATE_LIMITED)
        secret = _form_secret(request, form)
        intake = intake_submit(
            answers=form.answers(),
            **form.contact(),
            form_token=form.cleaned_data["form_token"],
            preferences=form.preferences(),
            resend_secret=secret,
        )
    except STORAGE_UNREACHABLE:
        return _not_saved(request, form, DATABASE_DOWN)
    return _remember_sent(redirect(intake), secret)


# The intake form's second button: show the suggestion without sending the answers.
LOOK = "look"


def _look(request: HttpRequest, form: IntakeForm) -> HttpResponse:
    """The recommendation page for answers that are shown, not sent: scored and drawn as
    a saved intake's page is, and nothing stored, logged or e-mailed. It offers to send
    them (a form that posts to this view as a send).

    A look is counted against this connection's intakes exactly as a send is, so a
    flood of looks is held by the same limit, and refused the same way.
    """
    try:
        if not intake_allowed(request):
            return _not_saved(request, form, RATE_LIMITED)
        context = {
            **unsent_context(answers=form.answers(), preferences=form.preferences()),
            "carried_over": form.carried_over(),
            # A form for the details needed to send, holding what was typed already; never
            # the consent, which is ticked on this page or not at all.
            "send_form": IntakeForm(initial={**form.contact(), "consent": False}),
        }
        # Rendered here, where the courses are read, so an outage is answered as one.
        response = render(request, "advisor/recommendation.html", context)
    except STORAGE_UNREACHABLE:
        return _not_saved(request, form, DATABASE_DOWN)
    return noindex(response)


# A second tap of Send posts the same form again before the first answer arrives; going
# Back from the recommendation fetches the form again (every private page is "no-store")
# with a new form token. Neither may save a second intake, and neither may lead anyone
# else to this one. So the answers are stored with an HMAC keyed by a secret of this
# browser and this copy of the form (`_form_secret`: its form token and the browser's own
# CSRF cookie, keyed with the secret key), and the browser keeps that secret in a signed
# cookie that only /intake/ reads. The same answers sent again, from the same copy of the
# form or with that cookie, lead to the intake already saved. The cookie holds no form
# token, intake id or link: the next person at a shared computer who sends their own
# answers makes their own intake, and a form token (in every page's HTML) leads to no
# one's from another browser. Different answers are a new intake: nothing a person
# sends is ever dropped.
SENT_COOKIE = "intake_sent"
SENT_SALT = "advisor.intake-sent"
SENT_MAX_AGE = int(timedelta(days=1).total_seconds())


def _form_secret(request: HttpRequest, form: IntakeForm) -> str:
    browser = request.COOKIES.get(settings.CSRF_COOKIE_NAME, "")
    form_token = form.cleaned_data["form_token"]
    return salted_hmac(SENT_SALT, f"{form_token}|{browser}", algorithm="sha256").hexdigest()


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


def _sent_before(request: HttpRequest, form: IntakeForm) -> Intake | None:
    """The intake this browser last sent, if the form holds exactly what it saved."""
    kept = request.get_signed_cookie(SENT_COOKIE, default="", salt=SENT_SALT, max_age=SENT_MAX_AGE)
    given = {**form.answers(), **form.contact(), **form.preferences()}
    return intake_sent_again(secrets=[_form_secret(request, form), kept], given=given)


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
    # Read once: the promise of an answer and the footer both name the clinic.
    request.clinic = current_clinic()
    context = page_context(intake, request.clinic)
    return noindex(render(request, "advisor/recommendation.html", context))


@never_cache
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
        return noindex(render(request, "advisor/delete_gone.html", status=404))
    context = {"intake": intake, "crisis": intake.flag_crisis, "call_back": bool(intake.phone)}
    return noindex(render(request, "advisor/delete_confirm.html", context))
