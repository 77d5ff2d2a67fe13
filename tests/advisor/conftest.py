"""Fixtures for the intake's tests; the answers they post come from tests/advisor/intakes.py,
and `valid_post`, `post_intake` and `make_intake` from tests/conftest.py."""

from __future__ import annotations

import pytest


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a request and let its transaction commit (so queued e-mails go)."""

    def run(call, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return call(*args, **kwargs)

    return run
