"""Where a provider teaches and where a participant lives: one list for both, so that an
intake's answer matches providers. Pure Python, for the codebook (advisor.questionnaire)."""

from __future__ import annotations

REGIONS = (
    ("northeast", "Northeast US"),
    ("midwest", "Midwest US"),
    ("south", "South US"),
    ("west", "West US"),
    ("outside_us", "Outside the US"),
)
