"""The Spanish catalogue is complete, and the compiled file the site reads says the same.

Django reads the compiled locale/es/LC_MESSAGES/django.mo, which is committed so that a
fresh machine needs no GNU gettext to run the site: these fail when a string has no
Spanish yet (or only a guess, "fuzzy"), or when the .po changed and nobody compiled it.
"""

from __future__ import annotations

import gettext
from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parent.parent.parent / "locale" / "es" / "LC_MESSAGES"
PO = LOCALE / "django.po"
MO = LOCALE / "django.mo"
FIX = (
    "Run `make messages`, write the Spanish for each entry in locale/es/LC_MESSAGES/django.po "
    "(and remove its fuzzy flag once checked), then `make messages` again to compile django.mo."
)


def entries() -> list[polib.POEntry]:
    return [entry for entry in polib.pofile(str(PO)) if not entry.obsolete]


def key(entry: polib.POEntry) -> str:
    return f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid


def where(entry: polib.POEntry) -> str:
    places = sorted({path for path, _ in entry.occurrences})
    return f"{entry.msgid[:70]!r} ({', '.join(places) or 'no source'})"


def test_every_string_has_its_spanish():
    untranslated = [where(entry) for entry in entries() if not entry.translated()]

    assert not untranslated, (
        f"{len(untranslated)} strings have no Spanish:\n  " + "\n  ".join(untranslated) + f"\n{FIX}"
    )


def test_no_translation_is_a_guess_left_unchecked():
    fuzzy = [where(entry) for entry in entries() if "fuzzy" in entry.flags]

    assert not fuzzy, f"{len(fuzzy)} fuzzy entries:\n  " + "\n  ".join(fuzzy) + f"\n{FIX}"


def test_no_plural_form_is_left_empty():
    empty = [
        where(entry)
        for entry in entries()
        if entry.msgid_plural and not all(entry.msgstr_plural.values())
    ]

    assert not empty, "Plural forms without Spanish:\n  " + "\n  ".join(empty) + f"\n{FIX}"


def compiled(mo: Path) -> dict:
    with mo.open("rb") as file:
        return gettext.GNUTranslations(file)._catalog


def stale_entries(po_entries: list[polib.POEntry], catalogue: dict) -> list[str]:
    """The entries whose words in the compiled catalogue differ from the .po's."""
    stale = []
    for entry in po_entries:
        if not entry.translated() or "fuzzy" in entry.flags:
            continue  # msgfmt leaves these out; the tests above name them
        if entry.msgid_plural:
            if any(
                catalogue.get((key(entry), index)) != words
                for index, words in entry.msgstr_plural.items()
            ):
                stale.append(where(entry))
        elif catalogue.get(key(entry)) != entry.msgstr:
            stale.append(where(entry))
    return stale


def test_the_compiled_catalogue_says_what_the_po_says():
    stale = stale_entries(entries(), compiled(MO))

    assert not stale, (
        f"django.mo is older than django.po for {len(stale)} entries:\n  "
        + "\n  ".join(stale[:30])
        + f"\n{FIX}"
    )


def test_it_notices_a_po_changed_after_compiling(tmp_path):
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    po.append(polib.POEntry(msgid="Home", msgstr="Inicio"))
    po.append(polib.POEntry(msgid="Main", msgctxt="navigation", msgstr="Principal"))
    po.save_as_mofile(str(tmp_path / "django.mo"))
    assert stale_entries(list(po), compiled(tmp_path / "django.mo")) == []

    po[0].msgstr = "Página principal"

    assert stale_entries(list(po), compiled(tmp_path / "django.mo")) == ["'Home' (no source)"]
