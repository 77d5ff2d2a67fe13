"""Languages a course can be taught in. Pure: the intake's `language` question reads it too."""

from __future__ import annotations

LANGUAGES = (
    ("en", "English"),
    ("es", "Spanish"),
    ("fr", "French"),
    ("de", "German"),
    ("pt", "Portuguese"),
    ("zh", "Chinese"),
    ("other", "Another language"),
)
LANGUAGE_NAMES = dict(LANGUAGES)


def language_code(written: str) -> str:
    """The code for a language as an editor wrote it ("English", "Español"); "" if unknown."""
    spelled = (written or "").strip().lower()
    aliases = {"español": "es", "espanol": "es", "castellano": "es", "deutsch": "de",
               "français": "fr", "francais": "fr", "português": "pt", "mandarin": "zh"}  # fmt: skip
    for code, name in LANGUAGES:
        if spelled in (code, name.lower()):
            return code
    return aliases.get(spelled, "")
