"""The Sender over the real aiogram client against the emulator, with a real SQLite outbox."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest_asyncio
from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiohttp import web
from aiohttp.typedefs import Handler
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.app import App
from bot.delivery import Sender
from bot.emulator import Emulator
from bot.emulator.server import Fault
from bot.runtime.aiogram_runtime import AiogramTransport
from bot.runtime.alerts import keyboard_after
from bot.runtime.updates import Incoming
from flows.events import Event, Kind
from flows.model import Person, Role
from storage.admin import assign_caseload, create_person, create_unit
from storage.db import make_engine, migrate, session_factory, sqlite_url
from storage.outbox import Outbox, OutboxRow, OutgoingItem
from storage.people import SqlPeople
from storage.store import Store
from tests.e2e.conftest import BOT, TOKEN, Clock, make_settings

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
CHAT = 42


def sendmessage_statuses(emu: Emulator, chat_id: int) -> list[int]:
    return [
        call.status
        for call in emu.calls
        if call.method == "sendMessage" and int(call.params.get("chat_id", 0)) == chat_id
    ]


async def start_emulator(
    prepare: Callable[[Emulator], None] | None = None, **options: object
) -> Emulator:
    emu = Emulator(token=TOKEN, bot_username=BOT, **options)  # type: ignore[arg-type]
    if prepare is not None:
        prepare(emu)
    await emu.start()
    return emu


async def stop_emulator(emu: Emulator) -> None:
    await emu.stop()
    assert not emu.violations, f"the bot sent requests Telegram would reject: {emu.violations}"


@dataclass
class Rig:
    """A Sender with the real aiogram transport, an emulator and a migrated SQLite outbox."""

    emu: Emulator
    sessions: async_sessionmaker[AsyncSession]
    outbox: Outbox
    transport: AiogramTransport

    def sender(self, **options: object) -> Sender:
        defaults: dict[str, object] = {
            "global_rate": 1000.0,
            "per_chat_interval": 0.0,
            "clock": lambda: NOW,
        }
        return Sender(self.transport, self.outbox, **{**defaults, **options})  # type: ignore[arg-type]

    async def enqueue(self, chat_id: int, *texts: str) -> list[OutboxRow]:
        async with self.sessions() as session, session.begin():
            return await Store(session).enqueue_rows(
                [OutgoingItem(chat_id=chat_id, text=t) for t in texts],
                NOW,
                in_flight_lease=120,
                owner=self.outbox.owner,
            )


@contextlib.asynccontextmanager
async def open_rig(
    db_url: str, prepare: Callable[[Emulator], None] | None = None, **emulator_options: object
) -> AsyncIterator[Rig]:
    """Start an emulator with user CHAT and a Sender's parts; tear everything down after."""
    options: dict[str, object] = {"enforce_rate_limits": False, **emulator_options}
    emu = await start_emulator(prepare, **options)
    emu.user(CHAT, first_name="Amina")
    engine = make_engine(db_url)
    assert emu.base_url is not None
    session = AiohttpSession(api=TelegramAPIServer.from_base(emu.base_url))
    try:
        yield Rig(
            emu,
            session_factory(engine),
            Outbox(session_factory(engine)),
            AiogramTransport(Bot(TOKEN, session=session)),
        )
    finally:
        # aiogram's close() sleeps 0.25 s for SSL transports; the emulator speaks plain HTTP.
        if session._session is not None:
            await session._session.close()
        await engine.dispose()
        await stop_emulator(emu)


@pytest_asyncio.fixture
async def rig(sqlite_db_url: str) -> AsyncIterator[Rig]:
    """A Sender rig with the emulator's rate limits off."""
    async with open_rig(sqlite_db_url) as r:
        yield r


async def test_429_with_retry_after_delays_but_does_not_lose_the_message(rig: Rig) -> None:
    rig.emu.inject(Fault(method="sendMessage", kind="429", retry_after=1))
    sender = rig.sender()
    [row] = await rig.enqueue(CHAT, "Hej Amina")
    user = rig.emu.user(CHAT)

    await sender.deliver([row])
    await sender.flush()

    assert sender.stats["retry_after"] == 1, "retry_after was honoured with a pause"
    assert sendmessage_statuses(rig.emu, CHAT) == [429, 200]
    message = await user.next_message()
    assert message["text"] == "Hej Amina"
    assert user.drain() == []
    stored = await rig.outbox.get(row.id)
    assert stored is not None
    assert stored.status == "sent"
    assert stored.telegram_message_id == message["message_id"]
    assert sender.stats["retry_after"] == 1


