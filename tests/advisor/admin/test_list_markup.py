"""The intake list's rows and action picker: the markup of Django's own, drawn more cheaply.

Source: issue 7 ("fix the cause"). IntakeAdmin.list_rows builds each row in one step and
admin/advisor/intake/actions.html writes the action picker out; each is held here beside
what Django's generic code makes of the same list, so a new column or a Django upgrade
that changes the markup fails here rather than on a clinician's screen.
"""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.admin.templatetags.admin_list import items_for_result
from django.test import RequestFactory
from django.urls import resolve

from advisor.admin import IntakeAdmin
from advisor.models import Intake
from advisor.services import intake_review
from tests.advisor.admin.conftest import changelist_url
from tests.advisor.conftest import Page

pytestmark = pytest.mark.django_db


@pytest.fixture
def varied_intakes(make_intake, clinician) -> list[Intake]:
    """Every kind of cell: flags or none, an override, assigned or not, awkward names."""
    crisis = make_intake(first_name="Casey", self_harm_thoughts="yes")
    make_intake(first_name='<b>Bold</b> & "quoted"', trauma_history="serious")
    overridden = make_intake(first_name="Olive", shame="5")
    intake_review(
        intake=overridden,
        status=Intake.Status.CONTACTED,
        assigned_to=clinician,
        notes="",
        override_program="MBCT",
        override_reason="Recurrent depression, now well.",
    )
    make_intake(first_name="Plain")
    return [crisis, overridden]


def _request(user, query: str = ""):
    request = RequestFactory().get(changelist_url() + query)
    request.user = user
    request.resolver_match = resolve(changelist_url())
    return request


def _changelist(user, query: str = ""):
    return admin.site.get_model_admin(Intake).get_changelist_instance(_request(user, query))


def _django_rows(cl) -> list[str]:
    return ["".join(items_for_result(cl, intake, None)) for intake in cl.result_list]


@pytest.mark.parametrize(
    "query", ["", "?status__exact=new", "?q=Casey&o=2", "?flag=crisis&assigned_to=none"]
)
def test_its_rows_match_djangos_for_a_clinician(varied_intakes, clinician, query):
    cl = _changelist(clinician, query)
    assert cl.result_list, "the query should find intakes"
    assert cl.model_admin.list_rows(cl) == _django_rows(cl)


def test_its_rows_match_djangos_for_a_superuser(varied_intakes, superuser):
    cl = _changelist(superuser)
    assert cl.model_admin.list_rows(cl) == _django_rows(cl)


def test_its_rows_keep_the_filters_in_each_intakes_link(varied_intakes, clinician):
    cl = _changelist(clinician, "?status__exact=contacted")
    (row,) = cl.model_admin.list_rows(cl)
    assert f"/{varied_intakes[1].pk}/change/?_changelist_filters=status__exact%3Dcontacted" in row


def test_it_escapes_a_name_in_its_rows(varied_intakes, clinician):
    cl = _changelist(clinician)
    rows = "".join(cl.model_admin.list_rows(cl))
    assert "&lt;b&gt;Bold&lt;/b&gt; &amp; &quot;quoted&quot;" in rows
    assert "<b>Bold</b>" not in rows


def test_it_leaves_a_column_it_does_not_know_to_django(
    varied_intakes, client, clinician, page, monkeypatch
):
    monkeypatch.setattr(IntakeAdmin, "list_display", [*IntakeAdmin.list_display, "email"])
    cl = _changelist(clinician)
    assert cl.model_admin.list_rows(cl) is None

    client.force_login(clinician)
    html = page(client.get(changelist_url()))
    emails = [cell.words for cell in html.find_all("td", class_="field-email")]
    assert len(emails) == len(Intake.objects.all())


def test_it_leaves_a_changed_link_column_to_django(varied_intakes, clinician, monkeypatch):
    monkeypatch.setattr(IntakeAdmin, "list_display_links", ["submitted"])
    cl = _changelist(clinician)
    assert cl.model_admin.list_rows(cl) is None
    assert all('<th class="field-submitted"><a href=' in row for row in _django_rows(cl))


def _markup(elements) -> list[tuple[str, dict, str]]:
    return [(e.tag, e.attrs, e.words) for e in elements]


def test_its_action_picker_matches_djangos(varied_intakes, client, clinician, page):
    client.force_login(clinician)
    html = page(client.get(changelist_url()))
    actions = html.find("div", class_="actions")
    picker = [
        e for e in html.find_all(within=actions) if e.tag in {"label", "select", "option", "input"}
    ]

    # What Django's changelist_view and admin/actions.html make of the same actions.
    intake_admin = admin.site.get_model_admin(Intake)
    action_form = intake_admin.action_form(auto_id=None)
    action_form.fields["action"].choices = intake_admin.get_action_choices(_request(clinician))
    djangos = Page(
        "".join(
            f"<label>{field.label} {field}</label>" if field.label else str(field)
            for field in action_form
        )
    )
    assert _markup(picker) == _markup(djangos.elements)
    assert [o.words for o in picker if o.tag == "option"][1:] == [
        "Assign the selected intakes to me",
        "Mark the selected intakes reviewed",
        "Export the selected intakes as CSV",
        "Re-score with the current rules",
    ]
