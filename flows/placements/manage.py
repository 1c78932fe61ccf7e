"""The coach's placements: the list, one placement with its follow-ups and answers, hiring
(the post-hire plan replaces the rest), ending with an outcome code, a follow-up done another
way, and a participant's exit with its codes (check-ins at +6 and +12 months follow)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flows.model import Person
from flows.output import Button, Outcome
from flows.path_model import PathStatus
from flows.placement_model import (
    EXIT_REASONS,
    HIRED,
    JOB_TYPES,
    KIND_NAMES,
    OPEN_FOLLOW_UPS,
    OUTCOME_GROUPS,
    OUTCOMES,
    Exit,
    FollowUpState,
    Placement,
    PlacementKind,
    Side,
    outcome_group,
)
from flows.placements.answers import answer_lines
from flows.placements.followup import followed_by, plan_exit, sync
from flows.placements.payloads import (
    EndWith,
    ExitOf,
    Extend,
    Hire,
    OpenPlacement,
    OtherWay,
    end_button,
    exit_button,
)
from flows.placements.plan import after
from flows.placements.ports import PlacementPorts
from flows.routes import Ctx, Subject
from flows.text import N_, Lines, Msg, Verbatim, msg, numbered, own_words

STATE_NAMES: dict[FollowUpState, str] = {
    FollowUpState.PLANNED: N_("planned"),
    FollowUpState.ASKED: N_("asked, waiting"),
    FollowUpState.ANSWERED: N_("answered"),
    FollowUpState.DONE: N_("done another way"),
    FollowUpState.CANCELLED: N_("no longer planned"),
}
NONE = "-"  # a field of a button not chosen yet
HOW: dict[str, str] = {"visit": N_("a visit"), "call": N_("a phone call"), "mail": N_("an e-mail")}


async def placement_subject(payload: Any, ports: PlacementPorts) -> Subject | None:
    """A placement's button concerns its participant."""
    found = await ports.placements.get(payload.placement)
    return Subject(participant_id=found.participant_id) if found else None


async def person_subject(payload: Any, ports: PlacementPorts) -> Subject | None:
    """An exit concerns one participant."""
    found = await ports.people.get(payload.participant)
    return Subject(participant_id=found.id) if found else None


async def listing(ctx: Ctx[PlacementPorts]) -> Outcome:
    """/placements: the active placements the coach follows, numbered."""
    found = await followed_by(ctx.ports, ctx.person)
    if not found:
        return ctx.reply(msg(N_("You follow no placements now. /placement records one.")))
    lines, buttons = [], []
    for n, p in enumerate(found, 1):
        person = await ctx.ports.people.get(p.participant_id)
        lines.append(numbered(n, _line(p, person)))
        buttons.append(Button(Verbatim(str(n)), payload=OpenPlacement(p.id).pack()))
    rows = tuple(tuple(buttons[i : i + 4]) for i in range(0, len(buttons), 4))
    text = msg(N_("Your placements:\n{placements}"), placements=Lines(tuple(lines)))
    return ctx.reply(text, buttons=rows)


def _line(p: Placement, person: Person | None) -> Msg:
    return msg(
        N_("{name} at {workplace} ({kind}, from {start})"),
        name=person.display_name if person else "",
        workplace=own_words(p.workplace),
        kind=msg(KIND_NAMES[p.kind]),
        start=p.hired_on if p.kind in HIRED and p.hired_on else p.starts_on,
    )


async def open_placement(ctx: Ctx[PlacementPorts], payload: OpenPlacement) -> Outcome:
    """One placement: its follow-ups with their answers, and what can be done."""
    placement = await ctx.ports.placements.get(payload.placement)
    if placement is None:
        return ctx.stale()
    return await _view(ctx, placement)


