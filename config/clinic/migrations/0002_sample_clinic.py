from django.db import migrations

# Written out here, not imported, so that this migration does the same whatever the
# code's samples become.
SAMPLE = {
    "name": "Mindful Path Clinic",
    "phone": "+12025550143",
    "email": "hello@mindfulpath.example",
    "address": "12 Sample Street, Suite 3\nWashington, DC 20001",
    "hours": "Monday to Friday, 9 am to 5 pm",
    "time_zone": "America/New_York",
    "intake_answer_hours": 48,
    "flagged_answer_hours": 24,
}


def sample_clinic(apps, schema_editor):
    """Sample details, marked as samples, until a superuser saves the clinic's own."""
    ClinicProfile = apps.get_model("config", "ClinicProfile")
    ClinicProfile.objects.get_or_create(pk=1, defaults={**SAMPLE, "is_sample": True})


class Migration(migrations.Migration):
    dependencies = [("config", "0001_clinic")]

    operations = [migrations.RunPython(sample_clinic, migrations.RunPython.noop)]
