"""A course card's language ("Taught in Spanish", "En español"), and the finder's menu of
languages, each in its own tongue.

providers.languages names each language in its own tongue, for menus; a card says it in
the reader's language. Whole phrases, not a name dropped into a sentence, so that each
language can say them its own way.
"""

from __future__ import annotations

from django.utils.translation import gettext, gettext_lazy

from providers.languages import LANGUAGES, OTHER

# What a course card says of the language it is taught in.
TAUGHT_IN = {
    "en": gettext_lazy("Taught in English"),
    "es": gettext_lazy("Taught in Spanish"),
    "fr": gettext_lazy("Taught in French"),
    "de": gettext_lazy("Taught in German"),
    "pt": gettext_lazy("Taught in Portuguese"),
    "zh": gettext_lazy("Taught in Chinese"),
    OTHER: gettext_lazy("Taught in another language"),
}


def taught_in(code: str) -> str:
    """ "Taught in Spanish" ("En español"); a code we do not list reads as another language."""
    return str(TAUGHT_IN.get(code, TAUGHT_IN[OTHER]))


def language_menu() -> list[tuple[str, str]]:
    """(code, name) for each language, in its own tongue; the catch-all in the page's."""
    return [(code, gettext(name) if code == OTHER else name) for code, name in LANGUAGES]
