"""The catalog's pages, kept by directory editors: the three programs and their references."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from programs.models import Program, Reference


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "weeks", "session_length", "position"]
    list_editable = ["position"]
    search_fields = ["code", "name", "tagline"]
    prepopulated_fields = {"slug": ["code"]}
    filter_horizontal = ["references"]
    fieldsets = [
        (None, {"fields": ["code", "slug", "name", "position", "tagline"]}),
        ("About the program", {"fields": ["summary", "origins", "who_it_suits", "what_you_do"]}),
        (
            "What it asks of you",
            {"fields": ["weeks", "session_length", "retreat", "home_practice"]},
        ),
        ("Evidence and cautions", {"fields": ["research", "cautions", "references"]}),
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
class ReferenceAdmin(admin.ModelAdmin):
    list_display = ["authors", "year", "title", "source"]
    search_fields = ["authors", "title", "source"]
    list_filter = ["programs"]
