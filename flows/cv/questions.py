"""The questions of the CV, one at a time, section by section: what each asks, how the
answer is read, and which buttons it offers."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from flows.cv_model import LEVEL_NAMES, LEVELS, Section
from flows.text import N_


class Reads(StrEnum):
    """How an answer is read."""

    TEXT = "text"
    NAME = "name"  # text with at least one letter
    PHONE = "phone"
    EMAIL = "email"
    START = "start"  # a month or a year
    END = "end"  # the same, or "now"
    LEVEL = "level"  # a button: a language level
    CONSENT = "consent"  # a button: the referee agreed, or not yet
    ITEMS = "items"  # each message adds an item to a list section
    LICENCES = "licences"  # buttons: licence categories, ticked on and off
    MORE = "more"  # a button: another entry of this section, or the next section


@dataclass(frozen=True)
class Choice:
    """A button that answers a question: its value, and its label (a msgid, or as written)."""

    value: str
    label: str
    translated: bool = True


@dataclass(frozen=True)
class Question:
    """One question: `field` of the section's entry (or of the CV itself)."""

    id: str
    section: Section
    field: str
    text: str
    reads: Reads = Reads.TEXT
    optional: bool = False
    limit: int = 100
    choices: tuple[Choice, ...] = ()


LEVEL_CHOICES = tuple(Choice(level, LEVEL_NAMES[level]) for level in LEVELS)
SFI = tuple(Choice(f"sfi{c.lower()}", f"SFI {c}", translated=False) for c in "ABCD")
LANGUAGE_CHOICES = (
    Choice("sv", "Svenska", translated=False),
    Choice("en", "English", translated=False),
)
CONSENT = (
    Choice("yes", N_("Yes, they said yes")),
    Choice("no", N_("Not asked yet")),
)
# Certificates Swedish employers often ask for.
CERTIFICATES = tuple(
    Choice(f"c{i}", name, translated=False)
    for i, name in enumerate(
        ("Truckkort", "Hygienbevis", "HLR / Första hjälpen", "ID06", "Heta arbeten", "YKB")
    )
)
MORE = (Choice("yes", N_("Add another")), Choice("no", N_("Next part")))

