"""Copies of the CV for one job or employer ("CV2"): the entries chosen and ordered for that
job and a profile text of its own, without touching the participant's own CV."""

from __future__ import annotations

import dataclasses
from typing import Any

from flows.cv.overview import documents, entry_lines
from flows.cv.payloads import Copy, CopyEntry, CopyFor, CvOf, Go
from flows.cv.ports import CvPorts
from flows.cv.walk import State
from flows.cv_model import SECTION_NAMES, CvRecord, Section
from flows.output import Button, Outcome, Say
from flows.routes import IDLE, Ctx, Subject
from flows.text import N_, Lines, Msg, msg, numbered, own_words

ORDERED = (Section.JOBS, Section.SCHOOLS)
LABEL_LIMIT = 100
PROFILE_LIMIT = 1000
COPY = "copy"


async def copy_subject(payload: Any, ports: CvPorts) -> Subject | None:
    """A copy's button concerns the participant whose CV it is."""
    record = await ports.cvs.get(payload.cv)
    return Subject(participant_id=record.participant_id) if record and record.label else None


async def copies(ctx: Ctx[CvPorts], record: CvRecord) -> Outcome:
    """The copies made for one job, and a button for a new one."""
    found = await ctx.ports.cvs.copies(record.participant_id)
    lines = tuple(
        numbered(n, msg("{words}", words=own_words(c.label))) for n, c in enumerate(found, 1)
    )
    body = [
        msg(
            N_(
                "A copy for one job keeps only what fits that job, in the order you choose. "
                "Your own CV stays as it is."
            )
        )
    ]
    if lines:
        body.append(msg(N_("Your copies:\n{copies}"), copies=Lines(lines)))
    opens = [
        Button(msg(N_("Open {number}"), number=n), payload=Copy(c.id, "open").pack())
        for n, c in enumerate(found, 1)
    ]
    rows = [tuple(opens[i : i + 3]) for i in range(0, len(opens), 3)]
    if ctx.person.id == record.participant_id:
        rows.append((Button(msg(N_("New copy for a job")), payload=Go("copy").pack()),))
        rows.append((Button(msg(N_("Back to my CV")), payload=Go("home").pack()),))
    else:
        again = CopyFor(record.participant_id).pack()
        rows.append((Button(msg(N_("New copy for a job")), payload=again),))
        rows.append(
            (Button(msg(N_("Back to the CV")), payload=CvOf(record.participant_id).pack()),)
        )
    return Outcome(messages=(ctx.say(*body, buttons=tuple(rows)),), remove_buttons=True)


async def new_copy(ctx: Ctx[CvPorts], record: CvRecord) -> Outcome:
    """Ask which job or employer the new copy is for."""
    if not record.cv.contact.name:
        return ctx.reply(
            msg(N_("Your CV needs your name first. Press “Go on with the questions”."))
        )
    text = msg(
        N_("Which job or employer is the copy for? For example: Cook at Restaurang Tre Sjöar.")
    )
    data = {"participant": record.participant_id}
    return Outcome(messages=(ctx.say(text),), state=State.LABEL, data=data, remove_buttons=True)


async def coach_copy(ctx: Ctx[CvPorts], payload: CopyFor) -> Outcome:
    """A coach makes a copy of a participant's CV for one job (visibility checked)."""
    own = await ctx.ports.cvs.master(payload.participant)
    if own is None:
        return ctx.stale()
    return await new_copy(ctx, own)


async def take_label(ctx: Ctx[CvPorts]) -> Outcome:
    """Make the copy from the CV as it is now; a participant is told of a coach's copy."""
    label, again = ctx.written(
        LABEL_LIMIT, msg(N_("Please write the job or the employer, or /cancel."))
    )
    if again is not None:
        return again
    pid = ctx.data.get("participant")
    own = await ctx.ports.cvs.master(pid) if isinstance(pid, int) else None
    # A coach's caseload may have changed while they typed: check again.
    if own is None or not await ctx.ports.access.can_see(ctx.person, own.participant_id):
        return Outcome(messages=ctx.stale().messages, state=IDLE, data={})
    cv = dataclasses.replace(own.cv, skipped=())
    made = await ctx.ports.cvs.create(own.participant_id, label, cv, ctx.now)
    shown = _view(ctx, made, msg(N_("Made a copy for: {label}"), label=own_words(label)))
    owner = await ctx.ports.people.get(own.participant_id)
    if owner is None or owner.id == ctx.person.id or owner.chat_id is None:
        return shown
    told = msg(
        N_("Your coach {coach} made a copy of your CV for: {label}. See /cv."),
        coach=ctx.person.display_name,
        label=own_words(label),
    )
    return dataclasses.replace(
        shown, messages=(*shown.messages, Say(owner.chat_id, owner.locale, (told,)))
    )


