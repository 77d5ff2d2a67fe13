"""Say on the site that the Community for Deepening Practice is only for MSC graduates."""

from django.db import migrations

SLUG = "community-for-deepening-practice"
NOTE = "Only for people who have completed MSC"


def add_note(apps, schema_editor):
    Provider = apps.get_model("providers", "Provider")
    Provider.objects.filter(slug=SLUG, who_can_join="").update(who_can_join=NOTE)


def remove_note(apps, schema_editor):
    Provider = apps.get_model("providers", "Provider")
    Provider.objects.filter(slug=SLUG, who_can_join=NOTE).update(who_can_join="")


class Migration(migrations.Migration):
    dependencies = [("providers", "0003_provider_who_can_join")]

    operations = [migrations.RunPython(add_note, remove_note)]
