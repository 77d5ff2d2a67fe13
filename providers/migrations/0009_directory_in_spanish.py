"""The five seeded providers in Spanish, written by us (usted, neutral Latin American
Spanish, for people in the US).

A text is written only where its Spanish is still empty and its English is still the one
0002 and 0004 seeded: an editor's own words are never overwritten, nor translated from an
older version. Names and links stay as they are, and places that are names. Reversing leaves the text in place.
"""

import importlib

from django.db import migrations

SEEDED = importlib.import_module("providers.migrations.0002_seed_article_providers")
FOLLOW_ON = importlib.import_module("providers.migrations.0004_follow_on_audience")

DESCRIPTIONS = {
    "midwest-alliance-for-mindfulness": (
        "Un centro de mindfulness laico y sin afiliación religiosa, fundado en 2018 en el área "
        "de Kansas City. Ofrece los tres programas, en persona y en línea, y forma a personas "
        "que quieren enseñar mindfulness."
    ),
    "center-for-mindful-self-compassion": (
        "La organización sin fines de lucro de EE. UU. que creó Mindful Self-Compassion "
        "(Autocompasión Consciente). Forma instructores de MSC y publica cursos de MSC "
        "dirigidos por muchos instructores, en línea y en persona, en todo el mundo."
    ),
    "community-for-deepening-practice": (
        "Una continuación más larga para personas que ya completaron Mindful Self-Compassion, "
        "en colaboración con el Center for Mindful Self-Compassion: clases semanales en vivo "
        "por internet durante unos ocho meses y medio. No es un lugar para empezar."
    ),
    "ucsd-center-for-mindfulness": (
        "Forma parte de la Universidad de California en San Diego. Ofrece MBSR y Mindful "
        "Self-Compassion (Autocompasión Consciente) en persona y en línea, y forma "
        "instructores. Un curso de MBSR allí ha costado unos $620 ($570 si se paga por "
        "adelantado) y se realiza una vez que se inscriben al menos diez personas."
    ),
    "brown-university-mindfulness-center": (
        "Un centro de investigación de la Escuela de Salud Pública de la Universidad de Brown. "
        "Sus cursos de MBSR se imparten en vivo, en línea o en persona, y también forma "
        "instructores de MBSR."
    ),
}
WHO_CAN_JOIN = {FOLLOW_ON.SLUG: (FOLLOW_ON.NOTE, "Solo para personas que ya completaron MSC")}
# Places that are words rather than names; the others read the same in Spanish.
PLACES = {
    "midwest-alliance-for-mindfulness": {
        "city": "Área metropolitana de Kansas City",
        "state_or_country": "Kansas y Misuri",
    },
    "center-for-mindful-self-compassion": {"state_or_country": "Estados Unidos"},
}


def _empty(value) -> bool:
    return value is None or value == ""


def write_spanish(apps, schema_editor):
    Provider = apps.get_model("providers", "Provider")
    seeded = {entry["slug"]: entry["description"] for entry in SEEDED.PROVIDERS}
    for provider in Provider.objects.filter(slug__in=DESCRIPTIONS):
        changed = []
        if _empty(provider.description_es) and provider.description_en == seeded[provider.slug]:
            provider.description_es = DESCRIPTIONS[provider.slug]
            changed.append("description_es")
        english, spanish = WHO_CAN_JOIN.get(provider.slug, (None, None))
        if english and _empty(provider.who_can_join_es) and provider.who_can_join_en == english:
            provider.who_can_join_es = spanish
            changed.append("who_can_join_es")
        seeded_place = next(entry for entry in SEEDED.PROVIDERS if entry["slug"] == provider.slug)
        for field, spanish in PLACES.get(provider.slug, {}).items():
            english_now = getattr(provider, f"{field}_en")
            if _empty(getattr(provider, f"{field}_es")) and english_now == seeded_place[field]:
                setattr(provider, f"{field}_es", spanish)
                changed.append(f"{field}_es")
        if changed:
            provider.save(update_fields=changed)


class Migration(migrations.Migration):
    dependencies = [("providers", "0008_text_in_english_and_spanish")]

    operations = [migrations.RunPython(write_spanish, migrations.RunPython.noop)]
