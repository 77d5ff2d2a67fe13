"""The recommendation page and the empty questionnaire share their rendering between people.

Each must still show every person only their own reasons, link and tokens, and
show an editor's change at once (a clinician's override: test_recommendation_page).
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from advisor.models import Intake
from advisor.scoring import RULES_BY_CODE
from programs.models import Program
from tests.advisor.intakes import neutral_post
from tests.clients import FormClient
from tests.factories import OfferingFactory, ProviderFactory

pytestmark = pytest.mark.django_db

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
# Two people with the same suggestion (MSC, then MBSR) and no flags, for different reasons.
SELF_CRITICAL = {"self_criticism": "5"}
HIGHLY_SENSITIVE = {"high_sensitivity": "5"}


def _url(intake: Intake) -> str:
    return reverse("advisor:recommendation", kwargs={"token": intake.public_token})


def _delete_url(intake: Intake) -> str:
    return reverse("advisor:delete", kwargs={"token": intake.public_token})


def test_it_shows_each_person_only_their_own_reasons(client, make_intake):
    first = make_intake(**SELF_CRITICAL)
    second = make_intake(**HIGHLY_SENSITIVE)
    assert (first.recommendation["first"], first.recommendation["then"]) == (
        second.recommendation["first"],
        second.recommendation["then"],
    )

    first_page = client.get(_url(first))
    second_page = client.get(_url(second))

    assertContains(first_page, RULES_BY_CODE["very_self_critical"].reason)
    assertNotContains(first_page, RULES_BY_CODE["highly_sensitive"].reason)
    assertContains(second_page, RULES_BY_CODE["highly_sensitive"].reason)
    assertNotContains(second_page, RULES_BY_CODE["very_self_critical"].reason)


def test_it_gives_each_person_the_delete_button_for_their_own_answers(client, make_intake):
    first = make_intake(**SELF_CRITICAL)
    second = make_intake(**SELF_CRITICAL)

    client.get(_url(first))
    page = client.get(_url(second)).content.decode()

    assert f'action="{_delete_url(second)}"' in page
    assert first.public_token not in page
    assert "placeholder" not in page


def test_it_accepts_the_delete_button_from_a_shared_page(make_intake):
    intake = make_intake(**SELF_CRITICAL)
    FormClient().get(_url(make_intake(**SELF_CRITICAL)))  # someone else fills the shared pieces
    visitor = FormClient(enforce_csrf_checks=True)

    page = visitor.get(_url(intake)).content.decode()
    token = CSRF_INPUT.search(page).group(1)
    response = visitor.post(_delete_url(intake), {"csrfmiddlewaretoken": token})

    assert response.status_code == 200  # the confirmation page, not a CSRF refusal
    assertContains(response, "Delete")


def test_it_reads_a_repeat_view_without_querying_the_directory(
    client, make_intake, django_assert_num_queries
):
    client.get(_url(make_intake(**SELF_CRITICAL)))
    another = make_intake(**SELF_CRITICAL)

    # The intake and two cache reads (the clinic's details for the footer; then the
    # catalog's version with the kept programs and list of courses, in one read); no
    # program, course or provider is read.
    with django_assert_num_queries(3) as captured:
        client.get(_url(another))

    read = [query["sql"] for query in captured.captured_queries]
    assert not any("providers_" in sql for sql in read), read


def test_it_shows_a_program_change_at_once(client, make_intake):
    intake = make_intake(**SELF_CRITICAL)
    client.get(_url(intake))
    msc = Program.objects.get(code="MSC")
    msc.tagline = "Meet hard moments with the warmth you would give a friend."
    msc.save()

    assertContains(client.get(_url(intake)), "Meet hard moments with the warmth")


def test_it_shows_a_new_course_at_once(client, make_intake):
    intake = make_intake(**SELF_CRITICAL, format_preference="online")
    client.get(_url(intake))

    provider = ProviderFactory(name="Quiet Harbour Online", programs=["MSC"], offers_online=True)
    OfferingFactory(provider=provider, program=Program.objects.get(code="MSC"), format="online")

    assertContains(client.get(_url(intake)), "Quiet Harbour Online")


def test_it_never_passes_a_staff_members_message_on_to_a_participant(make_intake, clinician):
    intake = make_intake(**SELF_CRITICAL)
    staff = FormClient()
    staff.force_login(clinician)
    staff.post(
        reverse("admin:advisor_intake_changelist"),
        {"action": "assign_to_me", "_selected_action": [intake.pk]},
    )

    staff_page = staff.get(_url(intake))
    participant_page = FormClient().get(_url(intake))

    assertContains(staff_page, "1 intake(s) assigned to you.")  # the message was waiting
    assertNotContains(participant_page, "assigned to you")


# The empty questionnaire


def _form_token(page: str) -> str:
    return re.search(r'name="form_token" value="([^"]+)"', page).group(1)


def test_it_gives_every_visit_to_the_questionnaire_its_own_form_token(client):
    first = client.get(reverse("advisor:intake")).content.decode()
    second = client.get(reverse("advisor:intake")).content.decode()

    assert _form_token(first) != _form_token(second)
    assert "placeholder" not in second


def test_it_saves_answers_posted_from_a_shared_copy_of_the_questionnaire():
    FormClient().get(reverse("advisor:intake"))  # someone else's visit renders the shared copy
    visitor = FormClient(enforce_csrf_checks=True)
    page = visitor.get(reverse("advisor:intake")).content.decode()
    answers = {
        **neutral_post(),
        "form_token": _form_token(page),
        "csrfmiddlewaretoken": CSRF_INPUT.search(page).group(1),
    }

    response = visitor.post(reverse("advisor:intake"), answers)

    assert response.status_code == 302
    assert Intake.objects.filter(form_token=answers["form_token"]).exists()
