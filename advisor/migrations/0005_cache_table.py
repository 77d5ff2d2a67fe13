"""Create the database cache's table, so `migrate` alone prepares every database.

The cache (CACHES in settings) holds the intake form's rate limit and must be
shared by every worker; by default that is a table in the database.
"""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("advisor", "0004_review_history_access")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
