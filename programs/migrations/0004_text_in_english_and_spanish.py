"""Program pages and references keep their text in English and Spanish in the same rows
(django-modeltranslation: programs/translation.py), and a reference gains a short summary.

The English columns start as the text already there; the Spanish ones start empty, and a
page shows the English text wherever the Spanish is missing. 0005 writes the Spanish.
"""

import config.validators
from django.db import migrations, models
from django.db.models import F, Q

# Each model's translated fields: their text so far becomes the English text.
TRANSLATED = {
    "program": [
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
    ],
    "reference": ["summary"],
}


def english_is_the_text_so_far(apps, schema_editor):
    for model_name, fields in TRANSLATED.items():
        model = apps.get_model("programs", model_name)
        for field in fields:
            english = f"{field}_en"
            unset = Q(**{f"{english}__isnull": True}) | Q(**{english: ""})
            model.objects.filter(unset).update(**{english: F(field)})


class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0003_text_fields_refuse_control_characters"),
    ]

    operations = [
        migrations.AddField(
            model_name="program",
            name="cautions_en",
            field=models.TextField(null=True, validators=[config.validators.no_control_characters]),
        ),
        migrations.AddField(
            model_name="program",
            name="cautions_es",
            field=models.TextField(null=True, validators=[config.validators.no_control_characters]),
        ),
        migrations.AddField(
            model_name="program",
            name="home_practice_en",
            field=models.CharField(
                max_length=200, null=True, validators=[config.validators.single_line]
            ),
        ),
        migrations.AddField(
            model_name="program",
            name="home_practice_es",
            field=models.CharField(
                max_length=200, null=True, validators=[config.validators.single_line]
            ),
        ),
        migrations.AddField(
            model_name="program",
            name="name_en",
            field=models.CharField(
                max_length=120, null=True, validators=[config.validators.single_line]
            ),
        ),
        migrations.AddField(
            model_name="program",
            name="name_es",
            field=models.CharField(
                max_length=120, null=True, validators=[config.validators.single_line]
            ),
        ),
        migrations.AddField(
            model_name="program",
            name="origins_en",
            field=models.TextField(
                blank=True,
                help_text="Who developed it, and when.",
                null=True,
                validators=[config.validators.no_control_characters],
            ),
        ),
        migrations.AddField(
            model_name="program",
            name="origins_es",
            field=models.TextField(
                blank=True,
                help_text="Who developed it, and when.",
                null=True,
                validators=[config.validators.no_control_characters],
            ),
        ),
        migrations.AddField(
            model_name="program",
            name="research_en",
            field=models.TextField(null=True, validators=[config.validators.no_control_characters]),
        ),
        migrations.AddField(
            model_name="program",
            name="research_es",
            field=models.TextField(null=True, validators=[config.validators.no_control_characters]),
        ),
        migrations.AddField(
            model_name="program",
            name="retreat_en",
            field=models.CharField(
                blank=True, max_length=200, null=True, validators=[config.validators.single_line]
            ),
        ),
        migrations.AddField(
            model_name="program",
            name="retreat_es",
            field=models.CharField(
                blank=True, max_length=200, null=True, validators=[config.validators.single_line]
            ),
        ),
        migrations.AddField(
            model_name="program",
            name="session_length_en",
            field=models.CharField(
                help_text='For example "about 2.5 hours".',
                max_length=100,
                null=True,
                validators=[config.validators.single_line],
            ),
        ),
        migrations.AddField(
            model_name="program",
            name="session_length_es",
            field=models.CharField(
                help_text='For example "about 2.5 hours".',
                max_length=100,
                null=True,
                validators=[config.validators.single_line],
            ),
        ),
        migrations.AddField(
            model_name="program",
            name="summary_en",
            field=models.TextField(
                help_text="What it is, in a short paragraph.",
                null=True,
                validators=[config.validators.no_control_characters],
            ),
        ),
        migrations.AddField(
            model_name="program",
            name="summary_es",
            field=models.TextField(
                help_text="What it is, in a short paragraph.",
                null=True,
                validators=[config.validators.no_control_characters],
            ),
        ),
        migrations.AddField(
            model_name="program",
            name="tagline_en",
            field=models.CharField(
                help_text="One line shown on cards and lists.",
                max_length=200,
                null=True,
                validators=[config.validators.single_line],
            ),
        ),
        migrations.AddField(
            model_name="program",
            name="tagline_es",
            field=models.CharField(
                help_text="One line shown on cards and lists.",
                max_length=200,
                null=True,
                validators=[config.validators.single_line],
            ),
        ),
        migrations.AddField(
            model_name="program",
            name="what_you_do_en",
            field=models.TextField(
                blank=True,
                help_text="The practices, one paragraph.",
                null=True,
                validators=[config.validators.no_control_characters],
            ),
        ),
        migrations.AddField(
            model_name="program",
            name="what_you_do_es",
            field=models.TextField(
                blank=True,
                help_text="The practices, one paragraph.",
                null=True,
                validators=[config.validators.no_control_characters],
            ),
        ),
        migrations.AddField(
            model_name="program",
            name="who_it_suits_en",
            field=models.TextField(null=True, validators=[config.validators.no_control_characters]),
        ),
        migrations.AddField(
            model_name="program",
            name="who_it_suits_es",
            field=models.TextField(null=True, validators=[config.validators.no_control_characters]),
        ),
        migrations.AddField(
            model_name="reference",
            name="summary",
            field=models.TextField(
                blank=True,
                help_text="What the source found or argues, in a sentence or two of our own; shown under the citation. The title stays as published.",
                validators=[config.validators.no_control_characters],
            ),
        ),
        migrations.AddField(
            model_name="reference",
            name="summary_en",
            field=models.TextField(
                blank=True,
                help_text="What the source found or argues, in a sentence or two of our own; shown under the citation. The title stays as published.",
                null=True,
                validators=[config.validators.no_control_characters],
            ),
        ),
        migrations.AddField(
            model_name="reference",
            name="summary_es",
            field=models.TextField(
                blank=True,
                help_text="What the source found or argues, in a sentence or two of our own; shown under the citation. The title stays as published.",
                null=True,
                validators=[config.validators.no_control_characters],
            ),
        ),
        migrations.RunPython(english_is_the_text_so_far, migrations.RunPython.noop),
    ]
