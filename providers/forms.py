"""The directory's and the course finder's filter forms (they only read the query string), and
the admin's forms of a course run and of its copies."""

from __future__ import annotations

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext, gettext_lazy
from modeltranslation.translator import translator

from programs.models import Program
from providers.language_words import language_menu
from providers.languages import OTHER
from providers.models import Format, Offering, region_choices
from providers.schedule_words import time_zone_menu


class FilterChoice(forms.ChoiceField):
    """A filter's choice. With `ignore_unoffered`, a value we do not offer (a mistyped
    program in a shared link) reads as not given rather than as the field's error: it is
    not the person's mistake to correct, and the form names it among the filters it left
    out. The value stays as sent, so the menu shows no choice made."""

    ignore_unoffered = False

    def to_python(self, value) -> str:
        value = super().to_python(value)
        if self.ignore_unoffered and value and not self.valid_value(value):
            return ""
        return value


def _region_field(label: str, help_text: str = "") -> FilterChoice:
    return FilterChoice(
        required=False,
        label=label,
        choices=lambda: [("", gettext("Anywhere")), *region_choices()],
        help_text=help_text,
    )


def _program_choices() -> list[tuple[str, str]]:
    return [("", gettext("Any program")), *((c, gettext(n)) for c, n in Program.Code.choices)]


class LanguageSelect(forms.Select):
    """The language menu, each language named in its own tongue and marked so (`lang`), so
    that a screen reader says "Français" as French does."""

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        if value and value != OTHER:
            option["attrs"]["lang"] = value
        return option


