"""A participant's tasks: the list, reporting in the task's way, help, and two optional taps."""

from __future__ import annotations

from datetime import timedelta

from flows.contact.message import Answer
from flows.events import Kind
from flows.model import MAY_REPORT, OPEN, ReportKind, Task, TaskState, TimeFit
from flows.output import Button, Outcome, Say, TelegramFile
from flows.routes import IDLE, Ctx
from flows.tasks.common import (
    TASK,
    State,
    rate_buttons,
    review_buttons,
    task_line,
    time_buttons,
    title_of,
)
from flows.tasks.payloads import AskHelp, Rate, ReportTask
from flows.tasks.ports import TasksPorts
from flows.tasks.reminders import reminder_key
from flows.text import N_, Lines, Msg, Verbatim, msg, numbered

# Files may come as a photo or as a document: a scan as a PDF, a photo of a paper.
FILES = frozenset({ReportKind.PHOTO, ReportKind.DOCUMENT})
MORE_TIME = timedelta(days=3)
LISTED = 10


async def my_tasks(ctx: Ctx[TasksPorts]) -> Outcome:
    """/tasks: open tasks with their due dates; any of them can be reported from here."""
    tasks = [t for t in await ctx.ports.tasks.of_participant(ctx.person.id) if t.state in OPEN]
    if not tasks:
        return ctx.reply(msg(N_("You have no open tasks. Your coach sends new ones here.")))
    lines = tuple(numbered(number, task_line(t)) for number, t in enumerate(tasks[:LISTED], 1))
    buttons = tuple(
        (Button(msg(N_("Report {number}"), number=number), payload=ReportTask(t.id).pack()),)
        for number, t in enumerate(tasks[:LISTED], 1)
    )
    return ctx.reply(msg(N_("Your open tasks:\n{tasks}"), tasks=Lines(lines)), buttons=buttons)


async def ask_report(ctx: Ctx[TasksPorts], payload: ReportTask) -> Outcome:
    """Report: a "done" task is done at once; otherwise ask for the report in its way."""
    task = await ctx.ports.tasks.get(payload.task)
    if task is None or task.state not in MAY_REPORT:
        return ctx.stale()
    if task.report_kind is ReportKind.DONE:
        return await _reported(ctx, task, text="", file=None)
    asks = {
        ReportKind.TEXT: N_("Write your answer for “{title}” and send it."),
        ReportKind.PHOTO: N_("Send the photo for “{title}” now."),
        ReportKind.DOCUMENT: N_(
            "Send the document for “{title}” now (a photo of it is fine too)."
        ),
        ReportKind.LINK: N_("Send the link for “{title}” now."),
    }
    text = msg(asks[task.report_kind], title=title_of(task))
    return Outcome(
        messages=(ctx.say(text),), state=State.REPORT, data={TASK: task.id}, remove_buttons=True
    )


async def take_report(ctx: Ctx[TasksPorts]) -> Outcome:
    """What the participant sent: stored if it is the task's kind, explained if it is not."""
    task_id = ctx.data.get(TASK)
    task = await ctx.ports.tasks.get(task_id) if isinstance(task_id, int) else None
    if task is None or task.state not in MAY_REPORT:
        return Outcome(
            messages=(ctx.say(msg(N_("That task is no longer open."))),), state=IDLE, data={}
        )
    event = ctx.event
    kind = task.report_kind
    text = event.text.strip()
    if kind in FILES and event.kind in (Kind.PHOTO, Kind.DOCUMENT) and event.file_id:
        file = TelegramFile("photo" if event.kind is Kind.PHOTO else "document", event.file_id)
        return await _reported(ctx, task, text=text, file=file, name=event.file_name)
    if kind is ReportKind.TEXT and event.kind is Kind.TEXT and text:
        return await _reported(ctx, task, text=text, file=None)
    if kind is ReportKind.LINK and event.kind is Kind.TEXT and _has_link(text):
        return await _reported(ctx, task, text=text, file=None)
    wrong = {
        ReportKind.TEXT: N_("Please write your answer as text. Nothing is reported yet."),
        ReportKind.PHOTO: N_(
            "Please send a photo (or the file). A sticker, voice message or text cannot be "
            "reported here. Nothing is reported yet."
        ),
        ReportKind.DOCUMENT: N_(
            "Please send the document as a file, or a photo of it. A sticker, voice message "
            "or text cannot be reported here. Nothing is reported yet."
        ),
        ReportKind.LINK: N_(
            "Please send a link that starts with https://. Nothing is reported yet."
        ),
    }
    return ctx.reply(msg(wrong[kind]))


