"""An in-process Telegram user that talks to the bot through the emulator."""

from __future__ import annotations

import asyncio
import copy
import mimetypes
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.emulator.server import Emulator

_FAKE_JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
_FAKE_OGG = b"OggS\x00\x02" + b"\x00" * 26


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


class UserClient:
    """Act as one Telegram user in a private chat with the bot."""

    def __init__(
        self,
        emulator: Emulator,
        user_id: int,
        first_name: str,
        language_code: str,
        username: str | None = None,
    ) -> None:
        self.emulator = emulator
        self.user_id = user_id
        self.first_name = first_name
        self.language_code = language_code
        self.username = username
        self.user: dict[str, Any] = {
            "id": user_id,
            "is_bot": False,
            "first_name": first_name,
            "language_code": language_code,
        }
        self.chat: dict[str, Any] = {"id": user_id, "type": "private", "first_name": first_name}
        if username:
            self.user["username"] = username
            self.chat["username"] = username
        self.messages: list[dict[str, Any]] = []
        self.sent: list[dict[str, Any]] = []
        self.callback_answers: list[dict[str, Any]] = []
        self._arrivals: list[dict[str, Any]] = []
        self._edits: list[dict[str, Any]] = []
        self._cursor = 0
        self._edit_cursor = 0
        self._answer_cursor = 0
        self._cond = asyncio.Condition()

    # -- what the user sees ----------------------------------------------------------------

    @property
    def last_message(self) -> dict[str, Any] | None:
        """Return the latest bot message in this chat, if any."""
        return self.messages[-1] if self.messages else None

    def message(self, message_id: int) -> dict[str, Any]:
        """Return the current state of a bot message in this chat."""
        for message in self.messages:
            if message["message_id"] == message_id:
                return message
        raise LookupError(f"no bot message {message_id} in chat {self.user_id}")

    def buttons(self, message: dict[str, Any] | int) -> list[list[dict[str, Any]]]:
        """Return the inline keyboard rows of a bot message."""
        message_id = message if isinstance(message, int) else message["message_id"]
        current = self.emulator._messages.get((self.user_id, message_id))
        if current is None:
            current = message if isinstance(message, dict) else {}
        rows: list[list[dict[str, Any]]] = (current.get("reply_markup") or {}).get(
            "inline_keyboard"
        ) or []
        return rows

    async def _wait(self, predicate: Callable[[], bool], seconds: float) -> None:
        async with self._cond, asyncio.timeout(seconds):
            await self._cond.wait_for(predicate)

    async def next_message(self, timeout: float = 5.0) -> dict[str, Any]:  # noqa: ASYNC109
        """Return the next bot message not yet returned; raise TimeoutError on timeout."""
        await self._wait(lambda: len(self._arrivals) > self._cursor, timeout)
        message = self._arrivals[self._cursor]
        self._cursor += 1
        return message

    async def wait_messages(self, n: int, timeout: float = 5.0) -> list[dict[str, Any]]:  # noqa: ASYNC109
        """Return the next ``n`` bot messages; raise TimeoutError if they do not come."""
        await self._wait(lambda: len(self._arrivals) >= self._cursor + n, timeout)
        messages = self._arrivals[self._cursor : self._cursor + n]
        self._cursor += n
        return messages

    async def next_edit(self, timeout: float = 5.0) -> dict[str, Any]:  # noqa: ASYNC109
        """Return the next bot message edit (the message as edited)."""
        await self._wait(lambda: len(self._edits) > self._edit_cursor, timeout)
        edit = self._edits[self._edit_cursor]
        self._edit_cursor += 1
        return edit

    async def next_callback_answer(self, timeout: float = 5.0) -> dict[str, Any]:  # noqa: ASYNC109
        """Return the parameters of the next answerCallbackQuery for this user."""
        await self._wait(lambda: len(self.callback_answers) > self._answer_cursor, timeout)
        answer = self.callback_answers[self._answer_cursor]
        self._answer_cursor += 1
        return answer

    def drain(self) -> list[dict[str, Any]]:
        """Mark every bot message received so far as consumed and return the unread ones."""
        unread = self._arrivals[self._cursor :]
        self._cursor = len(self._arrivals)
        return unread

    # -- called by the emulator ------------------------------------------------------------

    async def _receive(self, message: dict[str, Any]) -> None:
        async with self._cond:
            self.messages.append(message)
            self._arrivals.append(message)
            self._cond.notify_all()

    async def _edited(self, message: dict[str, Any]) -> None:
        async with self._cond:
            self._edits.append(copy.deepcopy(message))
            self._cond.notify_all()

    async def _deleted(self, message_id: int) -> None:
        async with self._cond:
            self.messages = [m for m in self.messages if m["message_id"] != message_id]
            self._cond.notify_all()

    async def _answered(self, answer: dict[str, Any]) -> None:
        async with self._cond:
            self.callback_answers.append(answer)
            self._cond.notify_all()

    # -- what the user does ----------------------------------------------------------------

    async def _send(self, log_text: str | None = None, **content: Any) -> dict[str, Any]:
        emulator = self.emulator
        message: dict[str, Any] = {
            "message_id": emulator._next_mid(self.user_id),
            "from": dict(self.user),
            "chat": dict(self.chat),
            "date": int(time.time()),
            **content,
        }
        self.sent.append(message)
        emulator._messages[(self.user_id, message["message_id"])] = message
        text = content.get("text", content.get("caption", log_text))
        await emulator._log_chat(self.user_id, "user", message, text, None)
        return await emulator._enqueue({"message": copy.deepcopy(message)})

    async def send_text(self, text: str) -> dict[str, Any]:
        """Send a plain text message and return the update."""
        return await self._send(text=text)

    @staticmethod
    def _command_content(text: str) -> dict[str, Any]:
        content: dict[str, Any] = {"text": text}
        if text.startswith("/"):
            command = text.split(maxsplit=1)[0]
            content["entities"] = [
                {"type": "bot_command", "offset": 0, "length": _utf16_len(command)}
            ]
        return content

    async def send_command(self, command: str, args: str | None = None) -> dict[str, Any]:
        """Send ``/command args`` with a bot_command entity and return the update."""
        text = f"/{command.lstrip('/')}"
        if args:
            text = f"{text} {args}"
        return await self._send(**self._command_content(text))

    async def forward_text(self, text: str, origin_user_id: int = 7) -> dict[str, Any]:
        """Forward a text written by another user and return the update."""
        origin = {
            "type": "user",
            "date": int(time.time()) - 60,
            "sender_user": {"id": origin_user_id, "is_bot": False, "first_name": "Someone"},
        }
        return await self._send(forward_origin=origin, **self._command_content(text))

    async def send_sticker(self, emoji: str = "👍") -> dict[str, Any]:
        """Send a sticker and return the update."""
        stored = self.emulator._store_file(b"RIFF-webp", "sticker.webp", "image/webp", "stickers")
        sticker = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": emoji,
            "file_size": len(stored.data),
        }
        return await self._send(log_text=f"[sticker {emoji}]", sticker=sticker)

    async def send_voice(self, data: bytes = _FAKE_OGG, duration: int = 3) -> dict[str, Any]:
        """Send a voice note and return the update."""
        stored = self.emulator._store_file(data, "voice.ogg", "audio/ogg", "voice")
        voice = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "duration": duration,
            "mime_type": "audio/ogg",
            "file_size": len(data),
        }
        return await self._send(log_text="[voice]", voice=voice)

    async def send_photo(
        self, data: bytes = _FAKE_JPEG, caption: str | None = None
    ) -> dict[str, Any]:
        """Send a photo and return the update."""
        stored = self.emulator._store_file(data, "photo.jpg", "image/jpeg", "photos")
        sizes = [
            {
                "file_id": stored.file_id,
                "file_unique_id": stored.file_unique_id,
                "width": width,
                "height": width,
                "file_size": len(data),
            }
            for width in (90, 320, 800)
        ]
        content: dict[str, Any] = {"photo": sizes}
        if caption:
            content["caption"] = caption
        return await self._send(log_text="[photo]", **content)

    async def send_document(
        self,
        file_name: str,
        data: bytes,
        mime_type: str | None = None,
        caption: str | None = None,
    ) -> dict[str, Any]:
        """Send a document and return the update."""
        mime = mime_type or mimetypes.guess_type(file_name)[0] or "application/octet-stream"
        stored = self.emulator._store_file(data, file_name, mime, "documents")
        content: dict[str, Any] = {
            "document": {
                "file_id": stored.file_id,
                "file_unique_id": stored.file_unique_id,
                "file_name": file_name,
                "mime_type": mime,
                "file_size": len(data),
            }
        }
        if caption:
            content["caption"] = caption
        return await self._send(log_text=f"[{file_name}]", **content)

    async def send_location(self, latitude: float, longitude: float) -> dict[str, Any]:
        """Send a location and return the update."""
        return await self._send(
            log_text=f"[location {latitude}, {longitude}]",
            location={"latitude": latitude, "longitude": longitude},
        )

    async def edit_text(self, message_id: int, text: str) -> dict[str, Any]:
        """Edit one of the user's own text messages and return the edited_message update."""
        message = next((m for m in self.sent if m["message_id"] == message_id), None)
        if message is None or "text" not in message:
            raise LookupError(f"user {self.user_id} has no text message {message_id}")
        message.update(self._command_content(text))
        if not text.startswith("/"):
            message.pop("entities", None)
        message["edit_date"] = int(time.time())
        await self.emulator._update_log(self.user_id, message_id, raw_text=text)
        return await self.emulator._enqueue({"edited_message": copy.deepcopy(message)})

    async def press(
        self,
        message: dict[str, Any] | int,
        callback_data: str | None = None,
        text: str | None = None,
    ) -> dict[str, Any]:
        """Press an inline button of a bot message (by callback data or text); return update."""
        message_id = message if isinstance(message, int) else message["message_id"]
        current = self.emulator._messages.get((self.user_id, message_id))
        if current is None:
            raise LookupError(f"no message {message_id} in chat {self.user_id}")
        buttons = [button for row in self.buttons(current) for button in row]
        if callback_data is not None:
            found = [b for b in buttons if b.get("callback_data") == callback_data]
        elif text is not None:
            found = [b for b in buttons if b.get("text") == text]
        else:
            found = [b for b in buttons if "callback_data" in b]
        if not found:
            raise LookupError(
                f"message {message_id} has no button with callback_data={callback_data!r} "
                f"text={text!r}"
            )
        button = found[0]
        if "callback_data" not in button:
            raise LookupError(f"button {button.get('text')!r} is not a callback button")
        return await self._query(current, button["callback_data"])

    async def forge_press(self, message: dict[str, Any] | int, data: str) -> dict[str, Any]:
        """Send a callback query with any data under a bot message, as a modified client can."""
        message_id = message if isinstance(message, int) else message["message_id"]
        current = self.emulator._messages.get((self.user_id, message_id))
        if current is None:
            raise LookupError(f"no message {message_id} in chat {self.user_id}")
        return await self._query(current, data)

    async def _query(self, current: dict[str, Any], data: str) -> dict[str, Any]:
        query = {
            "id": self.emulator._new_query_id(self.user_id),
            "from": dict(self.user),
            "message": copy.deepcopy(current),
            "chat_instance": str(-(abs(self.user_id * 7919 + self.emulator.bot_id) % 10**18)),
            "data": data,
        }
        return await self.emulator._enqueue({"callback_query": query})
