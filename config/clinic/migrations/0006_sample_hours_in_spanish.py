"""The sample record's opening hours in Spanish, while they are still the sample's.

A clinic that saved its own hours keeps them: only the sample's words, unchanged, get
their Spanish. Reversing leaves the text in place.
"""

from django.db import migrations

SAMPLE_HOURS = "Monday to Friday, 9 am to 5 pm"
SAMPLE_HOURS_ES = "De lunes a viernes, de 9 a. m. a 5 p. m."


def write_spanish(apps, schema_editor):
    ClinicProfile = apps.get_model("config", "ClinicProfile")
    ClinicProfile.objects.filter(hours_en=SAMPLE_HOURS, hours_es__isnull=True).update(
        hours_es=SAMPLE_HOURS_ES
    )
    ClinicProfile.objects.filter(hours_en=SAMPLE_HOURS, hours_es="").update(
        hours_es=SAMPLE_HOURS_ES
    )


class Migration(migrations.Migration):
    dependencies = [("config", "0005_hours_in_english_and_spanish")]

    operations = [migrations.RunPython(write_spanish, migrations.RunPython.noop)]
