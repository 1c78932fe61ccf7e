"""What the recruitment flow's parts share: its steps, the draft kept between them, how a
need and a workplace are described, and the chat contacts that count themselves."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from flows.model import Person, Role
from flows.output import Button, Outcome, Say
from flows.recruitment.ports import RecruitmentPorts
from flows.recruitment_model import (
    HOURS,
    MUST_HAVES,
    OPEN_STATUSES,
    STATUS_NAMES,
    Assignment,
    Channel,
    Pitch,
    Presentation,
    Workplace,
)
from flows.routes import Ctx
from flows.text import N_, Lines, Msg, Verbatim, msg, nmsg, own_words

DRAFT = "draft"


class State(StrEnum):
    """Steps of the recruitment flow (persisted as `recruitment.<value>`)."""

    NAME = "name"  # a coach types a new employer's name
    ORG = "org"  # … its organisation number
    ADDRESS = "address"  # … its address
    CONTACT = "contact"  # … a contact person's name
    CHOOSING = "choosing"  # buttons only: industry, size, hours, must-haves, save
    ROLE = "role"  # the role needed, typed
    COUNT = "count"  # how many people: a button or a number
    START = "start"  # when: a button or a date
    NOTE = "note"  # anything else the employer wants to say
    WHEN = "when"  # the employer types the interview's day and time
    HIRE_START = "hire_start"  # the employer presses or types the first day


def draft_of(ctx: Ctx[RecruitmentPorts]) -> dict[str, Any]:
    """Return a copy of the draft kept between the steps."""
    raw = ctx.data.get(DRAFT)
    return dict(raw) if isinstance(raw, dict) else {}


def ask(
    ctx: Ctx[RecruitmentPorts],
    draft: dict[str, Any],
    text: Msg,
    state: State,
    buttons: tuple[tuple[Button, ...], ...] = (),
    *,
    keep_buttons: bool = False,
) -> Outcome:
    """Ask the next question and keep the draft; the pressed message loses its buttons
    unless they stay useful (an employer's answers about a candidate)."""
    return Outcome(
        messages=(ctx.say(text, buttons=buttons),),
        state=state,
        data={DRAFT: draft},
        remove_buttons=not keep_buttons,
    )


def need_text(need: Assignment, workplace: Workplace) -> Msg:
    """Describe a need in a few lines: what, how many, from when, hours, must-haves."""
    musts = Lines(tuple(msg(MUST_HAVES[m]) for m in need.must_haves if m in MUST_HAVES))
    lines: list[Msg] = [
        msg(
            N_("{workplace}: {role}"),
            workplace=own_words(workplace.name),
            role=own_words(need.occupation),
        ),
        nmsg("{n} person from {day}", "{n} people from {day}", need.headcount, day=need.starts_on),
        msg(HOURS.get(need.hours, N_("Other"))),
    ]
    if musts.parts:
        lines.append(msg(N_("Must have:\n{musts}"), musts=musts))
    if need.note:
        lines.append(msg(N_("Note: {note}"), note=own_words(need.note)))
    return msg("{lines}", lines=Lines(tuple(lines)))


def status_line(number: int, need: Assignment, workplace: Workplace) -> Msg:
    """One line of a list of needs: number, employer, role, status."""
    return msg(
        N_("{number}. {workplace}: {role} ({status})"),
        number=number,
        workplace=own_words(workplace.name),
        role=own_words(need.occupation),
        status=msg(STATUS_NAMES[need.status]),
    )


async def count_chat(ctx: Ctx[RecruitmentPorts], workplace_id: int) -> None:
    """An employer contact person's day in the chat counts as one contact (chat)."""
    if ctx.person.role is Role.EMPLOYER:
        await ctx.ports.recruitment.log_contact(workplace_id, Channel.CHAT, ctx.person.id, ctx.now)


def names(people: list[Person]) -> Verbatim:
    """People's names on one line."""
    return Verbatim(", ".join(p.display_name for p in people))


async def choosing(ctx: Ctx[RecruitmentPorts]) -> Outcome:
    """Text while a button is awaited: say so, keep waiting."""
    return ctx.reply(msg(N_("Please press one of the buttons above, or /cancel.")))


def withdrawn(made: Presentation) -> tuple[str, ...]:
    """The outbox key prefix of a candidate's interview reminders (to withdraw them)."""
    return (f"iv{made.id}:",) if made.interview_at is not None else ()


async def today(ctx: Ctx[RecruitmentPorts]) -> date:
    """The date it is in the person's unit (a need stated at 00:30 is today's, not UTC's)."""
    unit = await ctx.ports.people.unit(ctx.person.unit_id)
    return ctx.now.astimezone(ZoneInfo(unit.timezone)).date()


async def wind_down(
    ports: RecruitmentPorts, need: Assignment, workplace: Workplace, keep: int | None = None
) -> tuple[list[Say], list[str]]:
    """A need filled or closed: every other candidate still waiting is told, and their
    interview reminders are withdrawn; the employer never hears of the ones asked."""
    told: list[Say] = []
    drops: list[str] = []
    for made in await ports.recruitment.presentations(need.id):
        if made.id == keep or made.state in (Pitch.DECLINED, Pitch.NOT_NOW, Pitch.HIRED):
            continue
        drops.extend(withdrawn(made))
        person = await ports.people.get(made.participant_id)
        if person is not None and person.chat_id is not None:
            text = msg(
                N_(
                    "The job {role} at {workplace} is no longer open. Your coach helps you look "
                    "on."
                ),
                role=own_words(need.occupation),
                workplace=own_words(workplace.name),
            )
            told.append(Say(person.chat_id, person.locale, (text,)))
    return told, drops


RECENTLY = timedelta(days=30)


def current(need: Assignment, now: datetime) -> bool:
    """Open, or filled or closed in the last 30 days: what a coach still wants to see."""
    ended = need.filled_at or need.closed_at
    return need.status in OPEN_STATUSES or (ended is not None and ended > now - RECENTLY)
