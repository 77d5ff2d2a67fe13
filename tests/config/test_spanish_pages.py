"""Every public page under /es/ is in Spanish: no English left in what a visitor reads.

Each page is rendered twice, in English at its own address and in Spanish under /es/, in
the same state (the same intake, the same refusal). Any piece of text that a reader of the
Spanish page sees (in the header, the main part or the footer, and the title, the
description and the labels read aloud) and that is word for word a piece of the English
page is English left behind, unless it is the same in both languages: a program's code, a
proper name, an address, a number. The failure lists what is left, page by page, so whoever
owns the words knows what to translate (`make messages`, then the Spanish in
locale/es/LC_MESSAGES/django.po, or the Spanish field of the content in the admin).
"""

from __future__ import annotations

import re
import zoneinfo
from collections.abc import Callable

import pytest
from bs4 import BeautifulSoup, Comment
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from django.views import defaults

from advisor.models import Intake
from config import error_pages
from config.clinic.record import current_clinic
from programs.models import Program
from providers.languages import LANGUAGES
from providers.models import Provider
from tests.advisor.intakes import another_persons_post, saved_intake
from tests.clients import FormClient

pytestmark = pytest.mark.django_db

SCOPES = "header.site-header, main, footer.site-footer"
READ_ALOUD = ("aria-label", "alt", "title", "placeholder", "data-cleared")
NOT_SHOWN = {"script", "style", "template"}

# The same in both languages: the programs' codes and the one program name kept in
# English, the site's and the language switch's names, 988, and the words "Error" and "No".
SAME_IN_BOTH = {
    "MBSR",
    "MBCT",
    "MSC",
    "Mindful Self-Compassion",
    "Mindful Path",
    "Español",
    "English",
    "988",
    "Error:",
    "No",
    # A calendar file's kind, after "Add to my calendar" on a course card.
    "(.ics)",
}
# Languages are named in their own tongue on every page ("Français"), by design.
OWN_NAMES = {name for code, name in LANGUAGES if code != "other"}
# Addresses, e-mail addresses, phone numbers, times and anything without a word in it.
SAME_IN_BOTH_PATTERNS = [
    re.compile(r"^[^A-Za-zÁÉÍÓÚáéíóúñÑ]*$"),  # numbers, dates, punctuation
    re.compile(r"^\S+@\S+\.\S+$"),
    re.compile(r"^\(?(https?://)?[\w.-]+\.(org|com|edu|net|gov)(/\S*)?\)?$"),
    re.compile(r"^\(?[\d\s().+-]{7,}\)?$"),
    re.compile(r"^\(?(MBSR|MBCT|MSC)\)?[.,:]?$"),
]


# The time zones a menu offers, by their own names ("America/New York").
TIME_ZONES = {zone.replace("_", " ") for zone in zoneinfo.available_timezones()}


def proper_names() -> set[str]:
    """Names of the organisations and of the clinic, and the places they name."""
    names = set(TIME_ZONES)
    for provider in Provider.objects.all():
        names.update({provider.name, getattr(provider, "place", "") or ""})
    clinic = current_clinic()
    if clinic:
        names.add(clinic.name)
        names.update(line.strip() for line in (clinic.address or "").splitlines())
    return {name for name in names if name}


def in_another_language(node) -> bool:
    """Inside an element that says it is in another language (`lang="en"` on a study's
    English title): there on purpose, and read out in that language."""
    marked = node.find_parent(attrs={"lang": True})
    return marked is not None and marked.name != "html" and marked["lang"] != "es"


def shown_text(html: str) -> list[str]:
    """Every piece of text a reader of the page meets, in order, whitespace collapsed."""
    soup = BeautifulSoup(html, "html.parser")
    pieces = []
    if soup.title:
        # "<page> · Mindful Path": the page's own title, and the site's name.
        pieces.extend(soup.title.get_text().split(" · "))
    description = soup.find("meta", attrs={"name": "description"})
    if description:
        pieces.append(description.get("content", ""))
    for scope in soup.select(SCOPES):
        for node in scope.find_all(string=True):
            if isinstance(node, Comment) or node.parent.name in NOT_SHOWN:
                continue
            if in_another_language(node):
                continue
            pieces.append(str(node))
        for element in scope.find_all(True):
            pieces.extend(element.get(attribute, "") for attribute in READ_ALOUD)
    words = (" ".join(piece.split()) for piece in pieces)
    return [piece for piece in words if piece]


def left_in_english(spanish_html: str, english_html: str) -> list[str]:
    english = set(shown_text(english_html))
    allowed = SAME_IN_BOTH | OWN_NAMES | proper_names()
    left = []
    for piece in shown_text(spanish_html):
        if piece not in english or piece in allowed or piece in left:
            continue
        if any(pattern.match(piece) for pattern in SAME_IN_BOTH_PATTERNS):
            continue
        left.append(piece)
    return left


