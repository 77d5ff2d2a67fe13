"""The intake form, built from the codebook so the field names are the codebook codes.

Its questions read in the page's language (the codebook holds each in English and
Spanish); whatever the language, an answer is the same code.
"""

from __future__ import annotations

import functools
import unicodedata
import uuid
from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Layout
from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorDict
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from phonenumber_field.formfields import PhoneNumberField

from advisor import questionnaire
from advisor.questionnaire import (
    CHOICE,
    CONSENT,
    EMAIL,
    FOLLOW_UP,
    FOLLOWS,
    LIKERT,
    OPT_IN,
    PHONE,
    PREFERENCE,
    TEXT,
    YES_NO,
    Question,
    effective_trauma_symptoms,
    text_language,
    trauma_symptoms_asked,
)
from advisor.submission import Submission

# Lazy: each is put in the language active when the form is shown.
REQUIRED_MESSAGES = {
    TEXT: _("Please tell us your first name."),
    EMAIL: _("Please give an email address so a clinician can reach you."),
    CONSENT: _("Please tick this box. Without your agreement we cannot keep your answers."),
}
CHOOSE_ONE = _("Please choose one answer.")
# Past this many options a question is a drop-down, not a column of radio buttons.
MAX_RADIOS = 8
NOT_AN_OPTION = _("Please choose one of the answers shown.")
PLAIN_TEXT_ONLY = _("Please use only letters, spaces and ordinary punctuation.")
CHECK_PHONE = _(
    "Please check the phone number: include the area code, for example "
    "(617) 555-0134, or start with + and the country code."
)
CHECK_EMAIL = _("Please check the email address: it should look like name@example.com.")
GO_BY_WHERE_I_LIVE = _("Go by where I live")

# The follow-up question (questionnaire.FOLLOW_UP): the page hides it until asked with CSS
# alone (static/css/site.css, "Intake form"), so it works without JavaScript; here it is
# required only when asked, and when not asked any answer sent for it is dropped and it
# is saved as questionnaire.effective_trauma_symptoms() decides, as recommend() reads it.
# Each question: the question, then its hint, then any error, then the answers.
QUESTION_TEMPLATE = "advisor/fields/question.html"
PARTS_TEMPLATE = "advisor/fields/_parts.html"
SECTION_HEADING_TEMPLATE = "advisor/fields/_section_heading.html"


# Invisible format characters that names written in some scripts need (Persian, the
# Indic scripts); every other one, the bidirectional overrides included, can make a
# name display as something else in the admin, so it is refused.
JOINERS = frozenset("\u200c\u200d")


def plain_text(value: str) -> None:
    """Refuse control and format characters, and the marks left by garbled encodings."""
    for ch in value:
        category = unicodedata.category(ch)
        if (
            ch == "\ufffd"
            or category in ("Cc", "Cs", "Co", "Cn")
            or (category == "Cf" and ch not in JOINERS)
        ):
            raise ValidationError(PLAIN_TEXT_ONLY)


class TickBox(forms.CheckboxInput):
    """A checkbox that counts as ticked only when it sends what a ticked box sends.

    Django's own reads any value but "false" as ticked ("0", "no", "off" included); consent
    has to be the person's tick and nothing else.
    """

    TICKED = "on"  # what a browser sends for a ticked box that has no value of its own

    def value_from_datadict(self, data, files, name) -> bool:
        return data.get(name) == self.TICKED