async def _view(ctx: Ctx[PlacementPorts], placement: Placement, *head: Msg) -> Outcome:
    person = await ctx.ports.people.get(placement.participant_id)
    employer = await ctx.ports.people.get(placement.employer_id)
    body: list[Msg] = [*head, _line(placement, person)]
    if employer is not None:
        body.append(msg(N_("Contact person: {name}"), name=employer.display_name))
    if placement.ends_on is not None:
        body.append(msg(N_("Planned end: {day}"), day=placement.ends_on))
    if not placement.active:
        body.append(msg(N_("Ended on {day}."), day=placement.ended_on))
    prefix = f"{placement.id}:"
    follow_ups = [
        f
        for f in await ctx.ports.placements.follow_ups(placement.participant_id)
        if f.key.startswith(prefix) and f.state is not FollowUpState.CANCELLED
    ]
    for f in follow_ups[:12]:
        head_line = msg(N_("{day}: {state}"), day=f.due_on, state=msg(STATE_NAMES[f.state]))
        replies = await ctx.ports.placements.replies(f.id)
        lines: list[Msg] = []
        for side, who in ((Side.EMPLOYER, employer), (Side.PARTICIPANT, person)):
            said = answer_lines(f, placement, side, replies)
            if said and who is not None:
                lines.append(
                    msg(N_("{who}:\n{answers}"), who=who.display_name, answers=Lines(said))
                )
        if f.note:
            lines.append(msg(N_("done as {how}"), how=msg(HOW.get(f.note, f.note))))
        body.append(
            msg(N_("{head}\n{answers}"), head=head_line, answers=Lines(tuple(lines)))
            if lines
            else head_line
        )
    rows: list[tuple[Button, ...]] = []
    if not placement.active:
        return Outcome(messages=(ctx.say(*body),), remove_buttons=True)
    if placement.kind not in HIRED:
        rows.append((Button(msg(N_("Hired")), payload=Hire(placement.id, "job").pack()),))
        subsidised = Hire(placement.id, "subsidised").pack()
        rows.append((Button(msg(N_("Hired with a subsidy")), payload=subsidised),))
    waiting = next((f for f in follow_ups if f.state in OPEN_FOLLOW_UPS), None)
    if waiting is not None:
        rows.append(
            tuple(
                Button(msg(label), payload=OtherWay(waiting.id, how).pack())  # type: ignore[arg-type]
                for how, label in (
                    ("visit", N_("Visited")),
                    ("call", N_("Called")),
                    ("mail", N_("E-mailed")),
                )
            )
        )
    if placement.kind not in HIRED:
        rows.append(
            tuple(
                Button(msg(label), payload=Extend(placement.id, by).pack())  # type: ignore[arg-type]
                for by, label in (("4w", N_("4 more weeks")), ("3m", N_("3 more months")))
            )
        )
    rows.append(
        (Button(msg(N_("End the placement")), payload=end_button(placement.id, NONE, NONE)),)
    )
    return Outcome(messages=(ctx.say(*body, buttons=tuple(rows)),), remove_buttons=True)


async def hire(ctx: Ctx[PlacementPorts], payload: Hire) -> Outcome:
    """Hired: the placement becomes employment and the post-hire plan replaces the rest."""
    placement = await ctx.ports.placements.get(payload.placement)
    if placement is None or not placement.active or placement.kind in HIRED:
        return ctx.stale()
    changed = await ctx.ports.placements.change(
        placement.id, kind=PlacementKind(payload.kind), hired_on=ctx.now.date()
    )
    assert changed is not None
    unit = await ctx.ports.people.unit(changed.unit_id)
    await sync(ctx.ports, changed, dict(unit.settings), ctx.cfg.holidays)
    text = msg(N_("Recorded as hired. The follow-ups after hiring are planned."))
    return await _view(ctx, changed, text)


async def other_way(ctx: Ctx[PlacementPorts], payload: OtherWay) -> Outcome:
    """The coach followed up another way: the follow-up counts as done, with how."""
    found = await ctx.ports.placements.follow_up(payload.follow_up)
    placement = (
        await ctx.ports.placements.get(found.placement_id)
        if found and found.placement_id
        else None
    )
    if found is None or placement is None or found.state not in OPEN_FOLLOW_UPS:
        return ctx.stale()
    await ctx.ports.placements.set_follow_up(found.id, state=FollowUpState.DONE, note=payload.how)
    text = msg(
        N_("Recorded: followed up by {how} on {day}."),
        how=msg(HOW[payload.how]),
        day=ctx.now.date(),
    )
    return await _view(ctx, placement, text)


async def end_with(ctx: Ctx[PlacementPorts], payload: EndWith) -> Outcome:
    """End a placement: an outcome code is required (work also needs its type)."""
    placement = await ctx.ports.placements.get(payload.placement)
    if placement is None or not placement.active:
        return ctx.stale()
    code, job = payload.outcome, payload.job
    question = _code_question(code, job, lambda c, j: end_button(placement.id, c, j))
    if question is not None:
        return question(ctx)
    outcome = code if outcome_group(code) != "work" else f"{code}:{job}"
    await ctx.ports.placements.change(placement.id, ended_on=ctx.now.date(), outcome=outcome)
    unit = await ctx.ports.people.unit(placement.unit_id)
    ended = await ctx.ports.placements.get(placement.id)
    assert ended is not None
    await sync(ctx.ports, ended, dict(unit.settings), ctx.cfg.holidays)
    text = msg(N_("The placement is ended: {outcome}."), outcome=_outcome_text(code, job))
    return Outcome(messages=(ctx.say(text),), remove_buttons=True)


Asker = Callable[[Ctx[PlacementPorts]], Outcome]


