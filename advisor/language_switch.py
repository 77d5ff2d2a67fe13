"""A half-filled form carried to the other language (the header's switch on a form page).

The switch is a submit button of the page's form (templates/includes/_language_switch.html)
that posts what was typed so far to the same page in the other language, with
`switch_language=<code>`. The view then shows the same form again, every answer kept, in
the new language: nothing is checked, saved, counted or e-mailed. The choice is
remembered as the plain link's switch remembers it (config.language.switch_language).
"""

from __future__ import annotations

from django.http import HttpRequest

SWITCH = "switch_language"


def is_switch(request: HttpRequest) -> bool:
    """Whether this post only carries a form to another language: any value counts, since
    the page's URL, not the button's value, says which language it is now in."""
    return request.method == "POST" and SWITCH in request.POST