def field_for(question: Question, language: str = questionnaire.ENGLISH) -> forms.Field:
    """The question's field, worded in `language` (a codebook language)."""
    wording = question.in_language(language)
    messages = {"required": REQUIRED_MESSAGES.get(question.kind, CHOOSE_ONE)}
    common = {
        "label": wording.label,
        "help_text": wording.hint,
        "error_messages": messages,
        "required": question.required,
    }
    if question.kind == TEXT:
        return forms.CharField(max_length=question.max_length, validators=[plain_text], **common)
    if question.kind == PHONE:
        messages["invalid"] = CHECK_PHONE
        return PhoneNumberField(
            max_length=question.max_length,
            widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
            **common,
        )
    if question.kind == OPT_IN:
        return forms.BooleanField(widget=TickBox, **common)
    if question.kind == EMAIL:
        messages["invalid"] = CHECK_EMAIL
        return forms.EmailField(max_length=question.max_length, **common)
    if question.kind == CONSENT:
        return forms.BooleanField(widget=TickBox, **common)
    messages["invalid_choice"] = NOT_AN_OPTION
    options = [(str(value), label) for value, label in wording.options]

    # Choices as a callable: each form's copy of the field then shares the one list of
    # options instead of deep-copying every one of them on every request.
    def choices() -> list[tuple[str, str]]:
        return options

    if question.kind == LIKERT:
        return forms.TypedChoiceField(
            choices=choices, coerce=int, widget=forms.RadioSelect, **common
        )
    if question.kind in (CHOICE, YES_NO):
        return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)
    if question.kind == PREFERENCE:
        common["required"] = False
        if len(options) > MAX_RADIOS:
            menu = [("", GO_BY_WHERE_I_LIVE), *options]
            return forms.ChoiceField(
                choices=lambda: menu,
                widget=forms.Select(attrs={"class": "form-select"}),
                **common,
            )
        return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)
    raise ValueError(f"No form field for question kind {question.kind!r}")


class Drawn:
    """A piece of the form's layout drawn by a template of its own (a heading, a list of
    links), for crispy-forms to place between the fields: the markup stays in templates."""

    def __init__(self, template: str, **context: Any) -> None:
        self.template = template
        self.context = context

    def render(self, form, context, **kwargs) -> str:
        return render_to_string(self.template, self.context)


def _worded(section: questionnaire.Section, language: str) -> questionnaire.Section:
    """The section with its title and introduction in `language`, as its templates read them."""
    return questionnaire.Section(
        section.slug, section.title_in(language), section.intro_in(language)
    )


def _parts(language: str) -> Drawn:
    """The list of parts at the top of the form, each a link to its section."""
    return Drawn(
        PARTS_TEMPLATE, sections=[_worded(section, language) for section in questionnaire.SECTIONS]
    )


def _section(section: questionnaire.Section, number: int, language: str) -> Div:
    heading = Drawn(
        SECTION_HEADING_TEMPLATE,
        section=_worded(section, language),
        number=number,
        total=len(questionnaire.SECTIONS),
    )
    fields = [
        Field(q.code, template=QUESTION_TEMPLATE, wrapper_class="question--follow-up")
        if q.code == FOLLOW_UP
        else q.code
        for q in questionnaire.questions_in(section.slug)
    ]
    return Div(heading, *fields, css_class="intake-section")


HONEYPOT = "contact_website"
# Needed only to send: a person may look at their suggestion without them (`looking=True`).
SEND_ONLY = ("first_name", "email", "consent")


