"""A local Telegram Bot API server that enforces the rules the bot relies on."""

from __future__ import annotations

import asyncio
import contextlib
import copy
import json
import logging
import math
import secrets
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiohttp import ClientSession, ClientTimeout, web

from bot.emulator import rules
from bot.emulator.client import UserClient

logger = logging.getLogger(__name__)

JSON_FIELDS = frozenset(
    {
        "reply_markup",
        "commands",
        "scope",
        "allowed_updates",
        "entities",
        "caption_entities",
        "link_preview_options",
        "reply_parameters",
        "media",
        "menu_button",
        "message_ids",
        "input_message_content",
        "results",
        "options",
    }
)
SENDING_METHODS = frozenset(
    {"sendMessage", "sendDocument", "sendPhoto", "editMessageText", "editMessageReplyMarkup"}
)
CHAT_METHODS = SENDING_METHODS | {"sendChatAction", "deleteMessage"}
DEFAULT_UPDATE_TYPES = frozenset(
    {"message", "edited_message", "callback_query", "my_chat_member", "inline_query"}
)
STATIC_DIR = Path(__file__).with_name("static")
CHAT_POLL_SECONDS = 25.0

Handler = Callable[[dict[str, Any]], Awaitable[Any]]


@dataclass(slots=True)
class Call:
    """One Bot API request as the emulator answered it."""

    method: str
    params: dict[str, Any]
    status: int
    description: str | None = None


@dataclass(slots=True)
class Fault:
    """An injected failure for the next ``count`` calls of ``method`` ("*" matches any)."""

    method: str
    kind: str = "429"
    count: int = 1
    chat_id: int | None = None
    retry_after: int = 1
    delay: float = 30.0
    after_effect: bool = False


@dataclass(slots=True)
class Upload:
    """A file part received in a multipart request."""

    filename: str
    content_type: str
    data: bytes


@dataclass(slots=True)
class StoredFile:
    """A file the emulator holds (uploaded by the bot or sent by a user)."""

    file_id: str
    file_unique_id: str
    file_path: str
    file_name: str
    mime_type: str
    data: bytes


@dataclass(slots=True)
class _Pending:
    update: dict[str, Any]
    redelivered: bool = False
    delivered: bool = False
    in_flight: bool = False


@dataclass(slots=True)
class _Bucket:
    rate: float
    burst: float
    tokens: float
    stamp: float = field(default_factory=time.monotonic)

    def refill(self, now: float) -> None:
        self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now

    def wait_time(self) -> float:
        return 0.0 if self.tokens >= 1.0 else (1.0 - self.tokens) / self.rate


class ApiError(Exception):
    """A Bot API error answer."""

    def __init__(
        self,
        code: int,
        description: str,
        *,
        retry_after: int | None = None,
        violation: bool = False,
    ) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.retry_after = retry_after
        self.violation = violation


def _violation(description: str) -> ApiError:
    return ApiError(400, description, violation=True)


def _to_int(value: Any, name: str) -> int:
    if isinstance(value, bool):
        raise _violation(f"Bad Request: invalid {name}")
    if isinstance(value, int):
        return value
    try:
        return int(str(value).strip())
    except ValueError:
        raise _violation(f"Bad Request: invalid {name}") from None


def _opt_int(params: dict[str, Any], name: str, default: int | None = None) -> int | None:
    value = params.get(name)
    return default if value is None or value == "" else _to_int(value, name)


