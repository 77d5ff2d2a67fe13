"""What the catalog's and the directory's admin screens share about the two languages:
each translated text as an English and a Spanish box side by side, and a "needs Spanish"
filter and column for the lists.

Staff pages are in English; only the participant's texts have a Spanish box. A text whose
Spanish box is empty shows its English on the Spanish pages (modeltranslation's fallback),
so nothing breaks while a translation is missing: the filter finds what is left to do.

Which texts the filter asks about is each ModelAdmin's `spanish_needed_in`: the prose
(descriptions, notes, a price said in words), not the names of places, which are mostly
the same in both languages and are translated only where they are words ("Kansas City
metro area"). A text with no letter in it ("$450") has nothing to translate.
"""

from __future__ import annotations

import functools
import operator
import re

from django.conf import settings
from django.contrib import admin
from django.db import models

LANGUAGES = settings.MODELTRANSLATION_LANGUAGES
# A text with a word in it; "$450" or "9:30" has none to translate.
WORDS = r"[A-Za-z]"


def side_by_side(*names: str) -> tuple[str, ...]:
    """The English and Spanish boxes of each translated field, on one row of the form."""
    return tuple(f"{name}_{language}" for name in names for language in LANGUAGES)


def spanish_missing(names: tuple[str, ...]) -> models.Q:
    """Rows where some of these texts has English words but no Spanish."""
    return functools.reduce(
        operator.or_,
        (
            models.Q(**{f"{name}_en__regex": WORDS})
            & (models.Q(**{f"{name}_es__isnull": True}) | models.Q(**{f"{name}_es": ""}))
            for name in names
        ),
    )


def spanish_complete(names: tuple[str, ...]) -> models.Q:
    """Rows where each of these texts has its Spanish, or no English words to translate
    (the complement, spelled out so that NULL and "" both count as empty)."""
    return functools.reduce(
        operator.and_,
        (
            models.Q(**{f"{name}_en__isnull": True})
            | ~models.Q(**{f"{name}_en__regex": WORDS})
            | models.Q(**{f"{name}_es__gt": ""})
            for name in names
        ),
    )


def needs_spanish(row: models.Model, names: tuple[str, ...]) -> bool:
    """The same question for one row already read (the list's column: no query)."""
    return any(
        re.search(WORDS, getattr(row, f"{name}_en", None) or "")
        and not getattr(row, f"{name}_es", None)
        for name in names
    )


class NeedsSpanishFilter(admin.SimpleListFilter):
    title = "needs Spanish"
    parameter_name = "needs_spanish"

    def __init__(self, request, params, model, model_admin):
        self.names = model_admin.spanish_needed_in
        super().__init__(request, params, model, model_admin)

    def lookups(self, request, model_admin):
        return [
            ("yes", "Yes: some English text has no Spanish yet"),
            ("no", "No: every text is in both"),
        ]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(spanish_missing(self.names))
        if self.value() == "no":
            return queryset.filter(spanish_complete(self.names))
        return queryset


class SpanishColumn:
    """A list's "Spanish" column: a tick when every text is in both languages."""

    spanish_needed_in: tuple[str, ...] = ()

    @admin.display(description="Spanish", boolean=True)
    def spanish_done(self, row: models.Model) -> bool:
        return not needs_spanish(row, self.spanish_needed_in)
