"""Monday mornings: each coach's week summed per participant (with a chart and a PDF, a CSV
on request) and each manager's unit report (PDF with charts and CSV, in Swedish)."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, timedelta

from flows.cv_model import Section
from flows.digest_model import WeekLine
from flows.digests.daily import held, midnight, rules_of
from flows.digests.facts import Rules, local_day, weekly
from flows.digests.figures import unit_report
from flows.digests.payloads import WeekCsv
from flows.digests.ports import DigestPorts
from flows.digests.report import report_messages
from flows.model import Person, Role, Unit
from flows.output import Button, Outcome, Say, WeekSheet
from flows.routes import Ctx
from flows.text import N_, Lines, Msg, msg, nmsg, own_words

# How far back a forged or old "CSV" button may reach.
OLDEST = timedelta(days=400)
CV_TOTAL = len(Section)


def last_monday(today: date) -> date:
    """The Monday a week before this week's."""
    return today - timedelta(days=today.weekday() + 7)


async def unit_weekly(ports: DigestPorts, unit: Unit, now: datetime, rules: Rules) -> list[Say]:
    """Every coach's week and every manager's unit report for the week that just ended."""
    first = last_monday(local_day(now, rules.zone))
    snap = await ports.summaries.snapshot(
        unit.id, midnight(first, rules.zone), midnight(first + timedelta(days=7), rules.zone)
    )
    messages: list[Say] = []
    today = local_day(now, rules.zone)
    parts = snap.split()
    for coach in snap.coaches:
        part = parts[coach.id]
        if coach.chat_id is not None and part.of(coach.id):
            rows = weekly(part, coach, today)
            week = week_messages(coach, unit, first, rows)
            messages.extend(held(say, coach, now, rules.zone) for say in week)
    managers = [p for p in await ports.summaries.staff(unit.id) if p.role is Role.MANAGER]
    if managers:
        figures = await ports.recruitment.figures(unit.id, snap.first, snap.last)
        report = unit_report(snap, figures, rules, first, first + timedelta(days=6))
        for manager in managers:
            if manager.chat_id is not None:
                said = report_messages(manager, report, f"digest:report:{manager.id}")
                messages.extend(held(say, manager, now, rules.zone) for say in said)
    return messages


def week_messages(coach: Person, unit: Unit, first: date, rows: tuple[WeekLine, ...]) -> list[Say]:
    """The week in the chat (one paragraph per participant), then the chart and the PDF."""
    assert coach.chat_id is not None
    last = first + timedelta(days=6)
    body: list[Msg] = [
        nmsg(
            "Your week {first} – {last}: {n} participant.",
            "Your week {first} – {last}: {n} participants.",
            len(rows),
            first=first,
            last=last,
            n=len(rows),
        )
    ]
    body.extend(row_text(r) for r in rows)
    key = f"digest:weekly:{coach.id}:{first.isoformat()}"
    csv = Button(msg(N_("CSV file")), payload=WeekCsv(first.toordinal()).pack())
    stem = f"week-{first.isoformat()}"
    sheet = WeekSheet(coach.display_name, unit.name, first, last, rows, coach.locale, "png", "")
    sheets = [
        dataclasses.replace(sheet, filename=f"{stem}.png"),
        dataclasses.replace(sheet, format="pdf", filename=f"{stem}.pdf"),
    ]
    return [
        Say(coach.chat_id, coach.locale, tuple(body), buttons=((csv,),), key=key),
        Say(
            coach.chat_id,
            coach.locale,
            (msg(N_("Attendance and hours per participant:")),),
            printable=sheets[0],
            key=f"{key}:png",
        ),
        Say(
            coach.chat_id,
            coach.locale,
            (msg(N_("The week as a PDF:")),),
            printable=sheets[1],
            key=f"{key}:pdf",
        ),
    ]


def row_text(row: WeekLine) -> Msg:
    """One participant's week in one paragraph."""
    counted = row.attended + row.absent
    attendance = (
        msg(N_("attendance: no record"))
        if row.rate is None
        else msg(
            N_("attendance {rate} % ({attended} of {counted})"),
            rate=row.rate,
            attended=row.attended,
            counted=counted,
        )
    )
    parts: list[Msg] = [
        attendance,
        msg(
            N_("tasks: {done} done, {overdue} overdue"),
            done=row.tasks_done,
            overdue=row.tasks_overdue,
        ),
        msg(
            N_("{planned} of {target} hours planned"),
            planned=row.planned_hours,
            target=row.target_hours,
        ),
        msg(N_("CV: {filled} of {total} parts"), filled=row.cv_filled, total=CV_TOTAL),
    ]
    if row.placement:
        kind, workplace = msg(row.placement), own_words(row.workplace)
        parts.append(msg(N_("{kind} at {workplace}"), kind=kind, workplace=workplace))
    if row.worrying:
        parts.append(msg(N_("follow-up: a worrying answer")))
    elif row.answers:
        parts.append(msg(N_("follow-up: answered, no concerns")))
    return msg(N_("{name}:\n{facts}"), name=row.name, facts=Lines(tuple(parts)))


async def week_csv(ctx: Ctx[DigestPorts], payload: WeekCsv) -> Outcome:
    """The coach's week as a CSV file: a header row and one row per participant."""
    try:
        first = date.fromordinal(payload.monday)
    except (ValueError, OverflowError):
        return ctx.stale()
    unit = await ctx.ports.people.unit(ctx.person.unit_id)
    rules = rules_of(unit, ctx.cfg, first)
    today = local_day(ctx.now, rules.zone)
    if first.weekday() != 0 or not today - OLDEST <= first <= today:
        return ctx.stale()
    snap = await ctx.ports.summaries.snapshot(
        unit.id,
        midnight(first, rules.zone),
        midnight(first + timedelta(days=7), rules.zone),
        coach_id=ctx.person.id,
    )
    rows = weekly(snap, ctx.person, today)
    sheet = WeekSheet(
        ctx.person.display_name,
        unit.name,
        first,
        first + timedelta(days=6),
        rows,
        ctx.locale,
        "csv",
        f"week-{first.isoformat()}.csv",
    )
    note = msg(N_("The week {first} – {last} as a CSV file:"), first=first, last=sheet.last)
    return Outcome(messages=(Say(ctx.actor.chat_id, ctx.locale, (note,), printable=sheet),))
