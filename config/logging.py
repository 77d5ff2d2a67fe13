"""Keep recommendation tokens out of the logs: a token in a log is a key to someone's answers."""

from __future__ import annotations

import logging
import re

TOKEN_IN_PATH = re.compile(r"(/recommendation/)[A-Za-z0-9_-]+")


class RedactTokens(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = TOKEN_IN_PATH.sub(r"\1[token]", message)
        if redacted != message:
            record.msg, record.args = redacted, None
        return True
