"""Turn flow output into Bot API payloads: translated, escaped, isolated, split, keyed."""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import (
    format_date,
    format_datetime,
    get_date_format,
    get_datetime_format,
    get_time_format,
)
from babel.numbers import format_decimal

from bot.i18n import Catalogs, babel_locale, default_catalogs
from flows.languages import is_rtl
from flows.output import Button, Say
from flows.text import Label, Lines, Msg, Verbatim

log = logging.getLogger(__name__)

MAX_TEXT = 4096
MAX_CALLBACK_BYTES = 64
FSI, PDI = "\u2068", "\u2069"


@cache
def datetime_pattern(locale: str) -> str:
    """A medium date with a short time (no seconds): "23 nov. 2026 09:00" in Swedish."""
    loc = babel_locale(locale)
    joined = get_datetime_format("medium", locale=loc)
    time_part = get_time_format("short", locale=loc).pattern
    date_part = get_date_format("medium", locale=loc).pattern
    return str(joined).format(time_part, date_part)


_FIELD = re.compile(r"\{(\w+)\}")


def telegram_length(html_text: str) -> int:
    """Return the length Telegram counts: UTF-16 code units after entity parsing."""
    plain = re.sub(r"<[^>]+>", "", html_text)
    return len(html.unescape(plain).encode("utf-16-le")) // 2


@dataclass(frozen=True)
class Rendered:
    """One message ready for the Bot API (HTML parse mode)."""

    chat_id: int
    text: str
    reply_markup: dict[str, Any] | None


class Renderer:
    """Render `Say` objects in the recipient's locale."""

    def __init__(
        self, catalogs: Catalogs | None = None, timezone: str = "Europe/Stockholm"
    ) -> None:
        self.catalogs = catalogs or default_catalogs()
        self.zone = ZoneInfo(timezone)

    def text(self, message: Msg, locale: str, *, markup: bool = True) -> str:
        """Translate and fill one message; HTML-escaped when `markup`."""
        if message.plural is not None and message.n is not None:
            template = self.catalogs.ngettext(locale, message.msgid, message.plural, message.n)
        else:
            template = self.catalogs.gettext(locale, message.msgid)
        values = {key: self._value(v, locale, markup) for key, v in message.params.items()}
        escape = html.escape if markup else str
        try:
            return self._fill(escape(template, quote=False) if markup else template, values)
        except KeyError:
            log.warning("bad placeholder in %s catalog for %r", locale, message.msgid[:40])
            source = message.plural if message.plural and message.n != 1 else message.msgid
            return self._fill(escape(source) if markup else source, values)

    @staticmethod
    def _fill(template: str, values: Mapping[str, str]) -> str:
        # Only {name} fields are placeholders; other braces in a translation are plain text.
        return _FIELD.sub(lambda m: values[m.group(1)], template)

    def _value(self, value: object, locale: str, markup: bool) -> str:
        if isinstance(value, Lines):
            # Each line isolates its own values; the block as a whole is not isolated.
            return "\n".join(
                self.text(part, locale, markup=markup)
                if isinstance(part, Msg)
                else self._value(part, locale, markup)
                for part in value.parts
            )
        if isinstance(value, Msg):
            text = self.text(value, locale, markup=markup)
        elif isinstance(value, Verbatim):
            text = html.escape(value.text, quote=False) if markup else value.text
        elif isinstance(value, bool):
            text = str(value)
        elif isinstance(value, int | float):
            text = format_decimal(value, locale=babel_locale(locale))
        elif isinstance(value, datetime):
            text = format_datetime(
                value.astimezone(self.zone), datetime_pattern(locale), locale=babel_locale(locale)
            )
        elif isinstance(value, date):
            text = format_date(value, format="long", locale=babel_locale(locale))
        else:
            text = html.escape(str(value), quote=False) if markup else str(value)
        return f"{FSI}{text}{PDI}" if is_rtl(locale) else text

    def label(self, label: Label, locale: str) -> str:
        """Return a button label as plain text."""
        if isinstance(label, Verbatim):
            return label.text
        return self.text(label, locale, markup=False)

    def keyboard(self, rows: tuple[tuple[Button, ...], ...], locale: str) -> dict[str, Any] | None:
        """Return an inline keyboard, rows mirrored for right-to-left locales."""
        if not rows:
            return None
        out: list[list[dict[str, str]]] = []
        for row in rows:
            buttons = [self._button(b, locale) for b in row]
            out.append(buttons[::-1] if is_rtl(locale) else buttons)
        return {"inline_keyboard": out}

    def _button(self, button: Button, locale: str) -> dict[str, str]:
        text = self.label(button.label, locale)
        if button.url:
            return {"text": text, "url": button.url}
        if not 1 <= len(button.payload.encode()) <= MAX_CALLBACK_BYTES:
            raise ValueError(f"callback payload must be 1-64 bytes: {button.payload[:20]!r}")
        return {"text": text, "callback_data": button.payload}

    def render(self, say: Say) -> list[Rendered]:
        """Render a message; long texts are split on paragraphs, buttons go on the last part."""
        paragraphs = [self.text(m, m.locale or say.locale) for m in say.body]
        chunks = split_text("\n\n".join(paragraphs))
        markup = self.keyboard(say.buttons, say.locale)
        if say.ask_location is not None:
            button = {"text": self.label(say.ask_location, say.locale), "request_location": True}
            markup = {"keyboard": [[button]], "one_time_keyboard": True, "resize_keyboard": True}
        elif say.remove_keyboard:
            markup = {"remove_keyboard": True}
        return [
            Rendered(say.chat_id, chunk, markup if i == len(chunks) - 1 else None)
            for i, chunk in enumerate(chunks)
        ]


def split_text(text: str, limit: int = MAX_TEXT) -> list[str]:
    """Split text into parts Telegram accepts, preferring paragraph, then line boundaries."""
    if telegram_length(text) <= limit:
        return [text]
    parts: list[str] = []
    current = ""
    for paragraph in text.split("\n\n"):
        for unit in _fit(paragraph, limit):
            candidate = f"{current}\n\n{unit}" if current else unit
            if telegram_length(candidate) <= limit:
                current = candidate
            else:
                parts.append(current)
                current = unit
    if current:
        parts.append(current)
    return [p for p in parts if p.strip()]


def _fit(piece: str, limit: int) -> list[str]:
    """Cut one paragraph into lines, and overlong lines at entity-safe points."""
    if telegram_length(piece) <= limit:
        return [piece]
    out: list[str] = []
    for line in piece.split("\n"):
        while telegram_length(line) > limit:
            cut = _safe_cut(line, limit)
            out.append(line[:cut])
            line = line[cut:]
        out.append(line)
    merged: list[str] = []
    for line in out:
        if merged and telegram_length(merged[-1] + "\n" + line) <= limit:
            merged[-1] += "\n" + line
        else:
            merged.append(line)
    return merged


def _safe_cut(line: str, limit: int) -> int:
    """Return an index to cut `line` at so the head fits and no entity is split."""
    lo, hi = 1, len(line)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if telegram_length(line[:mid]) <= limit:
            lo = mid
        else:
            hi = mid - 1
    amp = line.rfind("&", max(0, lo - 10), lo)
    if amp != -1 and ";" not in line[amp:lo]:
        lo = amp
    return max(lo, 1)
