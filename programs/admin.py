"""The catalog's pages, kept by directory editors: the three programs and their references.

Each text participants read has an English and a Spanish box side by side
(programs/admin_languages.py); the lists filter the rows whose Spanish is missing.
"""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from modeltranslation.admin import TranslationAdmin
from modeltranslation.translator import translator

from programs.admin_languages import NeedsSpanishFilter, SpanishColumn, side_by_side
from programs.models import Program, Reference


@admin.register(Program)
class ProgramAdmin(SpanishColumn, TranslationAdmin):
    spanish_needed_in = tuple(translator.get_options_for_model(Program).fields)
    list_display = ["code", "name", "weeks", "session_length", "position", "spanish_done"]
    list_editable = ["position"]
    list_filter = [NeedsSpanishFilter]
    search_fields = ["code", *side_by_side("name", "tagline")]
    prepopulated_fields = {"slug": ["code"]}
    filter_horizontal = ["references"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "code",
                    "slug",
                    side_by_side("name"),
                    "position",
                    side_by_side("tagline"),
                ]
            },
        ),
        (
            "About the program",
            {
                "fields": [
                    side_by_side("summary"),
                    side_by_side("origins"),
                    side_by_side("who_it_suits"),
                    side_by_side("what_you_do"),
                ]
            },
        ),
        (
            "What it asks of you",
            {
                "fields": [
                    "weeks",
                    side_by_side("session_length"),
                    side_by_side("retreat"),
                    side_by_side("home_practice"),
                ]
            },
        ),
        (
            "Evidence and cautions",
            {"fields": [side_by_side("research"), side_by_side("cautions"), "references"]},
        ),
    ]

    def get_prepopulated_fields(self, request, obj=None):
        return {} if obj else self.prepopulated_fields

    def get_readonly_fields(self, request, obj=None):
        # Codes and slugs are part of the site's stable interface (URLs, the intake's scoring).
        return ["code", "slug"] if obj else []

    # The programs are fixed: the scoring recommends each of them by code, and every
    # intake's recommendation names one, so none is ever added or deleted, by anyone (a
    # superuser too; Django then offers no delete action either). Editors change their
    # pages.

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(Reference)
class ReferenceAdmin(SpanishColumn, TranslationAdmin):
    spanish_needed_in = ("summary",)
    list_display = ["authors", "year", "title", "source", "spanish_done"]
    search_fields = ["authors", "title", "source"]
    list_filter = ["programs", NeedsSpanishFilter]
    fields = ["authors", "year", "title", "source", "url", side_by_side("summary")]
