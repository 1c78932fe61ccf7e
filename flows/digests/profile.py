"""A participant's profile card for staff: who, coach, path and deadlines, the last four
weeks' attendance, tasks, CV, placement, the unit's figures fields and the latest notes;
the history behind it; notes written by the coach. Opening it is a staff read, which the
dispatcher writes to the audit log (the buttons say whom they concern)."""

from __future__ import annotations

from datetime import timedelta
from enum import StrEnum
from typing import Protocol

from flows.attendance.common import STATUS
from flows.cv_model import Section
from flows.digest_model import Snapshot
from flows.digests.daily import midnight, rules_of
from flows.digests.facts import Rules, local_day, silent_days
from flows.digests.payloads import (
    AskGender,
    HandOver,
    History,
    Priority,
    Profile,
    SetGender,
    WriteNote,
)
from flows.digests.ports import DigestPorts
from flows.languages import NATIVE_NAMES
from flows.model import ABSENT, ATTENDED, OPEN, Role, TaskState
from flows.output import Button, Outcome
from flows.path.dates import deadlines
from flows.path.payloads import PathOf
from flows.path_model import STATUS_NAMES
from flows.placement_model import KIND_NAMES
from flows.routes import IDLE, Ctx, Subject
from flows.tasks.common import STATE_NAMES, title_of
from flows.text import N_, Msg, Verbatim, msg, nmsg, own_words

WEEKS = timedelta(days=28)
NOTE_LIMIT = 2000
GENDERS = {
    "woman": N_("Woman"),
    "man": N_("Man"),
    "other": N_("Other"),
    "unknown": N_("Not recorded"),
}


class State(StrEnum):
    """The summaries' steps."""

    NOTE = "note"


class About(Protocol):
    """A payload about one participant."""

    @property
    def person(self) -> int:
        """The participant's id."""
        ...


async def person_subject(payload: About, ports: DigestPorts) -> Subject | None:
    """A profile button concerns its participant (gone if they are no participant)."""
    person = await ports.people.get(payload.person)
    if person is None or person.role is not Role.PARTICIPANT:
        return None
    return Subject(participant_id=person.id)


async def _snapshot(ctx: Ctx[DigestPorts], person_id: int) -> tuple[Snapshot, Rules] | None:
    person = await ctx.ports.people.get(person_id)
    if person is None:
        return None
    unit = await ctx.ports.people.unit(person.unit_id)
    rules = rules_of(unit, ctx.cfg, ctx.now.date())
    today = local_day(ctx.now, rules.zone)
    snap = await ctx.ports.summaries.snapshot(
        unit.id,
        midnight(today - WEEKS, rules.zone),
        midnight(today + timedelta(days=1), rules.zone),
        participant_id=person_id,
    )
    return (snap, rules) if snap.members else None


async def profile(ctx: Ctx[DigestPorts], payload: Profile) -> Outcome:
    """The profile card, with its buttons."""
    found = await _snapshot(ctx, payload.person)
    if found is None:
        return ctx.stale()
    snap, rules = found
    member = snap.members[0]
    person = member.person
    today = local_day(ctx.now, rules.zone)
    coach = next((c for c in snap.coaches if c.id == member.coach_id), None)
    body: list[Msg] = [
        msg(
            N_("{name} · coach {coach} since {since} · {language}"),
            name=person.display_name,
            coach=coach.display_name if coach else "",
            since=local_day(member.since, rules.zone),
            language=Verbatim(NATIVE_NAMES.get(person.locale, person.locale)),
        ),
        nmsg(
            "Last word: {days} day ago.",
            "Last word: {days} days ago.",
            silent_days(member, ctx.now),
            days=silent_days(member, ctx.now),
        ),
    ]
    for path in snap.paths:
        due = deadlines(path.started_on, path.paused_days, rules.holidays)
        plan = (
            msg(N_("plan approved"))
            if path.participant_id in snap.approved
            else msg(N_("plan due {day}"), day=due.plan_due)
        )
        body.append(
            msg(
                N_("Path: {status} since {start}, {plan}, review {review}, longest stay {last}."),
                status=msg(STATUS_NAMES[path.status]),
                start=path.started_on,
                plan=plan,
                review=due.review_due,
                last=due.last_day,
            )
        )
    statuses = [r.status for r in snap.records]
    body.append(
        msg(
            N_("Last 4 weeks: present {attended} times, absent {absent} times."),
            attended=sum(1 for s in statuses if s in ATTENDED),
            absent=sum(1 for s in statuses if s in ABSENT),
        )
    )
    tasks = await ctx.ports.tasks.of_participant(person.id)
    open_tasks = [t for t in tasks if t.state in OPEN]
    body.append(
        msg(
            N_("Tasks: {open} open, {overdue} overdue, {waiting} waiting for your review."),
            open=len(open_tasks),
            overdue=sum(1 for t in open_tasks if t.due_on < today),
            waiting=sum(1 for t in tasks if t.state is TaskState.REPORTED),
        )
    )
    cv = snap.cvs.get(person.id)
    filled = 0 if cv is None else sum(1 for s in Section if cv.filled(s))
    body.append(msg(N_("CV: {filled} of {total} parts"), filled=filled, total=len(Section)))
    current = [p for p in snap.placements if p.ended_on is None]
    for placement in current:
        body.append(
            msg(
                N_("{kind} at {workplace} since {start}."),
                kind=msg(KIND_NAMES[placement.kind]),
                workplace=own_words(placement.workplace),
                start=placement.starts_on,
            )
        )
    body.append(
        msg(
            N_("For the unit's figures: {gender}, priority group: {priority}."),
            gender=msg(GENDERS[person.gender or "unknown"]),
            priority=msg(N_("yes") if person.priority_group else N_("no")),
        )
    )
    for note in (await ctx.ports.summaries.notes(person.id))[:3]:
        body.append(
            msg(
                N_("Note {day}, {author}: {text}"),
                day=local_day(note.created_at, rules.zone),
                author=note.author,
                text=own_words(note.text),
            )
        )
    rows: list[tuple[Button, ...]] = [
        (
            Button(msg(N_("Write a note")), payload=WriteNote(person.id).pack()),
            Button(msg(N_("History")), payload=History(person.id).pack()),
        ),
        (Button(msg(N_("Hand over")), payload=HandOver(person.id).pack()),),
    ]
    if ctx.person.role is Role.COACH:
        rows[1] += (
            Button(msg(N_("Gender")), payload=AskGender(person.id).pack()),
            Button(msg(N_("Priority group")), payload=Priority(person.id).pack()),
        )
        rows.append((Button(msg(N_("Open the path")), payload=PathOf(person.id).pack()),))
    return ctx.reply(*body, buttons=tuple(rows))


