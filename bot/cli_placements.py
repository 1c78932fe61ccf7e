"""`stegvis placements …`: placements from the command line (list, add, end), with the same
codes and plans as in Telegram."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime
from typing import Annotated, TypeVar

import typer

from bot.calendar import swedish_holidays
from bot.cli_common import fail as _fail
from bot.config import load_settings
from flows.model import Role
from flows.placement_model import JOB_TYPES, OUTCOMES, Placement, PlacementKind, outcome_group
from flows.placements.followup import sync
from storage.store import Store

placements_app = typer.Typer(no_args_is_help=True, help="Placements with employers.")
T = TypeVar("T")


def _run(work: Callable[[Store], Awaitable[T]]) -> T:
    """Run `work` in one transaction on a migrated database."""
    from storage.db import make_engine, session_factory
    from storage.db import migrate as run_migrations

    settings = load_settings()
    run_migrations(settings.db_url)

    async def main() -> T:
        engine = make_engine(settings.db_url)
        try:
            async with session_factory(engine)() as session, session.begin():
                return await work(Store(session))
        finally:
            await engine.dispose()

    return asyncio.run(main())


@placements_app.command("list")
def placements_list() -> None:
    """List the active placements: id, participant, employer contact, kind, dates."""

    async def work(store: Store) -> list[str]:
        lines = []
        for p in await store.placements.active():
            who = await store.people.get(p.participant_id)
            contact = await store.people.get(p.employer_id)
            end = p.ends_on.isoformat() if p.ends_on else "-"
            lines.append(
                f"{p.id}\t{who.display_name if who else '?'}\t{p.workplace}\t"
                f"{contact.display_name if contact else '?'}\t{p.kind.value}\t"
                f"{p.starts_on.isoformat()}\t{end}"
            )
        return lines

    for line in _run(work) or ["no active placements"]:
        typer.echo(line)


@placements_app.command("add")
def placements_add(
    participant: Annotated[int, typer.Option(help="the participant's person id")],
    employer: Annotated[int, typer.Option(help="the employer contact's person id")],
    workplace: Annotated[str, typer.Option(help="the workplace, as people know it")],
    kind: Annotated[PlacementKind, typer.Option(help="what kind of placement")],
    start: Annotated[str, typer.Option(help="start date, YYYY-MM-DD")],
    end: Annotated[str, typer.Option(help="planned end, YYYY-MM-DD (or - for none)")] = "-",
) -> None:
    """Record a placement; the follow-ups are planned at once (the participant's coach follows)."""
    try:
        starts_on = date.fromisoformat(start)
        ends_on = None if end == "-" else date.fromisoformat(end)
    except ValueError:
        raise _fail("dates are written YYYY-MM-DD") from None
    if ends_on is not None and ends_on <= starts_on:
        raise _fail("the planned end must come after the start")

    async def work(store: Store) -> str:
        person = await store.people.get(participant)
        contact = await store.people.get(employer)
        if person is None or person.role is not Role.PARTICIPANT:
            raise _fail(f"no participant with id {participant}")
        if contact is None or contact.role is not Role.EMPLOYER:
            raise _fail(f"no employer contact with id {employer}")
        coach = await store.people.coach_of(person.id)
        if coach is None:
            raise _fail(f"{person.display_name} has no coach: assign one first")
        draft = Placement(
            0,
            person.id,
            contact.id,
            coach.id,
            person.unit_id,
            workplace.strip(),
            kind,
            starts_on,
            ends_on,
            datetime.now(UTC),
        )
        made = await store.placements.create(draft, None)
        unit = await store.people.unit(made.unit_id)
        await sync(store.ports(), made, dict(unit.settings), swedish_holidays)
        return f"placement {made.id}: {person.display_name} at {made.workplace}"

    typer.echo(_run(work))


@placements_app.command("end")
def placements_end(
    placement: Annotated[int, typer.Argument(help="the placement id (see `list`)")],
    outcome: Annotated[str, typer.Option(help="an outcome code: " + ", ".join(OUTCOMES))],
    job: Annotated[str, typer.Option(help="for work: " + ", ".join(JOB_TYPES))] = "",
) -> None:
    """End a placement with its outcome code (work also needs the job type)."""
    if outcome not in OUTCOMES:
        raise _fail(f"unknown outcome {outcome!r}; one of: {', '.join(OUTCOMES)}")
    if outcome_group(outcome) == "work" and job not in JOB_TYPES:
        raise _fail(f"work needs --job, one of: {', '.join(JOB_TYPES)}")
    code = f"{outcome}:{job}" if outcome_group(outcome) == "work" else outcome

    async def work(store: Store) -> str:
        found = await store.placements.get(placement)
        if found is None or not found.active:
            raise _fail(f"no active placement {placement}")
        ended = await store.placements.change(
            found.id, ended_on=datetime.now(UTC).date(), outcome=code
        )
        assert ended is not None
        unit = await store.people.unit(ended.unit_id)
        await sync(store.ports(), ended, dict(unit.settings), swedish_holidays)
        return f"placement {placement} ended: {code}"

    typer.echo(_run(work))