class IntakeForm(forms.Form):
    form_token = forms.UUIDField(widget=forms.HiddenInput)
    # Hidden from people (and from screen readers); bots that fill every box fill this too.
    contact_website = forms.CharField(
        required=False,
        label=_("Leave this box empty"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, data=None, *, looking: bool = False, **kwargs: Any) -> None:
        """`looking`: the answers are to be shown, not sent (the caller says which), so
        what is needed only to send them (SEND_ONLY) may be left out; given, it is still
        checked."""
        if data is not None and not _is_uuid(data.get("form_token")):
            # A lost or mangled hidden token is not the person's mistake: give the form a new one.
            data = data.copy()
            data["form_token"] = str(uuid.uuid4())
        if data is not None and not trauma_symptoms_asked(data) and FOLLOW_UP in data:
            # Not asked, so whatever came for it (a browser that could not hide it) is dropped,
            # and the form shown again leaves it unanswered should the person change their mind.
            data = data.copy()
            data.pop(FOLLOW_UP)
        kwargs.setdefault("initial", {}).setdefault("form_token", uuid.uuid4())
        # The page's language, as the URL set it: the questions read in it.
        self.language = text_language(translation.get_language())
        self.base_fields = fields_in(self.language)
        super().__init__(data, **kwargs)
        self.looking = looking
        if looking:
            for code in SEND_ONLY:
                self.fields[code].required = False

    @functools.cached_property
    def helper(self) -> FormHelper:
        # Only a form that is shown needs its layout; a valid post never is.
        helper = FormHelper()
        helper.form_tag = False
        helper.disable_csrf = True
        helper.field_template = QUESTION_TEMPLATE
        # The hidden form token is written by the page itself, outside these fields, so
        # that the empty form's fields can be one cached fragment for everyone.
        helper.layout = Layout(
            Div(HONEYPOT, css_class="hp-field", aria_hidden="true"),
            _parts(self.language),
            *(
                _section(section, number, self.language)
                for number, section in enumerate(questionnaire.SECTIONS, start=1)
            ),
        )
        return helper

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if FOLLOW_UP in self.errors:
            return cleaned
        # Decided where recommend() decides it, so what is saved is what was scored.
        cleaned[FOLLOW_UP] = effective_trauma_symptoms(cleaned) or ""
        if cleaned.get(FOLLOWS) and not cleaned[FOLLOW_UP]:
            self.add_error(FOLLOW_UP, self.fields[FOLLOW_UP].error_messages["required"])
        return cleaned

    def shown_as_sent(self) -> None:
        """Show the answers as they came, unchecked: a form carried to the other language
        is not yet being sent, so it says nothing is wrong with it."""
        self._errors = ErrorDict()
        self.cleaned_data = {}

    def is_from_a_bot(self) -> bool:
        return bool(self.data.get(HONEYPOT))

    def answers(self) -> dict[str, int | str]:
        """The scored answers from a valid form, in codebook form."""
        return {code: self.cleaned_data[code] for code in questionnaire.ANSWER_CODES}

    def contact(self) -> dict[str, Any]:
        """How to reach the person, from a valid form ("" where an optional one was left)."""
        return {code: self.cleaned_data[code] for code in questionnaire.CONTACT_CODES}

    def preferences(self) -> dict[str, str]:
        """The optional practicalities from a valid form ("" where not answered)."""
        return {code: self.cleaned_data[code] for code in questionnaire.PREFERENCE_CODES}

    def submission(self) -> Submission:
        """What a valid form sends, as advisor.submission.intake_send takes it."""
        return Submission(
            answers=self.answers(),
            contact=self.contact(),
            preferences=self.preferences(),
            form_token=self.cleaned_data["form_token"],
            answered_in=self.language,
        )

    def carried_over(self) -> list[tuple[str, str]]:
        """(name, value) of the hidden inputs that carry a valid form's answers, its
        practicalities and its form token onto a page that offers to send them: read from
        what the form validated, never from what was posted."""
        codes = ("form_token", *questionnaire.ANSWER_CODES, *questionnaire.PREFERENCE_CODES)
        return [(code, str(self.cleaned_data[code])) for code in codes]

    def error_links(self) -> list[tuple[str, str, str]]:
        """(anchor, question, message) for the summary at the top of the form."""
        return error_links(self, skip=("form_token", HONEYPOT))


def error_links(form: forms.Form, skip: tuple[str, ...] = ()) -> list[tuple[str, str, str]]:
    """(anchor, question, message) of each field in error, for a form's summary of them.

    In the page's order, whichever check found the problem; a radio question's anchor is
    its first answer, which is what can take the focus."""
    links = []
    for name in form.fields:
        if name not in form.errors or name in skip:
            continue
        field = form[name]
        anchor = field.auto_id + ("_0" if isinstance(field.field.widget, forms.RadioSelect) else "")
        links.append((anchor, field.label, form.errors[name][0]))
    return links


DECLARED_FIELDS = dict(IntakeForm.base_fields)


@functools.cache
def fields_in(language: str) -> dict[str, forms.Field]:
    """The form's fields worded in `language`: built once per language, like declared
    fields, and each form gets a copy."""
    fields = {**DECLARED_FIELDS}
    fields.update({q.code: field_for(q, language) for q in questionnaire.QUESTIONS})
    # Required only when asked: IntakeForm.clean() decides.
    fields[FOLLOW_UP].required = False
    return fields


# The English fields stand as the class's own, for whoever reads the form's class.
IntakeForm.base_fields = fields_in(questionnaire.ENGLISH)


def _is_uuid(value: Any) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True