def _has_link(text: str) -> bool:
    return any(w.startswith(("https://", "http://", "www.")) for w in text.split())


async def _reported(
    ctx: Ctx[TasksPorts],
    task: Task,
    *,
    text: str,
    file: TelegramFile | None,
    name: str = "",
) -> Outcome:
    done = await ctx.ports.tasks.change(
        task.id,
        MAY_REPORT,
        state=TaskState.REPORTED,
        report_text=text,
        report_file_id=file.file_id if file else None,
        report_file_name=name or None,
        reported_at=ctx.now,
    )
    if done is None:
        return Outcome(
            messages=(ctx.say(msg(N_("That task is no longer open."))),), state=IDLE, data={}
        )
    messages: list[Say] = []
    coach = await ctx.ports.people.get(done.coach_id)
    if coach is not None and coach.chat_id is not None:
        head = msg(
            N_("{name} reported “{title}” (due {due}):"),
            name=ctx.person.display_name,
            title=title_of(done),
            due=done.due_on,
        )
        body: tuple[Msg, ...] = (head,)
        if text:
            body = (head, msg("{words}", words=Verbatim(text)))
        elif done.report_kind is ReportKind.DONE:
            body = (head, msg(N_("Done.")))
        messages.append(
            Say(coach.chat_id, coach.locale, body, buttons=review_buttons(done), file=file)
        )
    thanks = msg(
        N_(
            "Thank you, your coach has your report. Two quick questions, if you like: "
            "was the task useful, and was the time right?"
        )
    )
    messages.insert(0, ctx.say(thanks, buttons=rate_buttons(done)))
    return Outcome(
        messages=tuple(messages),
        state=IDLE,
        data={},
        remove_buttons=True,
        drop_pending=(reminder_key(done),),
    )


async def left_without_report(ctx: Ctx[TasksPorts]) -> Outcome:
    """Another command instead of the report: the task stays open, and they are told."""
    return ctx.reply(msg(N_("Nothing was reported. The task is still open: see /tasks.")))


async def rate(ctx: Ctx[TasksPorts], payload: Rate) -> Outcome:
    """Store the optional answer (it can be changed by pressing again)."""
    task = await ctx.ports.tasks.get(payload.task)
    if task is None or task.reported_at is None:
        return ctx.stale()
    if payload.answer in ("useful", "useless"):
        await ctx.ports.tasks.rate(task.id, useful=payload.answer == "useful")
    elif payload.answer in ("short", "right", "long"):
        fit: TimeFit = payload.answer
        await ctx.ports.tasks.rate(task.id, time_fit=fit)
    return Outcome(toast=msg(N_("Thank you.")))


async def ask_help(ctx: Ctx[TasksPorts], payload: AskHelp) -> Outcome:
    """Tell the coach; for more time, propose a later date the coach accepts with one tap."""
    task = await ctx.ports.tasks.get(payload.task)
    if task is None or task.state not in OPEN:
        return ctx.stale()
    coach = await ctx.ports.people.get(task.coach_id)
    if coach is None or coach.chat_id is None:
        return ctx.reply(msg(N_("I could not reach your coach. Please call them.")))
    name = ctx.person.display_name
    if payload.why == "unclear":
        alert = msg(
            N_("{name} does not understand the task “{title}”. Press Reply to answer them."),
            name=name,
            title=title_of(task),
        )
        reply = (Button(msg(N_("Reply")), payload=Answer(ctx.person.id).pack()),)
        told = Say(coach.chat_id, coach.locale, (alert,), buttons=(reply,))
        answer = msg(
            N_("I have told your coach {coach}. They will answer you here."),
            coach=coach.display_name,
        )
        return Outcome(messages=(ctx.say(answer), told))
    later = max(task.due_on, ctx.now.date()) + MORE_TIME
    asked = await ctx.ports.tasks.change(task.id, OPEN, asked_due_on=later)
    if asked is None:
        return ctx.stale()
    alert = msg(
        N_("{name} asks for more time for “{title}”: from {due} to {day}."),
        name=name,
        title=title_of(asked),
        due=asked.due_on,
        day=later,
    )
    told = Say(coach.chat_id, coach.locale, (alert,), buttons=time_buttons(asked))
    answer = msg(
        N_("I have asked your coach {coach} to move it to {day}. I will tell you the answer."),
        coach=coach.display_name,
        day=later,
    )
    return Outcome(messages=(ctx.say(answer), told))
