"""'I've signed up for this one' on the person's own page: a run, another course, undo.

Each run the page lists has its own button, which posts the page's one sign-up form
(form#signed-up-form) with the run's id; "another course" posts the program chosen in the
form's menu; "Undo" takes it back. The page then says what they told us. A run id that
names no run they could choose (made up, not a number, ended, unpublished) or a program
outside the catalog is refused with a page that says so, and nothing is recorded.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from advisor.models import CheckIn, SignUp
from providers.models import Format, Offering
from tests.clients import FormClient
from tests.factories import OfferingFactory, ProviderFactory, program
from tests.helpers import Page

pytestmark = pytest.mark.django_db

REFUSED = "We could not find that course"


def signed_up_url(intake) -> str:
    return reverse("advisor:signed_up", kwargs={"token": intake.public_token})


def own_page(client, intake) -> Page:
    response = client.get(intake.get_absolute_url())
    assert response.status_code == 200
    return Page.of(response)


def sign_up_buttons(html: Page) -> dict[str, object]:
    """The "I've signed up for this one" buttons that post the sign-up form, by run id."""
    return {
        button["value"]: button
        for button in html.find_all("button", name="offering")
        if button.get("form") == "signed-up-form"
    }


def press(client, intake, **pressed: str):
    """Submit form#signed-up-form as the browser does: the program menu as it stands (the
    first program, selected) and the pressed button's name and value."""
    html = own_page(client, intake)
    form = html.find("form", id="signed-up-form")
    menu = html.find("select", within=form, name="program")
    chosen = menu.find("option", selected=True) or menu.find("option")
    return client.post(form["action"], {"program": chosen["value"], **pressed})


def note(html: Page) -> str:
    shown = html.find("p", class_="signed-up__now")
    return shown.words if shown else ""


@pytest.fixture
def run() -> Offering:
    """An upcoming MBSR run near a neutral intake (north-east, in person)."""
    return OfferingFactory(provider=ProviderFactory(name="Harbor Light Mindfulness"))


# What the page offers


def test_each_run_on_the_page_has_a_button_that_posts_the_sign_up_form(client, make_intake, run):
    other = OfferingFactory(format=Format.ONLINE, location="", time_zone="America/New_York")
    intake = make_intake()

    html = own_page(client, intake)

    buttons = sign_up_buttons(html)
    assert {str(run.pk), str(other.pk)} <= set(buttons)
    assert buttons[str(run.pk)].words.startswith("I've signed up for this one")
    form = html.find("form", id="signed-up-form")
    assert form["method"] == "post"
    assert form["action"] == signed_up_url(intake)
    assert html.find("input", within=form, name="csrfmiddlewaretoken") is not None


def test_the_buttons_name_the_run_for_a_screen_reader(client, make_intake, run):
    intake = make_intake()

    button = sign_up_buttons(own_page(client, intake))[str(run.pk)]

    hidden = button.find("span", class_="visually-hidden").words
    assert "MBSR with Harbor Light Mindfulness" in hidden
    assert run.start_date.strftime("%-d %B") in hidden


def test_a_look_before_sending_offers_no_sign_up(client, valid_post, run, page):
    response = client.post(reverse("advisor:intake"), {**valid_post, "look": "1"})

    html = page(response)
    assert response.status_code == 200
    assert html.find("form", id="signed-up-form") is None
    assert sign_up_buttons(html) == {}


def test_the_staff_preview_offers_no_sign_up(client, make_intake, clinician, run, page):
    intake = make_intake()
    client.force_login(clinician)

    html = page(client.get(reverse("admin:advisor_intake_preview", args=[intake.pk])))

    assert html.find("form", id="signed-up-form") is None
    assert sign_up_buttons(html) == {}


# Signing up, and taking it back


def test_it_records_the_run_and_says_so_on_the_page(client, make_intake, run):
    intake = make_intake()

    response = press(client, intake, offering=str(run.pk))

    assert response.status_code == 302
    assert response["Location"] == intake.get_absolute_url() + "#signed-up"
    sign_up = SignUp.objects.get(intake=intake)
    assert (sign_up.offering, sign_up.program, sign_up.run_ends) == (run, "MBSR", run.end_date)
    shown = note(own_page(client, intake))
    assert "signed up for MBSR with Harbor Light Mindfulness" in shown
    assert f"starting {run.start_date:%-d %B %Y}" in shown


def test_the_run_decides_the_program_whatever_the_menu_says(client, make_intake, run):
    intake = make_intake()

    client.post(signed_up_url(intake), {"program": "MSC", "offering": str(run.pk)})

    assert SignUp.objects.get(intake=intake).program == "MBSR"


