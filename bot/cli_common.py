"""What every `stegvis` command shares: the settings, and one error line with exit code 2."""

from __future__ import annotations

import typer

from bot.config import ConfigError, Settings, load_settings


def settings() -> Settings:
    """Load the settings, or stop with one line saying what to fix."""
    try:
        return load_settings()
    except ConfigError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None


def fail(message: str) -> typer.Exit:
    """Say what is wrong in one line; the caller raises the returned exit (code 2)."""
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(2)
