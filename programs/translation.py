"""The catalog's words that participants read, kept in English and Spanish.

Why django-modeltranslation and not django-parler: modeltranslation adds a column per
language to the same table (summary_en, summary_es), so a page reads a program with the
same one query as before, with no join and no extra query per row: the fixed query counts
of every public page hold as they are. Its TranslationAdmin puts the two languages side by
side in the ModelAdmins we already have, with no script of its own (the tabbed variant,
which needs jQuery, is not used), and a missing Spanish text falls back to the English one
field by field. django-parler keeps translations in a second table per model, joined or
prefetched on every read, and needs its own model base class, managers and admin mixins
in place of ours.

The programs' codes, slugs and the references' citations (authors, titles as published,
sources) are not translated.
"""

from __future__ import annotations

from modeltranslation.translator import TranslationOptions, register

from programs.models import Program, Reference


@register(Program)
class ProgramTranslation(TranslationOptions):
    # Every text its page, its card and the recommendation show.
    fields = (
        "name",
        "tagline",
        "summary",
        "origins",
        "who_it_suits",
        "session_length",
        "retreat",
        "home_practice",
        "what_you_do",
        "research",
        "cautions",
    )


@register(Reference)
class ReferenceTranslation(TranslationOptions):
    fields = ("summary",)
