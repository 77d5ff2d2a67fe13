"""Where a provider teaches and where a participant lives: one list for both, so that an
intake's answer matches providers. Pure Python, for the codebook (advisor.questionnaire);
pages say the names in their own language (providers.models.region_choices)."""

from __future__ import annotations


def gettext_noop(text: str) -> str:
    """Marks `text` for the Spanish catalogue (makemessages reads this name) without
    importing Django."""
    return text


REGIONS = (
    ("northeast", gettext_noop("Northeast US")),
    ("midwest", gettext_noop("Midwest US")),
    ("south", gettext_noop("South US")),
    ("west", gettext_noop("West US")),
    ("outside_us", gettext_noop("Outside the US")),
)
