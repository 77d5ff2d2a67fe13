"""The clinic's opening hours, in words, in English and Spanish (config/clinic/translation.py).

The English column starts as the words already there; the Spanish one starts empty, and a
page shows the English words until it is filled (0006 fills it for the sample record).
"""

import config.validators
from django.db import migrations, models
from django.db.models import F, Q

# Each model's translated fields: their text so far becomes the English text.
TRANSLATED = {"clinicprofile": ["hours"]}


def english_is_the_text_so_far(apps, schema_editor):
    for model_name, fields in TRANSLATED.items():
        model = apps.get_model("config", model_name)
        for field in fields:
            english = f"{field}_en"
            unset = Q(**{f"{english}__isnull": True}) | Q(**{english: ""})
            model.objects.filter(unset).update(**{english: F(field)})


class Migration(migrations.Migration):
    dependencies = [
        ("config", "0004_clinic_open_days_and_times"),
    ]

    operations = [
        migrations.AddField(
            model_name="clinicprofile",
            name="hours_en",
            field=models.CharField(
                help_text="When someone answers the phone, in words, e.g. Monday to Friday, 9 am to 5 pm.",
                max_length=200,
                null=True,
                validators=[config.validators.single_line],
                verbose_name="opening hours",
            ),
        ),
        migrations.AddField(
            model_name="clinicprofile",
            name="hours_es",
            field=models.CharField(
                help_text="When someone answers the phone, in words, e.g. Monday to Friday, 9 am to 5 pm.",
                max_length=200,
                null=True,
                validators=[config.validators.single_line],
                verbose_name="opening hours",
            ),
        ),
        migrations.RunPython(english_is_the_text_so_far, migrations.RunPython.noop),
    ]
