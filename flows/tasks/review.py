"""The coach's side of a report: approve it, or send it back with a comment; more time."""

from __future__ import annotations

from flows.model import MAY_CANCEL, MAY_REVIEW, OPEN, TaskState
from flows.output import Outcome, Say
from flows.routes import IDLE, Ctx
from flows.tasks.common import TASK, State, task_buttons, title_of
from flows.tasks.payloads import MoreTime, Review, Withdraw
from flows.tasks.ports import TasksPorts
from flows.tasks.reminders import reminder_key
from flows.text import N_, Verbatim, msg


async def review(ctx: Ctx[TasksPorts], payload: Review) -> Outcome:
    """Approve at once; to send back, ask for the comment first."""
    task = await ctx.ports.tasks.get(payload.task)
    if task is None or task.state not in MAY_REVIEW:
        return ctx.stale()
    if payload.verdict == "back":
        text = msg(
            N_("What should {name} change? Write it and I will pass it on as you wrote it."),
            name=await _name(ctx, task.participant_id),
        )
        return Outcome(
            messages=(ctx.say(text),),
            state=State.COMMENT,
            data={TASK: task.id},
            remove_buttons=True,
        )
    done = await ctx.ports.tasks.change(task.id, MAY_REVIEW, state=TaskState.APPROVED)
    if done is None:
        return ctx.stale()
    participant = await ctx.ports.people.get(done.participant_id)
    messages = [
        ctx.say(msg(N_("Approved. {name} is told."), name=await _name(ctx, done.participant_id)))
    ]
    if participant is not None and participant.chat_id is not None:
        told = msg(
            N_("Your coach {coach} approved “{title}”. Well done!"),
            coach=ctx.person.display_name,
            title=title_of(done),
        )
        messages.append(Say(participant.chat_id, participant.locale, (told,)))
    return Outcome(messages=tuple(messages), remove_buttons=True)


async def comment(ctx: Ctx[TasksPorts]) -> Outcome:
    """The comment for a report sent back: passed on as written, the task open again."""
    words = ctx.event.text.strip()
    if not words:
        return ctx.reply(msg(N_("Please write what should change, or /cancel.")))
    task_id = ctx.data.get(TASK)
    task = await ctx.ports.tasks.get(task_id) if isinstance(task_id, int) else None
    if task is None:
        return Outcome(
            messages=(ctx.say(msg(N_("That task is no longer open."))),), state=IDLE, data={}
        )
    back = await ctx.ports.tasks.change(
        task.id, MAY_REVIEW, state=TaskState.RETURNED, comment=words
    )
    if back is None:
        return Outcome(messages=(ctx.stale().messages), state=IDLE, data={})
    participant = await ctx.ports.people.get(back.participant_id)
    name = await _name(ctx, back.participant_id)
    messages = [ctx.say(msg(N_("Sent back to {name} with your comment."), name=name))]
    if participant is not None and participant.chat_id is not None:
        told = msg(
            N_(
                "Your coach {coach} sent “{title}” back to you:\n{comment}\n\n"
                "Report it again when it is ready."
            ),
            coach=ctx.person.display_name,
            title=title_of(back),
            comment=Verbatim(words),
        )
        messages.append(
            Say(participant.chat_id, participant.locale, (told,), buttons=task_buttons(back))
        )
    return Outcome(messages=tuple(messages), state=IDLE, data={})


async def left_without_comment(ctx: Ctx[TasksPorts]) -> Outcome:
    """Another command instead of the comment: the report waits for a decision."""
    return ctx.reply(msg(N_("Nothing was sent back. The report still waits for your decision.")))


async def more_time(ctx: Ctx[TasksPorts], payload: MoreTime) -> Outcome:
    """Move the due date as asked, or keep it; the participant is told either way."""
    task = await ctx.ports.tasks.get(payload.task)
    if task is None or task.asked_due_on is None or task.state not in OPEN:
        return ctx.stale()
    if payload.answer == "yes":
        moved = await ctx.ports.tasks.change(
            task.id, OPEN, due_on=task.asked_due_on, asked_due_on=None
        )
    else:
        moved = await ctx.ports.tasks.change(task.id, OPEN, asked_due_on=None)
    if moved is None:
        return ctx.stale()
    participant = await ctx.ports.people.get(moved.participant_id)
    name = await _name(ctx, moved.participant_id)
    if payload.answer == "yes":
        mine = msg(N_("Moved to {day}. {name} is told."), day=moved.due_on, name=name)
        theirs = msg(
            N_("Your coach {coach} moved “{title}” to {day}."),
            coach=ctx.person.display_name,
            title=title_of(moved),
            day=moved.due_on,
        )
    else:
        mine = msg(N_("The date stays {day}. {name} is told."), day=moved.due_on, name=name)
        theirs = msg(
            N_(
                "Your coach {coach} keeps the date {day} for “{title}”. Ask them if you need help."
            ),
            coach=ctx.person.display_name,
            title=title_of(moved),
            day=moved.due_on,
        )
    messages = [ctx.say(mine)]
    if participant is not None and participant.chat_id is not None:
        messages.append(Say(participant.chat_id, participant.locale, (theirs,)))
    # Reminders for the old date are withdrawn; the timer plans them for the new one.
    dropped = (reminder_key(moved),) if payload.answer == "yes" else ()
    return Outcome(messages=tuple(messages), remove_buttons=True, drop_pending=dropped)


async def withdraw(ctx: Ctx[TasksPorts], payload: Withdraw) -> Outcome:
    """Cancel a task that is not approved yet; the participant is told."""
    gone = await ctx.ports.tasks.change(payload.task, MAY_CANCEL, state=TaskState.CANCELLED)
    if gone is None:
        return ctx.stale()
    name = await _name(ctx, gone.participant_id)
    mine = msg(N_("Withdrawn: {title}. {name} is told."), title=title_of(gone), name=name)
    messages = [ctx.say(mine)]
    participant = await ctx.ports.people.get(gone.participant_id)
    if participant is not None and participant.chat_id is not None:
        theirs = msg(
            N_("Your coach {coach} withdrew the task “{title}”. You do not need to do it."),
            coach=ctx.person.display_name,
            title=title_of(gone),
        )
        messages.append(Say(participant.chat_id, participant.locale, (theirs,)))
    return Outcome(messages=tuple(messages), drop_pending=(reminder_key(gone),))


async def _name(ctx: Ctx[TasksPorts], person_id: int) -> str:
    person = await ctx.ports.people.get(person_id)
    return person.display_name if person else ""
