"""Providers and course runs keep the text participants read in English and Spanish in
the same rows (django-modeltranslation: providers/translation.py), and a run gains a
"good to know" note.

The English columns start as the text already there; the Spanish ones start empty, and a
page shows the English text wherever the Spanish is missing. 0009 writes the Spanish.
"""

import config.validators
from django.db import migrations, models
from django.db.models import F, Q

# Each model's translated fields: their text so far becomes the English text.
TRANSLATED = {
    "provider": ["description", "who_can_join", "city", "state_or_country"],
    "offering": ["location", "price", "notes"],
}


def english_is_the_text_so_far(apps, schema_editor):
    for model_name, fields in TRANSLATED.items():
        model = apps.get_model("providers", model_name)
        for field in fields:
            english = f"{field}_en"
            unset = Q(**{f"{english}__isnull": True}) | Q(**{english: ""})
            model.objects.filter(unset).update(**{english: F(field)})


class Migration(migrations.Migration):
    dependencies = [
        ("providers", "0007_choices_read_from_the_codebook"),
    ]

    operations = [
        migrations.AddField(
            model_name="offering",
            name="location_en",
            field=models.CharField(
                blank=True,
                help_text="Address or venue; leave empty for online courses.",
                max_length=200,
                null=True,
                validators=[config.validators.single_line],
            ),
        ),
        migrations.AddField(
            model_name="offering",
            name="location_es",
            field=models.CharField(
                blank=True,
                help_text="Address or venue; leave empty for online courses.",
                max_length=200,
                null=True,
                validators=[config.validators.single_line],
            ),
        ),
        migrations.AddField(
            model_name="offering",
            name="notes",
            field=models.CharField(
                blank=True,
                help_text='Anything else a participant should know, in a sentence: e.g. "Bring a mat; the room is up one flight of stairs."',
                max_length=300,
                validators=[config.validators.single_line],
                verbose_name="good to know",
            ),
        ),
        migrations.AddField(
            model_name="offering",
            name="notes_en",
            field=models.CharField(
                blank=True,
                help_text='Anything else a participant should know, in a sentence: e.g. "Bring a mat; the room is up one flight of stairs."',
                max_length=300,
                null=True,
                validators=[config.validators.single_line],
                verbose_name="good to know",
            ),
        ),
        migrations.AddField(
            model_name="offering",
            name="notes_es",
            field=models.CharField(
                blank=True,
                help_text='Anything else a participant should know, in a sentence: e.g. "Bring a mat; the room is up one flight of stairs."',
                max_length=300,
                null=True,
                validators=[config.validators.single_line],
                verbose_name="good to know",
            ),
        ),
        migrations.AddField(
            model_name="offering",
            name="price_en",
            field=models.CharField(
                blank=True,
                help_text='As the provider states it, e.g. "$620, sliding scale".',
                max_length=100,
                null=True,
                validators=[config.validators.single_line],
            ),
        ),
        migrations.AddField(
            model_name="offering",
            name="price_es",
            field=models.CharField(
                blank=True,
                help_text='As the provider states it, e.g. "$620, sliding scale".',
                max_length=100,
                null=True,
                validators=[config.validators.single_line],
            ),
        ),
        migrations.AddField(
            model_name="provider",
            name="city_en",
            field=models.CharField(
                blank=True, max_length=100, null=True, validators=[config.validators.single_line]
            ),
        ),
        migrations.AddField(
            model_name="provider",
            name="city_es",
            field=models.CharField(
                blank=True, max_length=100, null=True, validators=[config.validators.single_line]
            ),
        ),
        migrations.AddField(
            model_name="provider",
            name="description_en",
            field=models.TextField(
                help_text="A few sentences in our own words.",
                null=True,
                validators=[config.validators.no_control_characters],
            ),
        ),
        migrations.AddField(
            model_name="provider",
            name="description_es",
            field=models.TextField(
                help_text="A few sentences in our own words.",
                null=True,
                validators=[config.validators.no_control_characters],
            ),
        ),
        migrations.AddField(
            model_name="provider",
            name="state_or_country_en",
            field=models.CharField(
                blank=True,
                max_length=100,
                null=True,
                validators=[config.validators.single_line],
                verbose_name="state or country",
            ),
        ),
        migrations.AddField(
            model_name="provider",
            name="state_or_country_es",
            field=models.CharField(
                blank=True,
                max_length=100,
                null=True,
                validators=[config.validators.single_line],
                verbose_name="state or country",
            ),
        ),
        migrations.AddField(
            model_name="provider",
            name="who_can_join_en",
            field=models.CharField(
                blank=True,
                help_text='Only if not everyone can: e.g. "Only for people who have completed MSC".',
                max_length=200,
                null=True,
                validators=[config.validators.single_line],
            ),
        ),
        migrations.AddField(
            model_name="provider",
            name="who_can_join_es",
            field=models.CharField(
                blank=True,
                help_text='Only if not everyone can: e.g. "Only for people who have completed MSC".',
                max_length=200,
                null=True,
                validators=[config.validators.single_line],
            ),
        ),
        migrations.RunPython(english_is_the_text_so_far, migrations.RunPython.noop),
    ]
