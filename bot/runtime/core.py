"""The runtime core shared by both Telegram frameworks: inbox, state, flows, outbox."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.delivery import Sender
from bot.outgoing import outgoing_items
from bot.render import Renderer
from bot.runtime.alerts import gathered, keyboard_after
from bot.runtime.updates import Incoming, to_incoming
from bot.transport import TelegramError, Transport
from bot.waiting import wait_event
from flows.config import Config, guest_locale
from flows.dispatch import Registry, decide, run_timers
from flows.events import Actor
from flows.languages import OFFERED
from flows.output import Menu, Outcome, Say
from flows.registry import REGISTRY
from flows.routes import Every
from flows.text import N_, msg
from storage.outbox import OutboxRow, OutgoingItem
from storage.store import Store

log = logging.getLogger(__name__)

MAX_BATCH = 100
SORRY = N_("Sorry, something went wrong on my side. Please try again in a moment.")
# Bot API language_code must be ISO 639-1; Dari falls under Persian ("fa").
MENU_LANGUAGES = tuple(code for code in OFFERED if len(code) == 2)


def utcnow() -> datetime:
    """Return the current time in UTC."""
    return datetime.now(UTC)


@dataclass
class Effects:
    """What to do after the transaction committed."""

    rows: list[OutboxRow]
    toast: str | None = None
    menus: tuple[Menu, ...] = ()
    remove_buttons: bool = False
    # The flow replaced the pressed message's buttons: the new keyboard (None: none left).
    replace_buttons: bool = False
    buttons_now: dict[str, Any] | None = None


class Core:
    """Process updates exactly once and deliver what the flows decided."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        transport: Transport,
        sender: Sender,
        flow_config: Config,
        renderer: Renderer | None = None,
        clock: Callable[[], datetime] = utcnow,
        registry: Registry = REGISTRY,
        gather_seconds: float = 0.0,
    ) -> None:
        self.registry = registry
        # How long an alert waits for others to the same chat (they go as one message).
        self.gather_seconds = gather_seconds
        self.sessions = sessions
        self.transport = transport
        self.sender = sender
        self.cfg = flow_config
        self.renderer = renderer or Renderer()
        self.clock = clock
        self._locks: dict[int, asyncio.Lock] = {}
        self.processed = 0
        self._waiting: list[tuple[Incoming, asyncio.Future[Effects | None]]] = []
        self._next_due: datetime | None = None
        self.on_scheduled: Callable[[datetime], None] | None = None
        self._batcher: asyncio.Task[None] | None = None
        # Timers run one transaction each: at shutdown the one running finishes, no more start.
        self._stopping = False
        self._timers_idle = asyncio.Event()
        self._timers_idle.set()
        self._active = 0
        self._idle = asyncio.Event()
        self._idle.set()

    def _lock(self, chat_id: int) -> asyncio.Lock:
        lock = self._locks.get(chat_id)
        if lock is None:
            if len(self._locks) > 10_000:
                self._locks = {c: lk for c, lk in self._locks.items() if lk.locked()}
            lock = self._locks[chat_id] = asyncio.Lock()
        return lock

    async def feed(self, update: dict[str, Any]) -> None:
        """Handle one raw Bot API update."""
        try:
            incoming = to_incoming(update, self.clock())
        except (KeyError, TypeError, ValueError, AttributeError):
            # Not a shape Telegram sends: recorded as done, never retried forever.
            log.warning("update %s is malformed; ignored", update.get("update_id"))
            incoming = None
        if incoming is None:
            log.debug("ignoring update %s (not a private chat)", update.get("update_id"))
            if isinstance(update.get("update_id"), int):
                async with self.sessions() as session, session.begin():
                    await Store(session).record_updates([update["update_id"]], self.clock())
            return
        await self.handle(incoming)

    async def drain(self, grace: float) -> bool:
        """Wait until no update is being handled and no timer runs (none starts after this);
        False if `grace` seconds ran out first."""
        self._stopping = True
        started = asyncio.get_running_loop().time()
        if not await wait_event(self._idle, grace):
            log.warning("%s updates still in flight at shutdown", self._active)
            return False
        left = max(grace - (asyncio.get_running_loop().time() - started), 0.0)
        if not await wait_event(self._timers_idle, left):
            log.warning("a timer was still running at shutdown")
            return False
        return True

    async def handle(self, inc: Incoming) -> None:
        """Handle one update: at most once in the database, then deliver."""
        self._active += 1
        self._idle.clear()
        try:
            await self._handle(inc)
        finally:
            self._active -= 1
            if self._active == 0:
                self._idle.set()

    async def _handle(self, inc: Incoming) -> None:
        async with self._lock(inc.chat_id):
            try:
                effects = await self._decide(inc)
            except Exception:
                log.exception("flow failed for update %s", inc.update_id)
                effects = await self._apologise(inc)
            if effects is None:
                log.info("update %s was already processed; skipped", inc.update_id)
                if inc.callback_query_id:
                    await self._answer(inc.callback_query_id, None)
                return
            await self._after_commit(inc, effects)
            if effects.rows:
                # Queued in commit order for this chat and sent after the slot is given
                # back: a chat whose replies are paced never holds anyone else's slot.
                self.sender.submit(effects.rows, interactive=True)
        self.processed += 1

    async def _decide(self, inc: Incoming) -> Effects | None:
        """Decide one update, committed together with whatever else is waiting (group commit).

        Updates that arrive while a transaction runs are decided in the next one, so under
        load many updates share one BEGIN/COMMIT; a quiet bot still commits each at once.
        Chats never repeat inside a batch: the per-chat lock is held by the caller.
        """
        future: asyncio.Future[Effects | None] = asyncio.get_running_loop().create_future()
        self._waiting.append((inc, future))
        if self._batcher is None or self._batcher.done():
            self._batcher = asyncio.create_task(self._run_batches())
        return await future

    async def _run_batches(self) -> None:
        while self._waiting:
            batch, self._waiting = self._waiting[:MAX_BATCH], self._waiting[MAX_BATCH:]
            try:
                results: list[Effects | BaseException | None] = list(
                    await self._decide_together([inc for inc, _ in batch])
                )
            except Exception:
                # One bad update must not fail the others: decide each in its own transaction.
                results = []
                for inc, _ in batch:
                    try:
                        results.extend(await self._decide_together([inc]))
                    except Exception as exc:
                        results.append(exc)
            for (_, future), result in zip(batch, results, strict=True):
                if future.done():
                    continue
                if isinstance(result, BaseException):
                    future.set_exception(result)
                else:
                    future.set_result(result)

    async def _decide_together(self, batch: list[Incoming]) -> list[Effects | None]:
        """Decide a batch in one transaction, with one query per table for the common reads."""
        now = self.clock()
        async with self.sessions() as session, session.begin():
            store = Store(session)
            fresh = await store.record_updates([inc.update_id for inc in batch], now)
            todo = [inc for inc in batch if inc.update_id in fresh]
            people = await store.people.by_telegram_users([inc.user_id for inc in todo])
            convos = await store.conversations([inc.chat_id for inc in todo])
            await store.seen(people.values(), now)
            decided: dict[int, tuple[Outcome, Actor]] = {}
            owners: list[int] = []
            items: list[OutgoingItem] = []
            for inc in todo:
                actor = Actor(
                    inc.user_id,
                    inc.chat_id,
                    inc.language_code,
                    inc.first_name,
                    people.get(inc.user_id),
                )
                convo = convos[inc.chat_id]
                decision = await decide(
                    inc.event, actor, convo, store.ports(), self.cfg, self.registry
                )
                outcome = decision.outcome
                if decision.changed:
                    # Only a redeemed invite creates the person during the update.
                    after = actor.person or await store.people.by_telegram_user(inc.user_id)
                    await store.save_conversation(
                        inc.chat_id,
                        decision.conversation.state,
                        decision.conversation.data,
                        after.id if after else None,
                    )
                decided[inc.update_id] = (outcome, actor)
                mine = self.render(outcome.messages)
                items.extend(mine)
                owners.extend([inc.update_id] * len(mine))
            for outcome, _ in decided.values():
                for prefix in outcome.drop_pending:
                    await store.drop_pending(prefix)
                for chat_id in outcome.replan:
                    await store.drop_planned(chat_id, now)
            rows = await self._store_items(store, items, now)
        # Rows come back in item order, minus keyed items that already existed.
        delivered: dict[int, list[OutboxRow]] = {uid: [] for uid in decided}
        pending = iter(rows)
        row = next(pending, None)
        for owner, item in zip(owners, items, strict=True):
            if row is not None and (row.chat_id, row.text) == (item.chat_id, item.text):
                delivered[owner].append(row)
                row = next(pending, None)
        results: list[Effects | None] = []
        for inc in batch:
            if inc.update_id not in decided:
                results.append(None)
                continue
            outcome, actor = decided[inc.update_id]
            results.append(
                Effects(
                    rows=delivered[inc.update_id],
                    toast=self._toast(outcome, actor),
                    menus=outcome.menus,
                    remove_buttons=outcome.remove_buttons,
                    replace_buttons=outcome.buttons_now is not None,
                    buttons_now=self._buttons_now(outcome, actor),
                )
            )
        return results

    def _buttons_now(self, outcome: Outcome, actor: Actor) -> dict[str, Any] | None:
        if outcome.buttons_now is None or outcome.remove_buttons:
            return None
        locale = actor.person.locale if actor.person else guest_locale(actor, self.cfg)
        return self.renderer.keyboard(outcome.buttons_now, locale)

    def _toast(self, outcome: Outcome, actor: Actor) -> str | None:
        if outcome.toast is None:
            return None
        locale = actor.person.locale if actor.person else guest_locale(actor, self.cfg)
        return self.renderer.text(outcome.toast, locale, markup=False)[:200]

    def render(self, messages: tuple[Say, ...]) -> list[OutgoingItem]:
        """Render flow messages into outbox items (see `bot.outgoing`)."""
        return outgoing_items(self.renderer, messages)

    async def enqueue(
        self, store: Store, messages: tuple[Say, ...], now: datetime
    ) -> list[OutboxRow]:
        """Put messages in the outbox; return those due now, claimed for sending at once."""
        return await self._store_items(store, self.render(messages), now)

    async def _store_items(
        self, store: Store, items: list[OutgoingItem], now: datetime
    ) -> list[OutboxRow]:
        if any(i.gather for i in items):
            items = await gathered(store, items, now, self.gather_seconds)
        later = [i for i in items if i.due_at is not None and i.due_at > now]
        if later:
            await store.enqueue_rows(later, now)
            earliest = min(i.due_at for i in later if i.due_at is not None)
            if self._next_due is None or earliest < self._next_due:
                self._next_due = earliest
        due = [i for i in items if i.due_at is None or i.due_at <= now]
        if not due:
            return []
        return await store.enqueue_rows(
            due, now, in_flight_lease=self.sender.lease_seconds, owner=self.sender.outbox.owner
        )

    async def _apologise(self, inc: Incoming) -> Effects | None:
        """Record a failed update as handled (no poison loops) and say sorry."""
        now = self.clock()
        actor = Actor(inc.user_id, inc.chat_id, inc.language_code, inc.first_name)
        try:
            async with self.sessions() as session, session.begin():
                store = Store(session)
                if not await store.record_update(inc.update_id, now):
                    return None
                person = await store.people.by_telegram_user(inc.user_id)
                locale = person.locale if person else guest_locale(actor, self.cfg)
                say = Say(chat_id=inc.chat_id, locale=locale, body=(msg(SORRY),))
                rows = await self.enqueue(store, (say,), now)
        except Exception:
            log.exception("could not record failed update %s", inc.update_id)
            raise
        return Effects(rows=rows)

    def _announce_scheduled(self) -> None:
        if self._next_due is not None and self.on_scheduled is not None:
            self.on_scheduled(self._next_due)
        self._next_due = None

    async def tick(self, every: Every = Every.MINUTE, name: str | None = None) -> int:
        """Run the flows' timers of one cadence (or the one named) once, each in its own
        transaction (one failing timer does not hold the others back); return how many
        messages were due at once (queued for sending). Every minute: sessions, reminders,
        no-shows, digests."""
        due = 0
        failed: Exception | None = None
        self._timers_idle.clear()
        try:
            for _, timer in self.registry.timers(every):
                if self._stopping:
                    break  # shutting down: the running timer finished, no other starts
                if name is None or timer.name == name:
                    try:
                        due += await self._tick_one(every, timer.name)
                    except Exception as exc:
                        # Its transaction rolled back (it runs again next minute); the others
                        # go on, and the first failure is raised when they are done.
                        failed = failed or exc
        finally:
            self._timers_idle.set()
        if failed is not None:
            raise failed
        return due

    async def _tick_one(self, every: Every, name: str) -> int:
        now = self.clock()
        started = time.monotonic()
        async with self.sessions() as session, session.begin():
            store = Store(session)
            outcome = await run_timers(self.registry, every, now, store.ports(), self.cfg, name)
            rows = await self.enqueue(store, outcome.messages, now)
        took = time.monotonic() - started
        if outcome.messages or took >= 1.0:
            # Counts and seconds only (no names): the digest benchmark reads this line.
            log.info("timer %s made %d messages in %.2f s", name, len(outcome.messages), took)
        self._announce_scheduled()
        self.sender.submit(rows, interactive=False)
        return len(rows)

    async def _after_commit(self, inc: Incoming, effects: Effects) -> None:
        self._announce_scheduled()
        if inc.callback_query_id:
            await self._answer(inc.callback_query_id, effects.toast)
        replaced = effects.remove_buttons or effects.replace_buttons
        if replaced and inc.has_keyboard and inc.message_id:
            keyboard = await keyboard_after(self.sessions, inc, effects.buttons_now)
            try:
                await self.transport.set_buttons(inc.chat_id, inc.message_id, keyboard)
            except TelegramError as exc:
                log.info("could not replace buttons: %s", exc)
        for menu in effects.menus:
            await self.set_menu(menu)

    async def _answer(self, query_id: str, text: str | None) -> None:
        try:
            await self.transport.answer_callback(query_id, text)
        except TelegramError as exc:
            log.info("could not answer callback query: %s", exc)

    async def set_menu(self, menu: Menu) -> None:
        """Set one chat's command menu in its locale."""
        commands = [
            (entry.name, self.renderer.text(msg(entry.description), menu.locale, markup=False))
            for entry in self.registry.menu(menu.role, telegram=True)
        ]
        try:
            await self.transport.set_commands(commands, menu.chat_id, None)
        except TelegramError as exc:
            log.info("could not set the command menu: %s", exc)

    async def set_default_menus(self) -> None:
        """Set the menu everyone sees before binding, in every offered language."""
        for code in (None, *MENU_LANGUAGES):
            locale = code or self.cfg.fallback_locale
            commands = [
                (entry.name, self.renderer.text(msg(entry.description), locale, markup=False))
                for entry in self.registry.menu(None, telegram=True)
            ]
            await self.transport.set_commands(commands, None, code)