async def test_429_pauses_other_chats_too(rig: Rig) -> None:
    other = rig.emu.user(43, first_name="Ivan")
    rig.emu.inject(Fault(method="sendMessage", kind="429", retry_after=1, chat_id=CHAT))
    sender = rig.sender()
    rows = [*await rig.enqueue(CHAT, "till Amina"), *await rig.enqueue(43, "till Ivan")]
    await sender.deliver(rows)
    await sender.close()
    assert (await rig.emu.user(CHAT).next_message())["text"] == "till Amina"
    assert (await other.next_message())["text"] == "till Ivan"
    for row in rows:
        stored = await rig.outbox.get(row.id)
        assert stored is not None
        assert stored.status == "sent"


async def test_two_server_errors_are_retried_and_message_arrives_once(rig: Rig) -> None:
    rig.emu.inject(Fault(method="sendMessage", kind="500", count=2))
    sender = rig.sender(retries=5)
    [row] = await rig.enqueue(CHAT, "Påminnelse")
    user = rig.emu.user(CHAT)

    await sender.deliver([row])
    await sender.close()

    assert sendmessage_statuses(rig.emu, CHAT) == [500, 500, 200]
    assert [m["text"] for m in user.drain()] == ["Påminnelse"]
    stored = await rig.outbox.get(row.id)
    assert stored is not None
    assert stored.status == "sent"
    assert sender.stats["transient"] == 2


async def test_server_errors_beyond_retries_put_row_back_for_later(rig: Rig) -> None:
    rig.emu.inject(Fault(method="sendMessage", kind="502", count=2))
    sender = rig.sender(retries=1)
    [row] = await rig.enqueue(CHAT, "Påminnelse")

    await sender.deliver([row])
    await sender.close()

    assert rig.emu.user(CHAT).drain() == []
    stored = await rig.outbox.get(row.id)
    assert stored is not None
    assert stored.status == "pending", "not lost: the dispatcher will try again"
    assert stored.due_at.replace(tzinfo=UTC) > NOW
    assert stored.last_error
    assert await rig.outbox.pending_count() == 1


async def test_403_marks_row_failed_and_calls_blocked_handler(rig: Rig) -> None:
    blocked: list[int] = []

    async def on_blocked(chat_id: int) -> None:
        blocked.append(chat_id)

    rig.emu.block(CHAT)
    sender = rig.sender(on_blocked=on_blocked)
    rows = await rig.enqueue(CHAT, "ett", "två")
    await sender.deliver(rows)
    await sender.close()

    assert blocked == [CHAT, CHAT]
    for row in rows:
        stored = await rig.outbox.get(row.id)
        assert stored is not None
        assert stored.status == "failed"
        assert stored.last_error == "blocked"


RATE_LIMITS: dict[str, object] = {
    "enforce_rate_limits": True,
    "per_chat_rate": 1.0,
    "per_chat_burst": 1,
    "global_rate": 30,
}
FIRST_CALL_LATENCY = 0.03


def slow_first_send(emu: Emulator) -> None:
    """Make the first sendMessage reach the emulator 30 ms late, as a fresh connection does.

    This injects network latency (it does not wait for anything): on a real network the
    first request also opens the TCP/TLS connection, and later requests are faster.
    """
    seen: list[bool] = []

    @web.middleware
    async def latency(request: web.Request, handler: Handler) -> web.StreamResponse:
        if request.path.lower().endswith("/sendmessage") and not seen:
            seen.append(True)
            await asyncio.sleep(FIRST_CALL_LATENCY)
        return await handler(request)

    emu.app.middlewares.append(latency)


