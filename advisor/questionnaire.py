"""The intake questionnaire's codebook: every question's code, wording, hint and answers.

One source for the form, the model's choices, the scoring's validation and
the admin's read-out, so the wording a participant saw is the wording a
clinician reads. Pure Python (no Django), like the scoring that uses it.
Codes are part of the stable interface in DESIGN.md: change wording freely,
but a code or value only with a new rules version.

One instrument in two languages: every text is written in English and in Spanish side
by side (`Words`), in our own words in each, and the answers are the same codes
whichever language the person read. `label`, `hint` and `options` are the English
wording (what staff pages and the stored choices read); `in_language(code)` gives
the wording a person read in that language.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from providers.regions import REGIONS
from providers.schedule import FRIENDLY_TIME_ZONES, time_zone_choices

ENGLISH = "en"
SPANISH = "es"
# The languages the codebook is written in; the first is the one staff read.
TEXT_LANGUAGES = (ENGLISH, SPANISH)


def text_language(language: str | None) -> str:
    """The codebook language for a language code ("es", "es-us", "es_MX" are Spanish);
    anything else reads English."""
    base = (language or "").replace("_", "-").split("-")[0].lower()
    return SPANISH if base == SPANISH else ENGLISH


@dataclass(frozen=True)
class Words:
    """One text, in English and in Spanish."""

    en: str
    es: str

    def in_language(self, language: str | None) -> str:
        return self.es if text_language(language) == SPANISH else self.en

    def __str__(self) -> str:
        return self.en


NO_WORDS = Words("", "")

# Which version of the consent sentence a participant agreed to; stored on every intake,
# with the language it was read in (consent_version). The exact text of every version
# ever shown is kept here, so that a clinician reads the very sentence that was ticked:
# rewording the consent means a new version, never an edited one.
CONSENT_VERSION = "2026-11-25"
CONSENT_TEXTS: Mapping[str, str] = {
    "2026-11-25": (
        "I agree that the clinic may keep my answers so that a clinician can review them "
        "and contact me."
    ),
    "2026-11-25-es": (
        "Acepto que la clínica guarde mis respuestas para que un profesional de la clínica "
        "las revise y se comunique conmigo."
    ),
}


def consent_version(language: str | None, version: str = CONSENT_VERSION) -> str:
    """The stored name of the consent text in `language`: English keeps the bare version
    (as every intake before Spanish did), other languages add their code."""
    code = text_language(language)
    return version if code == ENGLISH else f"{version}-{code}"


def consent_text(version: str) -> str:
    """The exact consent sentence of a stored version ("" for a version never written here)."""
    return CONSENT_TEXTS.get(version, "")


# The check-in's tick box ("may we check in with you after your course?") is versioned
# the same way, and stored with the check-in it asked for.
CHECKIN_CONSENT_VERSION = "checkin-2026-12-06"
CHECKIN_CONSENT_TEXTS: Mapping[str, str] = {
    "checkin-2026-12-06": (
        "May we check in with you after your course? We would email you once, about a week "
        "after it ends, with one reminder at most."
    ),
    "checkin-2026-12-06-es": (
        "¿Podemos escribirle después del curso para saber cómo le fue? Le enviaríamos un "
        "solo correo, más o menos una semana después de que termine, y a lo sumo un "
        "recordatorio."
    ),
}


def checkin_consent_text(version: str) -> str:
    """The exact check-in sentence of a stored version ("" for one never written here)."""
    return CHECKIN_CONSENT_TEXTS.get(version, "")


def consent_language(version: str) -> str:
    """The language a stored consent version was read in."""
    return SPANISH if version.endswith(f"-{SPANISH}") else ENGLISH


TEXT = "text"
EMAIL = "email"
CHOICE = "choice"
LIKERT = "likert"
YES_NO = "yes_no"
CONSENT = "consent"
PHONE = "phone"
# A tick box that asks for something optional (e-mailing the participant their link).
OPT_IN = "opt_in"
# An optional practicality (language, time zone): not scored, never required.
PREFERENCE = "preference"

Option = tuple[int | str, Words]

LIKERT_WORDS: tuple[Option, ...] = (
    (1, Words("Not at all like me", "No se parece nada a mí")),
    (2, Words("A little like me", "Se parece un poco a mí")),
    (3, Words("Somewhat like me", "Se parece algo a mí")),
    (4, Words("Quite like me", "Se parece bastante a mí")),
    (5, Words("Very much like me", "Se parece mucho a mí")),
)
YES = "yes"
NO = "no"
YES_NO_WORDS: tuple[Option, ...] = ((YES, Words("Yes", "Sí")), (NO, Words("No", "No")))
# Offered on the sensitive questions; the rules read it as the cautious answer.
PREFER_NOT = "prefer_not_to_say"
PREFER_NOT_WORDS = Words("I'd rather not say", "Prefiero no decirlo")
SENSITIVE_YES_NO_WORDS: tuple[Option, ...] = (*YES_NO_WORDS, (PREFER_NOT, PREFER_NOT_WORDS))

# The English wording, as the rest of the code (and the stored choices) read it.
LIKERT_OPTIONS = tuple((value, words.en) for value, words in LIKERT_WORDS)
YES_NO_OPTIONS = tuple((value, words.en) for value, words in YES_NO_WORDS)
PREFER_NOT_LABEL = PREFER_NOT_WORDS.en
SENSITIVE_YES_NO_OPTIONS = tuple((value, words.en) for value, words in SENSITIVE_YES_NO_WORDS)


def yes_no(value: bool) -> str:
    """A yes/no answer given as a boolean, spelled as the codebook (and the intake) spell it."""
    return YES if value else NO


@dataclass(frozen=True)
class Wording:
    """A question as it reads in one language."""

    label: str
    hint: str
    options: tuple[tuple[int | str, str], ...]


@dataclass(frozen=True)
class Section:
    slug: str
    title: str
    intro: str
    title_es: str = ""
    intro_es: str = ""

    def title_in(self, language: str | None) -> str:
        return self.title_es if text_language(language) == SPANISH else self.title

    def intro_in(self, language: str | None) -> str:
        return self.intro_es if text_language(language) == SPANISH else self.intro


@dataclass(frozen=True)
class Question:
    code: str
    section: str
    kind: str
    label: str
    hint: str = ""
    options: tuple[tuple[int | str, str], ...] = ()
    max_length: int | None = None
    required: bool = True
    # The Spanish wording, beside the English above.
    label_es: str = ""
    hint_es: str = ""
    options_es: tuple[tuple[int | str, str], ...] = ()

    @property
    def values(self) -> tuple[int | str, ...]:
        return tuple(value for value, _ in self.options)

    def label_in(self, language: str | None) -> str:
        return self.label_es if text_language(language) == SPANISH else self.label

    def hint_in(self, language: str | None) -> str:
        return self.hint_es if text_language(language) == SPANISH else self.hint

    def options_in(self, language: str | None) -> tuple[tuple[int | str, str], ...]:
        """The answers in `language`, in the codebook's order: the values are `options`'
        own, so whatever the language, the same answer is the same code."""
        if text_language(language) == ENGLISH:
            return self.options
        spanish = dict(self.options_es)
        return tuple((value, spanish.get(value, label)) for value, label in self.options)

    def in_language(self, language: str | None) -> Wording:
        return Wording(self.label_in(language), self.hint_in(language), self.options_in(language))

    def answer_label(self, value: int | str | bool | None, language: str | None = ENGLISH) -> str:
        """The answer in the words the participant chose from (in `language`)."""
        if isinstance(value, bool):
            value = yes_no(value)
        for option, label in self.options_in(language):
            if option == value:
                return label
        return "" if value is None else str(value)


def _section(slug: str, title: Words, intro: Words) -> Section:
    return Section(slug, title.en, intro.en, title.es, intro.es)


SECTIONS = (
    _section(
        "about",
        Words("About you", "Sobre usted"),
        Words(
            "A few details so we can reach you and show courses you can get to.",
            "Unos pocos datos para poder comunicarnos con usted y mostrarle cursos a su alcance.",
        ),
    ),
    _section(
        "attention",
        Words("Attention and how you see yourself", "Su atención y cómo se ve"),
        Words(
            "There are no right answers. Choose how much each sentence sounds like you lately.",
            "Aquí no hay respuestas correctas. Elija qué tanto se parece a usted cada frase "
            "en estos días.",
        ),
    ),
    _section(
        "feelings",
        Words("Feelings and your history", "Sus emociones y su historia"),
        Words(
            "These questions help us suggest a course that feels safe to start with. "
            "Answer only as much as you are comfortable with: the most personal ones let you "
            "choose “I'd rather not say”.",
            "Estas preguntas nos ayudan a sugerirle un curso con el que pueda empezar con "
            "seguridad. Responda solo lo que le resulte cómodo: en las más personales puede "
            "elegir “Prefiero no decirlo”.",
        ),
    ),
    _section(
        "goals",
        Words("Practice and goals", "Su práctica y sus metas"),
        Words(
            "What you have tried so far, and what you hope to get from a course.",
            "Lo que ha probado hasta ahora y lo que espera de un curso.",
        ),
    ),
    _section(
        "safety",
        Words("Your safety", "Su seguridad"),
        Words(
            "Courses like these ask everyone the same few questions before they start. "
            "A yes, or “I'd rather not say”, never stops you getting a suggestion: it "
            "means a clinician will talk with you first.",
            "Los cursos como estos hacen a todas las personas las mismas preguntas antes de "
            "empezar. Responder que sí, o “Prefiero no decirlo”, nunca le impide recibir una "
            "sugerencia: solo significa que un profesional de la clínica hablará con usted "
            "primero.",
        ),
    ),
    _section(
        "consent",
        Words("Before you send", "Antes de enviar"),
        Words(
            "Your answers are kept private. See our privacy page.",
            "Sus respuestas se guardan en privado. Puede leer más en nuestra página de privacidad.",
        ),
    ),
)


def _question(
    code: str,
    section: str,
    kind: str,
    label: Words,
    hint: Words = NO_WORDS,
    options: tuple[Option, ...] = (),
    **details: Any,
) -> Question:
    return Question(
        code,
        section,
        kind,
        label.en,
        hint.en,
        tuple((value, words.en) for value, words in options),
        label_es=label.es,
        hint_es=hint.es,
        options_es=tuple((value, words.es) for value, words in options),
        **details,
    )


def _likert(code: str, section: str, label: Words, hint: Words = NO_WORDS) -> Question:
    return _question(code, section, LIKERT, label, hint, LIKERT_WORDS)


def _yes_no(
    code: str, section: str, label: Words, hint: Words = NO_WORDS, sensitive: bool = False
) -> Question:
    options = SENSITIVE_YES_NO_WORDS if sensitive else YES_NO_WORDS
    return _question(code, section, YES_NO, label, hint, options)


# Where the person lives: the directory's regions (providers/regions.py), in Spanish too.
REGION_WORDS_ES = {
    "northeast": "Noreste de EE. UU.",
    "midwest": "Medio Oeste de EE. UU.",
    "south": "Sur de EE. UU.",
    "west": "Oeste de EE. UU.",
    "outside_us": "Fuera de EE. UU.",
}
# The zones that have a name of their own (providers/schedule.py); every other zone is
# its tz database name (a city), the same in both languages.
TIME_ZONE_WORDS_ES = {
    "America/New_York": "Hora del Este (EE. UU.)",
    "America/Chicago": "Hora del Centro (EE. UU.)",
    "America/Denver": "Hora de la Montaña (EE. UU.)",
    "America/Phoenix": "Hora de Arizona",
    "America/Los_Angeles": "Hora del Pacífico (EE. UU.)",
    "America/Anchorage": "Hora de Alaska",
    "Pacific/Honolulu": "Hora de Hawái",
    "Europe/London": "Hora del Reino Unido",
    "UTC": "UTC",
}
# Time zones named the same in both languages, as the menu writes them: place names, and UTC.
SAME_IN_BOTH_ZONES = frozenset(
    label for name, label in time_zone_choices() if name not in FRIENDLY_TIME_ZONES
) | {"UTC"}


def _translated(
    choices: tuple[tuple[str, str], ...] | list[tuple[str, str]], spanish: Mapping[str, str]
) -> tuple[Option, ...]:
    return tuple((value, Words(label, spanish.get(value, label))) for value, label in choices)


# The course languages, each named in its own tongue, as a person looks for their own.
LANGUAGE_WORDS: tuple[Option, ...] = (
    ("en", Words("English", "English")),
    ("es", Words("Español", "Español")),
    (
        "other",
        Words(
            "Another language: show me courses in any language",
            "Otro idioma: muéstrenme cursos en cualquier idioma",
        ),
    ),
)

QUESTIONS = (
    _question(
        "first_name",
        "about",
        TEXT,
        Words("Your first name", "Su nombre"),
        Words("So we know what to call you.", "Para saber cómo llamarle."),
        max_length=100,
    ),
    _question(
        "email",
        "about",
        EMAIL,
        Words("Your email address", "Su correo electrónico"),
        Words(
            "A clinician may write to you about your answers. We never share it.",
            "Es posible que un profesional de la clínica le escriba sobre sus respuestas. "
            "Nunca compartimos su correo.",
        ),
        max_length=254,
    ),
    _question(
        "email_my_link",
        "about",
        OPT_IN,
        Words("Email me the link to my answers", "Envíenme por correo el enlace a mis respuestas"),
        Words(
            "We send only the private link to your suggestion and how to delete your answers, "
            "never the answers themselves.",
            "Solo le enviamos el enlace privado a su sugerencia y cómo borrar sus respuestas; "
            "nunca las respuestas en sí.",
        ),
        required=False,
    ),
    _question(
        "phone",
        "about",
        PHONE,
        Words("Your phone number (optional)", "Su número de teléfono (opcional)"),
        Words(
            "If you would rather a clinician called you than wrote.",
            "Por si prefiere que un profesional de la clínica le llame en lugar de escribirle.",
        ),
        max_length=40,
        required=False,
    ),
    _question(
        "best_time_to_call",
        "about",
        TEXT,
        Words("A good time to call you (optional)", "Un buen momento para llamarle (opcional)"),
        Words(
            "For example: weekday mornings, or after 6 pm.",
            "Por ejemplo: entre semana por la mañana, o después de las 6 p. m.",
        ),
        max_length=100,
        required=False,
    ),
    _question(
        "region",
        "about",
        CHOICE,
        Words("Where do you live?", "¿Dónde vive?"),
        Words(
            "So we can show courses near you. Online courses are open to everyone.",
            "Así podemos mostrarle cursos cerca de usted. Los cursos en línea están abiertos "
            "a todos.",
        ),
        _translated(REGIONS, REGION_WORDS_ES),
    ),
    _question(
        "format_preference",
        "about",
        CHOICE,
        Words("How would you like to take a course?", "¿Cómo le gustaría tomar el curso?"),
        NO_WORDS,
        (
            ("in_person", Words("In person", "En persona")),
            ("online", Words("Online", "En línea")),
            ("either", Words("Either is fine", "Cualquiera de los dos me sirve")),
        ),
    ),
    _question(
        "language",
        "about",
        PREFERENCE,
        Words(
            "Which language would you like your course to be taught in?",
            "¿En qué idioma le gustaría tomar el curso?",
        ),
        Words(
            "If you leave this, we show courses in English.",
            "Si no elige ninguno, le mostramos cursos en español.",
        ),
        LANGUAGE_WORDS,
    ),
    _question(
        "time_zone",
        "about",
        PREFERENCE,
        Words("Your time zone", "Su zona horaria"),
        Words(
            "So we can show online course times where you are. If you leave this, we go by "
            "where you live.",
            "Así le mostramos los horarios de los cursos en línea en su hora local. Si lo deja "
            "en blanco, nos guiamos por el lugar donde vive.",
        ),
        _translated(time_zone_choices(), TIME_ZONE_WORDS_ES),
    ),
    _likert(
        "self_worth",
        "attention",
        Words(
            "On the whole, I feel all right about who I am.",
            "En general, me siento bien con la persona que soy.",
        ),
    ),
    _likert(
        "attention_difficulty",
        "attention",
        Words(
            "I find it hard to keep my attention on what I am doing.",
            "Me cuesta mantener la atención en lo que estoy haciendo.",
        ),
        Words(
            "For example, your mind drifts off while reading, listening or working.",
            "Por ejemplo, su mente se va a otra parte mientras lee, escucha o trabaja.",
        ),
    ),
    _likert(
        "takes_things_personally",
        "attention",
        Words(
            "Comments and setbacks stay with me; I take things to heart.",
            "Los comentarios y los tropiezos se me quedan dando vueltas; me tomo las cosas "
            "muy a pecho.",
        ),
    ),
    _likert(
        "compassion_practices_offputting",
        "attention",
        Words(
            "Exercises about being kind to myself feel awkward, soppy or just not for me.",
            "Los ejercicios para tratarme con cariño me parecen incómodos, cursis o "
            "simplemente no son para mí.",
        ),
        Words(
            "Think of things like putting a hand on your heart or saying kind phrases to yourself.",
            "Piense en cosas como ponerse la mano en el corazón o decirse frases amables.",
        ),
    ),
    _likert(
        "self_criticism",
        "feelings",
        Words(
            "I am often hard on myself, and my inner voice can be harsh.",
            "A menudo me trato con dureza, y mi voz interior puede ser muy severa.",
        ),
    ),
    _likert(
        "high_sensitivity",
        "feelings",
        Words(
            "I feel things very deeply, and I can be overwhelmed easily.",
            "Siento las cosas con mucha intensidad, y me abrumo con facilidad.",
        ),
    ),
    _likert(
        "shame",
        "feelings",
        Words(
            "I often feel deep shame, as if something is wrong with me.",
            "A menudo siento una vergüenza profunda, como si hubiera algo mal en mí.",
        ),
        Words(
            "Shame is the painful sense of being bad or not good enough as a person, "
            "rather than feeling bad about something you did.",
            "La vergüenza es esa sensación dolorosa de no valer lo suficiente como persona, "
            "que es distinta de sentirse mal por algo que hizo.",
        ),
    ),
    _likert(
        "reactivity",
        "feelings",
        Words(
            "Strong feelings can sweep me up fast, before I can pause.",
            "Las emociones fuertes me arrastran muy rápido, antes de que pueda detenerme.",
        ),
    ),
    _likert(
        "self_regulation",
        "feelings",
        Words(
            "When I get upset, I can usually find a way to calm myself down.",
            "Cuando algo me altera, casi siempre encuentro la manera de calmarme.",
        ),
    ),
    _question(
        "trauma_history",
        "feelings",
        CHOICE,
        Words("Have you lived through trauma?", "¿Ha vivido alguna experiencia traumática?"),
        Words(
            "Trauma means events that were deeply frightening or harmful, such as violence, "
            "abuse or a serious accident. You may choose not to say.",
            "Hablamos de trauma cuando algo que vivió le causó mucho miedo o mucho daño, como "
            "la violencia, el abuso o un accidente grave. Puede elegir no decirlo.",
        ),
        (
            ("none", Words("No", "No")),
            (
                "some",
                Words(
                    "Some hard experiences, but nothing I would call serious trauma",
                    "Algunas experiencias difíciles, pero nada que yo llamaría un trauma grave",
                ),
            ),
            ("serious", Words("Yes, serious trauma", "Sí, un trauma grave")),
            (PREFER_NOT, PREFER_NOT_WORDS),
        ),
    ),
    _yes_no(
        "trauma_symptoms",
        "feelings",
        # Shown only after a trauma answer other than "No"; worded to stand on its own where
        # a browser cannot hide it.
        Words(
            "If you have lived through trauma: do its effects still trouble you now?",
            "Si ha vivido un trauma: ¿todavía le afectan sus efectos?",
        ),
        Words(
            "For example flashbacks, nightmares, always feeling on guard, or feeling numb or "
            "cut off.",
            "Por ejemplo, recuerdos que vuelven de golpe, pesadillas, estar siempre en alerta, "
            "o sentirse como adormecido o desconectado de todo.",
        ),
        sensitive=True,
    ),
    _question(
        "depression_history",
        "feelings",
        CHOICE,
        Words("Have you been depressed?", "¿Ha tenido depresión?"),
        Words(
            "We mean depression lasting weeks or more, not an ordinary low day.",
            "Nos referimos a una depresión que duró semanas o más, no a un día de bajón.",
        ),
        (
            ("none", Words("No", "No")),
            ("past_episode", Words("Once, in the past", "Una vez, en el pasado")),
            (
                "recurrent_in_remission",
                Words(
                    "More than once, and I am well now",
                    "Más de una vez, y ahora me siento bien",
                ),
            ),
            (
                "current",
                Words("Yes, I am depressed at the moment", "Sí, tengo depresión en este momento"),
            ),
            (PREFER_NOT, PREFER_NOT_WORDS),
        ),
    ),
    _yes_no(
        "in_therapy",
        "feelings",
        Words(
            "Are you seeing a therapist or counsellor at the moment?",
            "¿Va a terapia o a consejería en este momento?",
        ),
    ),
    _question(
        "mindfulness_experience",
        "goals",
        CHOICE,
        Words(
            "Have you practised mindfulness or meditation before?",
            "¿Ha practicado antes mindfulness (atención plena) o meditación?",
        ),
        NO_WORDS,
        (
            ("none", Words("No, this would be new to me", "No, sería algo nuevo para mí")),
            ("some", Words("A little", "Un poco")),
            ("regular", Words("Yes, I practise regularly", "Sí, practico con regularidad")),
        ),
    ),
    _question(
        "compassion_arises",
        "goals",
        CHOICE,
        Words(
            "When you practise mindfulness, do you notice yourself becoming kinder toward "
            "yourself?",
            "Cuando practica mindfulness, ¿nota que empieza a tratarse con más amabilidad?",
        ),
        Words(
            "If you have not practised yet, choose the last answer.",
            "Si todavía no ha practicado, elija la última respuesta.",
        ),
        (
            ("yes", Words("Yes", "Sí")),
            ("no", Words("Not really", "No mucho")),
            ("unsure", Words("I am not sure", "No sabría decir")),
            (
                "not_applicable",
                Words("I have not practised mindfulness", "No he practicado mindfulness"),
            ),
        ),
    ),
    _question(
        "primary_goal",
        "goals",
        CHOICE,
        Words(
            "What would you most like to learn from a course?",
            "¿Qué es lo que más le gustaría aprender en un curso?",
        ),
        Words(
            "Pick the one that matters most to you.",
            "Elija lo que más le importe.",
        ),
        (
            (
                "focus",
                Words("To focus and pay attention better", "A concentrarme y prestar más atención"),
            ),
            ("stress", Words("To cope with stress better", "A manejar mejor el estrés")),
            (
                "mood",
                Words(
                    "To lift my mood and worry less", "A sentirme con más ánimo y preocuparme menos"
                ),
            ),
            (
                "relapse_prevention",
                Words(
                    "To stay well after depression", "A mantenerme bien después de una depresión"
                ),
            ),
            ("self_kindness", Words("To be kinder to myself", "A tratarme con más cariño")),
            (
                "inner_critic",
                Words("To quiet a harsh inner critic", "A calmar a mi crítico interior"),
            ),
            ("not_sure", Words("I am not sure yet", "Todavía no lo sé")),
        ),
    ),
    _yes_no(
        "one_program_only",
        "goals",
        Words("Do you expect to take only one course?", "¿Piensa tomar un solo curso?"),
        Words(
            "Many people take both in time. If you can take only one, we will suggest the one "
            "that best fits what you want to learn.",
            "Con el tiempo, muchas personas toman los dos. Si solo puede tomar uno, le "
            "sugeriremos el que mejor se ajuste a lo que quiere aprender.",
        ),
    ),
    _yes_no(
        "self_harm_thoughts",
        "safety",
        Words(
            "In the past month, have you had thoughts of harming yourself or ending your life?",
            "En el último mes, ¿ha tenido pensamientos de hacerse daño o de quitarse la vida?",
        ),
        Words(
            "If you might act on these thoughts now, please call or text 988 (in the US) or "
            "your local emergency number.",
            "Si siente que podría actuar según esos pensamientos ahora, llame al 988 y marque 2 "
            "para hablar en español, o envíe AYUDA por mensaje de texto al 988 (en EE. UU.). "
            "Fuera de EE. UU., llame a su número local de emergencias.",
        ),
        sensitive=True,
    ),
    _yes_no(
        "substance_misuse_recent",
        "safety",
        Words(
            "In the past year, has drinking or drug use caused problems for you?",
            "En el último año, ¿el alcohol o las drogas le han causado problemas?",
        ),
        sensitive=True,
    ),
    _yes_no(
        "mania_psychosis_history",
        "safety",
        Words(
            "Have you ever had a period of mania or hypomania, or an episode of psychosis?",
            "¿Alguna vez ha tenido un periodo de manía o hipomanía, o un episodio de psicosis?",
        ),
        Words(
            "Psychosis means losing touch with what is real, for example hearing voices "
            "others cannot hear.",
            "La psicosis es perder el contacto con la realidad; por ejemplo, oír voces que "
            "otras personas no oyen.",
        ),
        sensitive=True,
    ),
    _question(
        "consent",
        "consent",
        CONSENT,
        Words(
            consent_text(consent_version(ENGLISH)),
            consent_text(consent_version(SPANISH)),
        ),
        Words(
            "You can delete your answers at any time from your recommendation page.",
            "Puede borrar sus respuestas cuando quiera desde su página de recomendación.",
        ),
    ),
    _question(
        "checkin_opt_in",
        "consent",
        OPT_IN,
        Words(
            checkin_consent_text(consent_version(ENGLISH, CHECKIN_CONSENT_VERSION)),
            checkin_consent_text(consent_version(SPANISH, CHECKIN_CONSENT_VERSION)),
        ),
        Words(
            "Optional. The email holds a private link and none of your answers, and every one "
            "has a link to stop it.",
            "Opcional. Los correos llevan un enlace privado y ninguna de sus respuestas, y "
            "cada uno trae un enlace para dejar de recibirlos.",
        ),
        required=False,
    ),
)

QUESTIONS_BY_CODE = {question.code: question for question in QUESTIONS}
SECTION_TITLES = {section.slug: section.title for section in SECTIONS}


@dataclass(frozen=True)
class AnswersTo:
    """A question's answers as a model field's `choices`, read from the codebook when asked.

    A callable, so that a migration records which question (`AnswersTo("region")`) and
    never its wording: rewording an answer here writes no migration. `deconstruct` is the
    protocol Django's migration writer reads (nothing here imports Django); equality by
    code is what tells the migration autodetector that nothing changed. Migrations import
    it by this name (advisor/migrations/0015), so it keeps its name and module.
    """

    code: str

    def __call__(self) -> list[tuple[int | str, str]]:
        return list(QUESTIONS_BY_CODE[self.code].options)

    def deconstruct(self) -> tuple[str, tuple[str], dict[str, Any]]:
        return (f"{__name__}.{type(self).__name__}", (self.code,), {})


# Everything but contact details and consent: what the scoring reads and the intake stores.
ANSWER_CODES = tuple(q.code for q in QUESTIONS if q.kind in (LIKERT, CHOICE, YES_NO))


# Optional practicalities the intake stores beside the answers, for matching courses.
PREFERENCE_CODES = tuple(q.code for q in QUESTIONS if q.kind == PREFERENCE)

# How to reach the person: stored with the intake, never scored.
CONTACT_CODES = (
    "first_name",
    "email",
    "email_my_link",
    "phone",
    "best_time_to_call",
    "checkin_opt_in",
)

# When someone does not say, the zone most people in their region live in.
REGION_TIME_ZONES = {
    "northeast": "America/New_York",
    "south": "America/New_York",
    "midwest": "America/Chicago",
    "west": "America/Los_Angeles",
}
DEFAULT_LANGUAGE = "en"


# A follow-up question: asked only when the question before it was not answered "none".
FOLLOW_UP = "trauma_symptoms"
FOLLOWS = "trauma_history"
NOT_ASKED_AFTER = "none"
NOT_ASKED_WORDS = Words("Not asked (no trauma)", "No se preguntó (sin trauma)")
NOT_ASKED = NOT_ASKED_WORDS.en


def trauma_symptoms_asked(answers: Mapping[str, Any]) -> bool:
    """Whether the trauma-symptoms question was put to the person: after any trauma answer
    but "No" (an unanswered trauma question hides nothing)."""
    return answers.get(FOLLOWS) != NOT_ASKED_AFTER


def effective_trauma_symptoms(answers: Mapping[str, Any]) -> Any:
    """The trauma-symptoms answer that counts: the one place the form and the rules decide it.

    Behind a trauma answer of "No" the question was never asked, so whatever came for it
    counts as "no": a "yes" or "I'd rather not say" left over from before the person
    changed their trauma answer, or sent by a browser that could not hide the question.
    "Absent means no" (DESIGN.md): someone who told us of no trauma is not then read as
    troubled by one, and gets no safety need, therapist or clinician from it. Otherwise
    the answer as given (None when there is none), for the caller to validate.
    """
    if not trauma_symptoms_asked(answers):
        return NO
    return answers.get(FOLLOW_UP)


def answer_words(code: str, answers: dict, language: str | None = ENGLISH) -> str:
    """An answer as the participant chose it, or that the question was never put to them,
    in `language`."""
    if code == FOLLOW_UP and not trauma_symptoms_asked(answers):
        return NOT_ASKED_WORDS.in_language(language)
    return QUESTIONS_BY_CODE[code].answer_label(answers.get(code), language)


def questions_in(section: str) -> tuple[Question, ...]:
    return tuple(q for q in QUESTIONS if q.section == section)
