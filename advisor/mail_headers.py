"""The List-Unsubscribe header as mail programs read it: `<URL>`, whole, never encoded.

Python's e-mail package folds every header to 78 characters when a message is sent
(Django's SMTP backend formats with email.policy.SMTP), and a header with no space to
break at is then written as RFC 2047 encoded words. A check-in's stop address is longer
than that line, so it would leave as "=?utf-8?q?=3Chttps=3A//...", which RFC 2369 readers
do not decode: no "unsubscribe" button. RFC 5322 allows a line of 998 characters, so
these headers are written on one line instead, as long as they are plain ASCII.
"""

from __future__ import annotations

import email.policy
from email.headerregistry import UnstructuredHeader

LIST_HEADERS = ("list-unsubscribe", "list-unsubscribe-post")
LONGEST_LINE = 998


class ListHeader(UnstructuredHeader):
    max_count = 1

    def fold(self, *, policy) -> str:
        line = f"{self.name}: {self}"
        if not str(self).isascii() or len(line) > LONGEST_LINE:
            return super().fold(policy=policy)
        return line + policy.linesep


def register() -> None:
    """Use ListHeader for the list headers (every policy derived from email.policy.default
    shares its header registry, SMTP's included)."""
    for name in LIST_HEADERS:
        email.policy.default.header_factory.map_to_type(name, ListHeader)
