"""The unit manager's report, weekly on Mondays and on demand (`/report`): the figures in the
chat in the manager's language, and a PDF with charts and a CSV in Swedish."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

from flows.config import Config
from flows.digest_model import UnitReport
from flows.digests.daily import midnight, rules_of
from flows.digests.facts import local_day
from flows.digests.figures import report_rows, unit_report
from flows.digests.payloads import ReportWeek
from flows.digests.ports import DigestPorts
from flows.model import Person
from flows.output import Button, Outcome, ReportSheet, Say
from flows.routes import Ctx
from flows.text import N_, Msg, msg

OLDEST = timedelta(days=400)


def report_text(report: UnitReport) -> tuple[Msg, ...]:
    """The report's figures, one per line, under a title naming the unit and the week."""
    title = msg(
        N_("Weekly report {unit}, {first} – {last}"),
        unit=report.unit,
        first=report.first,
        last=report.last,
    )
    lines = tuple(
        msg(N_("{label}: {value}"), label=label, value=value)
        for label, value in report_rows(report)
    )
    return (title, *lines)


def report_messages(manager: Person, report: UnitReport, key: str | None) -> list[Say]:
    """The report in the chat, then the PDF and the CSV (both in Swedish)."""
    assert manager.chat_id is not None
    stem = f"rapport-{report.first.isoformat()}"
    day = report.first.isoformat()
    return [
        Say(manager.chat_id, manager.locale, report_text(report), key=key and f"{key}:{day}"),
        Say(
            manager.chat_id,
            manager.locale,
            (msg(N_("The report as a PDF (in Swedish):")),),
            printable=ReportSheet(report, "pdf", f"{stem}.pdf"),
            key=key and f"{key}:{day}:pdf",
        ),
        Say(
            manager.chat_id,
            manager.locale,
            (msg(N_("The report as a CSV file (in Swedish):")),),
            printable=ReportSheet(report, "csv", f"{stem}.csv"),
            key=key and f"{key}:{day}:csv",
        ),
    ]


async def build(ports: DigestPorts, cfg: Config, unit_id: int, first: date) -> UnitReport:
    """The unit's report for the week starting on `first` (a Monday)."""
    unit = await ports.people.unit(unit_id)
    rules = rules_of(unit, cfg, first)
    start, end = midnight(first, rules.zone), midnight(first + timedelta(days=7), rules.zone)
    snap = await ports.summaries.snapshot(unit.id, start, end)
    figures = await ports.recruitment.figures(unit.id, start, end)
    return unit_report(snap, figures, rules, first, first + timedelta(days=6))


async def report_command(ctx: Ctx[DigestPorts]) -> Outcome:
    """/report: last week's report for the manager's unit."""
    unit = await ctx.ports.people.unit(ctx.person.unit_id)
    today = local_day(ctx.now, rules_of(unit, ctx.cfg, ctx.now.date()).zone)
    first = today - timedelta(days=today.weekday() + 7)
    return await _week(ctx, first)


async def report_week(ctx: Ctx[DigestPorts], payload: ReportWeek) -> Outcome:
    """Another week's report (the buttons under a report)."""
    try:
        first = date.fromordinal(payload.monday)
    except (ValueError, OverflowError):
        return ctx.stale()
    unit = await ctx.ports.people.unit(ctx.person.unit_id)
    today = local_day(ctx.now, rules_of(unit, ctx.cfg, ctx.now.date()).zone)
    if first.weekday() != 0 or not today - OLDEST <= first <= today:
        return ctx.stale()
    return await _week(ctx, first)


async def _week(ctx: Ctx[DigestPorts], first: date) -> Outcome:
    unit = await ctx.ports.people.unit(ctx.person.unit_id)
    today = local_day(ctx.now, rules_of(unit, ctx.cfg, ctx.now.date()).zone)
    this_monday = today - timedelta(days=today.weekday())
    report = await build(ctx.ports, ctx.cfg, ctx.person.unit_id, first)
    messages = report_messages(ctx.person, report, None)
    before = ReportWeek((first - timedelta(days=7)).toordinal()).pack()
    buttons = [Button(msg(N_("Week before")), payload=before)]
    if first + timedelta(days=7) == this_monday:
        now = ReportWeek(this_monday.toordinal()).pack()
        buttons.append(Button(msg(N_("This week so far")), payload=now))
    last = messages[-1]
    messages[-1] = dataclasses.replace(last, buttons=(tuple(buttons),))
    return Outcome(messages=tuple(messages))
