"""Malformed, oversized and hostile data at the intake and the admin search: never a 500.

Each example starts
from a complete valid submission and makes one to five hostile changes to it, so that
the examples reach past the first missing answer into every field's checks.
"""

from __future__ import annotations

import unicodedata
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from advisor import questionnaire
from advisor.models import Intake
from advisor.questionnaire import CHOICE, LIKERT, PREFERENCE, YES_NO
from tests.advisor.admin.helpers import changelist_url
from tests.advisor.intakes import neutral_post
from tests.hypothesis_examples import examples

pytestmark = pytest.mark.django_db

# Deterministic, and quick enough for every run of the suite.
FUZZ = settings(
    max_examples=examples(100),
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

FORM_CONTENT_TYPE = "application/x-www-form-urlencoded"
HONEYPOT = "contact_website"
FIELDS = [question.code for question in questionnaire.QUESTIONS] + ["form_token", HONEYPOT]
CHOSEN = {
    question.code: {str(value) for value in question.values}
    for question in questionnaire.QUESTIONS
    if question.kind in (LIKERT, CHOICE, YES_NO)
}
PREFERRED = {
    question.code: {str(value) for value in question.values}
    for question in questionnaire.QUESTIONS
    if question.kind == PREFERENCE
}

NASTY = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "0",
    "-1",
    "6",
    "3.0",
    " 3",
    "3 ",
    "٣",  # ARABIC-INDIC DIGIT THREE: int() reads it as 3
    "1e3",
    "99999999999999999999999999",
    "yes'; DROP TABLE advisor_intake; --",
    "' OR 1=1 --",
    "<script>alert(1)</script>",
    "{{ settings.SECRET_KEY }}",
    "%s%s%n",
    "../../etc/passwd",
    "\u202eevil",
    "\ufeff",
    "\ufffd",
    "e\u0301",
    "😀",
    "true",
    "null",
    "None",
    "[]",
    "{}",
]

text = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=60),
    st.integers().map(str),
    st.builds(
        lambda unit, times: unit * times,
        st.sampled_from(["x", "é", "😀", "\x00", "<"]),
        st.sampled_from([99, 100, 101, 254, 255, 5_000, 70_000]),
    ),
)
raw_bytes = st.one_of(
    st.sampled_from([b"\xff", b"\xc3\x28", b"\xed\xa0\x80", b"caf\xe9", b"\x00"]),
    st.binary(max_size=30),
)
value = st.one_of(text, raw_bytes, st.lists(text, min_size=2, max_size=3))

change = st.one_of(
    st.tuples(st.just("drop"), st.sampled_from(FIELDS)),
    st.tuples(st.just("set"), st.sampled_from(FIELDS), value),
    st.tuples(st.just("add"), st.text(min_size=1, max_size=20), value),
)
changes = st.lists(change, min_size=1, max_size=5)


def mutated(changes: list[tuple]) -> dict:
    data: dict = neutral_post()
    for kind, name, *new in changes:
        if kind == "drop":
            data.pop(name, None)
        else:
            data[name] = new[0]
    return data


def as_text(value) -> str:
    """What the server reads for a field: the last of repeated values; bytes that are not
    UTF-8 (percent-encoded, as a browser sends them) read as U+FFFD."""
    if isinstance(value, list):
        value = value[-1]
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return value


def certainly_invalid(data: dict) -> bool:
    """A post no correct form could accept: an answer missing or off the codebook, or the
    honeypot filled. (Names and e-mails are left to the form to judge.)"""
    read = {name: as_text(v) for name, v in data.items()}
    if read.get(HONEYPOT):
        return True
    if any(
        question.code not in read
        for question in questionnaire.QUESTIONS
        if question.kind != PREFERENCE  # optional: leaving one out is fine
    ):
        return True
    if any(read.get(code, "") not in {"", *allowed} for code, allowed in PREFERRED.items()):
        return True
    return any(read[code] not in allowed for code, allowed in CHOSEN.items())


