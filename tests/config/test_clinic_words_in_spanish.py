"""The clinic's promises read in Spanish on a Spanish page (config/clinic/words.py).

Staff pages and the clinic's own e-mails stay English (tests/config/test_answer_times.py);
a participant reading in Spanish is told, in Spanish, by when the clinic will answer.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from config.clinic.words import due_words, within_words

NEW_YORK = ZoneInfo("America/New_York")


@pytest.mark.parametrize(
    ("due", "words"),
    [
        (
            datetime(2026, 12, 7, 12, tzinfo=NEW_YORK),
            "a más tardar el lunes 7 de diciembre a las 12 p. m., hora del Este",
        ),
        (
            datetime(2026, 12, 9, 16, 30, tzinfo=NEW_YORK),
            "a más tardar el miércoles 9 de diciembre a las 4:30 p. m., hora del Este",
        ),
        # One o'clock is "la 1", every other hour "las".
        (
            datetime(2026, 12, 8, 13, tzinfo=NEW_YORK),
            "a más tardar el martes 8 de diciembre a la 1 p. m., hora del Este",
        ),
        (
            datetime(2026, 12, 8, 9, tzinfo=ZoneInfo("America/Los_Angeles")),
            "a más tardar el martes 8 de diciembre a las 9 a. m., hora del Pacífico",
        ),
        (
            datetime(2026, 12, 7, 12, tzinfo=ZoneInfo("Europe/London")),
            "a más tardar el lunes 7 de diciembre a las 12 p. m., hora de London",
        ),
    ],
)
def test_a_deadline_reads_in_spanish_on_a_spanish_page(due, words):
    with translation.override("es"):
        assert due_words(due) == words


def test_a_deadline_still_reads_in_english_for_staff():
    with translation.override("en"):
        assert due_words(datetime(2026, 12, 8, 13, tzinfo=NEW_YORK)) == (
            "by Tuesday 8 December at 1 pm Eastern time"
        )


@pytest.mark.parametrize(
    ("hours", "words"), [(1, "1 hora"), (24, "24 horas"), (36, "36 horas"), (48, "2 días")]
)
def test_answer_times_read_in_spanish(hours, words):
    with translation.override("es"):
        assert within_words(hours) == words