def _to_bool(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("true", "1", "yes")
    return bool(value)


def _type_of(update: dict[str, Any]) -> str:
    return next((key for key in update if key != "update_id"), "")


def _public_params(params: dict[str, Any]) -> dict[str, Any]:
    return {
        key: (
            f"<file {value.filename} {len(value.data)} bytes>"
            if isinstance(value, Upload)
            else value
        )
        for key, value in params.items()
    }


class Emulator:
    """Serve the Telegram Bot API locally, record calls and act as users."""

    def __init__(
        self,
        token: str = "123456:TEST-TOKEN",
        bot_username: str = "stegvis_demo_bot",
        bot_id: int = 123456,
        *,
        bot_name: str = "Stegvis",
        per_chat_rate: float = 1.0,
        per_chat_burst: int = 3,
        global_rate: float = 30.0,
        enforce_rate_limits: bool = True,
        webhook_retry_base: float = 0.05,
        first_update_id: int = 1000,
    ) -> None:
        self.token = token
        self.bot_username = bot_username
        self.bot_id = bot_id
        self.bot_user: dict[str, Any] = {
            "id": bot_id,
            "is_bot": True,
            "first_name": bot_name,
            "username": bot_username,
            "can_join_groups": False,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }
        self.per_chat_rate = per_chat_rate
        self.per_chat_burst = per_chat_burst
        self.global_rate = global_rate
        self.enforce_rate_limits = enforce_rate_limits
        self.webhook_retry_base = webhook_retry_base
        self.calls: list[Call] = []
        self.violations: list[Call] = []
        self.rate_limited = 0
        self.webhook_attempts: list[tuple[int, int | str]] = []
        self.webhook_url: str | None = None
        self.webhook_secret: str | None = None
        self.base_url: str | None = None
        self.app = web.Application(client_max_size=64 * 1024 * 1024)
        self._setup_routes()
        self._users: dict[int, UserClient] = {}
        self._demo_users: dict[int, str] = {}
        self._demo_payloads: dict[int, str] = {}
        # Places the demo page offers when the bot asks for a location: (label, lat, lon).
        self.demo_places: list[tuple[str, float, float]] = []
        self._blocked: set[int] = set()
        self._faults: list[Fault] = []
        self._next_update_id = first_update_id
        self._history: dict[int, dict[str, Any]] = {}
        self._pending: list[_Pending] = []
        self._allowed_updates: frozenset[str] = DEFAULT_UPDATE_TYPES
        self._updates_cond = asyncio.Condition()
        self._poll_gen = 0
        self.polling = asyncio.Event()
        self._next_message_id: dict[int, int] = {}
        self._messages: dict[tuple[int, int], dict[str, Any]] = {}
        self._chat_log: dict[int, list[dict[str, Any]]] = {}
        self._chat_cond = asyncio.Condition()
        self._seq = 0
        self._files: dict[str, StoredFile] = {}
        self._file_paths: dict[str, str] = {}
        self._callback_queries: dict[str, tuple[int, bool]] = {}
        self._next_query = 0
        self._commands: dict[tuple[tuple[Any, ...], str], list[dict[str, Any]]] = {}
        self._menu_buttons: dict[int | None, Any] = {}
        self._chat_buckets: dict[int, _Bucket] = {}
        self._global_window: deque[float] = deque()
        # The most messages the emulator let through in any one-second window.
        self.busiest_second = 0
        self._webhook_gen = 0
        self._webhook_max_connections = 40
        self._webhook_task: asyncio.Task[None] | None = None
        self._delivery_tasks: set[asyncio.Task[None]] = set()
        self._aux_tasks: set[asyncio.Task[None]] = set()
        self._state_cond = asyncio.Condition()
        self._last_webhook_error: tuple[int, str] | None = None
        self._session: ClientSession | None = None
        self._runner: web.AppRunner | None = None
        self._closing = asyncio.Event()
        self._methods: dict[str, tuple[str, Handler]] = {}
        for name in (
            "getMe",
            "getUpdates",
            "setWebhook",
            "deleteWebhook",
            "getWebhookInfo",
            "sendMessage",
            "editMessageText",
            "editMessageReplyMarkup",
            "deleteMessage",
            "answerCallbackQuery",
            "setMyCommands",
            "getMyCommands",
            "deleteMyCommands",
            "sendDocument",
            "sendPhoto",
            "getFile",
            "sendChatAction",
            "close",
            "logOut",
            "setChatMenuButton",
            "getChatMenuButton",
            "getChat",
            "setMyDescription",
            "setMyShortDescription",
            "setMyName",
        ):
            self._methods[name.lower()] = (name, getattr(self, f"_m_{name}"))

    # -- lifecycle -------------------------------------------------------------------------

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        """Start serving and return the base URL."""
        self._closing.clear()
        self._session = ClientSession(timeout=ClientTimeout(total=10))
        self._runner = web.AppRunner(self.app, shutdown_timeout=1.0, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port)
        try:
            await site.start()
        except OSError:
            # A busy port: leave nothing open behind.
            await self._runner.cleanup()
            await self._session.close()
            raise
        bound_port = self._runner.addresses[0][1]
        self.base_url = f"http://{host}:{bound_port}"
        logger.info("Telegram emulator listening on %s", self.base_url)
        return self.base_url

    async def stop(self) -> None:
        """Stop serving, cancel webhook deliveries and wake every waiter."""
        self._closing.set()
        async with self._updates_cond:
            self._updates_cond.notify_all()
        async with self._chat_cond:
            self._chat_cond.notify_all()
        await self._stop_webhook_worker()
        for task in list(self._aux_tasks):
            with contextlib.suppress(asyncio.CancelledError):
                await task
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
        if self._session is not None:
            await self._session.close()
            self._session = None

    # -- public helpers for tests ----------------------------------------------------------

    def inject(self, fault: Fault) -> None:
        """Make the next matching calls fail as described by ``fault``."""
        self._faults.append(fault)

    def block(self, chat_id: int) -> None:
        """Act as if the user blocked the bot."""
        self._blocked.add(chat_id)

    def unblock(self, chat_id: int) -> None:
        """Act as if the user unblocked the bot."""
        self._blocked.discard(chat_id)

    def user(
        self,
        user_id: int,
        first_name: str = "Ann",
        language_code: str = "sv",
        username: str | None = None,
    ) -> UserClient:
        """Create or return the user whose private chat id equals ``user_id``."""
        existing = self._users.get(user_id)
        if existing is not None:
            return existing
        client = UserClient(self, user_id, first_name, language_code, username)
        self._users[user_id] = client
        self._chat_log.setdefault(user_id, [])
        return client

    def add_demo_user(
        self,
        user_id: int,
        first_name: str,
        language_code: str,
        label: str,
        start_payload: str = "",
    ) -> UserClient:
        """Create a user that the demo page lists with ``label``.

        With ``start_payload`` the page offers to open that deep link (``/start payload``),
        as tapping a t.me invite link would.
        """
        client = self.user(user_id, first_name=first_name, language_code=language_code)
        self._demo_users[user_id] = label
        if start_payload:
            self._demo_payloads[user_id] = start_payload
        return client

    def redeliver(self, update_id: int) -> None:
        """Queue the exact same update again, keeping its update_id."""
        update = self._history[update_id]
        self._pending.append(_Pending(copy.deepcopy(update), redelivered=True))
        self._notify_updates()

    def commands(
        self, scope_chat_id: int | None = None, language_code: str = ""
    ) -> list[dict[str, Any]]:
        """Return what setMyCommands stored for a chat scope (or default) and language."""
        key: tuple[Any, ...] = ("default",) if scope_chat_id is None else ("chat", scope_chat_id)
        return copy.deepcopy(self._commands.get((key, language_code), []))

    def menu(self, user_id: int) -> list[dict[str, Any]]:
        """Return the commands a user's private chat shows, resolved as Telegram does."""
        # The first list set wins, in Telegram's order: the chat's scope, then all private
        # chats, then the default scope; in each, the user's language before no language.
        client = self._users.get(user_id)
        # A user's language_code is an IETF tag ("pt-br"); command lists are per ISO 639-1.
        language = (client.language_code if client is not None else "").split("-")[0].lower()
        scopes: tuple[tuple[Any, ...], ...] = (
            ("chat", user_id),
            ("all_private_chats",),
            ("default",),
        )
        for scope in scopes:
            for code in dict.fromkeys((language, "")):
                found = self._commands.get((scope, code))
                if found:
                    return copy.deepcopy(found)
        return []

    def file_bytes(self, file_id: str) -> bytes:
        """Return the bytes of a stored file."""
        return self._files[file_id].data

    @property
    def pending_updates(self) -> list[dict[str, Any]]:
        """Return the queued, unconfirmed updates."""
        return [entry.update for entry in self._pending]

    # -- internal API used by UserClient ---------------------------------------------------

    def _next_mid(self, chat_id: int) -> int:
        mid = self._next_message_id.get(chat_id, 0) + 1
        self._next_message_id[chat_id] = mid
        return mid

    async def _enqueue(self, payload: dict[str, Any]) -> dict[str, Any]:
        update = {"update_id": self._next_update_id, **payload}
        self._next_update_id += 1
        self._history[update["update_id"]] = copy.deepcopy(update)
        async with self._updates_cond:
            self._pending.append(_Pending(update))
            self._updates_cond.notify_all()
        return update

    def _notify_updates(self) -> None:
        task = asyncio.get_running_loop().create_task(self._notify(self._updates_cond))
        self._aux_tasks.add(task)
        task.add_done_callback(self._aux_tasks.discard)

    async def _notify(self, cond: asyncio.Condition) -> None:
        async with cond:
            cond.notify_all()

    def _store_file(self, data: bytes, file_name: str, mime_type: str, kind: str) -> StoredFile:
        number = len(self._files) + 1
        prefix = "AgAC" if kind == "photos" else "BQAC"
        file_id = f"{prefix}{secrets.token_urlsafe(24)}"
        ext = Path(file_name).suffix or (".jpg" if kind == "photos" else "")
        stored = StoredFile(
            file_id=file_id,
            file_unique_id=f"AgAD{secrets.token_hex(6)}",
            file_path=f"{kind}/file_{number}{ext}",
            file_name=file_name,
            mime_type=mime_type,
            data=data,
        )
        self._files[file_id] = stored
        self._file_paths[stored.file_path] = file_id
        return stored

    async def _log_chat(
        self,
        chat_id: int,
        sender: str,
        message: dict[str, Any],
        raw_text: str | None,
        parse_mode: str | None,
        markup: Any = None,
    ) -> None:
        self._seq += 1
        entry = {
            "seq": self._seq,
            "from": sender,
            "message_id": message["message_id"],
            "text": raw_text,
            "parse_mode": parse_mode,
            "edited": False,
            "deleted": False,
            # When it was sent (Unix time), as the page's timestamp shows it.
            "date": message.get("date"),
        }
        self._fill_entry(entry, message, markup)
        async with self._chat_cond:
            self._chat_log.setdefault(chat_id, []).append(entry)
            self._chat_cond.notify_all()

    def _fill_entry(
        self, entry: dict[str, Any], message: dict[str, Any], sent: Any = None
    ) -> None:
        # Telegram's Message carries only inline keyboards; a reply keyboard (shown under
        # the message box) or remove_keyboard is known only from the request that sent it.
        if isinstance(sent, str):
            with contextlib.suppress(ValueError):
                sent = json.loads(sent)
        markup = sent if isinstance(sent, dict) else message.get("reply_markup") or {}
        if sent is None and "reply_keyboard" in entry:
            markup = {**markup, "keyboard": entry["reply_keyboard"]}  # an edit keeps it
        entry["reply_keyboard"] = [
            [
                {"text": b.get("text", ""), "request_location": bool(b.get("request_location"))}
                for b in row
            ]
            for row in markup.get("keyboard") or []
        ]
        entry["remove_keyboard"] = entry.get("remove_keyboard") is True or (
            markup.get("remove_keyboard") is True
        )
        rows = markup.get("inline_keyboard") or []
        entry["buttons"] = [
            [
                {key: button[key] for key in ("text", "callback_data", "url") if key in button}
                for button in row
            ]
            for row in rows
        ]
        document = message.get("document")
        if document is None and message.get("photo"):
            photo = message["photo"][-1]
            document = {"file_id": photo["file_id"], "file_name": "photo.jpg"}
        entry["document"] = (
            None
            if document is None
            else {"file_id": document["file_id"], "file_name": document.get("file_name")}
        )

    async def _update_log(
        self,
        chat_id: int,
        message_id: int,
        *,
        raw_text: str | None = None,
        parse_mode: str | None = None,
        deleted: bool = False,
    ) -> None:
        for entry in self._chat_log.get(chat_id, []):
            if entry["message_id"] == message_id:
                self._seq += 1
                entry["seq"] = self._seq
                if deleted:
                    entry["deleted"] = True
                else:
                    # Telegram labels a message "edited" only when its text changed, not
                    # when only its buttons did.
                    if raw_text is not None and raw_text != entry["text"]:
                        entry["edited"] = True
                    if raw_text is not None:
                        entry["text"] = raw_text
                        entry["parse_mode"] = parse_mode
                    self._fill_entry(entry, self._messages[(chat_id, message_id)])
                self._chat_log[chat_id].sort(key=lambda item: item["seq"])
                break
        await self._notify(self._chat_cond)

    def _new_query_id(self, user_id: int) -> str:
        self._next_query += 1
        query_id = str(4_000_000_000_000 + self._next_query * 7919)
        self._callback_queries[query_id] = (user_id, False)
        return query_id

    # -- HTTP ------------------------------------------------------------------------------

    def _setup_routes(self) -> None:
        router = self.app.router
        router.add_route("*", "/bot{token}/{method}", self._handle_api)
        router.add_get("/file/bot{token}/{path:.+}", self._handle_file)
        router.add_get("/", self._handle_index)
        router.add_get("/_emulator/api/users", self._api_users)
        router.add_get("/_emulator/api/chat/{user_id}", self._api_chat)
        router.add_post("/_emulator/api/chat/{user_id}/send", self._api_send)
        router.add_post("/_emulator/api/chat/{user_id}/press", self._api_press)
        router.add_post("/_emulator/api/chat/{user_id}/location", self._api_location)
        router.add_get("/_emulator/api/chat/{user_id}/commands", self._api_commands)
        router.add_get("/_emulator/api/places", self._api_places)
        router.add_get("/_emulator/api/bot", self._api_bot)
        router.add_get("/_emulator/api/file/{file_id}", self._api_file)

    @staticmethod
    def _error_body(code: int, description: str, retry_after: int | None = None) -> dict[str, Any]:
        body: dict[str, Any] = {"ok": False, "error_code": code, "description": description}
        if retry_after is not None:
            body["parameters"] = {"retry_after": retry_after}
        return body

    async def _read_params(self, request: web.Request) -> dict[str, Any]:
        params: dict[str, Any] = dict(request.query)
        files: dict[str, Upload] = {}
        if request.method == "POST" and request.body_exists:
            content_type = request.content_type
            if content_type == "application/json":
                body = await request.json()
                if not isinstance(body, dict):
                    raise ApiError(400, "Bad Request: JSON object expected")
                params.update(body)
            elif content_type in ("multipart/form-data", "application/x-www-form-urlencoded"):
                form = await request.post()
                for key, value in form.items():
                    if isinstance(value, web.FileField):
                        files[key] = Upload(
                            value.filename or key, value.content_type, value.file.read()
                        )
                    else:
                        params[key] = value
        for key in JSON_FIELDS & params.keys():
            value = params[key]
            if isinstance(value, str):
                try:
                    params[key] = json.loads(value)
                except ValueError:
                    raise _violation(f"Bad Request: can't parse {key} JSON object") from None
        for key, value in list(params.items()):
            if isinstance(value, str) and value.startswith("attach://"):
                name = value.removeprefix("attach://")
                if name in files:
                    params[key] = files.pop(name)
        params.update(files)
        return params

    async def _handle_api(self, request: web.Request) -> web.StreamResponse:
        raw_method = request.match_info["method"]
        if request.match_info["token"] != self.token:
            self.calls.append(Call(raw_method, {}, 401, "Unauthorized"))
            return web.json_response(self._error_body(401, "Unauthorized"), status=401)
        found = self._methods.get(raw_method.lower())
        if found is None:
            self.calls.append(Call(raw_method, {}, 404, "Not Found"))
            return web.json_response(self._error_body(404, "Not Found"), status=404)
        name, _handler = found
        try:
            params = await self._read_params(request)
        except ApiError as exc:
            response = self._record_error(name, {}, exc)
            await self._notify(self._state_cond)
            return response
        return await self.execute(name, params)

    async def execute(self, name: str, params: dict[str, Any]) -> web.Response:
        """Run a Bot API method with decoded parameters and record the call."""
        try:
            return await self._execute(name, params)
        finally:
            await self._notify(self._state_cond)

    async def wait_for(
        self,
        predicate: Callable[[], bool],
        timeout: float = 5.0,  # noqa: ASYNC109
    ) -> None:
        """Wait until ``predicate`` holds after a recorded call or webhook attempt."""
        async with self._state_cond, asyncio.timeout(timeout):
            await self._state_cond.wait_for(predicate)

    async def _execute(self, name: str, params: dict[str, Any]) -> web.Response:
        canonical, handler = self._methods[name.lower()]
        fault = self._take_fault(canonical, params)
        if fault is not None and not fault.after_effect:
            return await self._fault_response(canonical, params, fault)
        try:
            result = await handler(params)
        except ApiError as exc:
            return self._record_error(canonical, params, exc)
        if fault is not None:
            return await self._fault_response(canonical, params, fault)
        self.calls.append(Call(canonical, _public_params(params), 200))
        body: dict[str, Any] = {"ok": True, "result": result}
        if canonical == "setWebhook":
            body["description"] = "Webhook was set"
        return web.json_response(body)

    def _record_error(self, method: str, params: dict[str, Any], exc: ApiError) -> web.Response:
        call = Call(method, _public_params(params), exc.code, exc.description)
        self.calls.append(call)
        if exc.violation:
            self.violations.append(call)
            logger.info("Bot API rule broken in %s: %s", method, exc.description)
        return web.json_response(
            self._error_body(exc.code, exc.description, exc.retry_after), status=exc.code
        )

    def _take_fault(self, method: str, params: dict[str, Any]) -> Fault | None:
        for fault in self._faults:
            if fault.method != "*" and fault.method.lower() != method.lower():
                continue
            if fault.chat_id is not None:
                try:
                    chat_id = _to_int(params.get("chat_id"), "chat_id")
                except ApiError:
                    continue
                if chat_id != fault.chat_id:
                    continue
            fault.count -= 1
            if fault.count <= 0:
                self._faults.remove(fault)
            return fault
        return None

    async def _fault_response(
        self, method: str, params: dict[str, Any], fault: Fault
    ) -> web.Response:
        kind = fault.kind
        if kind == "429":
            exc = ApiError(
                429,
                f"Too Many Requests: retry after {fault.retry_after}",
                retry_after=fault.retry_after,
            )
        elif kind == "500":
            exc = ApiError(500, "Internal Server Error")
        elif kind == "502":
            exc = ApiError(502, "Bad Gateway")
        elif kind == "403":
            exc = ApiError(403, "Forbidden: bot was blocked by the user")
        elif kind == "timeout":
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._closing.wait(), fault.delay)
            exc = ApiError(504, "Gateway Timeout")
        else:
            raise ValueError(f"unknown fault kind {kind!r}")
        return self._record_error(method, params, exc)

    async def _handle_file(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] != self.token:
            return web.json_response(self._error_body(401, "Unauthorized"), status=401)
        file_id = self._file_paths.get(request.match_info["path"])
        if file_id is None:
            return web.json_response(self._error_body(404, "Not Found"), status=404)
        stored = self._files[file_id]
        return web.Response(body=stored.data, content_type=stored.mime_type)

    # -- validation helpers ----------------------------------------------------------------

    def _chat(self, params: dict[str, Any], method: str) -> UserClient:
        if params.get("chat_id") in (None, ""):
            raise _violation("Bad Request: chat_id is empty")
        chat_id = _to_int(params["chat_id"], "chat_id")
        client = self._users.get(chat_id)
        if client is None:
            raise _violation("Bad Request: chat not found")
        if chat_id in self._blocked and method in CHAT_METHODS:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        return client

    def _rate_limit(self, chat_id: int) -> None:
        if not self.enforce_rate_limits:
            return
        now = time.monotonic()
        bucket = self._chat_buckets.get(chat_id)
        if bucket is None:
            burst = float(self.per_chat_burst)
            bucket = _Bucket(self.per_chat_rate, burst, burst, now)
            self._chat_buckets[chat_id] = bucket
        bucket.refill(now)
        # Overall: at most `global_rate` messages in any one-second window (a sliding window,
        # as Telegram counts; a token bucket would let a burst of 30 + refill through).
        window = self._global_window
        while window and window[0] <= now - 1.0:
            window.popleft()
        full = len(window) >= self.global_rate
        wait = max(bucket.wait_time(), (window[0] + 1.0 - now) if full else 0.0)
        if wait > 0:
            self.rate_limited += 1
            retry_after = max(1, math.ceil(wait))
            raise ApiError(
                429, f"Too Many Requests: retry after {retry_after}", retry_after=retry_after
            )
        bucket.tokens -= 1.0
        window.append(now)
        self.busiest_second = max(self.busiest_second, len(window))

    def _rules(self, func: Callable[[], Any]) -> Any:
        try:
            return func()
        except rules.RuleError as exc:
            raise _violation(exc.description) from None

    def _check_markup(self, markup: Any, texts: list[str]) -> None:
        self._rules(lambda: rules.check_reply_markup(markup))
        urls = rules.markup_urls(markup)
        self._rules(lambda: rules.check_deep_links([*texts, *urls], self.bot_username))

    def _message(self, client: UserClient, **content: Any) -> dict[str, Any]:
        return {
            "message_id": self._next_mid(client.user_id),
            "from": dict(self.bot_user),
            "chat": dict(client.chat),
            "date": int(time.time()),
            **content,
        }

    async def _deliver_bot_message(
        self,
        client: UserClient,
        message: dict[str, Any],
        raw_text: str | None,
        parse_mode: str | None,
        markup: Any = None,
    ) -> dict[str, Any]:
        self._messages[(client.user_id, message["message_id"])] = message
        await self._log_chat(client.user_id, "bot", message, raw_text, parse_mode, markup)
        await client._receive(message)
        return copy.deepcopy(message)

    @staticmethod
    def _inline(markup: Any) -> dict[str, Any] | None:
        if isinstance(markup, dict) and "inline_keyboard" in markup:
            return markup
        return None

    # -- Bot API methods -------------------------------------------------------------------

    async def _m_getMe(self, params: dict[str, Any]) -> Any:
        return dict(self.bot_user)

    async def _m_close(self, params: dict[str, Any]) -> Any:
        return True

    async def _m_logOut(self, params: dict[str, Any]) -> Any:
        return True

    async def _m_setMyDescription(self, params: dict[str, Any]) -> Any:
        return True

    async def _m_setMyShortDescription(self, params: dict[str, Any]) -> Any:
        return True

    async def _m_setMyName(self, params: dict[str, Any]) -> Any:
        return True

    async def _m_getChat(self, params: dict[str, Any]) -> Any:
        client = self._chat(params, "getChat")
        return {
            **client.chat,
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": {
                "unlimited_gifts": True,
                "limited_gifts": True,
                "unique_gifts": True,
                "premium_subscription": True,
                "gifts_from_channels": True,
            },
        }

    async def _m_setChatMenuButton(self, params: dict[str, Any]) -> Any:
        chat_id = _opt_int(params, "chat_id")
        self._menu_buttons[chat_id] = params.get("menu_button") or {"type": "default"}
        return True

    async def _m_getChatMenuButton(self, params: dict[str, Any]) -> Any:
        chat_id = _opt_int(params, "chat_id")
        return self._menu_buttons.get(chat_id, {"type": "commands"})

    def _allowed(self, update: dict[str, Any]) -> bool:
        return _type_of(update) in self._allowed_updates

    @staticmethod
    def _parse_allowed(value: Any) -> frozenset[str] | None:
        if value is None or value == "":
            return None
        if not isinstance(value, list):
            raise _violation("Bad Request: can't parse allowed_updates JSON array")
        return frozenset(value) if value else DEFAULT_UPDATE_TYPES

    async def _m_getUpdates(self, params: dict[str, Any]) -> Any:
        if self.webhook_url:
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        offset = _opt_int(params, "offset", 0) or 0
        limit = max(1, min(100, _opt_int(params, "limit", 100) or 100))
        timeout = max(0, _opt_int(params, "timeout", 0) or 0)
        allowed = self._parse_allowed(params.get("allowed_updates"))
        if allowed is not None:
            self._allowed_updates = allowed
        self._poll_gen += 1
        generation = self._poll_gen
        deadline = time.monotonic() + timeout
        async with self._updates_cond:
            self._updates_cond.notify_all()
            self._confirm(offset)
            # Tests wait for an acknowledgement; the long poll itself may last much longer.
            await self._notify(self._state_cond)
            while True:
                if generation != self._poll_gen:
                    raise ApiError(
                        409,
                        "Conflict: terminated by other getUpdates request; "
                        "make sure that only one bot instance is running",
                    )
                self._pending = [e for e in self._pending if self._allowed(e.update)]
                if self._pending or self._closing.is_set() or self.webhook_url:
                    break
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    break
                self.polling.set()
                try:
                    with contextlib.suppress(TimeoutError):
                        async with asyncio.timeout(remaining):
                            await self._updates_cond.wait()
                finally:
                    if generation == self._poll_gen:
                        self.polling.clear()
            batch = self._pending[:limit]
            for entry in batch:
                entry.delivered = True
            return [copy.deepcopy(entry.update) for entry in batch]

    def _confirm(self, offset: int) -> None:
        if offset < 0:
            self._pending = self._pending[offset:]
        elif offset > 0:
            self._pending = [
                entry
                for entry in self._pending
                if entry.update["update_id"] >= offset
                or (entry.redelivered and not entry.delivered)
            ]

    async def _m_setWebhook(self, params: dict[str, Any]) -> Any:
        url = str(params.get("url") or "")
        secret = params.get("secret_token")
        if secret not in (None, ""):
            self._rules(lambda: rules.check_secret_token(str(secret)))
        max_connections = _opt_int(params, "max_connections", 40) or 40
        if not 1 <= max_connections <= 100:
            raise _violation("Bad Request: bad webhook: max_connections must be in 1-100")
        allowed = self._parse_allowed(params.get("allowed_updates"))
        if url and not url.startswith(("http://", "https://")):
            raise _violation("Bad Request: bad webhook: An HTTPS URL must be provided")
        if _to_bool(params.get("drop_pending_updates")):
            self._pending.clear()
        if allowed is not None:
            self._allowed_updates = allowed
        await self._stop_webhook_worker()
        self.webhook_url = url or None
        self.webhook_secret = str(secret) if secret not in (None, "") and url else None
        self._webhook_max_connections = max_connections
        self._last_webhook_error = None
        if self.webhook_url:
            self._poll_gen += 1
            self._webhook_task = asyncio.get_running_loop().create_task(
                self._webhook_loop(self._webhook_gen)
            )
        async with self._updates_cond:
            self._updates_cond.notify_all()
        return True

    async def _m_deleteWebhook(self, params: dict[str, Any]) -> Any:
        if _to_bool(params.get("drop_pending_updates")):
            self._pending.clear()
        await self._stop_webhook_worker()
        self.webhook_url = None
        self.webhook_secret = None
        return True

    async def _m_getWebhookInfo(self, params: dict[str, Any]) -> Any:
        info: dict[str, Any] = {
            "url": self.webhook_url or "",
            "has_custom_certificate": False,
            "pending_update_count": len(self._pending),
        }
        if self.webhook_url:
            info["max_connections"] = self._webhook_max_connections
            info["allowed_updates"] = sorted(self._allowed_updates)
        if self._last_webhook_error is not None:
            info["last_error_date"], info["last_error_message"] = self._last_webhook_error
        return info

    async def _stop_webhook_worker(self) -> None:
        self._webhook_gen += 1
        # A webhook reply may call deleteWebhook from inside a delivery task.
        current = asyncio.current_task()
        tasks = [t for t in self._delivery_tasks if not t.done() and t is not current]
        if self._webhook_task is not None:
            tasks.append(self._webhook_task)
            self._webhook_task = None
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        for entry in self._pending:
            entry.in_flight = False

    async def _webhook_loop(self, generation: int) -> None:
        semaphore = asyncio.Semaphore(self._webhook_max_connections)
        loop = asyncio.get_running_loop()
        while generation == self._webhook_gen:
            async with self._updates_cond:
                self._pending = [e for e in self._pending if self._allowed(e.update)]
                await self._updates_cond.wait_for(
                    lambda: any(not e.in_flight for e in self._pending) or self._closing.is_set()
                )
                if self._closing.is_set():
                    return
                batch = [e for e in self._pending if not e.in_flight]
                for entry in batch:
                    entry.in_flight = True
            for entry in batch:
                await semaphore.acquire()
                task = loop.create_task(self._deliver(entry, generation, semaphore))
                self._delivery_tasks.add(task)
                task.add_done_callback(self._delivery_tasks.discard)

    async def _deliver(
        self, entry: _Pending, generation: int, semaphore: asyncio.Semaphore
    ) -> None:
        delay = self.webhook_retry_base
        update_id = entry.update["update_id"]
        try:
            while generation == self._webhook_gen and self.webhook_url:
                headers = {"Content-Type": "application/json"}
                if self.webhook_secret:
                    headers["X-Telegram-Bot-Api-Secret-Token"] = self.webhook_secret
                assert self._session is not None
                try:
                    async with self._session.post(
                        self.webhook_url, data=json.dumps(entry.update), headers=headers
                    ) as response:
                        status = response.status
                        body = await response.read()
                except (OSError, TimeoutError) as exc:
                    outcome: int | str = f"{type(exc).__name__}: {exc}"
                    self.webhook_attempts.append((update_id, outcome))
                    self._last_webhook_error = (int(time.time()), str(outcome))
                    await self._notify(self._state_cond)
                else:
                    if 200 <= status < 300:
                        self._pending = [e for e in self._pending if e is not entry]
                    self.webhook_attempts.append((update_id, status))
                    await self._notify(self._state_cond)
                    if 200 <= status < 300:
                        await self._answer_in_response(body)
                        return
                    self._last_webhook_error = (
                        int(time.time()),
                        f"Wrong response from the webhook: {status}",
                    )
                logger.debug("Webhook delivery of %s failed, retrying in %s", update_id, delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 2.0)
        finally:
            entry.in_flight = False
            semaphore.release()

    async def _answer_in_response(self, body: bytes) -> None:
        if not body:
            return
        try:
            payload = json.loads(body)
        except ValueError:
            return
        if isinstance(payload, dict) and isinstance(payload.get("method"), str):
            method = payload.pop("method")
            if method.lower() in self._methods:
                await self.execute(method, payload)

    async def _m_sendMessage(self, params: dict[str, Any]) -> Any:
        client = self._chat(params, "sendMessage")
        raw = params.get("text")
        raw_text = None if raw is None else str(raw)
        parse_mode = params.get("parse_mode") or None
        plain, entities = self._rules(lambda: rules.parse_text(raw_text, parse_mode))
        markup = params.get("reply_markup")
        urls = [e["url"] for e in entities if e["type"] == "text_link"]
        self._check_markup(markup, [plain, *urls])
        self._rate_limit(client.user_id)
        content: dict[str, Any] = {"text": plain}
        if entities:
            content["entities"] = entities
        if self._inline(markup):
            content["reply_markup"] = markup
        message = self._message(client, **content)
        return await self._deliver_bot_message(client, message, raw_text, parse_mode, markup)

    def _bot_message(self, client: UserClient, params: dict[str, Any]) -> dict[str, Any]:
        if params.get("inline_message_id"):
            raise _violation("Bad Request: inline messages are not supported by the emulator")
        message_id = _to_int(params.get("message_id"), "message_id")
        message = self._messages.get((client.user_id, message_id))
        if message is None or message["from"].get("id") != self.bot_id:
            raise _violation("Bad Request: message to edit not found")
        return message

    async def _m_editMessageText(self, params: dict[str, Any]) -> Any:
        client = self._chat(params, "editMessageText")
        message = self._bot_message(client, params)
        raw_text = str(params.get("text") or "")
        parse_mode = params.get("parse_mode") or None
        plain, entities = self._rules(lambda: rules.parse_text(raw_text, parse_mode))
        markup = params.get("reply_markup")
        urls = [e["url"] for e in entities if e["type"] == "text_link"]
        self._check_markup(markup, [plain, *urls])
        if "text" not in message:
            raise _violation("Bad Request: there is no text in the message to edit")
        new_markup = self._inline(markup)
        if (
            message.get("text") == plain
            and message.get("entities", []) == entities
            and message.get("reply_markup") == new_markup
        ):
            raise _violation(
                "Bad Request: message is not modified: specified new message content and "
                "reply markup are exactly the same as a current content and reply markup "
                "of the message"
            )
        self._rate_limit(client.user_id)
        message["text"] = plain
        message.pop("entities", None)
        if entities:
            message["entities"] = entities
        message.pop("reply_markup", None)
        if new_markup:
            message["reply_markup"] = new_markup
        message["edit_date"] = int(time.time())
        await self._update_log(
            client.user_id, message["message_id"], raw_text=raw_text, parse_mode=parse_mode
        )
        await client._edited(message)
        return copy.deepcopy(message)

    async def _m_editMessageReplyMarkup(self, params: dict[str, Any]) -> Any:
        client = self._chat(params, "editMessageReplyMarkup")
        message = self._bot_message(client, params)
        markup = params.get("reply_markup")
        self._check_markup(markup, [])
        new_markup = self._inline(markup)
        if message.get("reply_markup") == new_markup:
            raise _violation(
                "Bad Request: message is not modified: specified new message content and "
                "reply markup are exactly the same as a current content and reply markup "
                "of the message"
            )
        self._rate_limit(client.user_id)
        message.pop("reply_markup", None)
        if new_markup:
            message["reply_markup"] = new_markup
        message["edit_date"] = int(time.time())
        await self._update_log(client.user_id, message["message_id"])
        await client._edited(message)
        return copy.deepcopy(message)

    async def _m_deleteMessage(self, params: dict[str, Any]) -> Any:
        client = self._chat(params, "deleteMessage")
        message_id = _to_int(params.get("message_id"), "message_id")
        message = self._messages.pop((client.user_id, message_id), None)
        if message is None:
            raise _violation("Bad Request: message to delete not found")
        await self._update_log(client.user_id, message_id, deleted=True)
        await client._deleted(message_id)
        return True

    async def _m_sendChatAction(self, params: dict[str, Any]) -> Any:
        self._chat(params, "sendChatAction")
        if not params.get("action"):
            raise _violation("Bad Request: action is empty")
        return True

    async def _m_answerCallbackQuery(self, params: dict[str, Any]) -> Any:
        query_id = str(params.get("callback_query_id") or "")
        text = params.get("text")
        self._rules(lambda: rules.check_callback_answer(None if text is None else str(text)))
        known = self._callback_queries.get(query_id)
        if known is None or known[1]:
            raise _violation(
                "Bad Request: query is too old and response timeout expired or query ID is invalid"
            )
        user_id, _answered = known
        self._callback_queries[query_id] = (user_id, True)
        answer = {key: value for key, value in params.items() if not isinstance(value, Upload)}
        await self._users[user_id]._answered(answer)
        if text:
            # What Telegram shows as a pop-up over the chat; the demo page shows it too.
            self._seq += 1
            popup = {"seq": self._seq, "from": "popup", "message_id": None, "text": str(text)}
            async with self._chat_cond:
                self._chat_log.setdefault(user_id, []).append(popup)
                self._chat_cond.notify_all()
        return True

    def _scope_key(self, params: dict[str, Any]) -> tuple[Any, ...]:
        scope = params.get("scope") or {"type": "default"}
        if not isinstance(scope, dict) or not isinstance(scope.get("type"), str):
            raise _violation("Bad Request: can't parse BotCommandScope")
        kind = scope["type"]
        if kind == "default":
            return ("default",)
        if kind in ("chat", "chat_administrators", "chat_member"):
            chat_id = _to_int(scope.get("chat_id"), "chat_id")
            if chat_id not in self._users:
                raise _violation("Bad Request: chat not found")
            if kind == "chat_member":
                return (kind, chat_id, _to_int(scope.get("user_id"), "user_id"))
            return (kind, chat_id)
        if kind in ("all_private_chats", "all_group_chats", "all_chat_administrators"):
            return (kind,)
        raise _violation("Bad Request: unsupported BotCommandScope type")

    @staticmethod
    def _language(params: dict[str, Any]) -> str:
        code = str(params.get("language_code") or "")
        if code and not (2 <= len(code) <= 3 and code.isalpha() and code.islower()):
            raise _violation("Bad Request: invalid language code specified")
        return code

    async def _m_setMyCommands(self, params: dict[str, Any]) -> Any:
        commands = params.get("commands")
        self._rules(lambda: rules.check_commands(commands))
        key = (self._scope_key(params), self._language(params))
        assert isinstance(commands, list)
        if commands:
            self._commands[key] = [
                {"command": c["command"], "description": c["description"]} for c in commands
            ]
        else:
            self._commands.pop(key, None)
        return True

    async def _m_getMyCommands(self, params: dict[str, Any]) -> Any:
        key = (self._scope_key(params), self._language(params))
        return copy.deepcopy(self._commands.get(key, []))

    async def _m_deleteMyCommands(self, params: dict[str, Any]) -> Any:
        key = (self._scope_key(params), self._language(params))
        self._commands.pop(key, None)
        return True

    def _input_file(self, params: dict[str, Any], field_name: str, kind: str) -> StoredFile:
        value = params.get(field_name)
        if isinstance(value, Upload):
            mime = value.content_type
            if mime in ("", "application/octet-stream") and kind == "photos":
                mime = "image/jpeg"
            return self._store_file(value.data, value.filename, mime, kind)
        if isinstance(value, str) and value in self._files:
            return self._files[value]
        if value in (None, ""):
            raise _violation(f"Bad Request: there is no {field_name} in the request")
        raise _violation("Bad Request: wrong file identifier/HTTP URL specified")

    def _caption(self, params: dict[str, Any]) -> tuple[dict[str, Any], str | None, str | None]:
        raw = params.get("caption")
        parse_mode = params.get("parse_mode") or None
        if raw is None:
            return {}, None, parse_mode
        plain, entities = self._rules(lambda: rules.parse_text(str(raw), parse_mode, caption=True))
        content: dict[str, Any] = {}
        if plain:
            content["caption"] = plain
        if entities:
            content["caption_entities"] = entities
        return content, str(raw), parse_mode

    async def _send_media(self, params: dict[str, Any], method: str, kind: str) -> Any:
        client = self._chat(params, method)
        field_name = "photo" if kind == "photos" else "document"
        content, raw_caption, parse_mode = self._caption(params)
        markup = params.get("reply_markup")
        self._check_markup(markup, [content.get("caption", "")])
        stored = self._input_file(params, field_name, kind)
        self._rate_limit(client.user_id)
        if kind == "photos":
            content["photo"] = [
                {
                    "file_id": stored.file_id,
                    "file_unique_id": stored.file_unique_id,
                    "file_size": len(stored.data),
                    "width": 320,
                    "height": 320,
                }
            ]
        else:
            content["document"] = {
                "file_id": stored.file_id,
                "file_unique_id": stored.file_unique_id,
                "file_name": stored.file_name,
                "mime_type": stored.mime_type,
                "file_size": len(stored.data),
            }
        if self._inline(markup):
            content["reply_markup"] = markup
        message = self._message(client, **content)
        return await self._deliver_bot_message(client, message, raw_caption, parse_mode, markup)

    async def _m_sendDocument(self, params: dict[str, Any]) -> Any:
        return await self._send_media(params, "sendDocument", "documents")

    async def _m_sendPhoto(self, params: dict[str, Any]) -> Any:
        return await self._send_media(params, "sendPhoto", "photos")

    async def _m_getFile(self, params: dict[str, Any]) -> Any:
        stored = self._files.get(str(params.get("file_id") or ""))
        if stored is None:
            raise _violation("Bad Request: invalid file_id")
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.data),
            "file_path": stored.file_path,
        }

    # -- control API and demo page ---------------------------------------------------------

    async def _handle_index(self, request: web.Request) -> web.StreamResponse:
        return web.FileResponse(STATIC_DIR / "index.html")

    def _control_user(self, request: web.Request) -> UserClient:
        try:
            user_id = int(request.match_info["user_id"])
        except ValueError:
            raise web.HTTPNotFound() from None
        client = self._users.get(user_id)
        if client is None:
            raise web.HTTPNotFound()
        return client

    async def _api_users(self, request: web.Request) -> web.StreamResponse:
        users = [
            {
                "id": user_id,
                "first_name": self._users[user_id].first_name,
                "language_code": self._users[user_id].language_code,
                "label": label,
                "start_payload": self._demo_payloads.get(user_id, ""),
            }
            for user_id, label in self._demo_users.items()
        ]
        return web.json_response(users)

    async def _api_chat(self, request: web.Request) -> web.StreamResponse:
        client = self._control_user(request)
        try:
            after = int(request.query.get("after", "0"))
            wait = float(request.query.get("wait", CHAT_POLL_SECONDS))
        except ValueError:
            raise web.HTTPBadRequest() from None
        wait = max(0.0, min(wait, CHAT_POLL_SECONDS))

        def newer() -> list[dict[str, Any]]:
            return [e for e in self._chat_log.get(client.user_id, []) if e["seq"] > after]

        async with self._chat_cond:
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(wait):
                    await self._chat_cond.wait_for(lambda: bool(newer()) or self._closing.is_set())
            entries = copy.deepcopy(newer())
        last = max([after, *(entry["seq"] for entry in entries)])
        return web.json_response({"entries": entries, "last_seq": last})

    async def _api_send(self, request: web.Request) -> web.StreamResponse:
        client = self._control_user(request)
        body = await request.json()
        text = str(body.get("text") or "").strip()
        if not text:
            raise web.HTTPBadRequest(text="text is empty")
        if text.startswith("/") and len(text) > 1:
            command, _, args = text[1:].partition(" ")
            update = await client.send_command(command, args=args or None)
        else:
            update = await client.send_text(text)
        return web.json_response({"ok": True, "update_id": update["update_id"]})

    async def _api_location(self, request: web.Request) -> web.StreamResponse:
        client = self._control_user(request)
        body = await request.json()
        try:
            latitude, longitude = float(body["latitude"]), float(body["longitude"])
        except (KeyError, TypeError, ValueError):
            raise web.HTTPBadRequest(text="latitude and longitude are numbers") from None
        if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
            raise web.HTTPBadRequest(text="no such place on Earth")
        update = await client.send_location(latitude, longitude)
        return web.json_response({"ok": True, "update_id": update["update_id"]})

    async def _api_commands(self, request: web.Request) -> web.StreamResponse:
        client = self._control_user(request)
        return web.json_response(self.menu(client.user_id))

    async def _api_bot(self, request: web.Request) -> web.StreamResponse:
        return web.json_response({"id": self.bot_id, "username": self.bot_username})

    async def _api_places(self, request: web.Request) -> web.StreamResponse:
        places = [{"label": n, "latitude": a, "longitude": o} for n, a, o in self.demo_places]
        return web.json_response(places)

    async def _api_press(self, request: web.Request) -> web.StreamResponse:
        client = self._control_user(request)
        body = await request.json()
        try:
            update = await client.press(
                int(body["message_id"]), callback_data=body.get("callback_data")
            )
        except (LookupError, ValueError, TypeError) as exc:
            raise web.HTTPNotFound(text=str(exc)) from None
        return web.json_response({"ok": True, "update_id": update["update_id"]})

    async def _api_file(self, request: web.Request) -> web.StreamResponse:
        stored = self._files.get(request.match_info["file_id"])
        if stored is None:
            raise web.HTTPNotFound()
        safe_name = stored.file_name.replace('"', "").replace("\\", "")
        return web.Response(
            body=stored.data,
            content_type=stored.mime_type,
            headers={"Content-Disposition": f'attachment; filename="{safe_name}"'},
        )
