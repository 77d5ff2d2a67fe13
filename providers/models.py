"""The provider directory: organisations that run the programs, and their course runs."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from config.validators import no_control_characters, single_line
from config.weekdays import WEEKDAYS
from programs.models import Program
from providers import schedule
from providers.language_words import language_menu, taught_in
from providers.regions import REGIONS
from providers.schedule_words import zone_words

# The intake's `region` question offers the same list (providers/regions.py).
Region = models.TextChoices("Region", [(value.upper(), (value, label)) for value, label in REGIONS])


# The codebook's words for regions and languages, as callables: a migration records where
# they live, never the words, so rewording them writes no migration (as the intake's own).
# Migrations import these by name (0007). Regions read in the page's language; languages
# in their own tongue (providers.languages), but for the catch-all "Another language".
def region_choices() -> list[tuple[str, str]]:
    return [(value, gettext_lazy(label)) for value, label in Region.choices]


def language_choices() -> list[tuple[str, str]]:
    # A callable named in migrations: the menu itself is providers.language_words'.
    return language_menu()


class Format(models.TextChoices):
    IN_PERSON = "in_person", gettext_lazy("In person")
    ONLINE = "online", gettext_lazy("Online")


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

    name = models.CharField(max_length=200, validators=[single_line])
    slug = models.SlugField(max_length=200, unique=True)
    description = models.TextField(
        help_text="A few sentences in our own words.", validators=[no_control_characters]
    )
    website = models.URLField(validators=[single_line])
    contact_email = models.EmailField(blank=True, validators=[single_line])
    city = models.CharField(max_length=100, blank=True, validators=[single_line])
    state_or_country = models.CharField(
        max_length=100, blank=True, verbose_name="state or country", validators=[single_line]
    )
    region = models.CharField(
        max_length=20,
        choices=region_choices,
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
        validators=[single_line],
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
        """'in person and online', 'online', ... in the page's language."""
        formats = self.formats
        if len(formats) == 2:
            return gettext("in person and online")
        return formats[0].lower() if formats else ""

    @property
    def formats(self) -> list[str]:
        return [
            str(label)
            for offered, label in (
                (self.offers_in_person, Format.IN_PERSON.label),
                (self.offers_online, Format.ONLINE.label),
            )
            if offered
        ]


def _reachable(
    region: str, format_preference: str, *, online: models.Q, in_person: models.Q, near: models.Q
) -> models.Q:
    """Online courses suit anyone; in-person ones suit someone willing to go, who lives nearby."""
    if format_preference == Format.ONLINE:
        return online
    return online | (in_person & near)


# A run's meeting day, as Python counts it (config.weekdays): Weekday.MONDAY is 0.
Weekday = models.IntegerChoices(
    "Weekday", [(day.upper(), (number, day)) for number, day in enumerate(WEEKDAYS)]
)


# How lists of runs are ordered: the soonest first.
SOONEST_FIRST = ("start_date", "pk")