def body(data: dict) -> str:
    return urlencode(data, doseq=True)


def sane_name(name: str) -> bool:
    return 0 < len(name) <= 100 and not any(
        unicodedata.category(ch) in ("Cc", "Cs", "Co") or ch == "\ufffd" for ch in name
    )


@pytest.fixture
def unlimited(settings):
    # Valid mutations should be saved, not stopped by the rate limit.
    settings.INTAKE_RATE_LIMIT = 1_000_000


@FUZZ
@given(changes=changes)
def test_it_never_fails_and_never_saves_an_invalid_intake(client, unlimited, changes):
    data = mutated(changes)
    before = set(Intake.objects.values_list("pk", flat=True))

    response = client.post(reverse("advisor:intake"), body(data), content_type=FORM_CONTENT_TYPE)

    assert response.status_code < 500
    saved = Intake.objects.exclude(pk__in=before)
    event(f"{response.status_code}, invalid={certainly_invalid(data)}, saved={saved.exists()}")
    if certainly_invalid(data):
        assert not saved.exists()
    for intake in saved:
        assert response.status_code == 302
        for code, answer in intake.answers().items():
            assert str(answer) in CHOSEN[code] or answer in (True, False)
        assert sane_name(intake.first_name)
        assert intake.first_name == as_text(data["first_name"]).strip()
        assert "@" in intake.email


@settings(FUZZ, max_examples=examples(50))
@given(changes=changes)
def test_it_never_fails_on_a_multipart_post(client, unlimited, changes):
    # Browsers post the form url-encoded, but nothing stops a script posting multipart.
    data = {
        name: v.decode("utf-8", "replace") if isinstance(v, bytes) else v
        for name, v in mutated(changes).items()
    }
    before = Intake.objects.count()

    response = client.post(reverse("advisor:intake"), data)

    assert response.status_code < 500
    if certainly_invalid(data):
        assert Intake.objects.count() == before


@pytest.mark.parametrize(
    ("content_type", "raw"),
    [
        pytest.param("multipart/form-data; boundary=xx", b"--xx\r\nnonsense", id="torn multipart"),
        pytest.param("multipart/form-data", b"no boundary at all", id="multipart, no boundary"),
        pytest.param("application/json", b'{"first_name": "Robin"}', id="json"),
        pytest.param("text/plain", b"first_name=Robin", id="plain text"),
        pytest.param(FORM_CONTENT_TYPE, b"%%%&&&===", id="broken escapes"),
        pytest.param(FORM_CONTENT_TYPE, b"\xff\xfe\x00", id="not utf-8"),
        pytest.param(FORM_CONTENT_TYPE + "; charset=latin-1", b"first_name=caf%E9", id="latin-1"),
    ],
)
def test_it_refuses_a_malformed_body_without_failing(client, content_type, raw):
    response = client.post(reverse("advisor:intake"), raw, content_type=content_type)

    assert response.status_code < 500
    assert not Intake.objects.exists()


# The admin search


@pytest.fixture
def clinician_with_intakes(client, clinician, make_intake):
    make_intake(first_name="Robin")
    make_intake(first_name="Zoë", email="zoe@example.net")
    client.force_login(clinician)
    return client


search = st.one_of(text, st.lists(text, min_size=2, max_size=3))


@FUZZ
@given(q=search)
def test_it_never_fails_on_a_hostile_admin_search(clinician_with_intakes, q):
    response = clinician_with_intakes.get(changelist_url(), {"q": q})

    assert response.status_code < 500


def test_it_answers_a_very_long_admin_search_without_failing(clinician_with_intakes):
    # What the property above found first: SQLite refuses LIKE patterns over 50,000 bytes.
    response = clinician_with_intakes.get(changelist_url(), {"q": "x" * 70_000})

    assert response.status_code < 500