async def history(ctx: Ctx[DigestPorts], payload: History) -> Outcome:
    """The history: four weeks of attendance, the tasks, the placements and every note."""
    found = await _snapshot(ctx, payload.person)
    if found is None:
        return ctx.stale()
    snap, rules = found
    person = snap.members[0].person
    body: list[Msg] = [msg(N_("History of {name}:"), name=person.display_name)]
    records = {r.session_id: r for r in snap.records}
    attended = [
        msg(
            N_("{when} {title}: {status}"),
            when=f.session.starts_at,
            title=f.title,
            status=msg(STATUS[records[f.session.id].status if f.session.id in records else None]),
        )
        for f in snap.sessions
        if f.session.starts_at <= ctx.now
    ]
    body.extend(attended[-20:] or [msg(N_("No sessions in the last 4 weeks."))])
    for task in (await ctx.ports.tasks.of_participant(person.id))[-10:]:
        body.append(
            msg(
                N_("Task “{title}”, due {due}: {state}"),
                title=title_of(task),
                due=task.due_on,
                state=msg(STATE_NAMES[task.state]),
            )
        )
    for placement in await ctx.ports.placements.of_participant(person.id):
        body.append(
            msg(
                N_("{kind} at {workplace} from {start}."),
                kind=msg(KIND_NAMES[placement.kind]),
                workplace=own_words(placement.workplace),
                start=placement.starts_on,
            )
        )
    for note in (await ctx.ports.summaries.notes(person.id))[:10]:
        body.append(
            msg(
                N_("Note {day}, {author}: {text}"),
                day=local_day(note.created_at, rules.zone),
                author=note.author,
                text=own_words(note.text),
            )
        )
    return ctx.reply(*body)


async def write_note(ctx: Ctx[DigestPorts], payload: WriteNote) -> Outcome:
    """Ask for the note's words."""
    person = await ctx.ports.people.get(payload.person)
    if person is None:
        return ctx.stale()
    ask = msg(N_("Write your note about {name} (only staff see it):"), name=person.display_name)
    return Outcome(messages=(ctx.say(ask),), state=State.NOTE, data={"person": person.id})


async def note_typed(ctx: Ctx[DigestPorts]) -> Outcome:
    """Keep the note as written; a hand-over meanwhile means it is no longer theirs to write."""
    person_id = ctx.data.get("person")
    if not isinstance(person_id, int) or not await ctx.ports.access.can_see(ctx.person, person_id):
        return Outcome(messages=ctx.not_allowed().messages, state=IDLE, data={})
    text, refused = ctx.written(NOTE_LIMIT, msg(N_("Please write the note as text.")))
    if refused is not None:
        return refused
    await ctx.ports.summaries.add_note(person_id, ctx.person.id, text, ctx.now)
    done = msg(N_("Note saved."))
    back = Button(msg(N_("Open the profile")), payload=Profile(person_id).pack())
    return Outcome(messages=(ctx.say(done, buttons=((back,),)),), state=IDLE, data={})


async def note_left(ctx: Ctx[DigestPorts]) -> Outcome:
    """Leaving the note unwritten: nothing was saved."""
    return ctx.reply(msg(N_("The note was not saved.")))


async def ask_gender(ctx: Ctx[DigestPorts], payload: AskGender) -> Outcome:
    """The gender choice for the unit's figures."""
    buttons = tuple(
        (Button(msg(label), payload=SetGender(payload.person, code).pack()),)  # type: ignore[arg-type]
        for code, label in GENDERS.items()
    )
    return ctx.reply(msg(N_("Gender, for the unit's figures only:")), buttons=buttons)


async def set_gender(ctx: Ctx[DigestPorts], payload: SetGender) -> Outcome:
    """Record the gender; the choice buttons go."""
    value = None if payload.gender == "unknown" else payload.gender
    await ctx.ports.summaries.set_profile(payload.person, gender=value)
    return Outcome(
        messages=(ctx.say(msg(N_("Recorded: {gender}."), gender=msg(GENDERS[payload.gender]))),),
        remove_buttons=True,
    )


async def priority(ctx: Ctx[DigestPorts], payload: Priority) -> Outcome:
    """Mark or unmark the participant as in a priority group."""
    person = await ctx.ports.people.get(payload.person)
    if person is None:
        return ctx.stale()
    now_in = not person.priority_group
    await ctx.ports.summaries.set_profile(person.id, priority_group=now_in)
    text = (
        N_("{name} is now counted in a priority group.")
        if now_in
        else N_("{name} is no longer counted in a priority group.")
    )
    return ctx.reply(msg(text, name=person.display_name))