async def test_rate_limited_chat_gets_all_messages_in_order(sqlite_db_url: str) -> None:
    async with open_rig(sqlite_db_url, **RATE_LIMITS) as r:
        sender = r.sender(global_rate=30.0, per_chat_interval=1.0)
        rows = await r.enqueue(CHAT, "första", "andra")
        await sender.deliver(rows)
        await sender.close()

        assert [m["text"] for m in r.emu.user(CHAT).drain()] == ["första", "andra"]
        # The emulator allows one message per second in a chat (burst 1): no 429 proves it.
        assert r.emu.rate_limited == 0, "about one message per second in one chat"
        for row in rows:
            stored = await r.outbox.get(row.id)
            assert stored is not None
            assert stored.status == "sent"


async def test_rate_limited_chat_gets_no_429_when_first_call_is_slower(
    sqlite_db_url: str,
) -> None:
    async with open_rig(sqlite_db_url, slow_first_send, **RATE_LIMITS) as r:
        sender = r.sender(global_rate=30.0, per_chat_interval=1.0)
        rows = await r.enqueue(CHAT, "första", "andra", "tredje")
        await sender.deliver(rows)
        await sender.close()

        assert [m["text"] for m in r.emu.user(CHAT).drain()] == ["första", "andra", "tredje"]
        assert sendmessage_statuses(r.emu, CHAT) == [200, 200, 200]
        assert r.emu.rate_limited == 0


# -- 403 through a running App: the participant is marked unreachable, the coach is told ----


@dataclass
class Running:
    emu: Emulator
    app: App
    db_url: str
    clock: Clock


@pytest_asyncio.fixture
async def running(tmp_path: Path) -> AsyncIterator[Running]:
    """The bot running with the aiogram runtime against the emulator, on a SQLite file."""
    emu = await start_emulator(enforce_rate_limits=False)
    db_url = sqlite_url(tmp_path / "bot.sqlite3")
    await asyncio.to_thread(migrate, db_url)
    clock = Clock(NOW)
    assert emu.base_url is not None
    app = App(
        make_settings(emu.base_url, db_url, tmp_path),
        runtime="aiogram",
        clock=clock,
        request_timeout=5.0,
    )
    task = asyncio.create_task(app.run_polling())
    started = asyncio.create_task(app.started.wait())
    done, _ = await asyncio.wait({task, started}, timeout=15, return_when=asyncio.FIRST_COMPLETED)
    if task in done:
        task.result()
    assert started in done, "bot did not start"
    try:
        yield Running(emu, app, db_url, clock)
    finally:
        app.stop()
        await asyncio.wait_for(task, 15)
        await stop_emulator(emu)


async def seed(db_url: str, *, with_coach: bool = True) -> tuple[Person | None, Person]:
    engine = make_engine(db_url)
    try:
        async with session_factory(engine)() as session, session.begin():
            unit = await create_unit(session, "u1", "Jobbtorg Söder")
            coach = None
            if with_coach:
                coach = await create_person(
                    session,
                    Role.COACH,
                    unit.id,
                    "Karin",
                    "sv",
                    telegram_user_id=500,
                    chat_id=500,
                )
            participant = await create_person(
                session,
                Role.PARTICIPANT,
                unit.id,
                "Amina Yusuf",
                "ar",
                telegram_user_id=CHAT,
                chat_id=CHAT,
            )
            if coach is not None:
                await assign_caseload(session, coach.id, participant.id, NOW)
    finally:
        await engine.dispose()
    return coach, participant


async def reload(db_url: str, person_id: int) -> Person:
    engine = make_engine(db_url)
    try:
        async with session_factory(engine)() as session, session.begin():
            person = await SqlPeople(session).get(person_id)
    finally:
        await engine.dispose()
    assert person is not None
    return person


async def enqueue_for(running: Running, chat_id: int, text: str) -> int:
    async with running.app.sessions() as session, session.begin():
        [row_id] = await Store(session).enqueue(
            [OutgoingItem(chat_id=chat_id, text=text, key=f"test:{chat_id}")], running.clock()
        )
    return row_id


