"""The directory's and the course finder's filter forms (they only read the query string), and
the admin's form of a course run."""

from __future__ import annotations

from datetime import date

from django import forms
from django.utils import timezone

from programs.models import Program
from providers.languages import LANGUAGES
from providers.models import Format, Offering, Region
from providers.schedule import time_zone_choices


class QueryFilters(forms.Form):
    """A filter form read from the query string, where a bad value is left out."""

    def valid_filters(self) -> dict[str, object]:
        """The filters that were given and are usable; the others are left out."""
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return {
            name: cleaned[name]
            for name in self.fields
            # 0 is a price someone may ask for; only "not given" is left out.
            if name not in self.errors and cleaned.get(name) not in (None, "")
        }


class DirectoryFilterForm(QueryFilters):
    program = forms.ChoiceField(
        required=False, label="Program", choices=[("", "Any program"), *Program.Code.choices]
    )
    format = forms.ChoiceField(
        required=False, label="Format", choices=[("", "In person or online"), *Format.choices]
    )
    region = forms.ChoiceField(
        required=False, label="Where", choices=[("", "Anywhere"), *Region.choices]
    )

    def __init__(self, data=None, **kwargs):
        if data is not None:
            # Links in the wild may say ?program=msc; codes are upper case.
            data = data.copy()
            if data.get("program"):
                data["program"] = data["program"].strip().upper()
        super().__init__(data, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select"
        self.label_suffix = ""

    @classmethod
    def cached_values(cls) -> dict[str, set[str]]:
        """Each filter's values as the form and links spell them ("" is "any"): one cached
        copy of the directory each. Other spellings still work; they are just not cached."""
        values = {}
        for name, field in cls.base_fields.items():
            values[name] = {str(value) for value, _ in field.choices}
        values["program"] |= {code.lower() for code in values["program"]}
        return values

    def ignored_filters(self) -> list[str]:
        return list(self.errors)


def _coming_months(today: date, count: int = 12) -> list[tuple[str, str]]:
    months = []
    year, month = today.year, today.month
    for _ in range(count):
        months.append((f"{year:04d}-{month:02d}", date(year, month, 1).strftime("%B %Y")))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


TIME_ZONE_MENU = [("", "Each course's own time zone"), *time_zone_choices()]


class CourseFilterForm(QueryFilters):
    """The course finder's filters, read from the query string and kept in the URL.

    Two kinds of bad value are told apart. A choice we do not offer (a mistyped program
    in a shared link) is left out with a message, as in the directory. A value that is
    not a date, a time zone or a price at all is a form error by its field. Either way
    the other filters still apply.
    """

    # Choices we offer; a value outside them is ignored with a message.
    CHOICES = ("program", "format", "region", "language", "aid")
    # Each filter as a sentence names it: "Without the price limit: 3 courses".
    NAMES = {
        "program": "the program",
        "format": "the format",
        "region": "where you live",
        "month": "the month",
        "from": "the start date",
        "language": "the language",
        "aid": "financial aid",
        "max_price": "the price limit",
    }
    MAX_PRICE = 100_000

    program = forms.ChoiceField(
        required=False, label="Program", choices=[("", "Any program"), *Program.Code.choices]
    )
    format = forms.ChoiceField(
        required=False, label="Format", choices=[("", "In person or online"), *Format.choices]
    )
    region = forms.ChoiceField(
        required=False,
        label="Where you live",
        choices=[("", "Anywhere"), *Region.choices],
        help_text="In-person courses there, and online ones unless you ask for in person.",
    )
    month = forms.CharField(required=False, label="Starting in", widget=forms.Select)
    language = forms.ChoiceField(
        required=False, label="Language", choices=[("", "Any language"), *LANGUAGES]
    )
    tz = forms.ChoiceField(
        required=False,
        label="Show times in",
        # A callable: each form's copy shares the long list instead of deep-copying it.
        choices=lambda: TIME_ZONE_MENU,
    )
    aid = forms.ChoiceField(
        required=False,
        label="Financial aid",
        choices=[("", "With or without"), ("yes", "Only courses that offer it")],
    )
    max_price = forms.IntegerField(
        required=False,
        label="Price up to (US$)",
        min_value=0,
        max_value=MAX_PRICE,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        help_text="Courses that state no price are left out.",
    )

    def __init__(self, data=None, *, today: date, **kwargs):
        if data is not None:
            data = data.copy()
            if data.get("program"):
                data["program"] = data["program"].strip().upper()
        super().__init__(data, **kwargs)
        # "from" is a Python keyword, so it cannot be a class attribute.
        self.fields["from"] = forms.DateField(
            required=False,
            label="Or starting from",
            widget=forms.DateInput(attrs={"type": "date"}),
            error_messages={"invalid": "Enter a date such as 2027-01-15."},
        )
        self.order_fields(
            ["program", "format", "region", "month", "from", "language", "tz", "aid", "max_price"]
        )
        self.fields["month"].widget.choices = [("", "Any month"), *_coming_months(today)]
        self.fields["tz"].error_messages["invalid_choice"] = (
            "We do not know the time zone %(value)s. Choose one from the list."
        )
        for field in self.fields.values():
            field.widget.attrs.setdefault(
                "class", "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            )
        self.label_suffix = ""

    def clean_month(self) -> tuple[int, int] | None:
        value = self.cleaned_data["month"].strip()
        if not value:
            return None
        try:
            year, month = (int(part) for part in value.split("-"))
            date(year, month, 1)
        except ValueError:
            raise forms.ValidationError(
                "Choose a month from the list (or write it as 2027-01)."
            ) from None
        return year, month

    def full_clean(self) -> None:
        super().full_clean()
        # An unoffered choice is not the person's mistake to correct: it is left out with
        # a message (ignored_filters), not shown as an error by its field.
        self.ignored = [name for name in self.CHOICES if name in self._errors]
        for name in self.ignored:
            del self._errors[name]

    def ignored_filters(self) -> list[str]:
        """Labels of the filters given a choice we do not offer."""
        self.is_valid()
        return [self.fields[name].label for name in self.ignored]

    def field_errors(self) -> list[str]:
        """Names of the fields whose values are the person's to correct."""
        return list(self.errors)

    @classmethod
    def cached_values(cls) -> dict[str, set[str]]:
        """The fixed choices worth a cached copy each; dates and prices are rendered."""
        values = {
            name: {"", *(str(value) for value, _ in cls.base_fields[name].choices)}
            for name in (*cls.CHOICES, "tz")
        }
        values["program"] |= {code.lower() for code in values["program"]}
        values["page"] = {str(n) for n in range(1, 11)}
        # The months the form offers, from when the process started: a month past them
        # is still searched, only not kept.
        values["month"] = {"", *(value for value, _ in _coming_months(timezone.localdate(), 24))}
        return values


# Said once on a run's form, under its time zone, in place of the admin's own note.
RUN_TIMES_HELP = (
    "Enter the dates and times as they are where the course runs, in this time zone "
    "(not yours or the clinic's)."
)


class RunDateInput(forms.DateInput):
    """The browser's own date picker, for a run's dates: that place's dates, nothing to convert.

    Not the admin's date and time widgets: their script puts "Note: Enter times in the
    America/New_York timezone" (the clinic's zone) beside each one whenever the editor's
    computer keeps another zone, which is wrong for a run kept in its own zone.
    """

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")  # the only format a date input reads


class RunTimeInput(forms.TimeInput):
    """The browser's own time picker, for a run's wall-clock times in its own zone."""

    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")


class OfferingAdminForm(forms.ModelForm):
    """A course run in the admin (on its own page, and among its provider's runs)."""

    class Meta:
        model = Offering
        # What this form changes; the admin names the rest of the fields it shows.
        fields = ["start_date", "end_date", "joinable_until", "starts_at", "ends_at", "time_zone"]
        widgets = {
            "start_date": RunDateInput,
            "end_date": RunDateInput,
            "joinable_until": RunDateInput,
            "starts_at": RunTimeInput,
            "ends_at": RunTimeInput,
        }
        help_texts = {"time_zone": RUN_TIMES_HELP}
