"""Seed the providers that the article names, with checked facts only (shared/reference/facts.md).

Nothing here is invented: where a fact was not checked (an e-mail address, a
date of verification) the field stays empty for an editor to fill in.
"""

from django.db import migrations

PROVIDERS = (
    {
        "slug": "midwest-alliance-for-mindfulness",
        "name": "Midwest Alliance for Mindfulness",
        "website": "https://mindfulness-alliance.org",
        "city": "Kansas City metro area",
        "state_or_country": "Kansas and Missouri",
        "region": "midwest",
        "offers_in_person": True,
        "offers_online": True,
        "trains_teachers": True,
        "programs": ("MBSR", "MBCT", "MSC"),
        "description": (
            "A secular, nonsectarian mindfulness center founded in 2018 in the Kansas City "
            "area. It runs all three programs, in a room and online, and trains people who "
            "want to teach mindfulness."
        ),
    },
    {
        "slug": "center-for-mindful-self-compassion",
        "name": "Center for Mindful Self-Compassion",
        "website": "https://centerformsc.org",
        "city": "",
        "state_or_country": "United States",
        "region": "west",
        "offers_in_person": True,
        "offers_online": True,
        "trains_teachers": True,
        "programs": ("MSC",),
        "description": (
            "The US nonprofit behind Mindful Self-Compassion. It trains MSC teachers and lists "
            "MSC courses led by many teachers, online and in person, around the world."
        ),
    },
    {
        "slug": "community-for-deepening-practice",
        "name": "Community for Deepening Practice",
        "website": "https://befriend-yourself.com",
        "city": "",
        "state_or_country": "",
        "region": "",
        "offers_in_person": False,
        "offers_online": True,
        "trains_teachers": False,
        "programs": ("MSC",),
        "description": (
            "A longer follow-on for people who have already completed Mindful Self-Compassion, "
            "run with the Center for Mindful Self-Compassion: live online classes every week "
            "for about eight and a half months. It is not a place to start."
        ),
    },
    {
        "slug": "ucsd-center-for-mindfulness",
        "name": "UC San Diego Center for Mindfulness",
        "website": "https://cih.ucsd.edu/mindfulness",
        "city": "San Diego",
        "state_or_country": "California",
        "region": "west",
        "offers_in_person": True,
        "offers_online": True,
        "trains_teachers": True,
        "programs": ("MBSR", "MSC"),
        "description": (
            "Part of the University of California San Diego. It offers MBSR and Mindful "
            "Self-Compassion in person and online, and trains teachers. An MBSR course there "
            "has cost about $620 ($570 when paid early) and goes ahead once at least ten "
            "people have signed up."
        ),
    },
    {
        "slug": "brown-university-mindfulness-center",
        "name": "Brown University Mindfulness Center",
        "website": "https://www.brown.edu/public-health/mindfulness",
        "city": "Providence",
        "state_or_country": "Rhode Island",
        "region": "northeast",
        "offers_in_person": True,
        "offers_online": True,
        "trains_teachers": True,
        "programs": ("MBSR",),
        "description": (
            "A research center in Brown University's School of Public Health. Its MBSR "
            "courses are taught live, online or in person, and it trains MBSR teachers."
        ),
    },
)


def seed(apps, schema_editor):
    Provider = apps.get_model("providers", "Provider")
    Program = apps.get_model("programs", "Program")
    for entry in PROVIDERS:
        fields = dict(entry)
        codes = fields.pop("programs")
        provider, created = Provider.objects.get_or_create(slug=fields.pop("slug"), defaults=fields)
        if created:
            provider.programs.set(Program.objects.filter(code__in=codes))


def unseed(apps, schema_editor):
    Provider = apps.get_model("providers", "Provider")
    Provider.objects.filter(slug__in=[entry["slug"] for entry in PROVIDERS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0002_seed_catalog"),
        ("providers", "0001_initial"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