def test_signing_up_for_another_run_replaces_the_first(client, make_intake, run):
    later = OfferingFactory(
        start_date=run.start_date + timedelta(weeks=4),
        end_date=run.end_date + timedelta(weeks=4),
        provider=ProviderFactory(name="Still Water Sangha"),
    )
    intake = make_intake()
    press(client, intake, offering=str(run.pk))

    press(client, intake, offering=str(later.pk))

    assert list(SignUp.objects.filter(intake=intake).values_list("offering", flat=True)) == [
        later.pk
    ]
    assert "Still Water Sangha" in note(own_page(client, intake))


def test_a_run_not_among_those_on_the_page_may_still_be_chosen(client, make_intake):
    # Online only, in another zone's evening: listed on /courses/, not on this page.
    far = OfferingFactory(
        program=program("MSC"), format=Format.ONLINE, location="", time_zone="Asia/Tokyo"
    )
    intake = make_intake()
    assert str(far.pk) not in sign_up_buttons(own_page(client, intake))

    response = client.post(signed_up_url(intake), {"offering": str(far.pk)})

    assert response.status_code == 302
    assert SignUp.objects.get(intake=intake).offering == far


def test_another_course_records_the_program_chosen(client, make_intake):
    intake = make_intake()

    response = press(client, intake, program="MSC")

    assert response.status_code == 302
    sign_up = SignUp.objects.get(intake=intake)
    assert (sign_up.offering, sign_up.program, sign_up.run_ends) == (None, "MSC", None)
    assert "MSC course elsewhere" in note(own_page(client, intake))


def test_the_menu_starts_at_the_program_suggested_first(client, make_intake):
    intake = make_intake(self_criticism="5", primary_goal="inner_critic")  # MSC first
    assert intake.recommended_program == "MSC"

    html = own_page(client, intake)

    menu = html.find("select", name="program")
    assert menu.find("option", selected=True)["value"] == "MSC"


def test_undo_takes_the_sign_up_back(client, make_intake, run):
    intake = make_intake()
    press(client, intake, offering=str(run.pk))

    response = press(client, intake, undo="1")

    assert response.status_code == 302
    assert not SignUp.objects.filter(intake=intake).exists()
    html = own_page(client, intake)
    assert note(html) == ""
    assert html.find("button", name="undo") is None


def test_undo_with_nothing_to_undo_changes_nothing(client, make_intake):
    intake = make_intake()

    response = client.post(signed_up_url(intake), {"undo": "1"})

    assert response.status_code == 302
    assert not SignUp.objects.exists()


def test_only_a_sign_up_shown_offers_undo(client, make_intake, run):
    intake = make_intake()
    assert own_page(client, intake).find("button", name="undo") is None

    press(client, intake, offering=str(run.pk))

    assert own_page(client, intake).find("button", name="undo") is not None


def test_a_run_removed_from_the_directory_since_is_not_called_another_course(
    client, make_intake, run
):
    """They chose it from our list: once an editor removes it, the page still says they
    signed up for that program, and not that it was a course found elsewhere."""
    intake = make_intake()
    press(client, intake, offering=str(run.pk))

    run.delete()

    shown = note(own_page(client, intake))
    assert "MBSR" in shown
    assert "elsewhere" not in shown
    assert SignUp.objects.get(intake=intake).run_ends == run.end_date


def test_one_persons_sign_up_never_shows_on_anothers_page(client, make_intake, run):
    robin, sam = make_intake(first_name="Robin"), make_intake(first_name="Sam")

    press(client, robin, offering=str(run.pk))

    assert note(own_page(client, sam)) == ""
    assert not SignUp.objects.filter(intake=sam).exists()


# Refused: a run they could not have chosen, a program not in the catalog


def ended_run() -> Offering:
    start = timezone.localdate() - timedelta(weeks=10)
    return OfferingFactory(start_date=start, end_date=start + timedelta(weeks=7))


BAD_RUNS = {
    "made up": lambda: str(Offering.objects.order_by("-pk").values_list("pk", flat=True)[0] + 99),
    "not a number": lambda: "abc",
    "a fraction": lambda: "1.5",
    "negative": lambda: "-1",
    "huge": lambda: "9" * 30,
    "past the largest integer a database holds": lambda: str(2**63),
    "sql": lambda: "1 OR 1=1",
    "ended": lambda: str(ended_run().pk),
    "unpublished": lambda: str(OfferingFactory(is_published=False).pk),
    "of a retired provider": lambda: str(
        OfferingFactory(provider=ProviderFactory(is_active=False)).pk
    ),
}


def assert_refused(response, intake) -> None:
    assert response.status_code == 400
    html = Page.of(response)
    assert html.find("h1").words == REFUSED
    assert "Nothing was recorded." in html.find("main").words
    back = html.find("a", href=intake.get_absolute_url() + "#signed-up")
    assert back is not None and back.words == "Back to your suggestion, to choose again"


