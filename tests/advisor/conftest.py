"""Intake answers for view tests: a complete, valid set that leans no way, changed per test."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

import pytest
from django.http import HttpResponse
from django.urls import reverse

from advisor import questionnaire
from advisor.models import Intake
from advisor.questionnaire import CHOICE, CONSENT, EMAIL, LIKERT, TEXT, YES_NO
from advisor.services import intake_submit

FIRST_NAME = "Robin"
EMAIL_ADDRESS = "robin.private@example.net"

# Answers that meet no rule and raise no flag: MBSR first, MSC next, nothing to review.
NEUTRAL_CHOICES = {
    "region": "northeast",
    "format_preference": "either",
    "trauma_history": "none",
    "depression_history": "none",
    "mindfulness_experience": "none",
    "compassion_arises": "not_applicable",
    "primary_goal": "not_sure",
}
NEUTRAL_LIKERT = 3


def _neutral(question: questionnaire.Question) -> str:
    if question.kind == LIKERT:
        return str(NEUTRAL_LIKERT)
    if question.kind == YES_NO:
        return "no"
    if question.kind == CHOICE:
        # A KeyError here means the codebook grew a question this file has not met yet.
        return NEUTRAL_CHOICES[question.code]
    if question.kind == TEXT:
        return FIRST_NAME
    if question.kind == EMAIL:
        return EMAIL_ADDRESS
    if question.kind == CONSENT:
        return "on"
    raise ValueError(f"No neutral answer for question kind {question.kind!r}")


def neutral_post() -> dict[str, str]:
    """Every codebook code with a valid answer, and a fresh hidden form token."""
    data = {question.code: _neutral(question) for question in questionnaire.QUESTIONS}
    data["form_token"] = str(uuid.uuid4())
    return data


def _with(data: dict[str, str], overrides: dict[str, Any]) -> dict[str, str]:
    """The data with overrides applied; an override of None leaves that field out."""
    changed = {**data, **overrides}
    return {name: value for name, value in changed.items() if value is not None}


@pytest.fixture
def valid_post() -> dict[str, str]:
    """A complete valid POST for the intake form (a new dict, with a new form token, each time)."""
    return neutral_post()


@pytest.fixture
def post_intake(client, valid_post) -> Callable[..., HttpResponse]:
    """Post the intake form: the valid answers with `overrides` (None leaves a field out)."""

    def post(**overrides: Any) -> HttpResponse:
        return client.post(reverse("advisor:intake"), _with(valid_post, overrides))

    return post


@pytest.fixture
def make_intake(db) -> Callable[..., Intake]:
    """Save an intake through the service, as a valid form post would, with `overrides`."""

    def make(**overrides: Any) -> Intake:
        data = _with(neutral_post(), overrides)
        answers: dict[str, int | str] = {}
        for code in questionnaire.ANSWER_CODES:
            kind = questionnaire.QUESTIONS_BY_CODE[code].kind
            answers[code] = int(data[code]) if kind == LIKERT else data[code]
        return intake_submit(
            answers=answers,
            first_name=data["first_name"],
            email=data["email"],
            form_token=uuid.UUID(data["form_token"]),
        )

    return make


# Reading pages


VOID_ELEMENTS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)


@dataclass
class Element:
    tag: str
    attrs: dict[str, str | None]
    ancestors: tuple[Element, ...] = field(default=(), repr=False, compare=False)
    text: str = ""

    def is_inside(self, other: Element) -> bool:
        return any(ancestor is other for ancestor in self.ancestors)

    @property
    def classes(self) -> list[str]:
        return (self.attrs.get("class") or "").split()

    @property
    def words(self) -> str:
        """The text as a reader sees it: whitespace collapsed."""
        return " ".join(self.text.split())


class Page(HTMLParser):
    """Every element of a rendered page, in document order, with the text inside it."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self._open: list[Element] = []
        self.feed(html)
        self.close()

    @classmethod
    def of(cls, response: HttpResponse) -> Page:
        return cls(response.content.decode())

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, dict(attrs), tuple(self._open))
        self.elements.append(element)
        if tag not in VOID_ELEMENTS:
            self._open.append(element)

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self._open) - 1, -1, -1):
            if self._open[depth].tag == tag:
                del self._open[depth:]
                return

    def handle_data(self, data: str) -> None:
        for element in self._open:
            element.text += data

    def find_all(
        self, tag: str | None = None, *, within: Element | None = None, **attrs: str
    ) -> list[Element]:
        """Elements with the tag and attribute values; `class_` matches one of the classes."""
        wanted_class = attrs.pop("class_", None)
        return [
            element
            for element in self.elements
            if (tag is None or element.tag == tag)
            and (within is None or element.is_inside(within))
            and (wanted_class is None or wanted_class in element.classes)
            and all(element.attrs.get(name) == value for name, value in attrs.items())
        ]

    def find(
        self, tag: str | None = None, *, within: Element | None = None, **attrs: str
    ) -> Element | None:
        found = self.find_all(tag, within=within, **attrs)
        return found[0] if found else None

    def label_for(self, element_id: str) -> str:
        label = self.find("label", **{"for": element_id})
        return label.words if label else ""


@pytest.fixture
def page() -> Callable[[HttpResponse], Page]:
    """Read a response as a visitor's browser would: `page(response).find(...)`."""
    return Page.of
