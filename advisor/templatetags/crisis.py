"""`{% crisis_line as line %}`: the crisis line's words (advisor.crisis) for a template,
with the number as a link that dials it."""

from __future__ import annotations

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from advisor.crisis import CRISIS_LINE

register = template.Library()


@register.simple_tag
def crisis_line() -> dict[str, object]:
    dial = format_html('<a href="tel:{0}">{0}</a>', CRISIS_LINE.number)
    # Safe: the words are escaped before the (escaped) link goes in.
    in_us: SafeString = mark_safe(escape(CRISIS_LINE.in_us).format(number=dial))
    return {
        "number": CRISIS_LINE.number,
        "lead": CRISIS_LINE.lead,
        "in_us": in_us,
        "outside_us": CRISIS_LINE.outside_us,
    }
