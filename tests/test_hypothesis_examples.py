"""`make test` tries every example a property test asks for; `make test-fast` a few."""

from __future__ import annotations

from hypothesis import settings

from tests.hypothesis_examples import FAST, FAST_EXAMPLES, PROFILE_VARIABLE, examples


def test_it_tries_each_tests_own_count_under_make_test(monkeypatch):
    monkeypatch.delenv(PROFILE_VARIABLE, raising=False)

    assert examples(300) == 300


def test_it_tries_a_few_under_make_test_fast(monkeypatch):
    monkeypatch.setenv(PROFILE_VARIABLE, FAST)

    assert examples(300) == FAST_EXAMPLES == 10
    assert examples(5) == 5  # never more than the test asks for


def test_its_profile_caps_tests_that_set_no_count():
    assert settings.get_profile(FAST).max_examples == FAST_EXAMPLES
