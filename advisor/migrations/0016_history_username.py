"""Each history row names who acted in a column of its own, history_username.

Until now the services kept the username in django-simple-history's change reason, a
free-text note about why a change was made, and the history page read it back as an
identity. The services were the only writers of a change reason, so every one of them
is a username: it moves to the new column and the change reason is emptied.
"""

from django.db import migrations, models
from django.db.models import F
from django.db.models.functions import Substr


def usernames_to_their_column(apps, schema_editor):
    History = apps.get_model("advisor", "HistoricalIntake")
    History.objects.exclude(history_change_reason__isnull=True).exclude(
        history_change_reason=""
    ).update(history_username=F("history_change_reason"), history_change_reason=None)


def usernames_back_to_change_reasons(apps, schema_editor):
    History = apps.get_model("advisor", "HistoricalIntake")
    # The change reason holds 100 characters, as the services cut it.
    History.objects.exclude(history_username="").update(
        history_change_reason=Substr("history_username", 1, 100)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("advisor", "0015_choices_read_from_the_codebook"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalintake",
            name="history_username",
            field=models.CharField(blank=True, default="", max_length=150),
        ),
        migrations.RunPython(usernames_to_their_column, usernames_back_to_change_reasons),
    ]
