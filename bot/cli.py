"""The `stegvis` command line."""

from __future__ import annotations

import asyncio
import logging
import signal
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Annotated

import typer

from bot.cli_common import fail as _fail
from bot.cli_common import settings as _settings
from bot.cli_placements import placements_app
from bot.cli_report import report
from bot.cli_tasks import tasks_app
from bot.cli_units import unit_app
from bot.config import ConfigError
from flows.languages import OFFERED
from flows.model import Role

app = typer.Typer(no_args_is_help=True, add_completion=False, help="Stegvis Telegram bot.")
app.add_typer(unit_app, name="unit")


def _logging(verbose: bool) -> None:
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    for noisy in ("aiogram.event", "httpx", "apscheduler.executors.default"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    # "skipped: maximum number of running instances" is expected while a long batch is sent.
    logging.getLogger("apscheduler.scheduler").setLevel(logging.ERROR)


@app.command()
def migrate() -> None:
    """Create or upgrade the database schema."""
    from storage.db import migrate as run_migrations

    settings = _settings()
    run_migrations(settings.db_url)
    typer.echo("database is up to date")


@app.command()
def run(
    runtime: Annotated[str, typer.Option(help="aiogram (default) or ptb")] = "",
    webhook: Annotated[bool, typer.Option("--webhook", help="serve a webhook")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v")] = False,
) -> None:
    """Run the bot against Telegram (polling by default)."""
    from bot.app import App
    from storage.db import migrate as run_migrations

    settings = _settings()
    if runtime and runtime not in ("aiogram", "ptb"):
        raise _fail("--runtime must be aiogram or ptb")
    try:
        settings.require_token()
        secret = settings.require_webhook_secret() if webhook else ""
        if webhook and not settings.webhook_url:
            raise ConfigError("STEGVIS_WEBHOOK_URL is required with --webhook")
    except ConfigError as exc:
        raise _fail(str(exc)) from None
    _logging(verbose)
    run_migrations(settings.db_url)

    async def main() -> None:
        bot = App(settings, runtime=runtime or None)
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, bot.stop)
        if webhook:
            await bot.run_webhook(
                settings.webhook_url,
                secret,
                settings.webhook_host,
                settings.webhook_port,
                settings.webhook_path,
            )
        else:
            await bot.run_polling()

    asyncio.run(main())


@app.command()
def invite(
    role: Annotated[Role, typer.Option(help="participant, employer or coach")],
    unit: Annotated[str, typer.Option(help="unit code")],
    name: Annotated[str, typer.Option(help="the person's name, if known")] = "",
    coach_id: Annotated[int | None, typer.Option(help="coach id for a participant")] = None,
    out: Annotated[
        Path | None, typer.Option(help="where to write the PNG (the PDF goes beside it)")
    ] = None,
    lang: Annotated[
        str | None,
        typer.Option("--lang", "--locale", help="the invitee's language (default: the unit's)"),
    ] = None,
    ttl_hours: Annotated[int, typer.Option(help="hours until the invite expires")] = 0,
) -> None:
    """Create a single-use invite: print the t.me link, write a printable A4 PDF and a PNG."""
    from bot.admin import AdminError, issue_invite
    from bot.printable import write_invite
    from bot.render import Renderer
    from storage.db import make_engine, session_factory
    from storage.db import migrate as run_migrations

    settings = _settings()
    if not settings.bot_username:
        raise _fail("STEGVIS_BOT_USERNAME is required to build the t.me link")
    if ttl_hours < 0:
        raise _fail("--ttl-hours must be a positive number of hours")
    if lang is not None and lang not in OFFERED:
        raise _fail(f"--lang must be one of {', '.join(OFFERED)}")
    run_migrations(settings.db_url)
    ttl = timedelta(hours=ttl_hours or settings.invite_ttl_hours)

    async def main() -> None:
        engine = make_engine(settings.db_url)
        try:
            async with session_factory(engine)() as session, session.begin():
                issued = await issue_invite(
                    session,
                    role=role,
                    unit_code=unit,
                    bot_username=settings.bot_username,
                    now=datetime.now(UTC),
                    ttl=ttl,
                    display_name=name,
                    coach_id=coach_id,
                    locale=lang,
                )
        except AdminError as exc:
            raise _fail(str(exc)) from None
        finally:
            await engine.dispose()
        path = out or settings.data_dir / "invites" / f"invite-{issued.invite.id}.png"
        pdf_path = path.with_suffix(".pdf")
        languages = issued.unit.languages
        locale = lang or (languages[0] if languages else settings.default_locale)
        write_invite(
            pdf_path,
            path,
            link=issued.link,
            role=role,
            unit_name=issued.unit.name,
            expires_at=issued.invite.expires_at,
            renderer=Renderer(timezone=issued.unit.timezone),
            locale=locale,
        )
        typer.echo(issued.link)
        typer.echo(f"printable invite: {pdf_path} (and {path})", err=True)

    asyncio.run(main())


@app.command()
def demo(
    port: Annotated[int, typer.Option(help="port of the demo page and emulator")] = 8088,
    host: Annotated[str, typer.Option(help="address to listen on")] = "127.0.0.1",
    runtime: Annotated[str, typer.Option(help="aiogram or ptb")] = "aiogram",
    data_dir: Annotated[Path, typer.Option(help="where the demo database goes")] = Path(
        "data/demo"
    ),
) -> None:
    """Run the bot against the built-in Telegram emulator with demo data."""
    from bot.demo import run_demo

    _logging(False)
    try:
        asyncio.run(run_demo(data_dir, host, port, runtime))
    except OSError as exc:
        typer.echo(
            f"Cannot start the demo on {host}:{port} ({exc.strerror or exc}); is another demo "
            f"running? Try --port {port + 1}. Nothing was changed.",
            err=True,
        )
        raise typer.Exit(1) from None


activities_app = typer.Typer(no_args_is_help=True, help="Manage activities.")
app.add_typer(activities_app, name="activities")
export_app = typer.Typer(no_args_is_help=True, help="Export reports.")
app.add_typer(export_app, name="export")
app.add_typer(tasks_app, name="tasks")
app.add_typer(placements_app, name="placements")
app.command("report")(report)


@activities_app.command("import")
def activities_import(
    file: Annotated[Path, typer.Argument(help="CSV file (UTF-8, ';' or ',' separated)")],
    unit: Annotated[str, typer.Option(help="unit code for rows that leave it empty")] = "",
) -> None:
    """Import activities from CSV: every row is checked first; nothing is imported on errors."""
    from bot.activities_import import import_activities
    from bot.activity_rows import ImportFailed
    from storage.admin import unit_by_code
    from storage.db import make_engine, session_factory
    from storage.db import migrate as run_migrations

    settings = _settings()
    try:
        data = file.read_bytes()
    except OSError as exc:
        raise _fail(f"cannot read {file}: {exc.strerror or exc}") from None
    run_migrations(settings.db_url)

    async def main() -> int:
        engine = make_engine(settings.db_url)
        try:
            async with session_factory(engine)() as session, session.begin():
                if unit and await unit_by_code(session, unit) is None:
                    raise _fail(f"no unit with code {unit!r}; create it with `stegvis unit add`")
                return len(await import_activities(session, data, unit))
        finally:
            await engine.dispose()

    try:
        count = asyncio.run(main())
    except ImportFailed as failed:
        for problem in failed.errors:
            typer.echo(str(problem), err=True)
        raise typer.Exit(2) from None
    typer.echo(f"imported {count} activities")


@export_app.command("attendance")
def export_attendance(
    month: Annotated[str, typer.Option(help="the month, as YYYY-MM")],
    unit: Annotated[str, typer.Option(help="unit code (default: every unit)")] = "",
    out: Annotated[Path | None, typer.Option(help="directory (default: DATA_DIR/exports)")] = None,
) -> None:
    """Write the monthly attendance report (CSV and PDF, in Swedish) per unit."""
    from bot.export import Row, file_stem, monthly_attendance, parse_month, units, write_csv
    from bot.export_pdf import write_pdf
    from flows.model import Unit
    from storage.db import make_engine, session_factory
    from storage.db import migrate as run_migrations
    from storage.store import Store

    settings = _settings()
    try:
        first = parse_month(month)
    except ValueError as exc:
        raise _fail(str(exc)) from None
    run_migrations(settings.db_url)

    async def main() -> list[tuple[Unit, list[Row]]]:
        engine = make_engine(settings.db_url)
        try:
            async with session_factory(engine)() as session, session.begin():
                found = await units(session, unit)
                if unit and not found:
                    raise _fail(f"no unit with code {unit!r}")
                reports = [(u, await monthly_attendance(session, u.id, first)) for u in found]
                store = Store(session)
                # Staff reads of participants' data are audit-logged (DESIGN.md).
                for u, rows in reports:
                    for participant_id in dict.fromkeys(r.participant_id for r in rows):
                        await store.audit(
                            None,
                            participant_id,
                            "export_attendance",
                            {"unit": u.code, "month": f"{first:%Y-%m}"},
                        )
                return reports
        finally:
            await engine.dispose()

    reports = asyncio.run(main())
    directory = out or settings.data_dir / "exports"
    for u, rows in reports:
        stem = file_stem(u.code, first)
        csv_path = write_csv(rows, directory / f"{stem}.csv")
        pdf_path = directory / f"{stem}.pdf"
        changed = write_pdf(rows, pdf_path, u.name, first)
        typer.echo(str(csv_path))
        typer.echo(str(pdf_path))
        if changed:
            typer.echo(
                f"note: {len(changed)} name(s) in {pdf_path.name} have characters no font of "
                "the report can show, shown as '?' there; the CSV has them in full",
                err=True,
            )


def main() -> None:
    """Entry point for `python -m bot.cli`."""
    try:
        app()
    except ConfigError as exc:
        typer.echo(f"error: {exc}", err=True)
        sys.exit(2)


if __name__ == "__main__":
    main()
