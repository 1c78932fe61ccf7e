"""The morning: each coach's daily digest, in their language, on their working days, and a
friendly word to participants who have been silent for a while.

A minute timer looks at each unit's local time; from the unit's digest time (06:30 unless
set) it makes the unit's digests once for the day (a run recorded in the same transaction,
so a restart neither repeats nor loses them; on Mondays the weekly summaries follow).
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flows.attention import attention
from flows.config import Config
from flows.digests.facts import Daily, Item, Rules, Topic, daily, local_day
from flows.digests.payloads import Profile
from flows.digests.ports import DigestPorts
from flows.digests.reachout import nudge
from flows.model import Person, Unit
from flows.output import Button, Outcome, Say, rows
from flows.routes import TimerCtx
from flows.tasks.common import title_of
from flows.text import N_, Msg, msg, nmsg, numbered, own_words

DIGEST_AT = time(6, 30)
# Lines with a number button; the rest are counted and left to /caseload.
MOST_LINES = 40

TEXTS: dict[Topic, str] = {
    Topic.CONCERN: N_("{name}: a worrying follow-up answer ({when})."),
    Topic.ASKED: N_("{name} sent you a message ({when})."),
    Topic.NO_SHOW: N_("{name} did not come to {title} ({when}) and sent no word."),
    Topic.ABSENT: N_("{name} reported an absence from {title} ({when})."),
    Topic.OVERDUE: N_("{name}: the task “{title}” was due {day}."),
    Topic.FOLLOW_UP: N_("{name}: the follow-up due {day} has no answer yet."),
    Topic.PLAN: N_("{name}: the action plan is due {day}."),
    Topic.REVIEW: N_("{name}: the 6-month review is due {day}."),
    Topic.LONGEST: N_("{name} reaches the longest stay on {day}."),
}


def digest_at(unit: Unit) -> time | None:
    """The unit's local time for digests (None: the unit has them off)."""
    raw = unit.settings.get("digest_at")
    if raw == "off":
        return None
    try:
        return time.fromisoformat(str(raw)) if raw else DIGEST_AT
    except ValueError:
        return DIGEST_AT


def rules_of(unit: Unit, cfg: Config, today: date) -> Rules:
    """The unit's digest rules (zone, holidays, contact periods)."""
    holidays = (
        cfg.holidays(today - timedelta(days=800), today + timedelta(days=800))
        if cfg.holidays
        else frozenset()
    )
    nudge_days = _days(unit, "contact_nudge_days", 7)
    alert_days = max(_days(unit, "contact_alert_days", 14), nudge_days + 1)
    return Rules(ZoneInfo(unit.timezone), holidays, nudge_days, alert_days)


def _days(unit: Unit, key: str, default: int) -> int:
    value = unit.settings.get(key)
    return value if isinstance(value, int) and 1 <= value <= 365 else default


def midnight(day: date, zone: ZoneInfo) -> datetime:
    """The local start of a day."""
    return datetime.combine(day, time(0), zone)


def previous_working_day(person: Person, today: date) -> date:
    """The last of the person's working days before today (yesterday when none is set)."""
    days = attention(person.settings).working_days
    for back in range(1, 8):
        day = today - timedelta(days=back)
        if day.weekday() in days:
            return day
    return today - timedelta(days=1)


async def unit_daily(ports: DigestPorts, unit: Unit, now: datetime, rules: Rules) -> list[Say]:
    """Every coach's digest in a unit (those working today), and the nudges."""
    today = local_day(now, rules.zone)
    snap = await ports.summaries.snapshot(
        unit.id,
        midnight(today - timedelta(days=7), rules.zone),
        midnight(today + timedelta(days=1), rules.zone),
    )
    messages: list[Say] = []
    parts = snap.split()
    for coach in snap.coaches:
        part = parts[coach.id]
        if not part.of(coach.id):
            continue
        since = previous_working_day(coach, today)
        found = daily(part, coach, now, since, rules)
        if coach.chat_id is not None and today.weekday() in attention(coach.settings).working_days:
            digest = digest_message(found, coach.chat_id, rules.zone)
            messages.append(held(digest, coach, now, rules.zone))
        messages.extend(nudge(m) for m in found.nudges if m.person.chat_id and m.person.reachable)
    return messages


def held(say: Say, staff: Person, now: datetime, zone: ZoneInfo) -> Say:
    """A digest set for 06:30 waits for the end of the person's own quiet hours."""
    awake = attention(staff.settings).awake_at(now, zone)
    return dataclasses.replace(say, due_at=awake) if awake > now else say


def digest_message(found: Daily, chat_id: int, zone: ZoneInfo) -> Say:
    """The digest as one message: today's sessions, then each line with its number button."""
    coach = found.coach
    body: list[Msg] = [
        msg(N_("Good morning, {name}. Your day, {day}:"), name=coach.display_name, day=found.day)
    ]
    if found.today:
        body.append(msg(N_("Today:")))
        for today in found.today:
            names = ", ".join(own_words(p.display_name).text for p in today.expected)
            body.append(
                msg(
                    N_("{time} {title} – expected: {names}"),
                    time=today.fact.session.starts_at.astimezone(zone).time(),
                    title=today.fact.title,
                    names=own_words(names),
                )
            )
    if not found.items:
        body.append(msg(N_("Nothing else needs you today.")))
        return Say(chat_id, coach.locale, tuple(body), key=f"digest:daily:{coach.id}:{found.day}")
    body.append(msg(N_("Needs you:")))
    buttons: list[Button] = []
    for number, item in enumerate(found.items[:MOST_LINES], start=1):
        body.append(numbered(number, line(item)))
        buttons.append(Button(msg("{n}", n=number), payload=Profile(item.person.id).pack()))
    rest = len(found.items) - MOST_LINES
    if rest > 0:
        body.append(
            nmsg("…and {n} more: see /caseload.", "…and {n} more: see /caseload.", rest, n=rest)
        )
    return Say(
        chat_id,
        coach.locale,
        tuple(body),
        buttons=rows(buttons, 8),
        key=f"digest:daily:{coach.id}:{found.day}",
    )


def line(item: Item) -> Msg:
    """One digest line in the coach's words."""
    name = item.person.display_name
    if item.topic is Topic.NO_CONTACT:
        return nmsg(
            "{name}: no word for {days} day.",
            "{name}: no word for {days} days.",
            item.days,
            name=name,
            days=item.days,
        )
    title: object = title_of(item.task) if item.task is not None else item.title
    return msg(TEXTS[item.topic], name=name, title=title, when=item.at, day=item.on)


async def morning(ctx: TimerCtx[DigestPorts]) -> Outcome:
    """From each unit's digest time: the day's digests once (a run is recorded), and on
    Mondays the weekly summaries and the managers' report."""
    from flows.digests.weekly import unit_weekly

    messages: list[Say] = []
    for unit in await ctx.ports.summaries.units():
        zone = ZoneInfo(unit.timezone)
        local = ctx.now.astimezone(zone)
        at = digest_at(unit)
        if at is None or local.time() < at:
            continue
        today = local.date()
        if not await ctx.ports.summaries.claim_run(unit.id, "daily", today, ctx.now):
            continue
        rules = rules_of(unit, ctx.cfg, today)
        messages.extend(await unit_daily(ctx.ports, unit, ctx.now, rules))
        if today.weekday() == 0 and await ctx.ports.summaries.claim_run(
            unit.id, "weekly", today, ctx.now
        ):
            messages.extend(await unit_weekly(ctx.ports, unit, ctx.now, rules))
    return Outcome(messages=tuple(messages))