Q = Question
R = Reads
QUESTIONS: tuple[Question, ...] = (
    Q(
        "name",
        Section.CONTACT,
        "name",
        N_("What is your name, as employers should see it?"),
        R.NAME,
    ),
    Q("phone", Section.CONTACT, "phone", N_("Your phone number?"), R.PHONE, optional=True),
    Q("email", Section.CONTACT, "email", N_("Your e-mail address?"), R.EMAIL, optional=True),
    Q("town", Section.CONTACT, "town", N_("Which town do you live in?"), optional=True, limit=80),
    Q(
        "wanted",
        Section.WANTED,
        "",
        N_(
            "Which job are you looking for? Write one job at a time. Press Done when you are done."
        ),
        R.ITEMS,
    ),
    Q("job_title", Section.JOBS, "title", N_("A job you have had: what was your job title?")),
    Q("job_employer", Section.JOBS, "employer", N_("Where did you work? The employer's name.")),
    Q("job_place", Section.JOBS, "place", N_("In which town?"), optional=True, limit=80),
    Q("job_country", Section.JOBS, "country", N_("In which country?"), optional=True, limit=60),
    Q(
        "job_start",
        Section.JOBS,
        "start",
        N_("When did you start? A year like 2019, or a month like 03/2019."),
        R.START,
    ),
    Q(
        "job_end",
        Section.JOBS,
        "end",
        N_("When did you stop? A year or a month, or press the button if you still work there."),
        R.END,
        optional=True,
        choices=(Choice("now", N_("I still work there")),),
    ),
    Q(
        "job_tasks",
        Section.JOBS,
        "tasks",
        N_("What did you do there? Your main tasks, in a few short sentences."),
        optional=True,
        limit=1000,
    ),
    Q("job_more", Section.JOBS, "", N_("Saved. Do you want to add another job?"), R.MORE),
    Q(
        "school_name",
        Section.SCHOOLS,
        "school",
        N_("A school or course you went to: what was it called? (SFI counts too.)"),
    ),
    Q(
        "school_subject",
        Section.SCHOOLS,
        "subject",
        N_("What did you study, or which level? For SFI, press the course."),
        optional=True,
        choices=SFI,
    ),
    Q(
        "school_country",
        Section.SCHOOLS,
        "country",
        N_("In which country?"),
        optional=True,
        limit=60,
    ),
    Q(
        "school_start",
        Section.SCHOOLS,
        "start",
        N_("When did you start? A year like 2015 is enough."),
        R.START,
        optional=True,
    ),
    Q(
        "school_end",
        Section.SCHOOLS,
        "end",
        N_("When did you finish? Or press the button if you still study there."),
        R.END,
        optional=True,
        choices=(Choice("now", N_("I still study there")),),
    ),
    Q("school_more", Section.SCHOOLS, "", N_("Saved. Another school or course?"), R.MORE),
    Q(
        "lang_name",
        Section.LANGUAGES,
        "name",
        N_("Which language do you know? Write its name, or press one."),
        limit=40,
        choices=LANGUAGE_CHOICES,
    ),
    Q(
        "lang_understand",
        Section.LANGUAGES,
        "understand",
        N_("How well do you understand it?"),
        R.LEVEL,
        choices=LEVEL_CHOICES,
    ),
    Q(
        "lang_speak",
        Section.LANGUAGES,
        "speak",
        N_("How well do you speak it?"),
        R.LEVEL,
        choices=LEVEL_CHOICES,
    ),
    Q(
        "lang_write",
        Section.LANGUAGES,
        "write",
        N_("How well do you write it?"),
        R.LEVEL,
        choices=LEVEL_CHOICES,
    ),
    Q("lang_more", Section.LANGUAGES, "", N_("Saved. Another language?"), R.MORE),
    Q(
        "licences",
        Section.LICENCES,
        "",
        N_("Do you have a Swedish driving licence? Press every category you have, then Done."),
        R.LICENCES,
    ),
    Q(
        "certificates",
        Section.CERTIFICATES,
        "",
        N_(
            "Certificates or cards you have, like a forklift licence? Press one or write it. "
            "Press Done when you are done."
        ),
        R.ITEMS,
        choices=CERTIFICATES,
    ),
    Q(
        "skills",
        Section.SKILLS,
        "",
        N_(
            "What are you good at? Write one skill at a time, like \u201ccooking for many\u201d. "
            "Press Done when you are done."
        ),
        R.ITEMS,
    ),
    Q(
        "profile",
        Section.PROFILE,
        "profile",
        N_(
            "Write a few sentences about yourself for an employer: who you are and what you want "
            "to do."
        ),
        limit=1000,
    ),
    Q(
        "ref_name",
        Section.REFERENCES,
        "name",
        N_("Someone who can tell an employer about you: their name?"),
        R.NAME,
    ),
    Q(
        "ref_relation",
        Section.REFERENCES,
        "relation",
        N_("How do they know you? For example: my boss at ICA."),
    ),
    Q("ref_phone", Section.REFERENCES, "phone", N_("Their phone number?"), R.PHONE),
    Q(
        "ref_consent",
        Section.REFERENCES,
        "consent",
        N_("Did they say yes to being called by employers? Only then is their name on your CV."),
        R.CONSENT,
        choices=CONSENT,
    ),
    Q("ref_more", Section.REFERENCES, "", N_("Saved. Another reference?"), R.MORE),
)
BY_ID: dict[str, Question] = {q.id: q for q in QUESTIONS}
# A button names its question by number (an id would not fit Telegram's 64 bytes).
NUMBER: dict[str, int] = {q.id: n for n, q in enumerate(QUESTIONS)}
MORE_CHOICES = MORE


def of_section(section: Section) -> tuple[Question, ...]:
    """The questions of one section, in order."""
    return tuple(q for q in QUESTIONS if q.section is section)


def first(section: Section) -> Question:
    """The section's first question."""
    return of_section(section)[0]


def after(question: Question) -> Question | None:
    """The next question of the same section, or None at its end."""
    questions = of_section(question.section)
    at = questions.index(question)
    return questions[at + 1] if at + 1 < len(questions) else None
