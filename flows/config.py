"""Settings the flows need from the shell."""

from __future__ import annotations

from collections.abc import Callable, Container, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from flows.events import Actor
from flows.languages import OFFERED, default_locale


@dataclass(frozen=True)
class Config:
    """Settings the flows need from the shell."""

    bot_username: str
    invite_ttl: timedelta = timedelta(hours=72)
    offered: tuple[str, ...] = OFFERED
    fallback_locale: str = "sv"
    # (text, the writer's locale, names to ignore) -> the offered locale the text is clearly
    # written in ("fa" for Persian-looking text, "prs" when the writer chose Dari), or None.
    detect_language: Callable[[str, str, Sequence[str]], str | None] | None = None
    # (first, last) -> public holidays in that span, on which recurring sessions are skipped.
    holidays: Callable[[date, date], Container[date]] | None = None
    # (catalog msgid, locale) -> the text in that locale (to search translated texts).
    translate: Callable[[str, str], str] | None = None
    # A typed phone number -> the number in international form, or None if it is not one
    # (Swedish numbers need no country code).
    phone: Callable[[str], str | None] | None = None
    # A typed e-mail address -> the address as it should be written, or None if it is not one.
    email: Callable[[str], str | None] | None = None
    # locale -> month names and abbreviations (lower case) in that language, with their number.
    months: Callable[[str], Mapping[str, int]] | None = None
    # A text -> the characters of it no font of the document kit can print (an emoji).
    unprintable: Callable[[str], set[str]] | None = None


def guest_locale(actor: Actor, cfg: Config) -> str:
    """Return the locale to use for someone who has not chosen one."""
    return default_locale(actor.language_code, cfg.offered, cfg.fallback_locale)
