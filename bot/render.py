"""Turn flow output into Bot API payloads: translated, escaped, isolated, split, keyed."""

from __future__ import annotations

import html
import logging
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_time, get_date_format, get_datetime_format
from babel.numbers import format_decimal

from bot.i18n import Catalogs, babel_locale, default_catalogs
from flows.languages import is_rtl
from flows.output import Button, Say
from flows.text import Label, Lines, Msg, Verbatim

log = logging.getLogger(__name__)

MAX_TEXT = 4096
MAX_CALLBACK_BYTES = 64
FSI, LRI, RLI, PDI = "\u2068", "\u2066", "\u2067", "\u2069"


# A year in a CLDR date pattern, with the separator before it and a suffix like 'р'.
_YEAR = re.compile(r"[\s,،]*\by+\b(\s*'[^']*')?\.?")


@cache
def date_pattern(locale: str, with_year: bool) -> str:
    """The locale's full date (weekday, day, month name), without the year when not needed.

    "torsdag 3 december" in Swedish, "Thursday, December 3" in English.
    """
    full = get_date_format("full", locale=babel_locale(locale)).pattern
    return full if with_year else _YEAR.sub("", full).strip()


@cache
def datetime_join(locale: str) -> str:
    """How the locale joins a date and a time ("{1} {0}")."""
    return str(get_datetime_format("long", locale=babel_locale(locale)))


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
        self,
        catalogs: Catalogs | None = None,
        timezone: str = "Europe/Stockholm",
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.catalogs = catalogs or default_catalogs()
        self.zone = ZoneInfo(timezone)
        # Only for "is it this year?": dates in the current year are shown without one.
        self.clock = clock or (lambda: datetime.now(UTC))

    def text(self, message: Msg, locale: str, *, markup: bool = True) -> str:
        """Translate and fill one message; HTML-escaped when `markup`."""
        if message.plural is not None and message.n is not None:
            template = self.catalogs.ngettext(locale, message.msgid, message.plural, message.n)
        else:
            template = self.catalogs.gettext(locale, message.msgid)
        values = {key: self._value(v, locale, markup) for key, v in message.params.items()}
        try:
            return self._fill(html.escape(template, quote=False) if markup else template, values)
        except KeyError:
            log.warning("bad placeholder in %s catalog for %r", locale, message.msgid[:40])
            source = message.plural if message.plural and message.n != 1 else message.msgid
            return self._fill(html.escape(source) if markup else source, values)

    @staticmethod
    def _fill(template: str, values: Mapping[str, str]) -> str:
        # Only {name} fields are placeholders; other braces in a translation are plain text.
        return _FIELD.sub(lambda m: values[m.group(1)], template)

    def _value(self, value: object, locale: str, markup: bool) -> str:
        if isinstance(value, Lines):
            # Each line isolates its own values; the block as a whole is not isolated.
            return value.separator.join(
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
            # One way to show time everywhere: weekday, day and month, a 24-hour clock (as
            # people are asked to type it), the year only when it is not this year.
            local = value.astimezone(self.zone)
            loc = babel_locale(locale)
            day = format_date(local, date_pattern(locale, local.year != self._year()), locale=loc)
            text = datetime_join(locale).format(format_time(local, "HH:mm", locale=loc), day)
        elif isinstance(value, time):
            # A local time of day (already in the unit's zone): the 24-hour clock.
            text = format_time(value, "HH:mm", locale=babel_locale(locale))
        elif isinstance(value, date):
            pattern = date_pattern(locale, value.year != self._year())
            text = format_date(value, pattern, locale=babel_locale(locale))
        else:
            text = html.escape(str(value), quote=False) if markup else str(value)
        if not is_rtl(locale):
            return text
        # A nested message is in the reader's own right-to-left language; first-strong
        # detection would read one made only of isolates and dashes as left to right.
        isolate = RLI if isinstance(value, Msg) else FSI
        return f"{isolate}{text}{PDI}"

    def _year(self) -> int:
        return self.clock().astimezone(self.zone).year

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
        paragraphs = [
            right_to_left_lines(self.text(m, m.locale or say.locale), m.locale or say.locale)
            for m in say.body
        ]
        chunks = split_text("\n\n".join(paragraphs))
        markup = self.keyboard(say.buttons, say.locale)
        if say.ask_location is not None:
            button = {"text": self.label(say.ask_location, say.locale), "request_location": True}
            rows: list[list[dict[str, Any]]] = [[button]]
            if say.without_location is not None:
                rows.append([{"text": self.label(say.without_location, say.locale)}])
            markup = {"keyboard": rows, "one_time_keyboard": True, "resize_keyboard": True}
        elif say.remove_keyboard:
            markup = {"remove_keyboard": True}
        return [
            Rendered(say.chat_id, chunk, markup if i == len(chunks) - 1 else None)
            for i, chunk in enumerate(chunks)
        ]


RLM = "\u200f"
_ISOLATE_OPEN = frozenset("\u2066\u2067\u2068")
_ISOLATE_CLOSE = "\u2069"


def first_strong(line: str) -> str | None:
    """Return "R" or "L" for the line's first strong character outside isolates (UAX #9 P2)."""
    depth = 0
    for ch in line:
        if ch in _ISOLATE_OPEN:
            depth += 1
        elif ch == _ISOLATE_CLOSE:
            depth = max(depth - 1, 0)
        elif depth == 0:
            kind = unicodedata.bidirectional(ch)
            if kind in ("R", "AL"):
                return "R"
            if kind == "L":
                return "L"
    return None


# A command: a slash and a word, not inside a word, a path, a URL or an HTML tag.
_COMMAND = re.compile(r"(?<![\w/<:])/[A-Za-z]\w*")


def right_to_left_lines(text: str, locale: str) -> str:
    """In a right-to-left locale, start every line right to left (a list line like
    "/here – …" or "1. …" otherwise runs left to right: its words are isolated values),
    and isolate commands left to right, so "/here" does not read "here/"."""
    if not is_rtl(locale):
        return text
    text = _COMMAND.sub(lambda m: f"{LRI}{m[0]}{PDI}", text)
    return "\n".join(
        line if not line or first_strong(line) == "R" else RLM + line for line in text.split("\n")
    )


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