async def test_blocked_participant_is_marked_unreachable_and_coach_is_told(
    running: Running,
) -> None:
    _coach, participant = await seed(running.db_url)
    coach_user = running.emu.user(500, first_name="Karin", language_code="sv")
    running.emu.user(CHAT, first_name="Amina", language_code="ar")
    running.emu.block(CHAT)

    row_id = await enqueue_for(running, CHAT, "Påminnelse: praktik i morgon")
    await running.app.dispatcher.run_due()

    notice = await coach_user.next_message()
    assert "Amina Yusuf" in notice["text"]
    assert (await reload(running.db_url, participant.id)).reachable is False
    await running.app.sender.flush()
    stored = await running.app.sender.outbox.get(row_id)
    assert stored is not None
    assert stored.status == "failed"
    assert running.emu.user(CHAT).drain() == []


async def test_blocked_participant_without_coach_is_only_marked_unreachable(
    running: Running,
) -> None:
    _none, participant = await seed(running.db_url, with_coach=False)
    running.emu.user(CHAT, first_name="Amina", language_code="ar")
    running.emu.block(CHAT)

    row_id = await enqueue_for(running, CHAT, "Påminnelse")
    await running.app.dispatcher.run_due()
    await running.emu.wait_for(
        lambda: any(c.method == "sendMessage" and c.status == 403 for c in running.emu.calls)
    )

    assert (await reload(running.db_url, participant.id)).reachable is False
    stored = await running.app.sender.outbox.get(row_id)
    assert stored is not None
    assert stored.status == "failed"
    assert [c.status for c in running.emu.calls if c.method == "sendMessage"] == [403]


async def test_alerts_waiting_for_one_chat_go_as_one_message_with_all_their_buttons(
    rig: Rig,
) -> None:
    def alert(n: int) -> OutgoingItem:
        button = {"text": str(n), "callback_data": f"g1:{n}"}
        return OutgoingItem(
            chat_id=CHAT,
            text=f"Alert {n}",
            reply_markup={"inline_keyboard": [[button]]},
            gather=True,
        )

    async with rig.sessions() as session, session.begin():
        rows = await Store(session).enqueue_rows(
            [alert(1), alert(2), OutgoingItem(chat_id=CHAT, text="A reply"), alert(3)],
            NOW,
            in_flight_lease=120,
            owner=rig.outbox.owner,
        )
    sender = rig.sender()
    await sender.deliver(rows)
    await sender.flush()

    got = rig.emu.user(CHAT).drain()
    assert [m["text"] for m in got] == ["Alert 1\n\nAlert 2", "A reply", "Alert 3"]
    keyboard = got[0]["reply_markup"]["inline_keyboard"]
    assert [[b["callback_data"] for b in row] for row in keyboard] == [["g1:1"], ["g1:2"]]
    for row, message in zip(rows, [got[0], got[0], got[1], got[2]], strict=True):
        stored = await rig.outbox.get(row.id)
        assert stored is not None
        assert (stored.status, stored.telegram_message_id) == ("sent", message["message_id"])


async def test_pressing_one_of_gathered_alerts_changes_only_its_own_buttons(rig: Rig) -> None:
    def alert(n: int) -> OutgoingItem:
        rows = [[{"text": "Open", "callback_data": f"f8:{n}"}]]
        return OutgoingItem(
            chat_id=CHAT, text=f"Alert {n}", reply_markup={"inline_keyboard": rows}, gather=True
        )

    async with rig.sessions() as session, session.begin():
        rows = await Store(session).enqueue_rows(
            [alert(1), alert(2), alert(3)], NOW, in_flight_lease=120, owner=rig.outbox.owner
        )
    sender = rig.sender()
    await sender.deliver(rows)
    await sender.flush()
    [message] = rig.emu.user(CHAT).drain()

    def pressed(data: str) -> Incoming:
        event = Event(Kind.BUTTON, NOW, payload=data)
        return Incoming(1, event, CHAT, CHAT, "Karin", "sv", "q", message["message_id"], True)

    after = await keyboard_after(rig.sessions, pressed("f8:2"), None)
    assert after is not None
    assert [r[0]["callback_data"] for r in after["inline_keyboard"]] == ["f8:1", "f8:3"]
    new = {"inline_keyboard": [[{"text": "Done", "callback_data": "f8:9"}]]}
    swapped = await keyboard_after(rig.sessions, pressed("f8:1"), new)
    assert swapped is not None
    assert [r[0]["callback_data"] for r in swapped["inline_keyboard"]] == ["f8:9", "f8:2", "f8:3"]
