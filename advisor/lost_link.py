"""'Lost your link?': a participant asks for their private links again, by e-mail.

The answer never says whether any intake is held under the address: the same page
follows every request, and only the e-mail, sent to the address itself, tells. Requests
are limited per network, and e-mails per address, so the page can neither flood a
stranger's inbox nor be used to test many addresses.
"""

from __future__ import annotations

from django import forms
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_safe

from advisor.language_switch import is_switch
from advisor.models import Intake, ParticipantEmail
from advisor.questionnaire import text_language
from advisor.tasks import participant_email_queue
from advisor.throttle import LINK_REQUESTS, client_network
from config.language import remember_language
from config.private import private_page


class LostLinkForm(forms.Form):
    email = forms.EmailField(
        label=_("The email address you gave with your answers"),
        max_length=254,
        error_messages={
            "required": _("Please give the email address you used."),
            "invalid": _("Please check the email address: it should look like name@example.com."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


@private_page
@require_http_methods(["GET", "HEAD", "POST"])
def lost_link(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return render(request, "advisor/lost_link.html", {"form": LostLinkForm()})
    form = LostLinkForm(request.POST)
    if is_switch(request):
        # The address typed so far, on the page in the other language: nothing sent or counted.
        form = LostLinkForm(initial={"email": request.POST.get("email", "")[:254]})
        return remember_language(render(request, "advisor/lost_link.html", {"form": form}))
    if not form.is_valid():
        return render(request, "advisor/lost_link.html", {"form": form}, status=400)
    allowance = LINK_REQUESTS.allowance(client_network(request))
    if not allowance.take():
        response = render(request, "advisor/lost_link.html", {"form": form, "too_many": True})
        response.status_code = 429
        response["Retry-After"] = str(allowance.retry_after())
        return response
    send_links_to(form.cleaned_data["email"], language=translation.get_language())
    return redirect("advisor:lost_link_sent")


def send_links_to(email: str, *, language: str | None = None) -> None:
    """Queue one e-mail of every intake's links held under this address, if any.

    Counted against the address's cap whether or not anything is held, so the cap itself
    tells nothing; the e-mail's row hangs off the newest intake under the address. It is
    written in `language`, the language of the page that asked (English by default).
    """
    address = email.strip()
    with transaction.atomic():
        newest = Intake.objects.under_address(address).order_by("-created_at").first()
        participant_email_queue(
            address=address,
            kind=ParticipantEmail.Kind.LOST_LINK,
            intake=newest,
            language=text_language(language),
        )


@private_page
@require_safe
def lost_link_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "advisor/lost_link_sent.html")
