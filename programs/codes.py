"""The three programs' codes and names: one definition for the catalog, the scoring and
the intake. Pure Python, so that the scoring engine can use it without Django."""

from __future__ import annotations

MBSR = "MBSR"
MBCT = "MBCT"
MSC = "MSC"
PROGRAM_NAMES = {
    MBSR: "Mindfulness-Based Stress Reduction",
    MBCT: "Mindfulness-Based Cognitive Therapy",
    MSC: "Mindful Self-Compassion",
}
PROGRAMS = tuple(PROGRAM_NAMES)
