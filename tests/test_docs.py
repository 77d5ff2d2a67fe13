"""The READMEs and guides stay true to the tree: every link leads somewhere, every
command they give exists, and every setting the code reads is in the settings table.

Pure file reading, no database: a renamed module, a new environment variable or a new
Makefile target fails here until the documentation says so.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
DOCUMENTS = [README, ROOT / "bench" / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
# Where settings are read from the environment: the project package and gunicorn's file.
SETTINGS_SOURCES = [*sorted((ROOT / "config").rglob("*.py")), ROOT / "gunicorn.conf.py"]
READ_FROM_ENV = re.compile(
    r"""(?:env_(?:str|bool|int|list)|_whole|_cache_seconds|os\.environ\.get)\(\s*["']([A-Z0-9_]+)["']"""
)
LINK = re.compile(r"\]\(([^)#\s]+)")
MANAGE_COMMAND = re.compile(r"manage\.py ([a-z_]+)")
MAKE_COMMAND = re.compile(r"`make ([a-z-]+)")


def _section(text: str, heading: str) -> str:
    start = text.index(f"\n## {heading}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else None]


def test_it_keeps_the_readme_short_and_its_two_commands_first():
    lines = README.read_text().splitlines()
    assert len(lines) <= 200
    assert lines[3].startswith("make run") and lines[4].startswith("make test")


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda path: str(path.relative_to(ROOT)))
def test_it_links_only_to_files_that_exist(document):
    missing = [
        target
        for target in LINK.findall(document.read_text())
        if "://" not in target and not (document.parent / target).exists()
    ]
    assert missing == []


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda path: str(path.relative_to(ROOT)))
def test_it_gives_only_management_commands_that_exist(document):
    named = MANAGE_COMMAND.findall(document.read_text())
    unknown = [name for name in named if name not in get_commands()]
    assert unknown == []


def test_it_lists_every_makefile_target_among_the_development_commands():
    phony = re.search(r"^\.PHONY:(.*)$", (ROOT / "Makefile").read_text(), re.MULTILINE)
    targets = set(phony.group(1).split())
    listed = set(MAKE_COMMAND.findall(_section(README.read_text(), "Development commands")))
    assert targets - listed == set()
    assert listed - targets == set()


def test_it_describes_every_setting_the_code_reads_from_the_environment():
    read = {name for path in SETTINGS_SOURCES for name in READ_FROM_ENV.findall(path.read_text())}
    table = _section(README.read_text(), "Settings")
    shown = set(re.findall(r"`([A-Z][A-Z0-9_]+)`", table))
    assert read - shown == set()