def html_lang(html: str) -> str | None:
    return BeautifulSoup(html, "html.parser").html.get("lang")


# --- the pages, each rendered in a language by a function of (client, language) ---------


def url(name: str, **kwargs) -> Callable[[str], str]:
    def in_language(language: str) -> str:
        with translation.override(language):
            return reverse(name, kwargs=kwargs or None)

    return in_language


def get(name: str, status: int = 200, **kwargs):
    def show(client, language):
        response = client.get(url(name, **kwargs)(language))
        assert response.status_code == status, (name, language, response.status_code)
        return response.content.decode()

    return show


def each_program() -> dict[str, Callable]:
    return {
        f"program {code}": lambda client, language, code=code: get(
            "programs:detail", slug=Program.objects.get(code=code).slug
        )(client, language)
        for code in ("MBSR", "MBCT", "MSC")
    }


def a_provider(client, language):
    provider = Provider.objects.order_by("name").first()
    return get("providers:detail", slug=provider.slug)(client, language)


def intake_page(intake: Intake, page: str = "advisor:recommendation"):
    return get(page, token=intake.public_token)


def recommendation(client, language):
    return intake_page(saved_intake())(client, language)


def crisis_recommendation(client, language):
    return intake_page(saved_intake(self_harm_thoughts="yes"))(client, language)


def delete_confirm(client, language):
    return intake_page(saved_intake(), "advisor:delete")(client, language)


def post_intake(data: dict, status: int, **kwargs):
    def send(client, language):
        response = client.post(url("advisor:intake")(language), data, **kwargs)
        assert response.status_code == status, (language, response.status_code)
        return response.content.decode()

    return send


def intake_with_errors(client, language):
    return post_intake({"first_name": "Robin"}, 200)(client, language)


def look_without_sending(client, language):
    return post_intake({**another_persons_post(), "look": "1"}, 200)(client, language)


def automated(client, language):
    return post_intake({**another_persons_post(), "contact_website": "x"}, 400)(client, language)


def garbled(client, language):
    from django.test.client import MULTIPART_CONTENT

    return post_intake({"email": "robin@example.net"}, 400, content_type=MULTIPART_CONTENT)(
        client, language
    )


def too_many(client, language):
    return post_intake(another_persons_post(), 429)(client, language)


def forgery_refused(client, language):
    browser = FormClient(enforce_csrf_checks=True)
    response = browser.post(url("advisor:intake")(language), another_persons_post())
    assert response.status_code == 403
    return response.content.decode()


def handler_page(render: Callable) -> Callable:
    """A page Django's handlers render under the request's language, called as they are."""

    def show(client, language):
        prefix = "" if language == "en" else f"/{language}"
        request = RequestFactory().get(f"{prefix}/intake/")
        with translation.override(language):
            return render(request).content.decode()

    return show


def server_error(client, language):
    # A view that breaks (the privacy page, without its setting: SETTING_UP): handler500,
    # in the language of the page asked for.
    broken = FormClient(raise_request_exception=False)
    response = broken.get(url("privacy")(language))
    assert response.status_code == 500
    return response.content.decode()


# --- after the recommendation: "I signed up", the check-in, its stop page ----------------


def invited_checkin(**answers):
    """A check-in whose invitation is made, so that its link opens its page."""
    from datetime import timedelta

    from django.utils import timezone

    from advisor.follow_up import checkins_sweep
    from advisor.models import CheckIn

    intake = saved_intake(checkin_opt_in="on", **answers)
    checkins_sweep(now=timezone.now() + timedelta(weeks=52))
    return CheckIn.objects.get(intake=intake)


CHECKIN_ANSWERS = {
    "started": "yes",
    "program": "MBSR",
    "finished": "yes",
    "helpful": "4",
    "what_helped": "",
    "wants_next": "yes",
    "self_harm_thoughts": "no",
}


def online_run(code: str):
    """An upcoming online run of `code`: a course card with no street address on it."""
    from tests.factories import OfferingFactory, program

    return OfferingFactory(program=program(code), format="online", location="")


def checkin_form(client, language):
    return get("advisor:checkin", token=invited_checkin().token)(client, language)


def checkin_with_errors_and_crisis_help(client, language):
    token = invited_checkin().token
    response = client.post(
        url("advisor:checkin", token=token)(language), {"self_harm_thoughts": "yes"}
    )
    assert response.status_code == 200, (language, response.status_code)
    return response.content.decode()


def checkin_answered(answers: dict, *, twice: bool = False):
    def show(client, language):
        token = invited_checkin().token
        address = url("advisor:checkin", token=token)(language)
        response = client.post(address, answers)
        assert response.status_code == 302, (language, response.status_code)
        if twice:
            response = client.post(address, answers)
            assert response.status_code == 200, (language, response.status_code)
            return response.content.decode()
        return get("advisor:checkin", token=token)(client, language)

    return show


