"""Message texts as data: flows say which catalog entry to use, never the final text."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

_DIGITS = {
    **{0x0660 + i: str(i) for i in range(10)},  # Arabic-Indic ٠١٢…
    **{0x06F0 + i: str(i) for i in range(10)},  # Extended Arabic-Indic (Persian, Urdu) ۰۱۲…
}


def ascii_digits(text: str) -> str:
    """Return typed text with Arabic and Persian digits as ASCII ones ("۱۳:۰۰" -> "13:00")."""
    return text.translate(_DIGITS)


def N_(msgid: str) -> str:
    """Mark a string for extraction into the catalogs; return it unchanged."""
    return msgid


@dataclass(frozen=True)
class Verbatim:
    """A text shown as it is, never translated (native language names, people's own words)."""

    text: str


@dataclass(frozen=True)
class Msg:
    """A catalog entry (English msgid) with named parameters, rendered in the recipient's locale.

    With `plural` set, `n` picks the plural form and is available as the `{n}` parameter.
    `locale` renders this paragraph in another language than the message's (used to ask
    the same question in two languages).
    """

    msgid: str
    params: Mapping[str, object] = field(default_factory=dict)
    plural: str | None = None
    n: int | None = None
    locale: str | None = None


def msg(msgid: str, /, **params: object) -> Msg:
    """Build a catalog message with parameters."""
    return Msg(msgid, params)


def nmsg(singular: str, plural: str, n: int, /, **params: object) -> Msg:
    """Build a plural catalog message; `n` selects the form."""
    return Msg(singular, {**params, "n": n}, plural=plural, n=n)


@dataclass(frozen=True)
class Lines:
    """Several messages shown one per line (or with another `separator`: " · " keeps a short
    list on one line), as one parameter (a list in a help text)."""

    parts: tuple[Msg | Verbatim, ...]
    separator: str = "\n"


Label = Msg | Verbatim


def numbered(number: int, line: Msg) -> Msg:
    """Number a line of a list, so that short buttons can say which line they act on."""
    return msg(N_("{number}. {line}"), number=number, line=line)


_RIGHT_TO_LEFT = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")


def own_words(text: str) -> Verbatim:
    """A person's words as a value, isolated (FSI … PDI) when they hold right-to-left letters:
    in any message, digits and signs beside them then keep their order ("+46 70 …")."""
    return Verbatim(f"\u2068{text}\u2069" if _RIGHT_TO_LEFT.search(text) else text)


def joined(parts: Sequence[str], separator: str = " · ") -> Verbatim:
    """Several of a person's words on one line, each kept in its own direction."""
    return Verbatim(separator.join(own_words(p).text for p in parts))
