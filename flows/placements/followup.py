"""Follow-ups in time: plans kept in step with each placement, questions asked on working
days in working hours, one reminder after 2 working days, the coach told after 4.

Every step is written to the follow-up before its message is queued in the same transaction,
and the messages carry keys: a restart or a crash in the middle asks nobody twice.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, time, timedelta
from zoneinfo import ZoneInfo

from flows.model import Person
from flows.output import Button, Outcome, Say
from flows.placement_model import (
    FollowUp,
    FollowUpState,
    Placement,
    Side,
)
from flows.placements.payloads import OpenPlacement, ask_button
from flows.placements.plan import (
    Holidays,
    exit_plan,
    is_working_day,
    placement_plan,
    working_days_between,
)
from flows.placements.ports import PlacementPorts
from flows.placements.questions import Question, questions
from flows.routes import TimerCtx
from flows.text import N_, Msg, Verbatim, msg

ASK_AT = time(10, 0)  # in working hours, in the unit's zone
REMIND_AFTER = 2  # working days without an answer
ALERT_AFTER = 4


async def followed_by(ports: PlacementPorts, coach: Person) -> list[Placement]:
    """The active placements of a coach's caseload: a placement is followed by the
    participant's coach of the day, whoever recorded it (a hand-over moves it too)."""
    return [
        p
        for person in await ports.people.caseload(coach.id)
        for p in await ports.placements.of_participant(person.id)
        if p.active
    ]


async def plan_all(ctx: TimerCtx[PlacementPorts]) -> Outcome:
    """Keep plans in step with placements; ask, remind and alert as follow-ups fall due."""
    ports, now = ctx.ports, ctx.now
    await ports.placements.bind_employers()
    messages: list[Say] = []
    zones: dict[int, tuple[ZoneInfo, dict[str, object]]] = {}

    async def unit(unit_id: int) -> tuple[ZoneInfo, dict[str, object]]:
        if unit_id not in zones:
            found = await ports.people.unit(unit_id)
            zones[unit_id] = ZoneInfo(found.timezone), dict(found.settings)
        return zones[unit_id]

    for placement in await ports.placements.active():
        zone, settings = await unit(placement.unit_id)
        await sync(ports, placement, settings, ctx.cfg.holidays)
    for follow_up in await ports.placements.open_follow_ups(now.date() + timedelta(days=1)):
        participant = await ports.people.get(follow_up.participant_id)
        if participant is None:
            continue
        zone, _ = await unit(participant.unit_id)
        messages.extend(await _due(ctx, follow_up, participant, zone))
    return Outcome(messages=tuple(messages))


async def sync(
    ports: PlacementPorts,
    placement: Placement,
    settings: Mapping[str, object],
    holidays: Holidays | None,
) -> None:
    """Plan what the placement's plan asks for now; withdraw planned ones it no longer has."""
    wanted = (
        {d.key: d for d in placement_plan(placement, settings, holidays)}
        if placement.active
        else {}
    )
    prefix = f"{placement.id}:"
    have = [
        f
        for f in await ports.placements.follow_ups(placement.participant_id)
        if f.key.startswith(prefix)
    ]
    keys = {f.key for f in have}
    for f in have:
        if f.state is not FollowUpState.PLANNED:
            continue
        if f.key not in wanted:
            await ports.placements.set_follow_up(f.id, state=FollowUpState.CANCELLED)
        elif wanted[f.key].due_on != f.due_on:
            await ports.placements.set_follow_up(f.id, due_on=wanted[f.key].due_on)
    for key, due in wanted.items():
        if key not in keys:
            await ports.placements.add_follow_up(
                placement.participant_id, placement.id, key, due.due_on, due.competence
            )


async def plan_exit(
    ports: PlacementPorts,
    participant_id: int,
    exited_on: date,
    settings: Mapping[str, object],
    holidays: Holidays | None,
) -> None:
    """Plan the check-ins after an exit."""
    for due in exit_plan(exited_on, settings, holidays):
        await ports.placements.add_follow_up(participant_id, None, due.key, due.due_on, False)


