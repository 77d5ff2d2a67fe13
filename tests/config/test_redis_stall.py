"""Redis refusing or hanging costs nothing but speed.

Every page a participant may need answers within 3 s, uncached, whether Redis refuses
connections (cut) or accepts them and never answers (hang, as in a partition); an
editor's save succeeds; and the rate limit is never skipped: a questionnaire that cannot
be counted gets the honest 503 with every answer kept. Redis is this machine's
(database 12), behind tests/tcp_proxy.TcpProxy.
"""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation
from pytest_django.asserts import assertContains, assertRedirects

from advisor.follow_up import checkins_sweep
from advisor.models import CheckIn, Intake, SignUp
from providers.models import Provider
from tests.advisor.intakes import neutral_post, saved_intake
from tests.config.redis_behind_a_proxy import deadline, direct_redis, redis_behind_a_proxy
from tests.helpers import Page, admin_form_data

pytestmark = [pytest.mark.django_db, pytest.mark.outage]

PAGE_DEADLINE = 3.0
BROWN = "brown-university-mindfulness-center"


@pytest.fixture
def crisis_intake(db) -> Intake:
    return saved_intake(self_harm_thoughts="yes")


def _participant_pages(intake: Intake) -> dict[str, str]:
    token = {"token": intake.public_token}
    return {
        "recommendation": reverse("advisor:recommendation", kwargs=token),
        "home": reverse("home"),
        "programs": reverse("programs:list"),
        "program": reverse("programs:detail", kwargs={"slug": "msc"}),
        "providers": reverse("providers:list"),
        "courses": reverse("courses:list"),
        "courses, filtered": reverse("courses:list") + "?program=msc&format=online",
        "intake": reverse("advisor:intake"),
        "privacy": reverse("privacy"),
        "lost link": reverse("advisor:lost_link"),
        "delete": reverse("advisor:delete", kwargs=token),
    }


PAGES = list(_participant_pages(Intake(public_token="x")))


def _shows_the_page(response) -> None:
    assert response.status_code == 200
    assert Page.of(response).find("h1").words  # the page itself, not an error page


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("outage", ["hang", "cut"])
@pytest.mark.parametrize("name", PAGES)
def test_it_serves_each_participant_page_while_redis_is_away(
    client, settings, crisis_intake, name, outage, language
):
    with translation.override(language):
        url = _participant_pages(crisis_intake)[name]
    with redis_behind_a_proxy(settings) as proxy:
        _shows_the_page(client.get(url))  # a copy kept, connections open
        getattr(proxy, outage)()

        with deadline(PAGE_DEADLINE):
            response = client.get(url)

    _shows_the_page(response)
    assert Page.of(response).find("html").attrs["lang"] == language


@pytest.mark.parametrize("outage", ["hang", "cut"])
def test_it_leads_a_crisis_intake_with_988_while_redis_is_away(
    client, settings, crisis_intake, outage
):
    url = reverse("advisor:recommendation", kwargs={"token": crisis_intake.public_token})
    with redis_behind_a_proxy(settings) as proxy:
        getattr(proxy, outage)()

        with deadline(PAGE_DEADLINE):
            response = client.get(url)

    page = Page.of(response)
    assert response.status_code == 200
    assert "988" in page.find(class_="crisis-panel").words
    content = response.content.decode()
    assert content.index('class="crisis-panel"') < content.index('id="where-title"')


def test_it_serves_page_after_page_while_redis_hangs_waiting_on_it_once(
    client, settings, crisis_intake
):
    # A worker that waited on every read in turn would stall a node: after one read has
    # timed out, the process stops asking for a moment.
    urls = list(_participant_pages(crisis_intake).values())
    with redis_behind_a_proxy(settings) as proxy:
        proxy.hang()

        with deadline(PAGE_DEADLINE):
            responses = [client.get(url) for url in urls]

    assert [response.status_code for response in responses] == [200] * len(urls)


def test_it_keeps_copies_in_redis_again_once_it_answers(client, settings):
    url = reverse("providers:list")
    with redis_behind_a_proxy(settings, failure_pause=0.2) as proxy:
        proxy.hang()
        client.get(url)
        proxy.forward()
        time.sleep(0.3)  # the pause after a failure

        client.get(url)

        prefix = settings.CACHES["default"]["KEY_PREFIX"]
        kept = list(direct_redis().scan_iter(f"{prefix}:*public-page:*"))
    assert len(kept) == 1


