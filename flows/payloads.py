"""Typed button payloads: a registered short code plus typed fields, parsed strictly.

On the wire a payload is `code:field:field…` (the format buttons already in people's chats
carry). Telegram sends back whatever a client puts in `callback_data`, so `unpack` trusts
nothing: ASCII digits only for ids (at most 18, so they fit a 64-bit column), short ASCII
words, enum members and fixed choices; anything else is None and the dispatcher answers
"stale".
"""

from __future__ import annotations

import re
from dataclasses import fields
from enum import StrEnum
from typing import Any, ClassVar, Literal, get_args, get_origin, get_type_hints

MAX_BYTES = 64
_CODE = re.compile(r"[a-z][a-z0-9]*(:[a-z]+)?")
_ID = re.compile(r"[0-9]{1,18}")
_WORD = re.compile(r"[A-Za-z0-9_-]{1,32}")
_CODES: dict[str, type[Payload]] = {}


class Payload:
    """Base of every button payload; subclasses are frozen dataclasses with a unique code."""

    code: ClassVar[str] = ""

    def __init_subclass__(cls, *, code: str, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        head = code.split(":", 1)[0]
        clash = code in _CODES or (":" in code and head in _CODES)
        clash = clash or any(other.startswith(code + ":") for other in _CODES)
        if clash:
            raise TypeError(f"payload code {code!r} is already registered")
        if not _CODE.fullmatch(code):
            raise TypeError(f"payload code {code!r} must be short lowercase ASCII")
        cls.code = code
        _CODES[code] = cls

    def pack(self) -> str:
        """Return the callback data for this payload (at most 64 bytes)."""
        parts = [self.code, *(_encode(getattr(self, f.name)) for f in fields(self))]  # type: ignore[arg-type]
        data = ":".join(parts)
        if len(data.encode()) > MAX_BYTES:
            raise ValueError(f"callback data over {MAX_BYTES} bytes: {data[:20]!r}")
        return data


def _encode(value: object) -> str:
    if isinstance(value, StrEnum):
        return value.value
    return str(value)


_FIELD_TYPES: dict[str, tuple[Any, ...]] = {}


def _converters(cls: type[Payload]) -> tuple[Any, ...]:
    found = _FIELD_TYPES.get(cls.code)
    if found is None:
        hints = get_type_hints(cls)
        found = tuple(hints[f.name] for f in fields(cls))  # type: ignore[arg-type]
        _FIELD_TYPES[cls.code] = found
    return found


def _convert(kind: Any, raw: str) -> object:
    """Return the typed value of one field, or raise ValueError."""
    if kind is int:
        if not _ID.fullmatch(raw):
            raise ValueError("not an id")
        return int(raw)
    if kind is str:
        if not _WORD.fullmatch(raw):
            raise ValueError("not a word")
        return raw
    if get_origin(kind) is Literal:
        if raw not in get_args(kind):
            raise ValueError("not a choice")
        return raw
    if isinstance(kind, type) and issubclass(kind, StrEnum):
        return kind(raw)
    raise TypeError(f"unsupported payload field type {kind!r}")


def unpack(data: str) -> Payload | None:
    """Return the payload that `data` encodes, or None for anything malformed or unknown."""
    if not data or len(data.encode("utf-8", "replace")) > MAX_BYTES:
        return None
    parts = data.split(":")
    for size in (2, 1):
        cls = _CODES.get(":".join(parts[:size]))
        if cls is None or len(parts) < size:
            continue
        values = parts[size:]
        kinds = _converters(cls)
        if len(values) != len(kinds):
            return None
        try:
            return cls(*(_convert(k, v) for k, v in zip(kinds, values, strict=True)))
        except ValueError:
            return None
    return None


def registered() -> dict[str, type[Payload]]:
    """Return every registered payload class by its code."""
    return dict(_CODES)


def as_id(raw: str) -> int | None:
    """Return a strictly parsed id (ASCII digits, at most 18), or None."""
    return int(raw) if _ID.fullmatch(raw) else None