async def _due(
    ctx: TimerCtx[PlacementPorts], follow_up: FollowUp, participant: Person, zone: ZoneInfo
) -> list[Say]:
    """Ask, remind or alert for one follow-up, whichever is due now."""
    ports, now = ctx.ports, ctx.now
    local = now.astimezone(zone)
    today = local.date()
    holidays = (
        ctx.cfg.holidays(today - timedelta(days=40), today) if ctx.cfg.holidays else frozenset()
    )
    if follow_up.due_on > today or not is_working_day(today, holidays) or local.time() < ASK_AT:
        return []
    placement = (
        await ports.placements.get(follow_up.placement_id) if follow_up.placement_id else None
    )
    if follow_up.placement_id is not None and (placement is None or not placement.active):
        await ports.placements.set_follow_up(follow_up.id, state=FollowUpState.CANCELLED)
        return []
    employer = await ports.people.get(placement.employer_id) if placement else None
    if follow_up.state is FollowUpState.PLANNED:
        await ports.placements.set_follow_up(follow_up.id, state=FollowUpState.ASKED, asked_at=now)
        return first_questions(follow_up, participant, employer, placement)
    asked = follow_up.asked_at.astimezone(zone).date() if follow_up.asked_at else today
    waited = working_days_between(asked, today, holidays)
    answered = {r.side for r in await ports.placements.replies(follow_up.id)}
    silent = Side.EMPLOYER if placement else Side.PARTICIPANT
    if silent in answered:
        return []
    out: list[Say] = []
    who = employer if placement else participant
    if waited >= REMIND_AFTER and follow_up.reminded_at is None and who and who.chat_id:
        await ports.placements.set_follow_up(follow_up.id, reminded_at=now)
        [again] = first_questions(follow_up, participant, employer, placement, only=silent)
        note = msg(N_("A reminder: your answer takes a minute."))
        out.append(Say(again.chat_id, again.locale, (note, *again.body), buttons=again.buttons))
    if waited >= ALERT_AFTER and follow_up.alerted_at is None:
        await ports.placements.set_follow_up(follow_up.id, alerted_at=now)
        out.extend(await _tell_coach_silence(ports, participant, employer, placement))
    return out


def first_questions(
    follow_up: FollowUp,
    participant: Person,
    employer: Person | None,
    placement: Placement | None,
    only: Side | None = None,
) -> list[Say]:
    """The first question for each side (the employer's names the participant)."""
    out: list[Say] = []
    after_exit = placement is None
    for side, person in ((Side.EMPLOYER, employer), (Side.PARTICIPANT, participant)):
        if person is None or person.chat_id is None or (only is not None and side is not only):
            continue
        asked = questions(side, follow_up.competence, after_exit)
        if not asked:
            continue
        say = ask_one(person, follow_up, asked[0], placement, participant)
        key = None if only else f"fu:{follow_up.id}:{side.value}"
        out.append(Say(say.chat_id, say.locale, say.body, buttons=say.buttons, key=key))
    return out


def ask_one(
    person: Person,
    follow_up: FollowUp,
    question: Question,
    placement: Placement | None,
    participant: Person,
) -> Say:
    """One question of a follow-up to one person, with a button per answer."""
    text = msg(
        question.text,
        name=Verbatim(participant.display_name),
        workplace=Verbatim(placement.workplace if placement else ""),
    )
    buttons = tuple(
        (Button(msg(label), payload=ask_button(follow_up.id, question.key, value)),)
        for value, label in question.answers
    )
    return Say(person.chat_id or 0, person.locale, (text,), buttons=buttons)


async def _tell_coach_silence(
    ports: PlacementPorts,
    participant: Person,
    employer: Person | None,
    placement: Placement | None,
) -> list[Say]:
    coach = await ports.people.coach_of(participant.id)
    if coach is None or coach.chat_id is None:
        return []
    if placement is not None and employer is not None:
        text: Msg = msg(
            N_(
                "{employer} at {workplace} has not answered the follow-up about {name} for 4 "
                "working days. Please call them."
            ),
            employer=employer.display_name,
            workplace=Verbatim(placement.workplace),
            name=participant.display_name,
        )
        buttons = (
            (Button(msg(N_("Open the placement")), payload=OpenPlacement(placement.id).pack()),),
        )
        return [Say(coach.chat_id, coach.locale, (text,), buttons=buttons)]
    text = msg(
        N_("{name} has not answered the check-in after leaving the programme. Please call them."),
        name=participant.display_name,
    )
    return [Say(coach.chat_id, coach.locale, (text,))]
