"""`{% crisis_line as line %}`: the crisis line's words (advisor.crisis) for a template,
in the page's language, with the numbers as links that dial or text them and the chat as
a link."""

from __future__ import annotations

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from advisor.crisis import SPANISH_HELP, crisis_line_for

register = template.Library()


@register.simple_tag
def crisis_line() -> dict[str, object]:
    line = crisis_line_for(get_language())
    dial = format_html('<a href="tel:{0}">{0}</a>', line.number)
    text = format_html('<a href="sms:{0}">{0}</a>', line.number)
    chat = format_html('<a href="https://{0}/">{0}</a>', line.chat) if line.chat else ""
    # Safe: the words are escaped before the (escaped) links go in.
    in_us: SafeString = mark_safe(escape(line.in_us).format(number=dial, text=text, chat=chat))
    return {
        "language": line.language,
        "number": line.number,
        "lead": line.lead,
        "in_us_label": line.in_us_label,
        "in_us": in_us,
        "outside_us_label": line.outside_us_label,
        "outside_us": line.outside_us,
        "chat": line.chat,
        "text_word": line.text_word,
        "text": line.text,
        # Someone who reads Spanish may land on a page in English: one line for them.
        "spanish_help": "" if line.language == "es" else SPANISH_HELP,
    }
