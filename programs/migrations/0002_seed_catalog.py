"""Seed the program catalog: MBSR, MBCT and MSC, and the research they cite."""

from django.db import migrations

CRISIS_NOTE = (
    "If you are thinking about harming yourself, you deserve help right now. "
    "In the US, you can call or text 988, any time of day or night."
)

REFERENCES = (
    {
        "key": "garland-2017",
        "authors": "Garland, E. L., Hanley, A. W., Goldin, P. R., & Gross, J. J.",
        "year": 2017,
        "title": (
            "Testing the mindfulness-to-meaning theory: Evidence for mindful positive emotion "
            "regulation from a reanalysis of longitudinal data"
        ),
        "source": "PLoS ONE 12(12): e0187727",
        "url": "https://doi.org/10.1371/journal.pone.0187727",
    },
    {
        "key": "jha-2007",
        "authors": "Jha, A. P., Krompinger, J., & Baime, M. J.",
        "year": 2007,
        "title": "Mindfulness training modifies subsystems of attention",
        "source": "Cognitive, Affective, & Behavioral Neuroscience 7, 109\u2013119",
        "url": "",
    },
    {
        "key": "jimenez-gomez-2022",
        "authors": "Jiménez-Gómez, L., Yela, J. R., Crego, A., et al.",
        "year": 2022,
        "title": (
            "Effectiveness of the Mindfulness-Based Stress Reduction (MBSR) vs. the Mindful "
            "Self-Compassion (MSC) Programs in Clinical and Health Psychologist Trainees"
        ),
        "source": "Mindfulness 13, 584\u2013599",
        "url": "",
    },
    {
        "key": "neff-dahm",
        "authors": "Neff, K. D., & Dahm, K. A.",
        "year": None,
        "title": "Self-Compassion: What it is, what it does, and how it relates to mindfulness",
        "source": "Book chapter",
        "url": "",
    },
    {
        "key": "shapiro",
        "authors": "Shapiro, S.",
        "year": None,
        "title": "Does Mindfulness Make You More Compassionate?",
        "source": "Greater Good Magazine",
        "url": "",
    },
    {
        "key": "neff-germer",
        "authors": "Neff, K., & Germer, C.",
        "year": None,
        "title": "The Transformative Effects of Mindful Self-Compassion",
        "source": "",
        "url": "",
    },
    {
        "key": "kuyken-2015",
        "authors": "Kuyken, W., Hayes, R., Barrett, B., et al.",
        "year": 2015,
        "title": (
            "Effectiveness and cost-effectiveness of mindfulness-based cognitive therapy "
            "compared with maintenance antidepressant treatment in the prevention of depressive "
            "relapse or recurrence (PREVENT): a randomised controlled trial"
        ),
        "source": "The Lancet 386(9988), 63\u201373",
        "url": "",
    },
    {
        "key": "dobkin-2011",
        "authors": "Dobkin, P. L., Irving, J. A., & Amar, S.",
        "year": 2011,
        "title": (
            "For whom may participation in a mindfulness-based stress reduction program "
            "be contraindicated?"
        ),
        "source": "Mindfulness",
        "url": "https://doi.org/10.1007/s12671-011-0079-9",
    },
)