def _code_question(code: str, job: str, pack: Callable[[str, str], str]) -> Asker | None:
    """The next question of the code picker, or None once the code is complete."""
    if code in OUTCOME_GROUPS:
        codes = [c for c in OUTCOMES if outcome_group(c) == code]
        rows = tuple((Button(msg(OUTCOMES[c]), payload=pack(c, NONE)),) for c in codes)
        return lambda ctx: Outcome(
            messages=(ctx.say(msg(N_("Which one?")), buttons=rows),), remove_buttons=True
        )
    if code not in OUTCOMES:
        rows = tuple(
            (Button(msg(name), payload=pack(g, NONE)),) for g, name in OUTCOME_GROUPS.items()
        )
        return lambda ctx: Outcome(
            messages=(ctx.say(msg(N_("What comes next for the participant?")), buttons=rows),),
            remove_buttons=True,
        )
    if outcome_group(code) == "work" and job not in JOB_TYPES:
        rows = tuple((Button(msg(name), payload=pack(code, j)),) for j, name in JOB_TYPES.items())
        return lambda ctx: Outcome(
            messages=(ctx.say(msg(N_("What kind of job?")), buttons=rows),), remove_buttons=True
        )
    return None


def _outcome_text(code: str, job: str) -> Msg:
    if job in JOB_TYPES:
        return msg(N_("{outcome}, {job}"), outcome=msg(OUTCOMES[code]), job=msg(JOB_TYPES[job]))
    return msg(OUTCOMES[code])


async def exit_command(ctx: Ctx[PlacementPorts]) -> Outcome:
    """/exit: whose exit from the programme to record."""
    caseload = await ctx.ports.people.caseload(ctx.person.id)
    if not caseload:
        return ctx.reply(msg(N_("There is nobody in your caseload.")))
    buttons = [
        Button(Verbatim(p.display_name), payload=exit_button(p.id, NONE, NONE, NONE))
        for p in caseload[:30]
    ]
    rows = tuple(tuple(buttons[i : i + 2]) for i in range(0, len(buttons), 2))
    return ctx.reply(msg(N_("Who leaves the programme?")), buttons=rows)


async def exit_of(ctx: Ctx[PlacementPorts], payload: ExitOf) -> Outcome:
    """An exit needs a reason, and for work the outcome and its type: all fixed codes."""
    person = await ctx.ports.people.get(payload.participant)
    if person is None:
        return ctx.stale()
    if await ctx.ports.placements.exit_of(person.id) is not None:
        return ctx.reply(msg(N_("{name}'s exit is already recorded."), name=person.display_name))
    reason, code, job = payload.reason, payload.outcome, payload.job
    if reason not in EXIT_REASONS:
        rows = tuple(
            (Button(msg(name), payload=exit_button(person.id, r, NONE, NONE)),)
            for r, name in EXIT_REASONS.items()
        )
        text = msg(N_("Why does {name} leave the programme?"), name=person.display_name)
        return Outcome(messages=(ctx.say(text, buttons=rows),), remove_buttons=True)
    if reason in ("work", "studies") and code == NONE:
        code = reason  # the picker starts in the reason's group
    if reason in ("work", "studies"):
        question = _code_question(code, job, lambda c, j: exit_button(person.id, reason, c, j))
        if question is not None:
            return question(ctx)
    outcome = "" if code not in OUTCOMES else (f"{code}:{job}" if job in JOB_TYPES else code)
    await ctx.ports.placements.record_exit(
        Exit(person.id, reason, outcome, ctx.now.date(), ctx.person.id)
    )
    for placement in await ctx.ports.placements.of_participant(person.id):
        if placement.active:
            await ctx.ports.placements.change(
                placement.id, ended_on=ctx.now.date(), outcome=outcome or reason
            )
    if await ctx.ports.paths.path(person.id) is not None:
        await ctx.ports.paths.set_path(person.id, status=PathStatus.EXITED)
    unit = await ctx.ports.people.unit(person.unit_id)
    await plan_exit(ctx.ports, person.id, ctx.now.date(), dict(unit.settings), ctx.cfg.holidays)
    text = msg(
        N_(
            "{name}'s exit is recorded: {reason}. I will ask them after 6 and 12 months "
            "how it goes."
        ),
        name=person.display_name,
        reason=msg(EXIT_REASONS[reason]),
    )
    return Outcome(messages=(ctx.say(text),), remove_buttons=True)


async def extend(ctx: Ctx[PlacementPorts], payload: Extend) -> Outcome:
    """Extend a placement: a new planned end, and the plan follows it (nothing asked twice)."""
    placement = await ctx.ports.placements.get(payload.placement)
    if placement is None or not placement.active or placement.kind in HIRED:
        return ctx.stale()
    end = after(max(placement.ends_on or ctx.now.date(), ctx.now.date()), payload.by)
    changed = await ctx.ports.placements.change(placement.id, ends_on=end)
    assert changed is not None
    unit = await ctx.ports.people.unit(changed.unit_id)
    await sync(ctx.ports, changed, dict(unit.settings), ctx.cfg.holidays)
    return await _view(ctx, changed, msg(N_("The planned end is now {day}."), day=end))