@pytest.mark.parametrize("outage", ["hang", "cut"])
def test_it_saves_an_editors_change_while_redis_is_away(client, settings, editor, outage):
    brown = Provider.objects.get(slug=BROWN)
    url = reverse("admin:providers_provider_change", args=[brown.pk])
    with redis_behind_a_proxy(settings) as proxy:
        client.force_login(editor)
        data = admin_form_data(client.get(url))
        getattr(proxy, outage)()

        with deadline(PAGE_DEADLINE):
            response = client.post(url, {**data, "name": "Brown Mindfulness Center"})

    assertRedirects(response, reverse("admin:providers_provider_changelist"))
    assert Provider.objects.get(slug=BROWN).name == "Brown Mindfulness Center"


def test_it_shows_an_edit_saved_while_redis_hung_once_redis_is_back(client, settings, editor):
    # The copy kept before the edit would otherwise be served until it expired.
    brown = Provider.objects.get(slug=BROWN)
    directory = reverse("providers:list")
    change = reverse("admin:providers_provider_change", args=[brown.pk])
    with redis_behind_a_proxy(settings, failure_pause=0.2) as proxy:
        assertContains(client.get(directory), "Brown University Mindfulness Center")
        client.force_login(editor)
        data = admin_form_data(client.get(change))
        proxy.hang()
        client.post(change, {**data, "name": "Brown Mindfulness Center"})
        client.logout()
        proxy.forward()
        time.sleep(0.3)  # the pause after a failure

        response = client.get(directory)

    assertContains(response, "Brown Mindfulness Center")


@pytest.mark.parametrize("outage", ["hang", "cut"])
def test_it_refuses_a_questionnaire_it_cannot_count_with_every_answer_kept(
    client, settings, outage
):
    post = {**neutral_post(), "first_name": "Ottilie", "self_harm_thoughts": "yes"}
    with redis_behind_a_proxy(settings) as proxy:
        client.get(reverse("advisor:intake"))
        getattr(proxy, outage)()

        with deadline(PAGE_DEADLINE):
            response = client.post(reverse("advisor:intake"), post)

    assert response.status_code == 503
    assert response["Retry-After"]
    page = Page.of(response)
    assert page.find("input", name="first_name").attrs["value"] == "Ottilie"
    assert "988" in response.content.decode()
    assert not Intake.objects.exists()


@pytest.mark.parametrize("outage", ["hang", "cut"])
def test_it_refuses_a_lost_link_request_it_cannot_count(client, settings, outage):
    saved_intake(email="robin.private@example.net")
    mail.outbox.clear()
    with redis_behind_a_proxy(settings) as proxy:
        client.get(reverse("advisor:lost_link"))
        getattr(proxy, outage)()

        with deadline(PAGE_DEADLINE):
            response = client.post(
                reverse("advisor:lost_link"), {"email": "robin.private@example.net"}
            )

    assert response.status_code == 503
    assert response["Retry-After"]
    assert mail.outbox == []


def _invited_checkin(intake: Intake) -> CheckIn:
    """The intake's check-in once its invitation is made (its link opens only then)."""
    checkins_sweep(now=timezone.now() + timedelta(weeks=52))
    return CheckIn.objects.get(intake=intake)


FINISHED_WANTS_NEXT = {
    "started": "yes",
    "program": "MBSR",
    "finished": "yes",
    "helpful": "4",
    "wants_next": "yes",
    "self_harm_thoughts": "no",
}


@pytest.mark.parametrize("outage", ["hang", "cut"])
def test_the_check_in_is_answered_and_its_second_step_shown_while_redis_is_away(
    client, settings, outage
):
    checkin = _invited_checkin(saved_intake(checkin_opt_in="on"))
    url = reverse("advisor:checkin", kwargs={"token": checkin.token})
    stop = reverse("advisor:checkin_stop", kwargs={"token": checkin.token})
    with redis_behind_a_proxy(settings) as proxy:
        _shows_the_page(client.get(url))
        getattr(proxy, outage)()

        with deadline(PAGE_DEADLINE):
            _shows_the_page(client.get(url))
            _shows_the_page(client.get(stop))
            assertRedirects(client.post(url, FINISHED_WANTS_NEXT), url)
            answered = client.get(url)  # the second step's courses, drawn afresh

    _shows_the_page(answered)
    assert Page.of(answered).find(class_="second-step") is not None
    assert CheckIn.objects.get(pk=checkin.pk).answered_at is not None


@pytest.mark.parametrize("outage", ["hang", "cut"])
def test_a_sign_up_is_kept_while_redis_is_away(client, settings, outage):
    intake = saved_intake()
    page = reverse("advisor:recommendation", kwargs={"token": intake.public_token})
    with redis_behind_a_proxy(settings) as proxy:
        getattr(proxy, outage)()

        with deadline(PAGE_DEADLINE):
            response = client.post(
                reverse("advisor:signed_up", kwargs={"token": intake.public_token}),
                {"program": "MSC"},
            )

    assertRedirects(response, page + "#signed-up", fetch_redirect_response=False)
    assert SignUp.objects.get(intake=intake).program == "MSC"
