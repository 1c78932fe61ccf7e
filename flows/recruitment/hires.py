"""A hire: the employer says how and from when; a placement or an employment starts with its
follow-up plan, and the need fills up."""

from __future__ import annotations

from datetime import date, timedelta

from flows.dates import in_recent_past, typed_day
from flows.output import Button, Outcome, Say
from flows.placement_model import KIND_NAMES, Placement, PlacementKind
from flows.placements.followup import sync
from flows.placements.plan import after
from flows.recruitment.common import (
    State,
    ask,
    count_chat,
    draft_of,
    today,
    wind_down,
    withdrawn,
)
from flows.recruitment.payloads import HireAs, HireFrom
from flows.recruitment.ports import RecruitmentPorts
from flows.recruitment.verdicts import Case, case_of, still_theirs
from flows.recruitment_model import (
    OPEN_STATUSES,
    SHOWN,
    Pitch,
    Status,
)
from flows.routes import IDLE, Ctx
from flows.text import N_, Verbatim, msg, own_words

# How long each kind of hire runs before the coach decides again (an employment: open-ended).
PLANNED_END = {PlacementKind.PLACEMENT: "3m", PlacementKind.TRIAL: "6m"}


async def hire_as(ctx: Ctx[RecruitmentPorts], payload: HireAs) -> Outcome:
    """How the hire starts is chosen: from when?"""
    draft = draft_of(ctx)
    case = await case_of(ctx.ports, payload.presentation)
    if case is None or draft.get("p") != case.made.id or case.made.state is Pitch.HIRED:
        return ctx.stale()
    draft["kind"] = payload.kind
    choices = [("monday", N_("Next Monday")), ("2w", N_("In 2 weeks"))]
    if case.need.starts_on > await today(ctx):
        choices.insert(0, ("planned", N_("As planned")))
    buttons = tuple(
        (Button(msg(label), payload=HireFrom(case.made.id, choice).pack()),)  # type: ignore[arg-type]
        for choice, label in choices
    )
    text = msg(
        N_("From when? Press one, or write a date like {example}. The planned start was {day}."),
        example="18/12",
        day=case.need.starts_on,
    )
    return ask(ctx, draft, text, State.HIRE_START, buttons)


async def hire_from(ctx: Ctx[RecruitmentPorts], payload: HireFrom) -> Outcome:
    """The first day from a button."""
    draft = draft_of(ctx)
    case = await case_of(ctx.ports, payload.presentation)
    if case is None or draft.get("p") != case.made.id or "kind" not in draft:
        return ctx.stale()
    now = await today(ctx)
    day = {
        "planned": case.need.starts_on,
        "monday": now + timedelta(days=7 - now.weekday()),
        "2w": now + timedelta(days=14),
    }[payload.choice]
    return await _hire(ctx, case, PlacementKind(draft["kind"]), max(day, now))


async def hire_typed(ctx: Ctx[RecruitmentPorts]) -> Outcome:
    """The first day, typed."""
    draft = draft_of(ctx)
    raw = draft.get("p")
    case = await case_of(ctx.ports, raw) if isinstance(raw, int) else None
    if case is None or "kind" not in draft:
        return Outcome(messages=ctx.stale().messages, state=IDLE, data={})
    now = await today(ctx)
    if in_recent_past(ctx.event.text, now):
        return ctx.reply(msg(N_("That date has passed. Which date?")))
    day = typed_day(ctx.event.text, now)
    if day is None:
        return ctx.reply(msg(N_("Please write the date like {example}."), example="18/12"))
    if day < now:
        return ctx.reply(msg(N_("That date has passed. Which date?")))
    if day > now + timedelta(days=366):
        return ctx.reply(msg(N_("Please choose a date within a year.")))
    return await _hire(ctx, case, PlacementKind(draft["kind"]), day)


async def _hire(ctx: Ctx[RecruitmentPorts], case: Case, kind: PlacementKind, day: date) -> Outcome:
    """Start the placement or employment with its follow-up plan; the need fills up."""
    if not await still_theirs(ctx, case) or case.made.state is Pitch.HIRED:
        return Outcome(messages=ctx.stale().messages, state=IDLE, data={})
    if case.need.status not in OPEN_STATUSES:
        text = msg(N_("This need is no longer open."))
        return Outcome(messages=(ctx.say(text),), state=IDLE, data={}, remove_buttons=True)
    # Of two contact persons pressing at once, one hires: the other's press changes nothing.
    if not await ctx.ports.recruitment.advance(
        case.made.id, SHOWN - {Pitch.HIRED}, state=Pitch.HIRED, verdict_at=ctx.now
    ):
        return Outcome(messages=ctx.stale().messages, state=IDLE, data={})
    coach = case.coach
    made = await ctx.ports.placements.create(
        Placement(
            id=0,
            participant_id=case.person.id,
            employer_id=ctx.person.id,
            coach_id=coach.id if coach else case.made.coach_id,
            unit_id=case.need.unit_id,
            workplace=case.workplace.name,
            kind=kind,
            starts_on=day,
            ends_on=after(day, PLANNED_END[kind]) if kind in PLANNED_END else None,
            created_at=ctx.now,
            hired_on=day if kind is PlacementKind.JOB else None,
        ),
        None,
    )
    unit = await ctx.ports.people.unit(made.unit_id)
    await sync(ctx.ports, made, dict(unit.settings), ctx.cfg.holidays)
    await ctx.ports.recruitment.set_presentation(case.made.id, placement_id=made.id)
    hired = sum(
        1
        for p in await ctx.ports.recruitment.presentations(case.need.id)
        if p.state is Pitch.HIRED
    )
    others: list[Say] = []
    drops = list(withdrawn(case.made))
    if hired >= case.need.headcount:
        await ctx.ports.recruitment.set_assignment(
            case.need.id, status=Status.FILLED, filled_at=ctx.now
        )
        others, more = await wind_down(ctx.ports, case.need, case.workplace, keep=case.made.id)
        drops.extend(more)
    await count_chat(ctx, case.workplace.id)
    kind_name = msg(KIND_NAMES[kind])
    messages = [
        ctx.say(
            msg(
                N_(
                    "Thank you! {name} starts on {day} ({kind}). The follow-ups come here; your "
                    "coach is {coach}."
                ),
                name=case.person.display_name,
                day=day,
                kind=kind_name,
                coach=Verbatim(coach.display_name if coach else ""),
            )
        ),
        *case.to_person(
            msg(
                N_(
                    "Congratulations! {workplace} wants you to start on {day} ({kind}). Your "
                    "coach will be in touch."
                ),
                workplace=own_words(case.workplace.name),
                day=day,
                kind=kind_name,
            )
        ),
        *case.to_coach(
            msg(
                N_(
                    "{workplace} hires {name}: {kind} from {day}. The follow-ups are planned; see "
                    "/placements."
                ),
                workplace=own_words(case.workplace.name),
                name=case.person.display_name,
                kind=kind_name,
                day=day,
            )
        ),
    ]
    return Outcome(
        messages=(*messages, *others),
        state=IDLE,
        data={},
        remove_buttons=True,
        drop_pending=tuple(drops),
    )
