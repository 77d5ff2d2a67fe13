"""The participant's pages after the recommendation: "I signed up", and the check-in.

Every page here is reached only through a private link (the intake's, or the check-in's
own) and answers a wrong, expired or deleted one with the site's plain 404, which says
nothing about whether any intake exists.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from advisor.checkin_forms import CheckInForm
from advisor.follow_up import (
    SignUpRefused,
    checkin_answer,
    checkin_for_link,
    checkin_stop,
    signup_record,
    signup_undo,
)
from advisor.models import CheckIn, Intake
from advisor.questionnaire import YES
from advisor.second_step import second_step_context
from config.middleware import takes_one_click_unsubscribe
from config.private import private_page

SIGNED_UP_ANCHOR = "#signed-up"


def _intake_or_404(token: str) -> Intake:
    intake = Intake.objects.filter(public_token=token).only("pk", "public_token").first()
    if intake is None:
        raise Http404("No intake has this link.")
    return intake


@private_page
@require_POST
def signed_up(request: HttpRequest, token: str) -> HttpResponse:
    """ "I've signed up for this one" (a run's id), "another course" (a program), or undo."""
    intake = _intake_or_404(token)
    back = intake.get_absolute_url() + SIGNED_UP_ANCHOR
    if request.POST.get("undo") == "1":
        signup_undo(intake=intake)
        return redirect(back)
    try:
        signup_record(
            intake=intake,
            offering_id=request.POST.get("offering", "").strip(),
            program=request.POST.get("program", "").strip(),
        )
    except SignUpRefused:
        return render(request, "advisor/signup_refused.html", {"back": back}, status=400)
    return redirect(back)


@private_page
@require_POST
def checkin_choice(request: HttpRequest, token: str) -> HttpResponse:
    """ "Don't check in with me after all", from the recommendation page."""
    intake = _intake_or_404(token)
    checkin = CheckIn.objects.filter(intake=intake).first()
    if checkin is not None:
        checkin_stop(checkin=checkin)
    return redirect(intake.get_absolute_url() + SIGNED_UP_ANCHOR)


def _checkin_or_404(token: str) -> CheckIn:
    checkin = checkin_for_link(token)
    if checkin is None:
        raise Http404("No check-in has this link.")
    return checkin


@private_page
@require_http_methods(["GET", "HEAD", "POST"])
def checkin(request: HttpRequest, token: str) -> HttpResponse:
    """The check-in's questions; once answered, what they answered leads to (the second
    step, the crisis help), and a second answer is refused, keeping the first."""
    found = _checkin_or_404(token)
    if found.answered_at is not None:
        return _answered(request, found, answered_again=request.method == "POST")
    if request.method != "POST":
        return render(request, "advisor/checkin.html", {"form": CheckInForm(), "checkin": found})
    form = CheckInForm(request.POST)
    if not form.is_valid():
        context = {
            "form": form,
            "checkin": found,
            # An answer is an answer, valid form or not: the help comes first.
            "crisis": request.POST.get("self_harm_thoughts") == YES,
        }
        return render(request, "advisor/checkin.html", context)
    answered = checkin_answer(checkin=found, answers=form.answers())
    if not answered.first_time:  # two tabs, or a double tap: the first answers stand
        return _answered(request, answered.checkin, answered_again=True)
    return redirect("advisor:checkin", token=token)


def _answered(request: HttpRequest, checkin: CheckIn, *, answered_again: bool) -> HttpResponse:
    context = {
        "checkin": checkin,
        "answered_again": answered_again,
        "crisis": checkin.self_harm_thoughts == YES,
        **second_step_context(checkin),
    }
    return render(request, "advisor/checkin_answered.html", context)


@takes_one_click_unsubscribe
@csrf_exempt
@private_page
@require_http_methods(["GET", "HEAD", "POST"])
def stop(request: HttpRequest, token: str) -> HttpResponse:
    """Stop the check-in: a page with one button, and the POST a mail program sends for
    its own "unsubscribe" (RFC 8058).

    A GET never stops it: a mail scanner that opens every link would stop check-ins
    nobody asked to stop. The POST needs no CSRF token: the private link is the key,
    and all it can do is stop e-mails to the person who holds it.
    """
    found = _checkin_or_404(token)
    if request.method == "POST":
        checkin_stop(checkin=found)
        found.refresh_from_db(fields=["stopped_at"])
    return render(request, "advisor/checkin_stop.html", {"checkin": found})