def _view(ctx: Ctx[CvPorts], copy: CvRecord, *head: Msg) -> Outcome:
    """The copy's entries numbered, each to leave out or move up, and its profile text."""
    lines: list[Msg] = []
    rows: list[tuple[Button, ...]] = []
    number = 0
    for section in ORDERED:
        entries = entry_lines(copy.cv, section)
        if entries:
            lines.append(msg(N_("{section}:"), section=msg(SECTION_NAMES[section])))
        for index, line in enumerate(entries):
            number += 1
            lines.append(numbered(number, line))
            row = [
                Button(
                    msg(N_("Leave out {number}"), number=number),
                    payload=CopyEntry(copy.id, section, index, "drop").pack(),
                )
            ]
            if index > 0:
                row.append(
                    Button(
                        msg(N_("Up {number}"), number=number),
                        payload=CopyEntry(copy.id, section, index, "up").pack(),
                    )
                )
            rows.append(tuple(row))
    profile = copy.cv.profile or "–"
    body = [
        *head,
        msg(N_("Copy for: {label}"), label=own_words(copy.label)),
        *lines,
        msg(N_("About me: {profile}"), profile=own_words(profile)),
    ]
    for action, label in (
        ("profile", N_("Write “About me”")),
        ("get", N_("Get this copy")),
        ("sv", N_("This copy in Swedish")),
        ("delete", N_("Delete this copy")),
    ):
        rows.append((Button(msg(label), payload=Copy(copy.id, action).pack()),))  # type: ignore[arg-type]
    return Outcome(
        messages=(ctx.say(*body, buttons=tuple(rows)),), state=IDLE, data={}, remove_buttons=True
    )


async def copy_action(ctx: Ctx[CvPorts], payload: Copy) -> Outcome:
    """Open, get, write the profile of, or delete a copy (visibility checked)."""
    copy = await ctx.ports.cvs.get(payload.cv)
    if copy is None or not copy.label:
        return ctx.stale()
    if payload.action == "open":
        return _view(ctx, copy)
    if payload.action in ("get", "sv"):
        locale = ctx.locale if payload.action == "get" else "sv"
        return Outcome(messages=documents(ctx, copy.cv, locale, copy.cv.contact.name))
    if payload.action == "delete":
        await ctx.ports.cvs.delete(copy.id)
        own = await ctx.ports.cvs.master(copy.participant_id)
        gone = msg(N_("Deleted the copy for: {label}"), label=own_words(copy.label))
        if own is None:
            return ctx.reply(gone)
        outcome = await copies(ctx, own)
        return dataclasses.replace(outcome, messages=(ctx.say(gone), *outcome.messages))
    text = msg(N_("Write “About me” for this job: a few sentences for this employer."))
    return Outcome(
        messages=(ctx.say(text),), state=State.PROFILE, data={COPY: copy.id}, remove_buttons=True
    )


async def copy_entry(ctx: Ctx[CvPorts], payload: CopyEntry) -> Outcome:
    """Leave an entry out of the copy, or move it one place up."""
    copy = await ctx.ports.cvs.get(payload.cv)
    if copy is None or not copy.label or payload.section not in ORDERED:
        return ctx.stale()
    entries = list(getattr(copy.cv, payload.section.value))
    at = payload.index
    if not 0 <= at < len(entries) or (payload.action == "up" and at == 0):
        return ctx.stale()
    if payload.action == "drop":
        del entries[at]
    else:
        entries[at - 1], entries[at] = entries[at], entries[at - 1]
    cv = copy.cv.with_section(payload.section, tuple(entries))
    await ctx.ports.cvs.save(copy.id, cv, {}, ctx.now)
    return _view(ctx, dataclasses.replace(copy, cv=cv))


async def take_profile(ctx: Ctx[CvPorts]) -> Outcome:
    """The copy's own profile text, kept as written."""
    text, again = ctx.written(PROFILE_LIMIT, msg(N_("Please write a few sentences, or /cancel.")))
    if again is not None:
        return again
    raw = ctx.data.get(COPY)
    copy = await ctx.ports.cvs.get(raw) if isinstance(raw, int) else None
    if (
        copy is None
        or not copy.label
        or not await ctx.ports.access.can_see(ctx.person, copy.participant_id)
    ):
        return Outcome(messages=ctx.stale().messages, state=IDLE, data={})
    cv = copy.cv.with_section(Section.PROFILE, text)
    await ctx.ports.cvs.save(copy.id, cv, {}, ctx.now)
    return _view(ctx, dataclasses.replace(copy, cv=cv), msg(N_("Saved.")))
