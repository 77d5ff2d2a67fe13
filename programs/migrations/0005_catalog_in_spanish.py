"""The seeded catalog in Spanish, written by us (usted, neutral Latin American Spanish, for
people in the US), and a short summary of each reference in both languages.

A text is written only where its Spanish is still empty and its English is still the one
0002 seeded: an editor's own words are never overwritten, nor translated from an older
version. The references' titles stay as published. Reversing leaves the text in place.
"""

import importlib

from django.db import migrations

SEEDED = importlib.import_module("programs.migrations.0002_seed_catalog")

CRISIS_NOTE = (
    "Si está pensando en hacerse daño, merece recibir ayuda ahora mismo. En EE. UU., llame "
    "al 988 y marque 2 para hablar en español, envíe la palabra AYUDA por mensaje de texto "
    "al 988 o chatee en español en 988lineadevida.org, a cualquier hora del día o de la noche."
)

SPANISH = {
    "MBSR": {
        "name": "Reducción del Estrés Basada en Mindfulness",
        "tagline": (
            "Un curso grupal de 8 semanas que entrena su atención y le ayuda a tomar "
            "distancia del estrés."
        ),
        "summary": (
            "MBSR es un curso grupal de mindfulness (atención plena) de ocho semanas. "
            "Aprenderá a notar lo que ocurre en su cuerpo y en su mente en este momento, "
            "sin apresurarse a juzgarlo ni a arreglarlo. "
            "El curso empieza con una reunión de orientación. "
            "Después, se reúne una vez por semana con un instructor y un grupo pequeño. "
            "Entre una clase y otra, también practica por su cuenta en casa. "
            "Es un curso laico: no le pide tener ninguna creencia religiosa."
        ),
        "origins": (
            "Jon Kabat-Zinn creó MBSR en 1979 en la Facultad de Medicina de la Universidad "
            "de Massachusetts. "
            "Lo diseñó como un curso laico, abierto a personas de cualquier religión o de "
            "ninguna.\n\n"
            "Su estructura sirvió después como punto de partida para otros cursos. "
            "MBCT, por ejemplo, sigue de cerca a MBSR y le suma ideas de la terapia cognitiva."
        ),
        "who_it_suits": (
            "MBSR puede ser un buen primer curso si, en general, se siente bien con quien es, "
            "pero su mente se distrae y le cuesta mantener la concentración. "
            "Los estudios sugieren que puede fortalecer la atención.\n\n"
            "También puede convenirle si suele tomarse muy a pecho los comentarios y los "
            "contratiempos, siempre que no tenga antecedentes de un trauma grave "
            "y que, por lo general, logre calmarse cuando algo le altera. "
            "La práctica le ayuda a tomar un poco de distancia de sus pensamientos y "
            "emociones, para que no tengan tanto poder sobre usted.\n\n"
            "Y si los ejercicios de ser amable consigo le resultan incómodos o no van con "
            "usted, quizás le sea más fácil empezar con MBSR. "
            "Con el tiempo, el mindfulness por sí solo también puede abrir espacio para "
            "tratarse con más amabilidad, y para tratar así a los demás."
        ),
        "session_length": "unas 2 horas y media",
        "retreat": "un día completo, de unas 7 horas, entre la semana 6 y la 7",
        "home_practice": "unos 45 minutos al día, seis días por semana",
        "what_you_do": (
            "Cada semana prueba algunas prácticas sencillas con el grupo y el instructor. "
            "En el escaneo corporal, lleva la atención poco a poco por todo el cuerpo "
            "y nota lo que haya en cada parte. "
            "También practica la meditación sentada, la meditación caminando "
            "y movimientos suaves hechos con atención. "
            "Después de cada práctica, el grupo conversa sobre lo que cada persona notó, "
            "y el instructor le ayuda a explorarlo. "
            "Entre clases sigue practicando en casa, y eso es una parte importante del curso. "
            "El día completo, cerca del final, le da la oportunidad de practicar durante "
            "más tiempo."
        ),
        "research": (
            "La investigación sobre MBSR es alentadora, aunque ningún estudio por sí solo "
            "cuenta toda la historia. "
            "En un estudio, el entrenamiento en mindfulness mejoró aspectos de cómo las "
            "personas dirigen y sostienen la atención (Jha et al., 2007).\n\n"
            "Otro estudio, con psicólogos en formación, comparó MBSR con MSC. "
            "El grupo de MBSR mostró avances medibles en mindfulness "
            "y menos síntomas de ansiedad y depresión (Jiménez-Gómez et al., 2022).\n\n"
            "También se ha estudiado cómo el mindfulness puede favorecer las emociones "
            "positivas y el sentido de propósito (Garland et al., 2017). "
            "Y algunos autores sugieren que la práctica del mindfulness puede, de forma "
            "indirecta, cultivar la compasión hacia uno mismo y hacia los demás "
            "(Shapiro, Greater Good Magazine)."
        ),
        "cautions": (
            "MBSR pide un compromiso real de tiempo y esfuerzo, y el momento en que se toma "
            "importa. "
            "En la sesión de orientación, los programas suelen hacer primero algunas preguntas. "
            "Las más comunes tratan sobre una depresión mayor actual o reciente, pensamientos "
            "de suicidio, trastorno de estrés postraumático (TEPT) o un trauma reciente que "
            "no haya trabajado en terapia, y el consumo problemático de alcohol o drogas con "
            "menos de un año de recuperación (Dobkin et al., 2011).\n\n"
            "Si algo de esta lista se aplica a usted, háblelo con el instructor "
            "o con su propio profesional de salud. "
            "Puede ser mejor esperar, o buscar primero otro tipo de apoyo.\n\n" + CRISIS_NOTE
        ),
    },
    "MBCT": {
        "name": "Terapia Cognitiva Basada en Mindfulness",
        "tagline": (
            "Un curso grupal de 8 semanas que combina mindfulness con terapia cognitiva, "
            "para ayudar a quienes ya han tenido depresión a mantenerse bien."
        ),
        "summary": (
            "MBCT es un curso grupal de ocho semanas que combina la práctica del mindfulness "
            "con ideas de la terapia cognitiva. "
            "Se creó para personas que han pasado por la depresión más de una vez "
            "y que ahora se sienten bien. "
            "El objetivo es reducir la probabilidad de que la depresión regrese. "
            "Se reúne una vez por semana con un instructor y un grupo pequeño, "
            "y practica en casa todos los días entre una sesión y otra."
        ),
        "origins": (
            "Zindel Segal, Mark Williams y John Teasdale crearon MBCT a finales de los años "
            "noventa. "
            "Lo construyeron a partir de MBSR y le sumaron ideas de la terapia cognitiva. "
            "Tenían un objetivo concreto: ayudar a las personas que se habían recuperado de "
            "depresiones repetidas a no volver a caer en ellas.\n\n"
            "En el Reino Unido, las pautas nacionales del NICE (CG90) recomiendan hoy MBCT "
            "para personas con depresión recurrente que actualmente se encuentran bien."
        ),
        "who_it_suits": (
            "MBCT es principalmente para personas que han tenido depresión varias veces "
            "y que ahora están bien, o casi bien. "
            "Se trata de mantenerse bien. "
            "No está pensado para tratar la depresión en su peor momento.\n\n"
            "Al igual que MBSR, puede ser un buen primer curso si, en general, se siente a "
            "gusto con quien es, pero le cuesta mantener la atención en un solo lugar. "
            "También puede convenirle si reacciona con intensidad o se toma las cosas muy "
            "a pecho, siempre que no tenga antecedentes de un trauma grave y, por lo general, "
            "logre calmarse. "
            "Y si los ejercicios basados en la amabilidad le incomodan, "
            "quizás le resulte más fácil empezar por su enfoque en la atención."
        ),
        "session_length": "unas 2 a 2 horas y media",
        "retreat": "a menudo, una sesión de un día completo durante el curso",
        "home_practice": "algo de práctica en casa todos los días",
        "what_you_do": (
            "Como MBCT nació de MBSR, buena parte de la práctica es parecida: "
            "meditación guiada, movimiento suave y conversación en grupo sobre lo que cada "
            "persona notó. "
            "Además, aprende ideas de la terapia cognitiva "
            "sobre cómo los pensamientos y el estado de ánimo se influyen entre sí. "
            "La meta es reconocer mejor un pensamiento como algo que pasa, "
            "no como un hecho que tenga que obedecer. "
            "Según las pautas del NICE del Reino Unido, los grupos son de 8 a 15 personas "
            "y se reúnen unas 2 horas por semana durante 8 semanas, "
            "con cuatro sesiones de seguimiento a lo largo del año siguiente."
        ),
        "research": (
            "La investigación principal sobre MBCT se centra en evitar que la depresión "
            "regrese. "
            "Un ensayo grande comparó MBCT con seguir tomando antidepresivos a largo plazo. "
            "MBCT protegió contra las recaídas más o menos tan bien como el medicamento "
            "(Kuyken et al., 2015). "
            "Esto no significa que deba dejar su medicamento por su cuenta. "
            "Por favor, hable primero con quien se lo receta.\n\n"
            "Los estudios sobre el entrenamiento en mindfulness en general han encontrado "
            "cambios en la atención (Jha et al., 2007). "
            "También se ha analizado cómo el mindfulness puede favorecer las emociones "
            "positivas y el sentido de propósito (Garland et al., 2017)."
        ),
        "cautions": (
            "MBCT está pensado para personas que se encuentran bien, o casi bien, en este "
            "momento. "
            "Por lo general no es el curso indicado por ahora si ha tenido manía o hipomanía "
            "en los últimos seis meses, si se está haciendo daño o tiene pensamientos "
            "suicidas, si está bebiendo mucho alcohol o consumiendo muchas drogas, "
            "o si la depresión le está dificultando la vida diaria. "
            "Pregunte al programa sobre esto antes de inscribirse. "
            "Hay investigadores que han escrito sobre por qué algunas personas quizás "
            "necesiten esperar antes de unirse a un curso de mindfulness "
            "(Dobkin et al., 2011).\n\n" + CRISIS_NOTE
        ),
    },
    "MSC": {
        "name": "Autocompasión Consciente",
        "tagline": (
            "Un curso de 8 semanas que le enseña a recibir sus momentos difíciles con "
            "calidez, en lugar de juzgarse con dureza."
        ),
        "summary": (
            "MSC (Mindful Self-Compassion, en inglés) es un curso grupal de autocompasión de "
            "ocho semanas. "
            "Le enseña a notar cuándo está pasando por un momento difícil "
            "y a responderse con calidez y cuidado, en lugar de criticarse. "
            "El mindfulness forma parte del curso, pero el enfoque principal está en la "
            "amabilidad hacia uno mismo. "
            "Es un entrenamiento, no una terapia de grupo. "
            "No necesita experiencia previa en meditación para participar. "
            "También se ofrece en formato intensivo de cinco días."
        ),
        "origins": (
            "Christopher Germer y Kristin Neff crearon MSC. "
            "El curso se apoya en tres componentes de la autocompasión que describe Neff: "
            "ser amable con uno mismo cuando las cosas son difíciles, "
            "recordar que pasar por dificultades es algo que todas las personas compartimos, "
            "y el mindfulness, que permite ver el propio dolor con claridad "
            "sin dejarse arrastrar por él.\n\n"
            "El Center for Mindful Self-Compassion, una organización sin fines de lucro de "
            "EE. UU., forma a los instructores de MSC y publica cursos en todo el mundo."
        ),
        "who_it_suits": (
            "MSC puede ser el mejor punto de partida si es muy exigente consigo, "
            "o si siente las cosas con mucha intensidad y se abruma con facilidad. "
            "También puede ayudarle si vive con los efectos de un trauma, carga con mucha "
            "vergüenza o nota que las emociones fuertes toman el control muy rápido. "
            "El curso desarrolla habilidades para acompañar las emociones difíciles un poco "
            "más de tiempo, sin que se vuelvan abrumadoras.\n\n"
            "También puede convenirle si ya ha probado el mindfulness "
            "y le ayudó a concentrarse, pero no a tratarse con más suavidad. "
            "Para algunas personas, la amabilidad hacia sí mismas necesita enseñarse de "
            "forma directa.\n\n"
            "Si solo puede tomar un curso, elija la habilidad que sienta que más le falta."
        ),
        "session_length": "unas 2 horas y media a 3 horas",
        "retreat": "medio día, de unas 4 horas",
        "home_practice": "unos 15 a 30 minutos al día",
        "what_you_do": (
            "A lo largo de ocho semanas, aprende una combinación de meditaciones guiadas y "
            "ejercicios breves que puede usar en la vida diaria. "
            "Cada uno se basa en los tres componentes de la autocompasión: el mindfulness, "
            "la amabilidad hacia uno mismo y la certeza de que no es la única persona que "
            "pasa por dificultades. "
            "Practica cómo darse cuenta de los momentos en que lo está pasando mal, "
            "y cómo responder a ellos con cuidado. "
            "Hay un retiro de medio día hacia la mitad del curso, "
            "y practica en casa entre sesiones."
        ),
        "research": (
            "En un estudio con psicólogos en formación, quienes tomaron MSC mostraron claros "
            "avances en autocompasión, y el grupo de MBSR mostró avances en mindfulness "
            "(Jiménez-Gómez et al., 2022).\n\n"
            "Neff y Dahm describen la autocompasión con tres componentes: "
            "la amabilidad hacia uno mismo, el sentido de humanidad compartida y el "
            "mindfulness (Neff & Dahm). "
            "Neff y Germer, creadores del curso, escriben sobre los cambios que observan que "
            "produce (Neff & Germer). "
            "Se trata de su propio relato, no de un ensayo independiente.\n\n"
            "El mindfulness por sí solo puede cultivar la compasión de forma indirecta "
            "(Shapiro, Greater Good Magazine). "
            "MSC se propone enseñarla de forma directa."
        ),
        "cautions": (
            "MSC es un entrenamiento en autocompasión, no una terapia. "
            "Si ha vivido un trauma reciente o tiene cambios fuertes de ánimo, "
            "los instructores suelen pedirle que hable con ellos antes de inscribirse. "
            "Si vive con síntomas de trauma, es buena idea "
            "contar con su propio terapeuta mientras toma el curso.\n\n" + CRISIS_NOTE
        ),
    },
}

