"""The directory's filter form. It only reads the query string: a bad value is left out."""

from __future__ import annotations

from django import forms

from programs.models import Program
from providers.models import Format, Region


class DirectoryFilterForm(forms.Form):
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

    def valid_filters(self) -> dict[str, str]:
        """The filters that were given and are known; unknown ones are left out."""
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return {
            name: cleaned[name]
            for name in self.fields
            if name not in self.errors and cleaned.get(name)
        }

    def ignored_filters(self) -> list[str]:
        return list(self.errors)
