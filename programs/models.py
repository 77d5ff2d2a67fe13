"""The program catalog: the three courses the clinic refers people to, and the research."""

from __future__ import annotations

from django.db import models
from django.urls import reverse

from config.validators import no_control_characters, single_line
from programs import codes


class Reference(models.Model):
    """A published source that a program page cites."""

    authors = models.CharField(max_length=300, validators=[single_line])
    year = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Leave empty when the source gives no year."
    )
    title = models.CharField(max_length=400, validators=[single_line])
    source = models.CharField(
        max_length=300,
        blank=True,
        help_text="Journal, magazine or book, with volume and pages.",
        validators=[single_line],
    )
    url = models.URLField(blank=True, verbose_name="link", validators=[single_line])
    summary = models.TextField(
        blank=True,
        help_text="What the source found or argues, in a sentence or two of our own; shown "
        "under the citation. The title stays as published.",
        validators=[no_control_characters],
    )

    class Meta:
        ordering = ["authors", "year"]

    def __str__(self) -> str:
        return self.citation

    @property
    def citation(self) -> str:
        """APA-like: Authors (Year). Title. Source."""
        head = f"{self.authors} ({self.year})" if self.year else self.authors
        parts = [head, self.title, self.source]
        return " ".join(_sentence(part) for part in parts if part)


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "?", "!")) else f"{text}."


class ProgramQuerySet(models.QuerySet):
    def listed(self) -> ProgramQuerySet:
        return self.order_by("position", "name")

    def with_references(self) -> ProgramQuerySet:
        return self.prefetch_related(
            models.Prefetch("references", queryset=Reference.objects.order_by("authors", "year"))
        )


class Program(models.Model):
    """One course (MBSR, MBCT or MSC) as a newcomer needs to know it."""

    class Code(models.TextChoices):
        MBSR = codes.MBSR, codes.PROGRAM_NAMES[codes.MBSR]
        MBCT = codes.MBCT, codes.PROGRAM_NAMES[codes.MBCT]
        MSC = codes.MSC, codes.PROGRAM_NAMES[codes.MSC]

    code = models.CharField(max_length=8, choices=Code.choices, unique=True)
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=120, validators=[single_line])
    position = models.PositiveSmallIntegerField(default=0, help_text="Order on the site.")
    tagline = models.CharField(
        max_length=200, help_text="One line shown on cards and lists.", validators=[single_line]
    )
    summary = models.TextField(
        help_text="What it is, in a short paragraph.", validators=[no_control_characters]
    )
    origins = models.TextField(
        blank=True, help_text="Who developed it, and when.", validators=[no_control_characters]
    )
    who_it_suits = models.TextField(validators=[no_control_characters])
    weeks = models.PositiveSmallIntegerField(help_text="Number of weekly sessions.")
    session_length = models.CharField(
        max_length=100, help_text='For example "about 2.5 hours".', validators=[single_line]
    )
    retreat = models.CharField(max_length=200, blank=True, validators=[single_line])
    home_practice = models.CharField(max_length=200, validators=[single_line])
    what_you_do = models.TextField(
        blank=True, help_text="The practices, one paragraph.", validators=[no_control_characters]
    )
    research = models.TextField(validators=[no_control_characters])
    cautions = models.TextField(validators=[no_control_characters])
    references = models.ManyToManyField(Reference, blank=True, related_name="programs")

    objects = ProgramQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def get_absolute_url(self) -> str:
        return reverse("programs:detail", kwargs={"slug": self.slug})
