"""Create the two staff groups and give directory editors the catalog and directory.

Clinicians get their intake permissions in the migration that creates the
Intake model; here the group only has to exist so that a clinic can file its
staff into it from day one.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CLINICIANS = "Clinicians"
DIRECTORY_EDITORS = "Directory editors"

DIRECTORY_MODELS = {
    "programs": ("program", "reference"),
    "providers": ("provider", "offering"),
}
ACTIONS = ("view", "add", "change", "delete")


def create_groups(apps, schema_editor):
    # Permissions are normally made after all migrations have run; make them now so
    # the groups can be given them on a brand-new database.
    for app_label in DIRECTORY_MODELS:
        app_config = apps.get_app_config(app_label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Group.objects.get_or_create(name=CLINICIANS)
    editors, _ = Group.objects.get_or_create(name=DIRECTORY_EDITORS)
    codenames = [
        f"{action}_{model}"
        for models in DIRECTORY_MODELS.values()
        for model in models
        for action in ACTIONS
    ]
    editors.permissions.add(
        *Permission.objects.filter(
            content_type__app_label__in=DIRECTORY_MODELS, codename__in=codenames
        )
    )


def remove_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name__in=[CLINICIANS, DIRECTORY_EDITORS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("programs", "0001_initial"),
        ("providers", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
