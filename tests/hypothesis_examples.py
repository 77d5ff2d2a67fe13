"""How many examples a property test tries: its own count under `make test`, a few under
`make test-fast`.

A test's `settings(max_examples=...)` outranks any hypothesis profile, so the counts that
`make test` keeps go through `examples()`; `make test-fast` sets HYPOTHESIS_PROFILE=fast,
which caps them (and hypothesis's own default, for tests that set none) at FAST_EXAMPLES.
The profile is loaded in tests/conftest.py, before any test module builds its settings.
"""

from __future__ import annotations

import os

from hypothesis import settings

PROFILE_VARIABLE = "HYPOTHESIS_PROFILE"
FAST = "fast"
# Enough to walk each test's path through the code once or twice, derandomized as ever.
FAST_EXAMPLES = 10

settings.register_profile(FAST, max_examples=FAST_EXAMPLES)


def chosen_profile() -> str:
    """The profile this run asked for: hypothesis's own unless HYPOTHESIS_PROFILE names ours."""
    return os.environ.get(PROFILE_VARIABLE, "default")


def examples(full: int) -> int:
    """`full` examples, or FAST_EXAMPLES if fewer and the run is `make test-fast`."""
    return min(full, FAST_EXAMPLES) if chosen_profile() == FAST else full
