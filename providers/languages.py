"""Languages a course can be taught in. Pure: the intake's `language` question reads it too.

Each language is named in its own tongue ("Español", "Français"): a person looks for their
own language by the name they know it by, whatever language the page is in. Only the
catch-all "Another language" is translated (gettext, on the page). Sentences that name a
language in the page's language ("Taught in Spanish", "En español") are in
providers.language_words.
"""

from __future__ import annotations


def gettext_noop(text: str) -> str:
    """Marks `text` for the Spanish catalogue (makemessages reads this name) without
    importing Django."""
    return text


OTHER = "other"
LANGUAGES = (
    ("en", "English"),
    ("es", "Español"),
    ("fr", "Français"),
    ("de", "Deutsch"),
    ("pt", "Português"),
    ("zh", "中文"),
    (OTHER, gettext_noop("Another language")),
)
LANGUAGE_NAMES = dict(LANGUAGES)


def language_code(written: str) -> str:
    """The code for a language as an editor wrote it ("English", "Español"); "" if unknown."""
    spelled = (written or "").strip().lower()
    aliases = {"spanish": "es", "espanol": "es", "castellano": "es", "french": "fr",
               "francais": "fr", "german": "de", "portuguese": "pt", "chinese": "zh",
               "mandarin": "zh"}  # fmt: skip
    for code, name in LANGUAGES:
        if spelled in (code, name.lower()):
            return code
    return aliases.get(spelled, "")
