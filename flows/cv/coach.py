"""The coach's side of a CV: read it (each read is audit-logged by the dispatcher), comment
on a part (the participant can answer), and mark it reviewed."""

from __future__ import annotations

from typing import Any

from flows.cv.overview import entry_lines
from flows.cv.payloads import Copy, CopyFor, CvOf, Remark, Respond, Reviewed
from flows.cv.ports import CvPorts
from flows.cv.walk import State
from flows.cv_model import SECTION_NAMES, Section
from flows.output import Button, Outcome, Say
from flows.routes import IDLE, Ctx, Subject
from flows.text import N_, Lines, Msg, Verbatim, msg, numbered, own_words

SECTIONS = tuple(Section)
COMMENT_LIMIT = 2000


async def participant_subject(payload: Any, ports: CvPorts) -> Subject | None:
    """A coach's button concerns one participant."""
    person = await ports.people.get(payload.participant)
    return Subject(participant_id=person.id) if person is not None else None


async def comment_subject(payload: Any, ports: CvPorts) -> Subject | None:
    """An answer to a comment concerns the participant whose CV it is."""
    found = await ports.cvs.get_comment(payload.comment)
    record = await ports.cvs.get(found.cv_id) if found else None
    return Subject(participant_id=record.participant_id) if record else None


async def cvs_command(ctx: Ctx[CvPorts]) -> Outcome:
    """/cvs: whose CV to read (the coach's caseload)."""
    caseload = await ctx.ports.people.caseload(ctx.person.id)
    if not caseload:
        return ctx.reply(msg(N_("There is nobody in your caseload.")))
    buttons = [Button(Verbatim(p.display_name), payload=CvOf(p.id).pack()) for p in caseload[:30]]
    rows = tuple(tuple(buttons[i : i + 2]) for i in range(0, len(buttons), 2))
    return ctx.reply(msg(N_("Whose CV do you want to read?")), buttons=rows)


async def cv_of(ctx: Ctx[CvPorts], payload: CvOf) -> Outcome:
    """The participant's CV as it is now, part by part, with the comments on it."""
    person = await ctx.ports.people.get(payload.participant)
    record = await ctx.ports.cvs.master(payload.participant)
    if person is None:
        return ctx.stale()
    if record is None:
        return ctx.reply(
            msg(
                N_("{name} has not started a CV yet. They start it with /cv."),
                name=person.display_name,
            )
        )
    body: list[Msg] = [msg(N_("The CV of {name}:"), name=person.display_name)]
    for n, section in enumerate(SECTIONS, 1):
        empty = (
            msg(N_("none")) if section.value in record.cv.nothing else msg(N_("Nothing here yet."))
        )
        lines = entry_lines(record.cv, section) or (empty,)
        head = numbered(n, msg(SECTION_NAMES[section]))
        body.append(msg(N_("{section}:\n{entries}"), section=head, entries=Lines(lines)))
    for c in await ctx.ports.cvs.comments(record.id):
        body.append(
            msg(
                N_("Comment on {section}: {text}\nAnswer: {answer}"),
                section=msg(SECTION_NAMES[Section(c.section)]),
                text=own_words(c.text),
                answer=own_words(c.answer or "–"),
            )
        )
    if record.reviewed_at is not None:
        body.append(msg(N_("Reviewed on {day}."), day=record.reviewed_at))
    remarks = [
        Button(
            msg(N_("Comment {number}"), number=n), payload=Remark(payload.participant, s).pack()
        )
        for n, s in enumerate(SECTIONS, 1)
    ]
    rows = [tuple(remarks[i : i + 2]) for i in range(0, len(remarks), 2)]
    rows.append(
        (Button(msg(N_("Mark as reviewed")), payload=Reviewed(payload.participant).pack()),)
    )
    rows.append((Button(msg(N_("Copy for a job")), payload=CopyFor(payload.participant).pack()),))
    made = await ctx.ports.cvs.copies(payload.participant)
    if made:
        listed = tuple(
            numbered(n, msg("{words}", words=own_words(c.label))) for n, c in enumerate(made, 1)
        )
        body.append(msg(N_("Copies for one job:\n{copies}"), copies=Lines(listed)))
    opens = [
        Button(msg(N_("Open copy {number}"), number=n), payload=Copy(c.id, "open").pack())
        for n, c in enumerate(made, 1)
    ]
    rows.extend(tuple(opens[i : i + 2]) for i in range(0, len(opens), 2))
    return Outcome(messages=(ctx.say(*body, buttons=tuple(rows)),))


