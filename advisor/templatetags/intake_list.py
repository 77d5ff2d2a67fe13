"""`{% intake_result_list cl %}`: the intake list's table, with rows from IntakeAdmin.list_rows."""

from __future__ import annotations

from django import template
from django.contrib.admin.templatetags.admin_list import result_headers, result_list
from django.contrib.admin.templatetags.base import InclusionAdminNode
from django.contrib.admin.views.main import ChangeList

register = template.Library()


def intake_result_list(cl: ChangeList) -> dict:
    rows = cl.model_admin.list_rows(cl)
    if rows is None:
        return result_list(cl)
    headers = list(result_headers(cl))
    return {
        "cl": cl,
        "result_hidden_fields": [],
        "result_headers": headers,
        "num_sorted_fields": sum(1 for h in headers if h["sortable"] and h["sorted"]),
        # Django's template loops over each row's cells; here a row is one piece.
        "results": [[row] for row in rows],
    }


@register.tag(name="intake_result_list")
def intake_result_list_tag(parser, token) -> InclusionAdminNode:
    # As Django's own {% result_list %}: a project's admin/advisor/intake/ template wins.
    return InclusionAdminNode(
        "intake_result_list",
        parser,
        token,
        func=intake_result_list,
        template_name="change_list_results.html",
        takes_context=False,
    )
