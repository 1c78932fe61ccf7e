"""The follow-up questions, one tap each: the employer's, the competence analysis, the
participant's own (which the employer never sees), and the check-in after exit."""

from __future__ import annotations

from dataclasses import dataclass

from flows.placement_model import Reply, Side
from flows.text import N_


@dataclass(frozen=True)
class Question:
    """One question and its answers (value, label msgid); `worry` answers alert the coach."""

    key: str
    text: str
    answers: tuple[tuple[str, str], ...]
    worry: frozenset[str] = frozenset()


GOOD_OK_CONCERN = (("good", N_("Good")), ("ok", N_("OK")), ("concern", N_("Concerns")))
CONTACT = Question(
    "contact",
    N_("Do you want the coach to contact you?"),
    (("no", N_("No, all is fine")), ("yes", N_("Yes, please"))),
    frozenset({"yes"}),
)
EMPLOYER = (
    Question(
        "overall",
        N_("Follow-up of {name} at {workplace}: how is it going overall?"),
        GOOD_OK_CONCERN,
        frozenset({"concern"}),
    ),
    Question(
        "attendance",
        N_("Attendance and punctuality?"),
        (("good", N_("Good")), ("some", N_("Some problems")), ("serious", N_("Serious problems"))),
        frozenset({"serious"}),
    ),
    Question("tasks", N_("The work tasks?"), GOOD_OK_CONCERN, frozenset({"concern"})),
    Question(
        "cooperation", N_("Cooperation and language?"), GOOD_OK_CONCERN, frozenset({"concern"})
    ),
    CONTACT,
)
COMPETENCE = (
    Question(
        "overall",
        N_("Competence analysis for {name} at {workplace}: how is it going overall?"),
        GOOD_OK_CONCERN,
        frozenset({"concern"}),
    ),
    Question(
        "missing",
        N_("What is most missing for the job?"),
        (
            ("swedish", N_("Swedish")),
            ("pace", N_("Work pace")),
            ("safety", N_("Safety rules")),
            ("customers", N_("Customer contact")),
            ("computer", N_("Computer skills")),
            ("none", N_("Nothing")),
        ),
    ),
    Question(
        "training",
        N_("Which training is needed, and who gives it?"),
        (
            ("workplace", N_("We train at work")),
            ("programme", N_("The coach arranges it")),
            ("course", N_("A course (SFI, Komvux)")),
            ("none", N_("None needed")),
        ),
    ),
    Question(
        "extend",
        N_("Should the placement be extended?"),
        (("yes", N_("Yes")), ("no", N_("No"))),
    ),
    Question(
        "hire",
        N_("Do you intend to hire?"),
        (("yes", N_("Yes")), ("maybe", N_("Maybe")), ("no", N_("No"))),
    ),
    Question(
        "hire_on",
        N_("When could the hiring start?"),
        (
            ("1m", N_("In a month")),
            ("2m", N_("In two months")),
            ("3m", N_("In three months")),
            ("later", N_("Not decided")),
        ),
    ),
    CONTACT,
)
PARTICIPANT = (
    Question(
        "feel",
        N_("How is it going at {workplace}?"),
        (("good", N_("Good")), ("ok", N_("OK")), ("bad", N_("Not good"))),
        frozenset({"bad"}),
    ),
    Question(
        "contact",
        N_("Do you want your coach to contact you?"),
        (("no", N_("No, thanks")), ("yes", N_("Yes, please"))),
        frozenset({"yes"}),
    ),
)
AFTER_EXIT = (
    Question(
        "status",
        N_("Hello! Your coach would like to know: do you work or study now?"),
        (("work", N_("I work")), ("studies", N_("I study")), ("neither", N_("Neither"))),
    ),
)
# Short names of the questions for the coach's view of the answers.
TOPICS: dict[str, str] = {
    "overall": N_("overall"),
    "attendance": N_("attendance"),
    "tasks": N_("work tasks"),
    "cooperation": N_("cooperation and language"),
    "contact": N_("wants contact"),
    "missing": N_("most missing"),
    "training": N_("training"),
    "extend": N_("extend"),
    "hire": N_("will hire"),
    "hire_on": N_("hiring"),
    "feel": N_("how it goes"),
    "status": N_("now"),
}


def questions(side: Side, competence: bool, after_exit: bool) -> tuple[Question, ...]:
    """The questions one side answers in one follow-up."""
    if after_exit:
        return AFTER_EXIT if side is Side.PARTICIPANT else ()
    if side is Side.PARTICIPANT:
        return PARTICIPANT
    return COMPETENCE if competence else EMPLOYER


def label_of(question: Question, value: str) -> str:
    """The msgid of an answer's label (the value itself if unknown)."""
    return dict(question.answers).get(value, value)


def asked(side: Side, key: str) -> Question | None:
    """The question a stored answer belongs to (by side and key), if any."""
    groups = (EMPLOYER, COMPETENCE) if side is Side.EMPLOYER else (PARTICIPANT, AFTER_EXIT)
    return next((q for group in groups for q in group if q.key == key), None)


def is_worry(side: Side, key: str, value: str) -> bool:
    """Whether an answer is one that alerts the coach (concerns, serious problems, ...)."""
    question = asked(side, key)
    return question is not None and value in question.worry


def answer_label(reply: Reply) -> str:
    """The msgid of a stored answer's label (the value itself if its question is unknown)."""
    question = asked(reply.side, reply.question)
    return label_of(question, reply.value) if question else reply.value