PROGRAMS = (
    {
        "code": "MBSR",
        "slug": "mbsr",
        "position": 1,
        "name": "Mindfulness-Based Stress Reduction",
        "tagline": (
            "An 8-week group course that trains your attention and helps you step back from stress."
        ),
        "summary": (
            "MBSR is an eight-week group course in mindfulness. "
            "You learn to notice what is going on in your body and mind right now, "
            "without rushing to judge it or fix it. "
            "The course begins with an orientation meeting. "
            "After that, you meet once a week with a teacher and a small group. "
            "You also practice on your own at home between classes. "
            "It is secular, so it does not ask you to hold any religious beliefs."
        ),
        "origins": (
            "Jon Kabat-Zinn developed MBSR in 1979 at the University of Massachusetts "
            "Medical School. "
            "He designed it as a secular course, open to people of any faith or none.\n\n"
            "Its structure later became the starting point for other courses. "
            "MBCT, for example, follows MBSR closely and adds ideas from cognitive therapy."
        ),
        "who_it_suits": (
            "MBSR can be a good first course if you mostly feel okay about who you are, "
            "but your mind wanders and it is hard to stay focused. "
            "Studies suggest it can strengthen attention.\n\n"
            "It may also fit if you tend to take comments and setbacks to heart, "
            "as long as you have no history of serious trauma "
            "and can usually calm yourself when upset. "
            "The practice helps you step back a little from thoughts and feelings, "
            "so they carry you along less often.\n\n"
            "And if exercises about being kind to yourself feel awkward or not for you, "
            "MBSR may be easier to start with. "
            "Over time, mindfulness on its own can still make room for more kindness "
            "toward yourself and others."
        ),
        "weeks": 8,
        "session_length": "about 2.5 hours",
        "retreat": "one full day, about 7 hours, between weeks 6 and 7",
        "home_practice": "about 45 minutes a day, six days a week",
        "what_you_do": (
            "Each week you try a few simple practices with the group and the teacher. "
            "In the body scan, you move your attention slowly through your body "
            "and notice whatever is there. "
            "You also practice sitting meditation, walking meditation "
            "and gentle, mindful movement. "
            "After a practice, the group talks about what people noticed, "
            "and the teacher helps you explore it. "
            "Between classes you keep practicing at home, which is a big part of the course. "
            "The full day near the end gives you a chance to practice for longer."
        ),
        "research": (
            "Research on MBSR is encouraging, though no single study tells the whole story. "
            "In one study, mindfulness training improved parts of how people direct and hold "
            "their attention (Jha et al., 2007).\n\n"
            "Another study, of trainee psychologists, compared MBSR with MSC. "
            "The MBSR group showed measurable gains in mindfulness "
            "and fewer symptoms of anxiety and depression (Jiménez-Gómez et al., 2022).\n\n"
            "Researchers have also studied how mindfulness may support positive emotions "
            "and a sense of meaning (Garland et al., 2017). "
            "And some writers suggest that mindfulness practice can, indirectly, "
            "build compassion for yourself and others (Shapiro, Greater Good Magazine)."
        ),
        "cautions": (
            "MBSR asks for real time and effort, and the timing matters. "
            "At the orientation session, programs usually ask some questions first. "
            "Common ones are about current or recent major depression, thoughts of suicide, "
            "PTSD or recent trauma that you have not had therapy for, "
            "and drug or alcohol misuse with less than a year in recovery "
            "(Dobkin et al., 2011).\n\n"
            "If something on this list applies to you, talk it over with the teacher "
            "or your own clinician. "
            "It may make sense to wait, or to get other support first.\n\n" + CRISIS_NOTE
        ),
        "references": ("jha-2007", "jimenez-gomez-2022", "garland-2017", "shapiro", "dobkin-2011"),
    },
    {
        "code": "MBCT",
        "slug": "mbct",
        "position": 2,
        "name": "Mindfulness-Based Cognitive Therapy",
        "tagline": (
            "An 8-week group course that blends mindfulness with cognitive therapy, "
            "to help people who have had depression before stay well."
        ),
        "summary": (
            "MBCT is an eight-week group course that combines mindfulness practice "
            "with ideas from cognitive therapy. "
            "It was made for people who have been through depression more than once "
            "and are feeling well now. "
            "The aim is to lower the chance that depression comes back. "
            "You meet once a week with a teacher and a small group, "
            "and you practice at home every day in between."
        ),
        "origins": (
            "Zindel Segal, Mark Williams and John Teasdale developed MBCT in the late 1990s. "
            "They built it on MBSR and added ideas from cognitive therapy. "
            "Their goal was specific: to help people who had recovered from repeated depression "
            "avoid sliding back into it.\n\n"
            "In the UK, national guidance from NICE (CG90) now recommends MBCT "
            "for people with recurrent depression who are currently well."
        ),
        "who_it_suits": (
            "MBCT is mainly for people who have had depression several times "
            "and are well, or nearly well, right now. "
            "It is about staying well. "
            "It is not designed to treat depression while it is at its worst.\n\n"
            "Like MBSR, it can be a good first course if you mostly feel settled in yourself "
            "but find it hard to keep your attention in one place. "
            "It may also suit you if you react strongly or take things to heart, "
            "as long as you have no serious trauma history and can usually calm yourself. "
            "And if kindness-based exercises make you uncomfortable, "
            "its focus on attention may be easier to start with."
        ),
        "weeks": 8,
        "session_length": "about 2 to 2.5 hours",
        "retreat": "often one day-long session during the course",
        "home_practice": "some practice at home every day",
        "what_you_do": (
            "Because MBCT grew out of MBSR, much of the practice is similar: "
            "guided meditation, gentle movement, and talking in the group about what you noticed. "
            "Alongside this, you learn ideas from cognitive therapy "
            "about how thoughts and moods affect each other. "
            "The aim is to get better at seeing a thought as something passing through, "
            "not a fact you have to act on. "
            "Under the UK's NICE guidance, groups have 8 to 15 people "
            "and meet for about 2 hours a week over 8 weeks, "
            "with four follow-up sessions over the next year."
        ),
        "research": (
            "The main research on MBCT looks at preventing depression from coming back. "
            "A large trial compared MBCT with staying on antidepressant medicine long term. "
            "MBCT protected against relapse about as well as the medicine did "
            "(Kuyken et al., 2015). "
            "This does not mean you should stop medicine on your own. "
            "Please talk with your prescriber first.\n\n"
            "Studies of mindfulness training more broadly have found changes in attention "
            "(Jha et al., 2007). "
            "Researchers have also looked at how mindfulness may support positive emotions "
            "and a sense of meaning (Garland et al., 2017)."
        ),
        "cautions": (
            "MBCT is meant for people who are currently well, or close to it. "
            "It is usually not the right course for now if you have had mania or hypomania "
            "in the past six months, if you are self-harming or having suicidal thoughts, "
            "if you are drinking heavily or using a lot of drugs, "
            "or if depression is making daily life hard to manage. "
            "Ask the program about this before you sign up. "
            "Researchers have written about why some people may need to wait "
            "before joining a mindfulness course (Dobkin et al., 2011).\n\n" + CRISIS_NOTE
        ),
        "references": ("kuyken-2015", "jha-2007", "garland-2017", "dobkin-2011"),
    },
    {
        "code": "MSC",
        "slug": "msc",
        "position": 3,
        "name": "Mindful Self-Compassion",
        "tagline": (
            "An 8-week course that teaches you to meet your own hard moments with warmth "
            "instead of harsh self-judgment."
        ),
        "summary": (
            "MSC is an eight-week group course in self-compassion. "
            "It teaches you to notice when you are struggling, "
            "and to respond to yourself with warmth and care rather than criticism. "
            "Mindfulness is part of it, but the main focus is on kindness toward yourself. "
            "It is a training, not group therapy. "
            "You don't need any meditation experience to take part. "
            "It is also offered as a five-day intensive."
        ),
        "origins": (
            "Christopher Germer and Kristin Neff developed MSC. "
            "The course rests on three parts of self-compassion that Neff describes: "
            "being kind to yourself when things are hard, "
            "remembering that struggle is something all people share, "
            "and mindfulness, which lets you see your pain clearly "
            "without being swept up in it.\n\n"
            "The Center for Mindful Self-Compassion, a US nonprofit, trains MSC teachers "
            "and lists courses around the world."
        ),
        "who_it_suits": (
            "MSC may be the better place to start if you are very hard on yourself, "
            "or if you feel things deeply and get overwhelmed easily. "
            "It may also help if you live with the effects of trauma, carry a lot of shame, "
            "or find that strong feelings take over quickly. "
            "The course builds skills for staying with hard feelings a little longer "
            "without being flooded by them.\n\n"
            "It can also suit you if you have tried mindfulness "
            "and it made you more focused but not much gentler with yourself. "
            "For some people, kindness toward themselves needs to be taught directly.\n\n"
            "If you can only take one course, pick the skill you feel is missing most for you."
        ),
        "weeks": 8,
        "session_length": "about 2.5 to 3 hours",
        "retreat": "a half day, about 4 hours",
        "home_practice": "about 15 to 30 minutes a day",
        "what_you_do": (
            "Over eight weeks, you learn a mix of guided meditations and short exercises "
            "you can use in everyday life. "
            "Each one draws on the three parts of self-compassion: mindfulness, "
            "kindness toward yourself, and a sense that you are not alone in struggling. "
            "You practice catching the moments when you are having a hard time, "
            "and answering them with care. "
            "There is a half-day retreat partway through, "
            "and you practice at home between sessions."
        ),
        "research": (
            "In a study of trainee psychologists, people who took MSC showed clear gains "
            "in self-compassion, and the MBSR group showed gains in mindfulness "
            "(Jiménez-Gómez et al., 2022).\n\n"
            "Neff and Dahm describe self-compassion as having three parts: "
            "self-kindness, a sense of common humanity, and mindfulness (Neff & Dahm). "
            "Neff and Germer, who created the course, write about the changes they see it bring "
            "(Neff & Germer). "
            "This is their own account, not an independent trial.\n\n"
            "Mindfulness alone may build compassion indirectly (Shapiro, Greater Good Magazine). "
            "MSC sets out to teach it directly."
        ),
        "cautions": (
            "MSC is a training in self-compassion, not therapy. "
            "If you have had recent trauma or strong mood swings, "
            "teachers usually ask you to talk with them before you sign up. "
            "If you live with trauma symptoms, it is a good idea "
            "to have your own therapist alongside the course.\n\n" + CRISIS_NOTE
        ),
        "references": ("jimenez-gomez-2022", "neff-dahm", "neff-germer", "shapiro"),
    },
)


def seed(apps, schema_editor):
    Program = apps.get_model("programs", "Program")
    Reference = apps.get_model("programs", "Reference")

    references = {}
    for entry in REFERENCES:
        data = dict(entry)
        key = data.pop("key")
        references[key], _ = Reference.objects.update_or_create(
            authors=data.pop("authors"), title=data.pop("title"), defaults=data
        )

    for entry in PROGRAMS:
        data = dict(entry)
        keys = data.pop("references")
        program, _ = Program.objects.update_or_create(code=data.pop("code"), defaults=data)
        program.references.set([references[key] for key in keys])


def unseed(apps, schema_editor):
    Program = apps.get_model("programs", "Program")
    Reference = apps.get_model("programs", "Reference")
    Program.objects.filter(code__in=[entry["code"] for entry in PROGRAMS]).delete()
    Reference.objects.filter(title__in=[entry["title"] for entry in REFERENCES]).delete()


class Migration(migrations.Migration):
    dependencies = [("programs", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
