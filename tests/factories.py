"""Factories for directory data; the catalog itself comes from the data migration."""

from __future__ import annotations

from datetime import time, timedelta

import factory
from django.utils import timezone

from programs.models import Program
from providers.models import Format, Offering, Provider, Region
from providers.schedule import next_weekday


def program(code: str) -> Program:
    return Program.objects.get(code=code)


class ProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Provider
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Quiet Harbor Mindfulness {n}")
    slug = factory.Sequence(lambda n: f"quiet-harbor-{n}")
    description = "A small center that teaches mindfulness courses."
    website = factory.Sequence(lambda n: f"https://quiet-harbor-{n}.example.org")
    city = "Portland"
    state_or_country = "Maine"
    region = Region.NORTHEAST
    offers_in_person = True
    offers_online = False

    @factory.post_generation
    def programs(self, create: bool, codes, **kwargs) -> None:
        if create and codes:
            self.programs.set(Program.objects.filter(code__in=codes))


class OfferingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Offering

    provider = factory.SubFactory(ProviderFactory)
    program = factory.LazyFunction(lambda: program("MBSR"))
    # The first Tuesday at least two weeks away: a run starts on its meeting day.
    start_date = factory.LazyFunction(
        lambda: next_weekday(timezone.localdate() + timedelta(days=14), 1)
    )
    end_date = factory.LazyAttribute(lambda o: o.start_date + timedelta(weeks=7))
    weekday = factory.LazyAttribute(lambda o: o.start_date.weekday())
    starts_at = time(18, 0)
    ends_at = time(20, 30)
    time_zone = "America/New_York"
    format = Format.IN_PERSON
    location = "12 Harbor Street, Portland"
    registration_url = "https://quiet-harbor.example.org/register"


def offering_admin_form(start, **changes: str) -> dict[str, object]:
    """The admin's add-offering form for an MBSR run at Brown meeting on Mondays, 6:00 to
    8:30 pm Eastern, from `start` (the caller's choice: it may test a wrong weekday)."""
    return {
        "provider": Provider.objects.get(slug="brown-university-mindfulness-center").pk,
        "program": program("MBSR").pk,
        "start_date": start.isoformat(),
        "end_date": (start + timedelta(weeks=7)).isoformat(),
        "weekday": "0",
        "starts_at": "18:00",
        "ends_at": "20:30",
        "time_zone": "America/New_York",
        "language": "en",
        "registration_url": "https://www.brown.edu/public-health/mindfulness/register",
        "is_published": "on",
        **changes,
    }