# What each reference found or argues, in our words: (English, Spanish).
REFERENCE_SUMMARIES = {
    "garland-2017": (
        "Looks again at data gathered over time and finds signs that mindfulness may help "
        "people regulate their emotions in a positive way and find a sense of meaning.",
        "Vuelve a analizar datos reunidos a lo largo del tiempo y encuentra indicios de que el "
        "mindfulness puede ayudar a regular las emociones de forma positiva y a encontrar un "
        "sentido de propósito.",
    ),
    "jha-2007": (
        "A study in which mindfulness training changed parts of how people direct and hold "
        "their attention.",
        "Un estudio en el que el entrenamiento en mindfulness cambió aspectos de cómo las "
        "personas dirigen y sostienen la atención.",
    ),
    "jimenez-gomez-2022": (
        "Compares MBSR and MSC in trainee psychologists: the MBSR group gained in "
        "mindfulness and had fewer symptoms of anxiety and depression; the MSC group gained "
        "in self-compassion.",
        "Compara MBSR y MSC en psicólogos en formación: el grupo de MBSR mejoró en "
        "mindfulness y tuvo menos síntomas de ansiedad y depresión; el grupo de MSC mejoró "
        "en autocompasión.",
    ),
    "neff-dahm": (
        "Describes self-compassion as three parts (kindness to yourself, a sense of common "
        "humanity, and mindfulness) and how it relates to mindfulness.",
        "Describe la autocompasión en tres componentes (la amabilidad hacia uno mismo, el "
        "sentido de humanidad compartida y el mindfulness) y su relación con el mindfulness.",
    ),
    "shapiro": (
        "A magazine article on whether mindfulness practice makes people more compassionate; "
        "it suggests mindfulness may build compassion indirectly.",
        "Un artículo de revista sobre si la práctica del mindfulness nos vuelve más "
        "compasivos; sugiere que puede cultivar la compasión de forma indirecta.",
    ),
    "neff-germer": (
        "The course's creators describe the changes they see MSC bring: their own account, "
        "not an independent trial.",
        "Los creadores del curso describen los cambios que observan con MSC: es su propio "
        "relato, no un ensayo independiente.",
    ),
    "kuyken-2015": (
        "A large trial in which MBCT protected against the return of depression about as "
        "well as staying on antidepressant medicine.",
        "Un ensayo grande en el que MBCT protegió contra el regreso de la depresión más o "
        "menos tan bien como seguir tomando antidepresivos.",
    ),
    "dobkin-2011": (
        "Asks who might do better to wait, or to get other support first, before joining an "
        "MBSR course.",
        "Analiza quiénes podrían necesitar esperar, o recibir antes otro tipo de apoyo, "
        "antes de unirse a un curso de MBSR.",
    ),
}


