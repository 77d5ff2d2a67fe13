"""Clinicians may read intakes and change their review fields; nobody but superusers deletes."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CLINICIAN_CODENAMES = ("view_intake", "change_intake")


def grant(apps, schema_editor):
    app_config = apps.get_app_config("advisor")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    clinicians, _ = Group.objects.get_or_create(name="Clinicians")
    clinicians.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="advisor", codename__in=CLINICIAN_CODENAMES
        )
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name="Clinicians"):
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="advisor", codename__in=CLINICIAN_CODENAMES
            )
        )


class Migration(migrations.Migration):
    dependencies = [("advisor", "0002_intake")]

    operations = [migrations.RunPython(grant, revoke)]
