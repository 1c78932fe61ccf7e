"""`stegvis unit …`: create a unit and change its settings."""

from __future__ import annotations

import asyncio
from typing import Annotated

import typer

from bot.cli_common import fail as _fail
from bot.cli_common import settings as _settings

unit_app = typer.Typer(no_args_is_help=True, help="Manage units.")


@unit_app.command("add")
def unit_add(
    code: Annotated[str, typer.Argument(help="short code, e.g. jobbtorg-sodermalm")],
    name: Annotated[str, typer.Argument(help="the name people see")],
) -> None:
    """Create a unit (an office, job centre or workshop)."""
    from bot.admin import ensure_unit
    from storage.db import make_engine, session_factory
    from storage.db import migrate as run_migrations

    settings = _settings()
    run_migrations(settings.db_url)

    async def main() -> None:
        engine = make_engine(settings.db_url)
        try:
            async with session_factory(engine)() as session, session.begin():
                unit = await ensure_unit(session, code, name, settings.timezone)
        finally:
            await engine.dispose()
        typer.echo(f"unit {unit.code}: {unit.name}")

    asyncio.run(main())


UNIT_SETTINGS = {
    "checkin_before_minutes": int,
    "checkin_after_minutes": int,
    "reminder_lead_minutes": int,
    "evening_reminder_at": str,
    "quiet_hours_start": str,
    "quiet_hours_end": str,
    "absence_categories": list,
    "hidden_tasks": list,
    # Follow-up plans: spans like 3d, 2w, 6m (see flows/placements/plan.py).
    "follow_up_start": "spans",
    "follow_up_every": "spans",
    "follow_up_competence": "spans",
    "follow_up_hired": "spans",
    "follow_up_after_exit": "spans",
    # Recruitment: a coach's matches include the whole unit's participants (yes/no).
    "match_unit_wide": bool,
    # Summaries: when the daily digest is made (local HH:MM; Mondays with the weekly), and
    # after how many days without a word a participant gets a nudge and the coach an alert.
    "digest_at": str,
    "contact_nudge_days": int,
    "contact_alert_days": int,
}


def _setting(pair: str) -> tuple[str, object]:
    """Parse KEY=VALUE for a unit setting, checking the key and the value's form."""
    import re
    from datetime import time

    key, sep, value = pair.partition("=")
    kind = UNIT_SETTINGS.get(key.strip())
    if not sep or kind is None:
        raise ValueError(f"unknown setting {key!r}; known: {', '.join(UNIT_SETTINGS)}")
    value = value.strip()
    if kind == "spans":
        spans = [v.strip() for v in value.split(",") if v.strip()]
        if not spans or not all(re.fullmatch(r"[0-9]{1,3}[dwm]", v) for v in spans):
            raise ValueError(f"{key.strip()} takes spans like 3d,2w,6m (days, weeks, months)")
        return key.strip(), spans
    if kind is bool:
        if value.lower() not in ("yes", "no", "true", "false"):
            raise ValueError(f"{key.strip()} takes yes or no")
        return key.strip(), value.lower() in ("yes", "true")
    if kind is int:
        if not value.isdigit() or not 0 <= int(value) <= 24 * 60:
            raise ValueError(f"{key} takes minutes, e.g. {key}=30")
        return key.strip(), int(value)
    if kind is list:
        from flows.attendance.common import REASONS
        from flows.tasks.library import BY_KEY

        known = REASONS if key.strip() == "absence_categories" else BY_KEY
        codes = [c.strip() for c in value.split(",") if c.strip()]
        unknown = [c for c in codes if c not in known]
        if unknown or (not codes and known is REASONS):
            raise ValueError(f"{key.strip()} takes codes from: {', '.join(known)}")
        return key.strip(), codes
    if not re.fullmatch(r"\d{2}:\d{2}", value):
        raise ValueError(f"{key} takes a time like 21:00")
    time.fromisoformat(value)
    return key.strip(), value


@unit_app.command("set")
def unit_set(
    code: Annotated[str, typer.Argument(help="unit code")],
    settings: Annotated[
        list[str], typer.Argument(help="KEY=VALUE, e.g. checkin_after_minutes=15")
    ],
) -> None:
    """Change a unit's settings: attendance, tasks and follow-up plans (the others stay)."""
    from storage.admin import set_unit_settings, unit_by_code
    from storage.db import make_engine, session_factory
    from storage.db import migrate as run_migrations

    try:
        changes = dict(_setting(pair) for pair in settings)
    except ValueError as exc:
        raise _fail(str(exc)) from None
    config = _settings()
    run_migrations(config.db_url)

    async def main() -> None:
        engine = make_engine(config.db_url)
        try:
            async with session_factory(engine)() as session, session.begin():
                unit = await unit_by_code(session, code)
                if unit is None:
                    raise _fail(f"no unit with code {code!r}")
                unit = await set_unit_settings(session, unit.id, {**unit.settings, **changes})
        finally:
            await engine.dispose()
        for key, value in sorted(unit.settings.items()):
            typer.echo(f"{key} = {value}")

    asyncio.run(main())
