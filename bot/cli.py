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

from bot.config import ConfigError, Settings, load_settings
from flows.model import Role

app = typer.Typer(no_args_is_help=True, add_completion=False, help="Stegvis Telegram bot.")
unit_app = typer.Typer(no_args_is_help=True, help="Manage units.")
app.add_typer(unit_app, name="unit")


def _settings() -> Settings:
    try:
        return load_settings()
    except ConfigError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None


def _fail(message: str) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(2)


def _logging(verbose: bool) -> None:
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    for noisy in ("aiogram.event", "httpx", "apscheduler.executors.default"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


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


@app.command()
def invite(
    role: Annotated[Role, typer.Option(help="participant, employer or coach")],
    unit: Annotated[str, typer.Option(help="unit code")],
    name: Annotated[str, typer.Option(help="the person's name, if known")] = "",
    coach_id: Annotated[int | None, typer.Option(help="coach id for a participant")] = None,
    out: Annotated[Path | None, typer.Option(help="where to write the printable PNG")] = None,
    locale: Annotated[str, typer.Option(help="language of the printable invite")] = "sv",
    ttl_hours: Annotated[int, typer.Option(help="hours until the invite expires")] = 0,
) -> None:
    """Create a single-use invite: print the t.me link and write a printable PNG."""
    from bot.admin import AdminError, issue_invite
    from bot.printable import invite_png
    from bot.render import Renderer
    from storage.db import make_engine, session_factory
    from storage.db import migrate as run_migrations

    settings = _settings()
    if not settings.bot_username:
        raise _fail("STEGVIS_BOT_USERNAME is required to build the t.me link")
    if ttl_hours < 0:
        raise _fail("--ttl-hours must be a positive number of hours")
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
                )
        except AdminError as exc:
            raise _fail(str(exc)) from None
        finally:
            await engine.dispose()
        path = out or settings.data_dir / "invites" / f"invite-{issued.invite.id}.png"
        invite_png(
            path,
            link=issued.link,
            role=role,
            unit_name=issued.unit.name,
            expires_at=issued.invite.expires_at,
            renderer=Renderer(timezone=settings.timezone),
            locale=locale,
        )
        typer.echo(issued.link)
        typer.echo(f"printable invite: {path}", err=True)

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
    asyncio.run(run_demo(data_dir, host, port, runtime))


def main() -> None:
    """Entry point for `python -m bot.cli`."""
    try:
        app()
    except ConfigError as exc:
        typer.echo(f"error: {exc}", err=True)
        sys.exit(2)


if __name__ == "__main__":
    main()
