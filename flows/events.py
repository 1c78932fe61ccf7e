"""Typed events that enter the flows: from Telegram updates and from timers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from flows.model import Person


class Kind(StrEnum):
    """What happened, independent of the Telegram framework."""

    TEXT = "text"
    COMMAND = "command"
    BUTTON = "button"
    DOCUMENT = "document"
    PHOTO = "photo"
    LOCATION = "location"
    STICKER = "sticker"
    VOICE = "voice"
    EDITED = "edited"
    OTHER = "other"
    TIMER = "timer"


@dataclass(frozen=True)
class Event:
    """One thing a user (or a timer) did, as the flows see it."""

    kind: Kind
    at: datetime
    text: str = ""
    command: str = ""
    args: str = ""
    payload: str = ""
    forwarded: bool = False
    file_id: str = ""
    file_name: str = ""
    latitude: float | None = None
    longitude: float | None = None


@dataclass(frozen=True)
class Actor:
    """Who sent the event: Telegram identity plus the bound person, if any."""

    user_id: int
    chat_id: int
    language_code: str | None
    first_name: str
    person: Person | None = None
