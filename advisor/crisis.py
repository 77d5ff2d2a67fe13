"""The crisis line, in the one set of words every page, e-mail and error page gives it.

Someone who is struggling may meet it anywhere: the form's safety question, the
recommendation's crisis panel, the footer of every page, a participant's e-mail, the
page nginx serves while the site is down. The same words everywhere mean nobody has to
work out whether two numbers, or two promises, differ. HTML pages get it through
templates/includes/_crisis_line.html; the static nginx pages carry a copy that
tests/deploy/test_error_pages.py keeps identical.

Plain Python, no Django: a plain-text e-mail and a template both read it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CrisisLine:
    number: str  # what the tel: and sms: links dial
    lead: str  # the question that opens the line where it stands alone
    in_us: str  # after "In the US:"; "{number}" is where the number goes (a link in HTML)
    outside_us: str  # after "Outside the US:"

    @property
    def in_us_words(self) -> str:
        return self.in_us.format(number=self.number)

    @property
    def text(self) -> str:
        """The line as plain text, for an e-mail."""
        return f"{self.lead} In the US: {self.in_us_words}. Outside the US: {self.outside_us}."


CRISIS_LINE = CrisisLine(
    number="988",
    lead="Struggling right now?",
    in_us="call or text {number}, the Suicide & Crisis Lifeline, at any hour",
    outside_us="call your local emergency number",
)
