"""Hypothesis strategies for answer sets, as the form posts them."""

from __future__ import annotations

from hypothesis import strategies as st

from advisor import questionnaire


def any_answers() -> st.SearchStrategy[dict[str, str]]:
    """A complete answer set from the codebook's own options, as the form would post it."""
    return st.fixed_dictionaries(
        {
            question.code: st.sampled_from([str(value) for value in question.values])
            for question in questionnaire.QUESTIONS
            if question.code in questionnaire.ANSWER_CODES
        }
    )
