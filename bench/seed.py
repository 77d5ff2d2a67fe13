"""Fill the benchmark's own database with a clinic-sized load of data.

Run by bench/run.py with DATABASE_URL pointing at the benchmark database only.
Writes the tokens and the clinician's login to the JSON file named on the command line.
"""

from __future__ import annotations

import json
import os
import random
import sys
import uuid
from datetime import time, timedelta

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()

from django.contrib.auth.models import Group, User  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models.expressions import RawSQL  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402

from advisor import questionnaire  # noqa: E402
from advisor.models import Intake  # noqa: E402
from advisor.questionnaire import PREFER_NOT, YES_NO  # noqa: E402
from advisor.scoring import recommend  # noqa: E402
from programs.models import Program  # noqa: E402
from providers.models import Format, Offering, Provider, Region  # noqa: E402
from providers.schedule import next_weekday  # noqa: E402

ZONES = ("America/New_York", "America/Chicago", "America/Los_Angeles", "Europe/London")
PROVIDERS = 100
OFFERINGS = 1000
INTAKES = 10_000
CLINICIAN_PASSWORD = "bench-passphrase-not-secret"
# One clinician per concurrent client: a TOTP code can be used only once per device.
CLINICIANS = 32


def random_answers(rng: random.Random) -> dict[str, int | str]:
    answers: dict[str, int | str] = {}
    for code in questionnaire.ANSWER_CODES:
        question = questionnaire.QUESTIONS_BY_CODE[code]
        if question.kind == YES_NO:
            # Mostly no, some yes, and "rather not say" where the question offers it.
            draw = rng.random()
            unsaid = PREFER_NOT in question.values and draw > 0.97
            answers[code] = PREFER_NOT if unsaid else "yes" if draw < 0.1 else "no"
        else:
            answers[code] = rng.choice(question.values)
    # Asked only after some trauma, as the form does; not asked, it is a no.
    if answers["trauma_history"] == "none":
        answers["trauma_symptoms"] = "no"
    return answers


def seed_directory(rng: random.Random) -> None:
    programs = list(Program.objects.all())
    regions = [value for value, _ in Region.choices]
    providers = Provider.objects.bulk_create(
        Provider(
            name=f"Bench Mindfulness Center {n}",
            slug=f"bench-center-{n}",
            description="A provider made up for the benchmark.",
            website=f"https://bench-{n}.example.org",
            city="Benchville",
            region=rng.choice(regions),
            offers_in_person=rng.random() < 0.7,
            offers_online=rng.random() < 0.7,
        )
        for n in range(PROVIDERS)
    )
    for provider in providers:
        provider.programs.set(rng.sample(programs, rng.randint(1, 3)))
    today = timezone.localdate()
    offerings = []
    for n in range(OFFERINGS):
        # Tuesdays; a fifth are under way and still take newcomers for two weeks.
        start = next_weekday(today + timedelta(days=rng.randint(-60, 200)), 1)
        fmt = rng.choice([Format.IN_PERSON, Format.ONLINE])
        offerings.append(
            Offering(
                provider=providers[n % PROVIDERS],
                program=rng.choice(programs),
                start_date=start,
                end_date=start + timedelta(weeks=7),
                weekday=1,
                starts_at=time(18, 0),
                ends_at=time(20, 30),
                time_zone=rng.choice(ZONES),
                language=rng.choice(("en", "en", "en", "es")),
                price=f"${(price := rng.randrange(200, 800, 25))}",
                price_usd=price,
                financial_aid=rng.random() < 0.4,
                joinable_until=start + timedelta(weeks=2) if rng.random() < 0.2 else None,
                format=fmt,
                location="Bench Hall" if fmt == Format.IN_PERSON else "",
                registration_url="https://bench.example.org/register",
            )
        )
    Offering.objects.bulk_create(offerings)


def seed_intakes(rng: random.Random) -> list[str]:
    now = timezone.now()
    batch = []
    for n in range(INTAKES):
        answers = random_answers(rng)
        batch.append(
            Intake(
                form_token=uuid.uuid4(),
                first_name=f"Bench{n}",
                email=f"bench{n}@example.org",
                **Intake.answer_fields(answers),
                consented_at=now,
                consent_version=questionnaire.CONSENT_VERSION,
                **Intake.snapshot_fields(recommend(answers).as_dict()),
            )
        )
    Intake.objects.bulk_create(batch, batch_size=1000)
    # Spread the submission times over the past year, as a real clinic's would be.
    Intake.objects.update(created_at=RawSQL("now() - random() * interval '365 days'", []))
    # The recommendation page is measured over a random sample of these links.
    return list(Intake.objects.order_by("?").values_list("public_token", flat=True)[:2000])


def seed_clinicians() -> dict[str, object]:
    group = Group.objects.get(name="Clinicians")
    logins = []
    for n in range(CLINICIANS):
        user = User.objects.create_user(
            f"bench-clinician-{n}", password=CLINICIAN_PASSWORD, is_staff=True
        )
        user.groups.add(group)
        device = TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
        logins.append({"username": user.username, "totp_key": device.key})
    return {"password": CLINICIAN_PASSWORD, "clinicians": logins}


def main(out_path: str) -> None:
    rng = random.Random(2026)
    seed_directory(rng)
    tokens = seed_intakes(rng)
    login = seed_clinicians()
    # What a live database would have had done by now: otherwise autovacuum wakes up to
    # the 10,000 rewritten intakes in the middle of a measurement.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    with open(out_path, "w") as out:
        json.dump({"tokens": tokens, **login}, out)
    print(
        f"Seeded {Provider.objects.count()} providers, {Offering.objects.count()} offerings, "
        f"{Intake.objects.count()} intakes."
    )


if __name__ == "__main__":
    main(sys.argv[1])
