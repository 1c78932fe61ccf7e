"""Map a Telegram update (as a Bot API dict) to a framework-free flow event."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from flows.events import Event, Kind


@dataclass(frozen=True)
class Incoming:
    """An update reduced to what the core needs."""

    update_id: int
    event: Event
    user_id: int
    chat_id: int
    first_name: str
    language_code: str | None
    callback_query_id: str | None = None
    message_id: int | None = None
    has_keyboard: bool = False


def _command(text: str, entities: list[dict[str, Any]]) -> tuple[str, str] | None:
    if not text.startswith("/"):
        return None
    if entities and not any(
        e.get("type") == "bot_command" and e.get("offset") == 0 for e in entities
    ):
        return None
    head, _, args = text.partition(" ")
    name = head[1:].split("@", 1)[0].lower()
    if not name:
        return None
    return name, args.strip()


def _message_kind(message: dict[str, Any]) -> tuple[Kind, dict[str, Any]]:
    if "text" in message:
        cmd = _command(message["text"], message.get("entities") or [])
        if cmd:
            return Kind.COMMAND, {"command": cmd[0], "args": cmd[1], "text": message["text"]}
        return Kind.TEXT, {"text": message["text"]}
    if "sticker" in message:
        return Kind.STICKER, {}
    if "voice" in message or "audio" in message or "video_note" in message:
        return Kind.VOICE, {}
    if "document" in message:
        doc = message["document"]
        # A caption is what the person wrote with the file: it travels with it.
        caption = message.get("caption", "")
        return Kind.DOCUMENT, {
            "file_id": doc["file_id"],
            "file_name": doc.get("file_name", ""),
            "text": caption,
        }
    if "photo" in message:
        return Kind.PHOTO, {
            "file_id": message["photo"][-1]["file_id"],
            "text": message.get("caption", ""),
        }
    if "location" in message:
        loc = message["location"]
        return Kind.LOCATION, {"latitude": loc["latitude"], "longitude": loc["longitude"]}
    return Kind.OTHER, {}


def to_incoming(update: dict[str, Any], now: datetime | None = None) -> Incoming | None:
    """Return the flow-level view of a private-chat update, or None if it is not for us."""
    at = now or datetime.now(UTC)
    if "callback_query" in update:
        query = update["callback_query"]
        user = query["from"]
        message = query.get("message") or {}
        chat = message.get("chat") or {"id": user["id"], "type": "private"}
        if chat.get("type") != "private":
            return None
        return Incoming(
            update_id=update["update_id"],
            event=Event(Kind.BUTTON, at, payload=query.get("data") or ""),
            user_id=user["id"],
            chat_id=chat["id"],
            first_name=user.get("first_name", ""),
            language_code=user.get("language_code"),
            callback_query_id=str(query["id"]),
            message_id=message.get("message_id"),
            has_keyboard=bool((message.get("reply_markup") or {}).get("inline_keyboard")),
        )
    edited = "edited_message" in update
    message = update.get("message") or update.get("edited_message")
    if not message or "from" not in message or message["chat"].get("type") != "private":
        return None
    user = message["from"]
    if user.get("is_bot"):
        return None
    forwarded = any(k in message for k in ("forward_origin", "forward_from", "forward_date"))
    kind, fields = (Kind.EDITED, {}) if edited else _message_kind(message)
    return Incoming(
        update_id=update["update_id"],
        event=Event(kind, at, forwarded=forwarded, **fields),
        user_id=user["id"],
        chat_id=message["chat"]["id"],
        first_name=user.get("first_name", ""),
        language_code=user.get("language_code"),
        message_id=message.get("message_id"),
    )


def chat_of(update: dict[str, Any]) -> int:
    """Return the chat an update belongs to (0 when it names none), for ordering per chat."""
    query = update.get("callback_query")
    if isinstance(query, dict):
        chat = ((query.get("message") or {}).get("chat") or {}).get("id")
        return int(chat if isinstance(chat, int) else (query.get("from") or {}).get("id") or 0)
    message = update.get("message") or update.get("edited_message") or {}
    chat = (message.get("chat") or {}).get("id") if isinstance(message, dict) else None
    return chat if isinstance(chat, int) else 0
