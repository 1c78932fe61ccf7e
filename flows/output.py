"""What a flow returns: messages as data, state to keep, menus to set."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any, Literal

from flows.cv_model import Cv
from flows.digest_model import UnitReport, WeekLine
from flows.model import Role
from flows.path_model import PlanVersion
from flows.text import Label, Msg


@dataclass(frozen=True)
class Button:
    """An inline button: a label and a short callback payload (never user text)."""

    label: Label
    payload: str = ""
    url: str = ""


def rows(buttons: list[Button], width: int = 2) -> tuple[tuple[Button, ...], ...]:
    """Lay buttons out `width` to a row."""
    return tuple(tuple(buttons[i : i + width]) for i in range(0, len(buttons), width))


@dataclass(frozen=True)
class Attachment:
    """A file to send with a message."""

    filename: str
    content: bytes
    mime_type: str = "application/octet-stream"


@dataclass(frozen=True)
class InviteSheet:
    """A printable invite (A4 PDF with a QR code) that the shell draws with its document kit."""

    link: str
    role: Role
    unit_name: str
    expires_at: datetime
    locale: str


@dataclass(frozen=True)
class CvSheet:
    """A CV as a PDF or DOCX, its headings and fixed values in `locale` (the participant's
    language, or Swedish for employers); what the participant wrote is shown unchanged."""

    cv: Cv
    locale: str
    format: Literal["pdf", "docx"]
    filename: str


@dataclass(frozen=True)
class PlanSheet:
    """An action plan version as a PDF, its headings in `locale`; the plan's own words as
    written."""

    plan: PlanVersion
    name: str
    locale: str
    filename: str


@dataclass(frozen=True)
class WeekSheet:
    """A coach's week as a chart (PNG), a PDF or a CSV, its headings in `locale`."""

    coach: str
    unit: str
    first: date
    last: date
    rows: tuple[WeekLine, ...]
    locale: str
    format: Literal["png", "pdf", "csv"]
    filename: str


@dataclass(frozen=True)
class ReportSheet:
    """A unit's weekly report for its manager, as a PDF with charts or a CSV, in Swedish."""

    report: UnitReport
    format: Literal["pdf", "csv"]
    filename: str


# What a flow may ask the shell to draw for a message (more documents join as they come).
Printable = InviteSheet | CvSheet | PlanSheet | WeekSheet | ReportSheet


@dataclass(frozen=True)
class TelegramFile:
    """A file a person sent, passed on by its Telegram file id (the bytes stay on Telegram)."""

    kind: Literal["photo", "document"]
    file_id: str


class Retention(StrEnum):
    """How long an outgoing text may be kept after it was sent (persisted values)."""

    SECRET = "secret"
    HEALTH = "health"


@dataclass(frozen=True)
class Say:
    """A message to one chat, rendered in `locale`; `body` paragraphs are joined by blank lines.

    With `key` the message is sent at most once per key (reminders); with `due_at` it waits
    in the outbox until then; after `expires_at` it is dropped unsent.
    """

    chat_id: int
    locale: str
    body: tuple[Msg, ...]
    buttons: tuple[tuple[Button, ...], ...] = ()
    attachment: Attachment | None = None
    # A document the shell draws and sends as the attachment.
    printable: Printable | None = None
    # A photo or document someone sent, passed on with the text as its caption.
    file: TelegramFile | None = None
    key: str | None = None
    due_at: datetime | None = None
    expires_at: datetime | None = None
    # A one-time reply keyboard asking for the location (instead of inline buttons).
    ask_location: Label | None = None
    # With ask_location: a second reply button that sends its label as text (no location).
    without_location: Label | None = None
    remove_keyboard: bool = False
    # How long the sent text may be kept: SECRET (gone once sent), HEALTH (the health
    # retention) or None (the outbox retention).
    retention: Retention | None = None
    # An alert to a staff member: alerts that wait for the same chat go out as one message
    # (see flows.attention.alert, which also holds them through the person's quiet hours).
    alert: bool = False


@dataclass(frozen=True)
class Menu:
    """The command menu to show in one chat, per role and locale."""

    chat_id: int
    role: Role | None
    locale: str


@dataclass(frozen=True)
class Outcome:
    """Everything a flow decided for one event.

    `state` None keeps the conversation's state; `data` None keeps its data, a mapping
    replaces it. `drop_pending` lists outbox key prefixes whose unsent messages are withdrawn
    (reminders of a cancelled session).
    """

    messages: tuple[Say, ...] = ()
    state: str | None = None
    data: Mapping[str, Any] | None = None
    toast: Msg | None = None
    menus: tuple[Menu, ...] = ()
    remove_buttons: bool = False
    # New buttons for the pressed message, in place of its old ones (a choice updated).
    buttons_now: tuple[tuple[Button, ...], ...] | None = None
    drop_pending: tuple[str, ...] = ()
    # Chats whose planned messages (reminders not sent yet) are withdrawn, to be planned
    # again in the recipient's new language.
    replan: tuple[int, ...] = ()
