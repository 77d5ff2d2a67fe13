"""The three programs' codes and names: one definition for the catalog, the scoring and
the intake. Pure Python, so that the scoring engine can use it without Django (pages say
the names in their own language with gettext; the catalog's own rows hold both)."""

from __future__ import annotations


def gettext_noop(text: str) -> str:
    """Marks `text` for the Spanish catalogue (makemessages reads this name) without
    importing Django."""
    return text


MBSR = "MBSR"
MBCT = "MBCT"
MSC = "MSC"
PROGRAM_NAMES = {
    MBSR: gettext_noop("Mindfulness-Based Stress Reduction"),
    MBCT: gettext_noop("Mindfulness-Based Cognitive Therapy"),
    MSC: gettext_noop("Mindful Self-Compassion"),
}
PROGRAMS = tuple(PROGRAM_NAMES)
