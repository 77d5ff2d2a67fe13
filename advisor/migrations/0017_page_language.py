# The language each intake was answered in, and each participant e-mail's language.
# Every intake and e-mail before this was in English, the only language the site had.

import advisor.models
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("advisor", "0016_history_username"),
    ]

    operations = [
        migrations.AddField(
            model_name="intake",
            name="answered_in",
            field=models.CharField(
                choices=advisor.models.PageLanguage.worded,
                default="en",
                max_length=5,
                verbose_name="language answered in",
            ),
        ),
        migrations.AddField(
            model_name="participantemail",
            name="language",
            field=models.CharField(
                choices=advisor.models.PageLanguage.worded, default="en", max_length=5
            ),
        ),
    ]
