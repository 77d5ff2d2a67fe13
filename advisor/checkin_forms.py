"""The check-in's form: the questions of advisor.checkin_questions, in the page's language.

Built by the same field maker as the intake form, so a check-in question reads, checks
and is drawn as an intake question does: the same radio buttons, hints and messages, and
the same help under "thoughts of self-harm" the moment "Yes" is chosen.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from advisor import checkin_questions
from advisor.forms import error_links, field_for
from advisor.questionnaire import YES, text_language

ABOUT_THE_COURSE_NEEDED = _("You said you started a course: please answer this too.")


class CheckInForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        language = text_language(translation.get_language())
        for question in checkin_questions.QUESTIONS:
            self.fields[question.code] = field_for(question, language)
        self.fields["what_helped"].widget = forms.Textarea(
            attrs={"rows": 4, "maxlength": checkin_questions.WHAT_HELPED_MAX}
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("started") == YES:
            # Asked of everyone (no script hides them), needed only of who started one.
            for code in checkin_questions.ABOUT_THE_COURSE:
                if cleaned.get(code) in (None, "") and code not in self.errors:
                    self.add_error(code, ABOUT_THE_COURSE_NEEDED)
        return cleaned

    def answers(self) -> dict[str, Any]:
        return {code: self.cleaned_data.get(code) for code in checkin_questions.CODES}

    def error_links(self) -> list[tuple[str, str, str]]:
        return error_links(self)