def checkin_answered_with_second_step(client, language):
    online_run("MSC")
    html = checkin_answered(CHECKIN_ANSWERS)(client, language)
    assert 'class="section second-step"' in html and 'class="card offering"' in html, language
    return html


def checkin_stop_page(client, language):
    return get("advisor:checkin_stop", token=invited_checkin().token)(client, language)


def checkin_stopped(client, language):
    token = invited_checkin().token
    response = client.post(url("advisor:checkin_stop", token=token)(language))
    assert response.status_code == 200, (language, response.status_code)
    return response.content.decode()


def recommendation_with_a_sign_up(client, language):
    run = online_run("MBSR")
    intake = saved_intake(checkin_opt_in="on")
    response = client.post(
        url("advisor:signed_up", token=intake.public_token)(language), {"offering": str(run.pk)}
    )
    assert response.status_code == 302, (language, response.status_code)
    html = intake_page(intake)(client, language)
    assert 'class="signed-up__now"' in html and "signed-up__checkin" in html, language
    return html


def recommendation_with_another_course(client, language):
    intake = saved_intake()
    response = client.post(
        url("advisor:signed_up", token=intake.public_token)(language), {"program": "MSC"}
    )
    assert response.status_code == 302, (language, response.status_code)
    return intake_page(intake)(client, language)


def sign_up_refused(client, language):
    intake = saved_intake()
    response = client.post(
        url("advisor:signed_up", token=intake.public_token)(language), {"offering": "abc"}
    )
    assert response.status_code == 400, (language, response.status_code)
    return response.content.decode()


PAGES: dict[str, Callable] = {
    "home": get("home"),
    "programs": get("programs:list"),
    **each_program(),
    "organisations": get("providers:list"),
    "an organisation": a_provider,
    "courses": get("courses:list"),
    "intake": get("advisor:intake"),
    "intake with errors": intake_with_errors,
    "look without sending": look_without_sending,
    "recommendation": recommendation,
    "recommendation with the crisis panel": crisis_recommendation,
    "delete confirm": delete_confirm,
    "deleted": get("advisor:deleted"),
    "lost link": get("advisor:lost_link"),
    "lost link sent": get("advisor:lost_link_sent"),
    "privacy": get("privacy"),
    "400 garbled request": garbled,
    "400 looked automated": automated,
    "403": handler_page(lambda request: defaults.permission_denied(request, PermissionDenied())),
    "403 forgery refused": forgery_refused,
    "404": lambda client, language: _not_found(client, language),
    "429 too many": too_many,
    "500": server_error,
    "503": handler_page(error_pages.database_unavailable_page),
    "recommendation with a sign-up": recommendation_with_a_sign_up,
    "recommendation with another course": recommendation_with_another_course,
    "sign-up refused": sign_up_refused,
    "check-in": checkin_form,
    "check-in with errors and crisis help": checkin_with_errors_and_crisis_help,
    "check-in answered, with the second step": checkin_answered_with_second_step,
    "check-in answered with crisis help": checkin_answered(
        {**CHECKIN_ANSWERS, "wants_next": "no", "self_harm_thoughts": "yes"}
    ),
    "check-in answered twice": checkin_answered(
        {**CHECKIN_ANSWERS, "wants_next": "no"}, twice=True
    ),
    "check-in stop": checkin_stop_page,
    "check-in stopped": checkin_stopped,
}


def _not_found(client, language):
    prefix = "" if language == "en" else f"/{language}"
    response = client.get(f"{prefix}/no-such-page/")
    assert response.status_code == 404
    return response.content.decode()


SETTING_UP = {
    "429 too many": lambda settings: setattr(settings, "INTAKE_RATE_LIMIT", 0),
    "500": lambda settings: delattr(settings, "INTAKE_RETENTION_DAYS"),
}


@pytest.mark.parametrize("name", PAGES)
def test_the_spanish_page_leaves_no_english_in_what_a_visitor_reads(client, settings, name):
    SETTING_UP.get(name, lambda settings: None)(settings)
    show = PAGES[name]
    english = show(client, "en")
    spanish = show(FormClient(), "es")

    assert html_lang(spanish) == "es"
    left = left_in_english(spanish, english)
    assert not left, f"{name} (/es/): English left on the Spanish page:\n  " + "\n  ".join(left)


def test_it_notices_english_left_on_a_spanish_page():
    english = "<html><main><p>Find a course</p><p>MBSR</p><p>Mindfulness training</p></main></html>"
    spanish = (
        "<html lang='es'><main><p>Find a course</p><p>MBSR</p>"
        "<p><span lang='en'>Mindfulness training</span></p></main></html>"
    )

    assert left_in_english(spanish, english) == ["Find a course"]
