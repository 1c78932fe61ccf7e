"""What the task handlers share: steps, how a task reads, whom a button concerns, local days."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from flows.languages import name_in_sentence
from flows.model import Person, ReportKind, Task, TaskState
from flows.output import Button
from flows.routes import Subject
from flows.tasks.library import BY_KEY, LIBRARY, LibraryTask
from flows.tasks.payloads import AskHelp, MoreTime, Rate, ReportTask, Review
from flows.tasks.ports import TasksPorts
from flows.text import N_, Label, Lines, Msg, Verbatim, msg, numbered


class State(StrEnum):
    """Steps of the tasks flow (persisted as `tasks.<value>`)."""

    CHOOSING = "choosing"  # a coach's draft: buttons, or a word to search the library
    OWN = "own"  # a coach writes a one-off task
    DUE = "due"  # a coach types a due date
    REPORT = "report"  # a participant sends their report
    COMMENT = "comment"  # a coach writes why a report goes back


DRAFT = "draft"
TASK = "task"

REPORT_HOW: dict[ReportKind, str] = {
    ReportKind.TEXT: N_("write a short text here"),
    ReportKind.PHOTO: N_("send a photo here"),
    ReportKind.DOCUMENT: N_("send the document here"),
    ReportKind.LINK: N_("send the link here"),
    ReportKind.DONE: N_("press Done when you have done it"),
}
STATE_NAMES: dict[TaskState, str] = {
    TaskState.ASSIGNED: N_("to do"),
    TaskState.RETURNED: N_("sent back to you"),
    TaskState.REPORTED: N_("reported, waiting for your coach"),
    TaskState.APPROVED: N_("approved"),
    TaskState.CANCELLED: N_("cancelled"),
}


def task_line(task: Task) -> Msg:
    """One line of a list of tasks: the title, the due date and where the task stands."""
    return msg(
        N_("{title}: by {due} ({state})"),
        title=title_of(task),
        due=task.due_on,
        state=msg(STATE_NAMES[task.state]),
    )


def title_of(task: Task) -> Label:
    """A library task's title in the reader's language; a one-off task's as written."""
    entry = BY_KEY.get(task.library_key or "")
    return msg(entry.title) if entry else Verbatim(task.title)


def task_text(task: Task, coach: Person | None, reader: str) -> tuple[Msg, ...]:
    """The task in writing: what, why, how, how long, how to report, by when."""
    entry = BY_KEY.get(task.library_key or "")
    head = msg(
        N_("A task from your coach {coach}: {title}"),
        coach=coach.display_name if coach else "",
        title=title_of(task),
    )
    if entry is not None:
        why: Msg | Verbatim = msg(entry.purpose)
        how: Msg | Verbatim = msg(entry.how)
    else:
        why, how = Verbatim(task.purpose), Verbatim(task.instructions)
    body = [head]
    if entry is not None or task.purpose:
        body.append(msg(N_("Why: {purpose}"), purpose=why))
    body.append(msg(N_("How:\n{how}"), how=how))
    if entry is None and task.text_locale and task.text_locale != reader:
        body.append(
            msg(
                N_("(Written by your coach in {language}.)"),
                language=Verbatim(name_in_sentence(task.text_locale)),
            )
        )
    body.append(
        msg(
            N_("Time: about {hours} h. Report: {report}. By: {due}."),
            hours=task.hours,
            report=msg(REPORT_HOW[task.report_kind]),
            due=task.due_on,
        )
    )
    return tuple(body)


# A task to choose from a list: its title, estimated hours and the button's payload.
Choice = tuple[Label, float, str]
PER_ROW = 4


def choice_list(
    choices: Sequence[Choice], first: int = 1
) -> tuple[Msg, tuple[tuple[Button, ...], ...]]:
    """Number the tasks to choose from, with a short number button for each line: a title
    does not fit on a phone's button in every language."""
    lines = tuple(
        numbered(n, msg(N_("{title} · {hours} h"), title=title, hours=hours))
        for n, (title, hours, _) in enumerate(choices, first)
    )
    buttons = [Button(Verbatim(str(n)), payload=p) for n, (_, _, p) in enumerate(choices, first)]
    rows = tuple(tuple(buttons[i : i + PER_ROW]) for i in range(0, len(buttons), PER_ROW))
    return msg("{words}", words=Lines(lines)), rows


def task_buttons(task: Task) -> tuple[tuple[Button, ...], ...]:
    """Report (or Done), and the two ways to ask for help."""
    label = N_("Done") if task.report_kind is ReportKind.DONE else N_("Report")
    return (
        (Button(msg(label), payload=ReportTask(task.id).pack()),),
        (Button(msg(N_("I don't understand")), payload=AskHelp(task.id, "unclear").pack()),),
        (Button(msg(N_("I need more time")), payload=AskHelp(task.id, "time").pack()),),
    )


def review_buttons(task: Task) -> tuple[tuple[Button, ...], ...]:
    """The coach's answer to a report."""
    return (
        (
            Button(msg(N_("Approve")), payload=Review(task.id, "ok").pack()),
            Button(msg(N_("Send back")), payload=Review(task.id, "back").pack()),
        ),
    )


def time_buttons(task: Task) -> tuple[tuple[Button, ...], ...]:
    """The coach's answer to a request for more time."""
    return (
        (
            Button(msg(N_("Move the date")), payload=MoreTime(task.id, "yes").pack()),
            Button(msg(N_("Keep the date")), payload=MoreTime(task.id, "no").pack()),
        ),
    )


def rate_buttons(task: Task) -> tuple[tuple[Button, ...], ...]:
    """Two optional questions after a report."""
    return (
        (
            Button(msg(N_("Useful")), payload=Rate(task.id, "useful").pack()),
            Button(msg(N_("Not useful")), payload=Rate(task.id, "useless").pack()),
        ),
        (
            Button(msg(N_("Took less time")), payload=Rate(task.id, "short").pack()),
            Button(msg(N_("About right")), payload=Rate(task.id, "right").pack()),
            Button(msg(N_("Took more time")), payload=Rate(task.id, "long").pack()),
        ),
    )


async def task_subject(payload: object, ports: TasksPorts) -> Subject | None:
    """A task's button concerns the participant the task is for."""
    task_id = getattr(payload, "task", None)
    task = await ports.tasks.get(task_id) if isinstance(task_id, int) else None
    return Subject(participant_id=task.participant_id) if task else None


async def participant_subject(payload: object, ports: TasksPorts) -> Subject | None:
    """A week or a suggestion concerns one participant."""
    pid = getattr(payload, "participant", None)
    person = await ports.people.get(pid) if isinstance(pid, int) else None
    return Subject(participant_id=person.id) if person is not None else None


async def library_for(ports: TasksPorts, person: Person) -> list[LibraryTask]:
    """The library tasks the person's unit uses (a unit can hide the ones it does not)."""
    unit = await ports.people.unit(person.unit_id)
    hidden = unit.settings.get("hidden_tasks") or ()
    return [e for e in LIBRARY if e.key not in hidden]


async def zone_of(ports: TasksPorts, person: Person) -> ZoneInfo:
    """The time zone of the person's unit."""
    unit = await ports.people.unit(person.unit_id)
    return ZoneInfo(unit.timezone)


def local_day(now: datetime, zone: ZoneInfo) -> date:
    """The date it is in the zone."""
    return now.astimezone(zone).date()


def week_of(day: date) -> tuple[date, date]:
    """Monday and Sunday of the day's week."""
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)