class OfferingQuerySet(models.QuerySet):
    def listed(self) -> OfferingQuerySet:
        """Published runs of active providers, soonest first, with what their cards show."""
        return (
            self.filter(is_published=True, provider__is_active=True)
            .select_related("program", "provider")
            .order_by(*SOONEST_FIRST)
        )

    def in_language_first(self, language: str) -> OfferingQuerySet:
        """The runs taught in `language` first, soonest first, then the others, soonest
        first: for a reader of that language, without hiding the rest. In the database's
        ORDER BY, so a page of 20 is the right 20 and no query is added."""
        if not language:
            return self
        return self.alias(
            in_another_language=models.Case(
                models.When(language=language, then=models.Value(0)),
                default=models.Value(1),
            )
        ).order_by("in_another_language", *SOONEST_FIRST)

    def upcoming(self, today: date | None = None) -> OfferingQuerySet:
        """Runs a person can still sign up for: not started yet, or started and still
        taking newcomers (`joinable_until`). Ended runs are never among them."""
        today = today or timezone.localdate()
        return self.listed().filter(
            models.Q(start_date__gte=today) | models.Q(joinable_until__gte=today),
            end_date__gte=today,
        )

    def matching(self, filters: dict) -> OfferingQuerySet:
        """Runs that meet every filter of the course finder (CourseFilterForm's names)."""
        runs = self
        if "program" in filters:
            runs = runs.filter(program__code=filters["program"])
        if "region" in filters:
            runs = runs.reachable_from(filters["region"], filters.get("format", ""))
        if "format" in filters:
            runs = runs.filter(format=filters["format"])
        if "month" in filters:
            year, month = filters["month"]
            runs = runs.filter(start_date__year=year, start_date__month=month)
        if "from" in filters:
            runs = runs.filter(start_date__gte=filters["from"])
        if "language" in filters:
            runs = runs.filter(language=filters["language"])
        if "aid" in filters:
            runs = runs.filter(financial_aid=True)
        if "max_price" in filters:
            runs = runs.filter(price_usd__lte=filters["max_price"])
        return runs

    def ended(self, today: date | None = None) -> OfferingQuerySet:
        return self.filter(end_date__lt=today or timezone.localdate())

    def needing_a_schedule(self) -> OfferingQuerySet:
        """Runs whose written schedule could not be read when schedules became structured."""
        return self.filter(
            models.Q(weekday__isnull=True)
            | models.Q(starts_at__isnull=True)
            | models.Q(ends_at__isnull=True)
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
    start_date = models.DateField(help_text="The first session; it falls on the meeting day.")
    end_date = models.DateField(help_text="The last session.")
    joinable_until = models.DateField(
        null=True,
        blank=True,
        verbose_name="newcomers may join until",
        help_text="Only if the provider lets people join after the first session.",
    )
    # Empty only on runs whose written schedule could not be read when schedules became
    # structured; the admin lists those ("Schedule: needs fixing") and requires all three.
    weekday = models.PositiveSmallIntegerField(
        choices=Weekday.choices, null=True, verbose_name="meets on"
    )
    starts_at = models.TimeField(null=True, verbose_name="from", help_text="For example 18:30.")
    ends_at = models.TimeField(null=True, verbose_name="to", help_text="For example 21:00.")
    time_zone = models.CharField(
        max_length=64,
        choices=schedule.time_zone_choices,
        default="America/New_York",
        help_text="Where the times above are local time.",
        validators=[single_line],
    )
    schedule_as_written = models.CharField(
        max_length=200,
        blank=True,
        help_text="The schedule as first written, kept for runs that still need fixing.",
        validators=[single_line],
    )
    format = models.CharField(max_length=20, choices=Format.choices)
    location = models.CharField(
        max_length=200,
        blank=True,
        help_text="Address or venue; leave empty for online courses.",
        validators=[single_line],
    )
    price = models.CharField(
        max_length=100,
        blank=True,
        help_text='As the provider states it, e.g. "$620, sliding scale".',
        validators=[single_line],
    )
    price_usd = models.PositiveIntegerField(
        null=True,
        blank=True,
        verbose_name="price in US dollars",
        help_text="The full price in whole dollars, for the price filter; empty if not stated.",
    )
    financial_aid = models.BooleanField(default=False, verbose_name="financial aid available")
    notes = models.CharField(
        max_length=300,
        blank=True,
        verbose_name="good to know",
        help_text='Anything else a participant should know, in a sentence: e.g. "Bring a mat; '
        'the room is up one flight of stairs."',
        validators=[single_line],
    )
    language = models.CharField(max_length=10, choices=language_choices, default="en")
    registration_url = models.URLField(verbose_name="registration link", validators=[single_line])
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
    def calendar_url(self) -> str:
        return reverse("courses:calendar", kwargs={"pk": self.pk})

    @property
    def has_schedule(self) -> bool:
        return None not in (self.weekday, self.starts_at, self.ends_at)

    @property
    def time_zone_label(self) -> str:
        """The run's zone as the page names it ("Eastern time (US)")."""
        return zone_words(self.time_zone)

    @property
    def taught_in(self) -> str:
        """ "Taught in Spanish", in the page's language: every card says it."""
        return taught_in(self.language)

    @property
    def meeting(self) -> schedule.Meeting | None:
        """The weekly meeting in the run's own zone ("Mondays, 6:30 to 9:00 pm")."""
        if not self.has_schedule:
            return None
        return schedule.Meeting(self.start_date, self.weekday, self.starts_at, self.ends_at)

    def meetings_in(self, viewer_zone: str) -> list[schedule.Meeting]:
        """The weekly meetings in `viewer_zone` (one entry per change of day or time)."""
        if not self.has_schedule:
            return []
        return schedule.times_in(
            start=self.start_date,
            end=self.end_date,
            weekday=self.weekday,
            starts_at=self.starts_at,
            ends_at=self.ends_at,
            zone=self.time_zone,
            viewer_zone=viewer_zone,
        )

    def is_under_way(self, today: date | None = None) -> bool:
        return self.start_date < (today or timezone.localdate())

    def clean(self) -> None:
        errors = {}
        if self.format == Format.IN_PERSON and not self.location:
            errors["location"] = "An in-person course needs a place."
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = "The last session cannot come before the first."
        if (
            self.start_date
            and self.weekday is not None
            and self.start_date.weekday() != self.weekday
        ):
            errors["start_date"] = (
                f"{self.start_date:%A %-d %B %Y} is not a {Weekday(self.weekday).label}, the day "
                "the course meets. Choose the date of the first session."
            )
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = "A session must end after it starts."
        if (
            self.joinable_until
            and self.start_date
            and self.end_date
            and not (self.start_date <= self.joinable_until <= self.end_date)
        ):
            errors["joinable_until"] = "Late joining must end between the first and last session."
        if errors:
            raise ValidationError(errors)
