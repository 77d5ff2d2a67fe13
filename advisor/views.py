from __future__ import annotations

import functools
import uuid

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from advisor.forms import IntakeForm
from advisor.models import Intake
from advisor.recommendation_page import recommendation_context
from advisor.services import intake_delete, intake_submit
from advisor.throttle import intake_allowed

PRIVATE_HEADERS = {"X-Robots-Tag": "noindex, nofollow"}


def _private(response: HttpResponse) -> HttpResponse:
    for header, value in PRIVATE_HEADERS.items():
        response[header] = value
    return response


# The empty questionnaire is the same for everyone but its hidden token, and rendering
# ninety radio buttons through crispy-forms is most of the page's cost: render it once
# per process (it changes only with the code) and put a fresh token in each copy.
TOKEN_PLACEHOLDER = "00000000-0000-4000-8000-00000000f0f0"


@functools.cache
def _empty_form_html() -> str:
    form = IntakeForm(initial={"form_token": TOKEN_PLACEHOLDER})
    return render_to_string("advisor/_intake_fields.html", {"form": form})


def _fresh_empty_form() -> str:
    return mark_safe(_empty_form_html().replace(TOKEN_PLACEHOLDER, str(uuid.uuid4())))


@never_cache
@require_http_methods(["GET", "POST"])
def intake_form(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        context = {"form": None, "form_html": _fresh_empty_form()}
        return _private(render(request, "advisor/intake_form.html", context))
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
    context = {
        "form": form,
        "form_html": render_to_string("advisor/_intake_fields.html", {"form": form}),
    }
    return _private(render(request, "advisor/intake_form.html", context))


def _not_saved(request: HttpRequest, *, status: int) -> HttpResponse:
    response = render(request, "advisor/not_saved.html", {"rate_limited": status == 429})
    response.status_code = status
    return _private(response)


@never_cache
@require_http_methods(["GET", "HEAD"])
def recommendation(request: HttpRequest, token: str) -> HttpResponse:
    intake = get_object_or_404(Intake, public_token=token)
    context = recommendation_context(intake)
    return _private(render(request, "advisor/recommendation.html", context))


@never_cache
@require_http_methods(["GET", "POST"])
def delete_answers(request: HttpRequest, token: str) -> HttpResponse:
    intake = get_object_or_404(Intake, public_token=token)
    # The button on the recommendation page leads here; only the confirmation page's
    # "yes" deletes, so one stray click never does.
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        intake_delete(intake=intake)
        return redirect("advisor:deleted")
    return _private(render(request, "advisor/delete_confirm.html", {"intake": intake}))