class QueryFilters(forms.Form):
    """A filter form read from the query string, where a bad value is left out.

    Holds the filters the directory and the course finder share; each adds its own. The
    names are query parameters that links in the wild carry, so they do not change.
    """

    program = FilterChoice(required=False, label=gettext_lazy("Program"), choices=_program_choices)
    format = FilterChoice(
        required=False,
        label=gettext_lazy("Format"),
        choices=lambda: [("", gettext("In person or online")), *Format.choices],
    )
    region = _region_field(gettext_lazy("Where"))

    # The filters whose unoffered choice is left out with a message (unoffered_filters);
    # elsewhere it is the field's error.
    IGNORE_UNOFFERED: tuple[str, ...] = ()

    def __init__(self, data=None, **kwargs):
        if data is not None:
            data = self.normalised(data.copy())
        super().__init__(data, **kwargs)
        for name in self.IGNORE_UNOFFERED:
            self.fields[name].ignore_unoffered = True
        for field in self.fields.values():
            field.widget.attrs.setdefault(
                "class", "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            )
        self.label_suffix = ""

    def normalised(self, data):
        """The query as the fields read it (`data` is the form's own copy)."""
        # Links in the wild may say ?program=msc; codes are upper case.
        if data.get("program"):
            data["program"] = data["program"].strip().upper()
        return data

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

    def unoffered_filters(self) -> list[str]:
        """Names of the filters given a choice we do not offer, among IGNORE_UNOFFERED."""
        given = {name: self.data.get(name) for name in self.IGNORE_UNOFFERED}
        return [
            name
            for name, value in given.items()
            if value not in (None, "") and not self.fields[name].valid_value(value)
        ]

    @classmethod
    def choice_values(cls, names) -> dict[str, set[str]]:
        """Each named filter's values as the form and links spell them ("" is "any"):
        the values worth a cached copy of the page each. Other spellings still work;
        they are just not cached."""
        values = {
            name: {"", *(str(value) for value, _ in cls.base_fields[name].choices)}
            for name in names
        }
        if "program" in values:
            values["program"] |= {code.lower() for code in values["program"]}
        return values


class DirectoryFilterForm(QueryFilters):
    """The directory's filters: only the shared ones.

    A choice it does not offer stays an error of its field (marked invalid on the page),
    and the page names the filter it left out.
    """

    @classmethod
    def cached_values(cls) -> dict[str, set[str]]:
        return cls.choice_values(cls.base_fields)

    # Each filter as the page's sentence names it: "the choice for region".
    NAMES = {
        "program": gettext_lazy("program"),
        "format": gettext_lazy("format"),
        "region": gettext_lazy("region"),
    }

    def ignored_filters(self) -> list[str]:
        """Names of the filters given a choice we do not offer (every error here is one)."""
        return [str(self.NAMES.get(name, name)) for name in self.errors]


def _coming_months(today: date, count: int = 12) -> list[tuple[str, str]]:
    months = []
    year, month = today.year, today.month
    for _ in range(count):
        # "December 2026", "Diciembre de 2026": the month's name in the page's language.
        label = capfirst(formats.date_format(date(year, month, 1), "YEAR_MONTH_FORMAT"))
        months.append((f"{year:04d}-{month:02d}", label))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


class CourseFilterForm(QueryFilters):
    """The course finder's filters, read from the query string and kept in the URL.

    Two kinds of bad value are told apart. A choice we do not offer (a mistyped program
    in a shared link) is left out with a message, as in the directory. A value that is
    not a date, a time zone or a price at all is a form error by its field. Either way
    the other filters still apply.
    """

    # Choices we offer; a value outside them is ignored with a message.
    CHOICES = IGNORE_UNOFFERED = ("program", "format", "region", "language", "aid")
    # Each filter as a sentence names it: "Without the price limit: 3 courses".
    NAMES = {
        "program": gettext_lazy("the program"),
        "format": gettext_lazy("the format"),
        "region": gettext_lazy("where you live"),
        "month": gettext_lazy("the month"),
        "from": gettext_lazy("the start date"),
        "language": gettext_lazy("the language"),
        "aid": gettext_lazy("financial aid"),
        "max_price": gettext_lazy("the price limit"),
    }
    ORDER = ["program", "format", "region", "month", "from", "language", "tz", "aid", "max_price"]
    MAX_PRICE = 100_000

    region = _region_field(
        gettext_lazy("Where you live"),
        help_text=gettext_lazy(
            "In-person courses there, and online ones unless you ask for in person."
        ),
    )
    month = forms.CharField(required=False, label=gettext_lazy("Starting in"), widget=forms.Select)
    language = FilterChoice(
        required=False,
        label=gettext_lazy("Language"),
        # Each language in its own tongue, whatever the page's language.
        choices=lambda: [("", gettext("Any language")), *language_menu()],
        widget=LanguageSelect,
    )
    tz = forms.ChoiceField(
        required=False,
        label=gettext_lazy("Show times in"),
        # A callable: each form's copy shares the long list (one per language) instead of
        # deep-copying it.
        choices=time_zone_menu,
        error_messages={
            "invalid_choice": gettext_lazy(
                "We do not know the time zone %(value)s. Choose one from the list."
            )
        },
    )
    aid = FilterChoice(
        required=False,
        label=gettext_lazy("Financial aid"),
        choices=lambda: [
            ("", gettext("With or without")),
            ("yes", gettext("Only courses that offer it")),
        ],
    )
    max_price = forms.IntegerField(
        required=False,
        label=gettext_lazy("Price up to (US$)"),
        min_value=0,
        max_value=MAX_PRICE,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        help_text=gettext_lazy("Courses that state no price are left out."),
        error_messages={
            "invalid": gettext_lazy("Enter a price in whole dollars, such as 500."),
            "min_value": gettext_lazy("Enter a price of 0 or more."),
            "max_value": gettext_lazy("Enter a price up to %(limit_value)s."),
        },
    )

    def __init__(self, data=None, *, today: date, **kwargs):
        super().__init__(data, **kwargs)
        # "from" is a Python keyword, so it cannot be a class attribute.
        self.fields["from"] = forms.DateField(
            required=False,
            label=gettext("Or starting from"),
            widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}),
            error_messages={"invalid": gettext("Enter a date such as 2027-01-15.")},
        )
        self.order_fields(self.ORDER)
        self.fields["month"].widget.choices = [("", gettext("Any month")), *_coming_months(today)]

    def clean_month(self) -> tuple[int, int] | None:
        value = self.cleaned_data["month"].strip()
        if not value:
            return None
        try:
            year, month = (int(part) for part in value.split("-"))
            date(year, month, 1)
        except ValueError:
            raise forms.ValidationError(
                gettext("Choose a month from the list (or write it as 2027-01).")
            ) from None
        return year, month

    def ignored_filters(self) -> list[str]:
        """Labels of the filters given a choice we do not offer."""
        return [str(self.fields[name].label) for name in self.unoffered_filters()]

    def field_errors(self) -> list[str]:
        """Names of the fields whose values are the person's to correct."""
        return list(self.errors)

    @classmethod
    def cached_values(cls) -> dict[str, set[str]]:
        """The fixed choices worth a cached copy each; dates and prices are rendered."""
        values = cls.choice_values((*cls.CHOICES, "tz"))
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

    def add_error(self, field, error):
        """The run's own checks name its texts ("location"); the form edits each as an
        English and a Spanish box. An error is shown on the English one, which a
        missing Spanish falls back to."""
        if field is None and isinstance(error, ValidationError) and hasattr(error, "error_dict"):
            translated = translator.get_options_for_model(Offering).fields
            error = ValidationError(
                {
                    (f"{name}_en" if name in translated else name): messages
                    for name, messages in error.error_dict.items()
                }
            )
        super().add_error(field, error)


class CopyRunsForm(forms.Form):
    """The admin's "Copy to new dates": the day on or after which the copies start."""

    start_date = forms.DateField(
        label="New first session on or after",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Each copy starts on its own meeting day, on or after this date.",
    )

    def clean_start_date(self):
        value = self.cleaned_data["start_date"]
        if value < timezone.localdate():
            raise forms.ValidationError("Choose a date from today on.")
        return value