@pytest.mark.parametrize("bad", BAD_RUNS)
def test_it_refuses_a_run_that_cannot_be_chosen_and_records_nothing(client, make_intake, run, bad):
    intake = make_intake()

    response = client.post(signed_up_url(intake), {"program": "MBSR", "offering": BAD_RUNS[bad]()})

    assert_refused(response, intake)
    assert not SignUp.objects.exists()


@pytest.mark.parametrize("bad", ["made up", "not a number", "ended"])
def test_a_refused_run_leaves_the_sign_up_already_there(client, make_intake, run, bad):
    intake = make_intake()
    press(client, intake, offering=str(run.pk))

    response = client.post(signed_up_url(intake), {"program": "MBSR", "offering": BAD_RUNS[bad]()})

    assert response.status_code == 400
    assert SignUp.objects.get(intake=intake).offering == run


@pytest.mark.parametrize("bad", ["XYZ", "", "mbsr", "MBSR; DROP TABLE", "other"])
def test_it_refuses_a_program_outside_the_catalog_and_records_nothing(client, make_intake, bad):
    intake = make_intake()

    response = client.post(signed_up_url(intake), {"program": bad})

    assert_refused(response, intake)
    assert not SignUp.objects.exists()


def test_the_refusal_is_private(client, make_intake):
    intake = make_intake()

    response = client.post(signed_up_url(intake), {"offering": "abc"})

    assert "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"


# Only a POST, only through the person's link, only with the page's own form


@pytest.mark.parametrize("name", ["advisor:signed_up", "advisor:checkin_choice"])
def test_the_buttons_addresses_answer_only_a_post(client, make_intake, name):
    intake = make_intake(checkin_opt_in="on")

    response = client.get(reverse(name, kwargs={"token": intake.public_token}))

    assert response.status_code == 405
    assert response["Allow"] == "POST"


@pytest.mark.parametrize("name", ["advisor:signed_up", "advisor:checkin_choice"])
def test_a_wrong_link_is_not_found_and_records_nothing(client, make_intake, run, name):
    make_intake(checkin_opt_in="on")

    response = client.post(reverse(name, kwargs={"token": "no-such-link"}), {"offering": run.pk})

    assert response.status_code == 404
    assert not SignUp.objects.exists()


def test_a_sign_up_from_another_site_is_refused(make_intake, run):
    """Like every form of the site's, it takes the page's CSRF token: a page elsewhere
    that knows the link cannot say for the person what they signed up for."""
    intake = make_intake()
    browser = FormClient(enforce_csrf_checks=True)

    response = browser.post(signed_up_url(intake), {"offering": str(run.pk)})

    assert response.status_code == 403
    assert not SignUp.objects.exists()


def test_the_page_s_own_form_passes_the_csrf_check(make_intake, run):
    intake = make_intake()
    browser = FormClient(enforce_csrf_checks=True)
    html = own_page(browser, intake)
    token = html.find(
        "input", within=html.find("form", id="signed-up-form"), name="csrfmiddlewaretoken"
    )

    response = browser.post(
        signed_up_url(intake), {"csrfmiddlewaretoken": token["value"], "offering": str(run.pk)}
    )

    assert response.status_code == 302
    assert SignUp.objects.get(intake=intake).offering == run


# "Please don't check in with me", on the same page


def test_the_page_says_a_check_in_is_planned_and_offers_to_stop_it(client, make_intake):
    intake = make_intake(checkin_opt_in="on")

    html = own_page(client, intake)

    stop = html.find("form", action=reverse("advisor:checkin_choice", args=[intake.public_token]))
    assert stop is not None
    assert html.find("button", within=stop).words == "Please don't check in with me"
    assert "about a week after it ends" in html.find(class_="signed-up__checkin").words


def test_no_check_in_asked_for_means_nothing_to_stop(client, make_intake):
    intake = make_intake()

    html = own_page(client, intake)

    assert html.find(class_="signed-up__checkin") is None
    assert (
        html.find("form", action=reverse("advisor:checkin_choice", args=[intake.public_token]))
        is None
    )


def test_stopping_from_the_page_stops_the_check_in_and_the_page_says_no_more_of_it(
    client, make_intake
):
    intake = make_intake(checkin_opt_in="on")

    response = client.post(reverse("advisor:checkin_choice", args=[intake.public_token]))

    assert response.status_code == 302
    assert response["Location"] == intake.get_absolute_url() + "#signed-up"
    assert CheckIn.objects.get(intake=intake).stopped_at is not None
    assert own_page(client, intake).find(class_="signed-up__checkin") is None


def test_stopping_without_a_check_in_changes_nothing(client, make_intake):
    intake = make_intake()

    response = client.post(reverse("advisor:checkin_choice", args=[intake.public_token]))

    assert response.status_code == 302
    assert not CheckIn.objects.exists()