def _empty(value) -> bool:
    return value is None or value == ""


def write_spanish(apps, schema_editor):
    Program = apps.get_model("programs", "Program")
    Reference = apps.get_model("programs", "Reference")
    seeded = {entry["code"]: entry for entry in SEEDED.PROGRAMS}
    for program in Program.objects.filter(code__in=SPANISH):
        changed = []
        for field, spanish in SPANISH[program.code].items():
            english_now = getattr(program, f"{field}_en")
            if (
                _empty(getattr(program, f"{field}_es"))
                and english_now == seeded[program.code][field]
            ):
                setattr(program, f"{field}_es", spanish)
                changed.append(f"{field}_es")
        if changed:
            program.save(update_fields=changed)

    for entry in SEEDED.REFERENCES:
        english, spanish = REFERENCE_SUMMARIES[entry["key"]]
        for reference in Reference.objects.filter(authors=entry["authors"], title=entry["title"]):
            if _empty(reference.summary_en):
                reference.summary = reference.summary_en = english
            if _empty(reference.summary_es):
                reference.summary_es = spanish
            reference.save(update_fields=["summary", "summary_en", "summary_es"])


class Migration(migrations.Migration):
    dependencies = [("programs", "0004_text_in_english_and_spanish")]

    operations = [migrations.RunPython(write_spanish, migrations.RunPython.noop)]