async def remark(ctx: Ctx[CvPorts], payload: Remark) -> Outcome:
    """Ask for the comment on one part."""
    person = await ctx.ports.people.get(payload.participant)
    if person is None or await ctx.ports.cvs.master(person.id) is None:
        return ctx.stale()
    text = msg(
        N_("Write your comment on “{section}” for {name}. I will pass it on as you write it."),
        section=msg(SECTION_NAMES[payload.section]),
        name=person.display_name,
    )
    data = {"participant": person.id, "section": payload.section.value}
    return Outcome(messages=(ctx.say(text),), state=State.REMARK, data=data)


async def take_remark(ctx: Ctx[CvPorts]) -> Outcome:
    """Store the comment and pass it on; the caseload is checked again (it may have changed)."""
    words, again = ctx.written(COMMENT_LIMIT, msg(N_("Please write your comment, or /cancel.")))
    if again is not None:
        return again
    pid, section = ctx.data.get("participant"), ctx.data.get("section")
    person = await ctx.ports.people.get(pid) if isinstance(pid, int) else None
    record = await ctx.ports.cvs.master(person.id) if person else None
    if (
        person is None
        or record is None
        or section not in {s.value for s in Section}
        or not await ctx.ports.access.can_see(ctx.person, person.id)
    ):
        return Outcome(messages=ctx.stale().messages, state=IDLE, data={})
    made = await ctx.ports.cvs.comment(record.id, str(section), ctx.person.id, words, ctx.now)
    messages = [ctx.say(msg(N_("Sent to {name}."), name=person.display_name))]
    if person.chat_id is not None:
        told = msg(
            N_("Your coach {coach} has a comment on “{section}” in your CV:\n{text}"),
            coach=ctx.person.display_name,
            section=msg(SECTION_NAMES[Section(str(section))]),
            text=own_words(words),
        )
        answer = (Button(msg(N_("Answer")), payload=Respond(made.id).pack()),)
        messages.append(Say(person.chat_id, person.locale, (told,), buttons=(answer,)))
    return Outcome(messages=tuple(messages), state=IDLE, data={})


async def reviewed(ctx: Ctx[CvPorts], payload: Reviewed) -> Outcome:
    """Mark the CV reviewed; the participant is told."""
    person = await ctx.ports.people.get(payload.participant)
    record = await ctx.ports.cvs.master(payload.participant)
    if person is None or record is None:
        return ctx.stale()
    await ctx.ports.cvs.reviewed(record.id, ctx.person.id, ctx.now)
    messages = [ctx.say(msg(N_("Marked as reviewed. {name} is told."), name=person.display_name))]
    if person.chat_id is not None:
        told = msg(N_("Your coach {coach} has read your CV."), coach=ctx.person.display_name)
        messages.append(Say(person.chat_id, person.locale, (told,)))
    return Outcome(messages=tuple(messages), remove_buttons=True)


async def respond(ctx: Ctx[CvPorts], payload: Respond) -> Outcome:
    """The participant answers a comment: ask for the words."""
    found = await ctx.ports.cvs.get_comment(payload.comment)
    if found is None:
        return ctx.stale()
    text = msg(N_("Write your answer. I will pass it on to your coach as you write it."))
    return Outcome(messages=(ctx.say(text),), state=State.RESPOND, data={"comment": found.id})


async def take_response(ctx: Ctx[CvPorts]) -> Outcome:
    """Store the answer and pass it on to the coach who commented."""
    words, again = ctx.written(COMMENT_LIMIT, msg(N_("Please write your answer, or /cancel.")))
    if again is not None:
        return again
    raw = ctx.data.get("comment")
    found = await ctx.ports.cvs.get_comment(raw) if isinstance(raw, int) else None
    record = await ctx.ports.cvs.get(found.cv_id) if found else None
    if found is None or record is None or record.participant_id != ctx.person.id:
        return Outcome(messages=ctx.stale().messages, state=IDLE, data={})
    await ctx.ports.cvs.answer(found.id, words, ctx.now)
    coach = await ctx.ports.people.get(found.author_id)
    messages = [ctx.say(msg(N_("Sent to your coach.")))]
    if coach is not None and coach.chat_id is not None:
        told = msg(
            N_("{name} answered your comment on “{section}”:\n{text}"),
            name=ctx.person.display_name,
            section=msg(SECTION_NAMES[Section(found.section)]),
            text=own_words(words),
        )
        messages.append(Say(coach.chat_id, coach.locale, (told,)))
    return Outcome(messages=tuple(messages), state=IDLE, data={})
