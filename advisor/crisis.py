"""The crisis line, in the one set of words every page, e-mail and error page gives it.

Someone who is struggling may meet it anywhere: the form's safety question, the
recommendation's crisis panel, the footer of every page, a participant's e-mail, the
page nginx serves while the site is down. The same words everywhere mean nobody has to
work out whether two numbers, or two promises, differ. HTML pages get it through
templates/includes/_crisis_line.html; the static nginx pages carry a copy that
tests/deploy/test_error_pages.py keeps identical.

One set of words per language, written here rather than in the gettext catalogue: the
Spanish line is not a translation of the English one (988 answers in Spanish after
pressing 2, by text to AYUDA, and has its own chat), and a stale catalogue must never
leave a crisis line half in one language.

Plain Python, no Django: a plain-text e-mail and a template both read it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CrisisLine:
    language: str
    number: str  # what the tel: and sms: links dial
    lead: str  # the question that opens the line where it stands alone
    in_us_label: str
    # "{number}" is where the number to call goes, "{text}" the number to text and
    # "{chat}" the chat's address (each a link in HTML)
    in_us: str
    outside_us_label: str
    outside_us: str
    chat: str = ""  # the chat's address, without https://
    text_word: str = ""  # the word to text, where the line answers one ("AYUDA")

    @property
    def in_us_words(self) -> str:
        return self.in_us.format(number=self.number, text=self.number, chat=self.chat)

    @property
    def text(self) -> str:
        """The line as plain text, for an e-mail."""
        return (
            f"{self.lead} {self.in_us_label} {self.in_us_words}. "
            f"{self.outside_us_label} {self.outside_us}."
        )


CRISIS_LINE = CrisisLine(
    language="en",
    number="988",
    lead="Struggling right now?",
    in_us_label="In the US:",
    in_us="call or text {number}, the Suicide & Crisis Lifeline, at any hour",
    outside_us_label="Outside the US:",
    outside_us="call your local emergency number",
)

# 988's own service in Spanish: the same number, then 2; AYUDA by text; a Spanish chat.
SPANISH_CRISIS_LINE = CrisisLine(
    language="es",
    number="988",
    lead="¿Está pasando por un momento muy difícil?",
    in_us_label="En EE. UU.:",
    in_us=(
        "llame al {number} y marque 2 para hablar en español, envíe la palabra AYUDA por"
        " mensaje de texto al {text} o chatee en español en {chat}; la Línea 988 de"
        " Prevención del Suicidio y Crisis atiende a cualquier hora"
    ),
    outside_us_label="Fuera de EE. UU.:",
    outside_us="llame al número de emergencias de su país",
    chat="988lineadevida.org",
    text_word="AYUDA",
)

CRISIS_LINES = {line.language: line for line in (CRISIS_LINE, SPANISH_CRISIS_LINE)}

# For a Spanish speaker who lands on a page in another language: one line, in Spanish.
SPANISH_HELP = "Para ayuda en español, llame al 988 y marque 2, o envíe AYUDA al 988."


def crisis_line_for(language: str | None) -> CrisisLine:
    """The line in `language` ("es", "es-mx"...), else English."""
    return CRISIS_LINES.get((language or "en").split("-")[0], CRISIS_LINE)
