"""The provider directory: organisations that run the programs, and their course runs."""

from __future__ import annotations

import zoneinfo

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone

from programs.models import Program
from providers.regions import REGIONS

# The intake's `region` question offers the same list (providers/regions.py).
Region = models.TextChoices("Region", [(value.upper(), (value, label)) for value, label in REGIONS])


class Format(models.TextChoices):
    IN_PERSON = "in_person", "In person"
    ONLINE = "online", "Online"


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            "%(value)s is not a time zone name we know. Use a name such as America/Chicago.",
            params={"value": value},
        )


class ProviderQuerySet(models.QuerySet):
    def active(self) -> ProviderQuerySet:
        return self.filter(is_active=True)

    def for_directory(self) -> ProviderQuerySet:
        return (
            self.active()
            .prefetch_related(models.Prefetch("programs", queryset=Program.objects.listed()))
            .order_by("name")
        )

    def offering(self, program_code: str) -> ProviderQuerySet:
        return self.filter(programs__code=program_code)

    def in_format(self, fmt: str) -> ProviderQuerySet:
        if fmt == Format.ONLINE:
            return self.filter(offers_online=True)
        return self.filter(offers_in_person=True)

    def in_region(self, region: str) -> ProviderQuerySet:
        return self.filter(region=region)

    def reachable_from(self, region: str, format_preference: str) -> ProviderQuerySet:
        return self.filter(
            _reachable(
                region,
                format_preference,
                online=models.Q(offers_online=True),
                in_person=models.Q(offers_in_person=True),
                near=models.Q(region=region),
            )
        )


class Provider(models.Model):
    """An organisation that runs one or more of the programs."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    description = models.TextField(help_text="A few sentences in our own words.")
    website = models.URLField()
    contact_email = models.EmailField(blank=True)
    city = models.CharField(max_length=100, blank=True)
    state_or_country = models.CharField(max_length=100, blank=True, verbose_name="state or country")
    region = models.CharField(
        max_length=20,
        choices=Region.choices,
        blank=True,
        help_text="Where the provider is based; leave empty for one that only teaches online.",
    )
    offers_in_person = models.BooleanField(default=False, verbose_name="runs courses in person")
    offers_online = models.BooleanField(default=False, verbose_name="runs courses online")
    programs = models.ManyToManyField(Program, related_name="providers", blank=True)
    trains_teachers = models.BooleanField(default=False)
    who_can_join = models.CharField(
        max_length=200,
        blank=True,
        help_text='Only if not everyone can: e.g. "Only for people who have completed MSC".',
    )
    is_active = models.BooleanField(
        default=True,
        verbose_name="active",
        help_text="Untick to retire a provider: it leaves the public site but stays on file.",
    )
    last_verified = models.DateField(
        null=True, blank=True, help_text="When someone last checked these details."
    )

    objects = ProviderQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("providers:detail", kwargs={"slug": self.slug})

    @property
    def place(self) -> str:
        return ", ".join(part for part in (self.city, self.state_or_country) if part)

    @property
    def formats_text(self) -> str:
        """'in person and online', 'online', ..."""
        return " and ".join(self.formats).lower()

    @property
    def formats(self) -> list[str]:
        return [
            label
            for offered, label in (
                (self.offers_in_person, Format.IN_PERSON.label),
                (self.offers_online, Format.ONLINE.label),
            )
            if offered
        ]


# Names people use for the zones most courses here are scheduled in; others show their IANA name.
FRIENDLY_TIME_ZONES = {
    "America/New_York": "Eastern time (US)",
    "America/Chicago": "Central time (US)",
    "America/Denver": "Mountain time (US)",
    "America/Phoenix": "Arizona time",
    "America/Los_Angeles": "Pacific time (US)",
    "America/Anchorage": "Alaska time",
    "Pacific/Honolulu": "Hawaii time",
    "Europe/London": "UK time",
}


def _reachable(
    region: str, format_preference: str, *, online: models.Q, in_person: models.Q, near: models.Q
) -> models.Q:
    """Online courses suit anyone; in-person ones suit someone willing to go, who lives nearby."""
    if format_preference == Format.ONLINE:
        return online
    return online | (in_person & near)


class OfferingQuerySet(models.QuerySet):
    def upcoming(self) -> OfferingQuerySet:
        """Published course runs that have not ended, soonest first."""
        return (
            self.filter(
                is_published=True,
                provider__is_active=True,
                end_date__gte=timezone.localdate(),
            )
            .select_related("program", "provider")
            .order_by("start_date", "pk")
        )

    def reachable_from(self, region: str, format_preference: str) -> OfferingQuerySet:
        return self.filter(
            _reachable(
                region,
                format_preference,
                online=models.Q(format=Format.ONLINE),
                in_person=models.Q(format=Format.IN_PERSON),
                near=models.Q(provider__region=region),
            )
        )


class Offering(models.Model):
    """One run of a program by a provider: dates, schedule, format, price and how to sign up."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="offerings")
    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="offerings")
    start_date = models.DateField()
    end_date = models.DateField()
    weekly_schedule = models.CharField(
        max_length=200, help_text='For example "Tuesdays, 6:00 to 8:30 pm".'
    )
    time_zone = models.CharField(
        max_length=64, default="America/New_York", validators=[validate_time_zone]
    )
    format = models.CharField(max_length=20, choices=Format.choices)
    location = models.CharField(
        max_length=200, blank=True, help_text="Address or venue; leave empty for online courses."
    )
    price = models.CharField(
        max_length=100, blank=True, help_text='As the provider states it, e.g. "$620".'
    )
    financial_aid = models.BooleanField(default=False, verbose_name="financial aid available")
    language = models.CharField(max_length=50, default="English")
    registration_url = models.URLField(verbose_name="registration link")
    is_published = models.BooleanField(default=True, verbose_name="published")
    is_sample = models.BooleanField(
        default=False,
        verbose_name="sample listing",
        help_text="Made-up listing for a demonstration site; shown with a clear label.",
    )

    objects = OfferingQuerySet.as_manager()

    class Meta:
        ordering = ["start_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="offering_ends_after_it_starts",
                violation_error_message="The course cannot end before it starts.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.program.code} with {self.provider.name}, from {self.start_date:%d %b %Y}"

    @property
    def time_zone_label(self) -> str:
        return FRIENDLY_TIME_ZONES.get(self.time_zone, self.time_zone.replace("_", " "))

    def clean(self) -> None:
        if self.format == Format.IN_PERSON and not self.location:
            raise ValidationError({"location": "An in-person course needs a place."})
