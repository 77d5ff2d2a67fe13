from __future__ import annotations

import uuid

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from advisor.forms import IntakeForm
from advisor.models import Intake, IntakeDeletion
from advisor.recommendation_page import intake_for_page, page_context
from advisor.services import intake_delete, intake_submit
from advisor.throttle import intake_allowed
from config.page_cache import CSRF_PLACEHOLDER, has_session, with_csrf_token

PRIVATE_HEADERS = {"X-Robots-Tag": "noindex, nofollow"}


def _private(response: HttpResponse) -> HttpResponse:
    for header, value in PRIVATE_HEADERS.items():
        response[header] = value
    return response


# The empty questionnaire page is the same for everyone but its hidden form token and
# CSRF token, and rendering ninety radio buttons through crispy-forms is most of its cost:
# render it once per process (it changes only with the code) and fill in fresh tokens.
TOKEN_PLACEHOLDER = "00000000-0000-4000-8000-00000000f0f0"
_empty_pages: dict[str, str] = {}


def _empty_form_page(request: HttpRequest) -> HttpResponse:
    if has_session(request):
        # Signed-in staff may have messages waiting; the shared copy must not carry them.
        return render(request, "advisor/intake_form.html", _form_context(IntakeForm()))
    page = _empty_pages.get("page")
    if page is None:
        form = IntakeForm(initial={"form_token": TOKEN_PLACEHOLDER})
        context = {**_form_context(form), "form": None, "csrf_token": CSRF_PLACEHOLDER}
        page = _empty_pages["page"] = render_to_string("advisor/intake_form.html", context, request)
    return HttpResponse(
        with_csrf_token(page.replace(TOKEN_PLACEHOLDER, str(uuid.uuid4())), request)
    )


def _form_context(form: IntakeForm) -> dict:
    return {
        "form": form,
        "form_html": render_to_string("advisor/_intake_fields.html", {"form": form}),
    }


@never_cache
@require_http_methods(["GET", "POST"])
def intake_form(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return _private(_empty_form_page(request))
    form = IntakeForm(request.POST)
    if form.is_from_a_bot():
        return _not_saved(request, status=400)
    if form.is_valid():
        if not intake_allowed(request):
            return _not_saved(request, status=429)
        intake = intake_submit(
            answers=form.answers(),
            first_name=form.cleaned_data["first_name"],
            email=form.cleaned_data["email"],
            form_token=form.cleaned_data["form_token"],
        )
        return redirect(intake)
    return _private(render(request, "advisor/intake_form.html", _form_context(form)))


def _not_saved(request: HttpRequest, *, status: int) -> HttpResponse:
    response = render(request, "advisor/not_saved.html", {"rate_limited": status == 429})
    response.status_code = status
    return _private(response)


@never_cache
@require_http_methods(["GET", "HEAD"])
def recommendation(request: HttpRequest, token: str) -> HttpResponse:
    intake = intake_for_page(token)
    if intake is None:
        raise Http404("No intake has this link.")
    return _private(render(request, "advisor/recommendation.html", page_context(intake)))


@never_cache
@require_http_methods(["GET", "POST"])
def delete_answers(request: HttpRequest, token: str) -> HttpResponse:
    intake = get_object_or_404(Intake, public_token=token)
    # The button on the recommendation page leads here; only the confirmation page's
    # "yes" deletes, so one stray click never does.
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        intake_delete(intake=intake, by=IntakeDeletion.By.PARTICIPANT)
        return redirect("advisor:deleted")
    return _private(render(request, "advisor/delete_confirm.html", {"intake": intake}))
