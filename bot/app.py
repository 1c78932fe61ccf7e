"""Assemble a running bot: database, runtime, core, sender, dispatcher, webhook."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import partial

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.calendar import swedish_holidays
from bot.config import Settings
from bot.cv_inputs import CV_INPUTS
from bot.delivery import Sender
from bot.digest_document import draw_stored
from bot.document_kit import prepare_fonts
from bot.intake import GetUpdates, Intake
from bot.language_guess import detect_language, warm_up
from bot.outbox_scheduler import OutboxScheduler
from bot.render import Renderer
from bot.runtime.base import Runtime
from bot.runtime.core import Core, utcnow
from flows.config import Config
from flows.languages import OFFERED
from flows.output import Say
from flows.text import N_, msg
from storage.db import make_engine, session_factory
from storage.outbox import Outbox
from storage.store import Store

log = logging.getLogger(__name__)

UNREACHABLE = N_(
    "I can no longer reach {name} on Telegram: they blocked the bot or deleted the chat. "
    "Please contact them another way."
)


def make_runtime(name: str, token: str, api_base_url: str, timeout: float = 30.0) -> Runtime:
    """Create the aiogram or PTB adapter."""
    if name == "aiogram":
        from bot.runtime.aiogram_runtime import AiogramRuntime

        return AiogramRuntime(token, api_base_url, timeout)
    if name == "ptb":
        from bot.runtime.ptb_runtime import PtbRuntime

        return PtbRuntime(token, api_base_url, timeout)
    raise ValueError(f"unknown runtime {name!r}: use aiogram or ptb")


class App:
    """One bot process."""

    def __init__(
        self,
        settings: Settings,
        *,
        runtime: str | None = None,
        clock: Callable[[], datetime] = utcnow,
        request_timeout: float = 30.0,
        run_timers: bool = True,
    ) -> None:
        self.settings = settings
        # Tests with a controllable clock drive core.tick() and dispatcher.run_due() themselves.
        self.run_timers = run_timers
        self.clock = clock
        self.engine: AsyncEngine = make_engine(settings.db_url)
        self.sessions = session_factory(self.engine)
        self.runtime = make_runtime(
            runtime or settings.runtime,
            settings.require_token(),
            settings.api_base_url,
            request_timeout,
        )
        self.renderer = Renderer(timezone=settings.timezone, clock=clock)
        self.sender = Sender(
            self.runtime.transport,
            Outbox(self.sessions),
            global_rate=settings.global_rate,
            per_chat_interval=settings.per_chat_interval,
            retries=settings.send_retries,
            on_blocked=self.on_blocked,
            clock=clock,
            lease_seconds=settings.outbox_lease,
            draw=partial(draw_stored, self.renderer),
        )
        self.dispatcher = OutboxScheduler(
            self.sessions,
            self.sender,
            clock,
            lease_seconds=settings.outbox_lease,
            timezone=settings.timezone,
            health_retention=timedelta(days=settings.health_retention_days),
            outbox_retention=timedelta(days=settings.outbox_retention_days),
        )
        self.core: Core | None = None
        self.intake: Intake | None = None
        self._fonts: asyncio.Task[None] | None = None
        self.started = asyncio.Event()
        self._stop = asyncio.Event()

    async def start(self) -> None:
        """Connect to Telegram, learn our username, and start the dispatcher."""
        found = await self.runtime.start()
        # langdetect reads its profiles on first use (about half a second): not in a handler.
        await asyncio.to_thread(warm_up)
        # The document kit's fonts are made once per machine; not while a coach waits.
        self._fonts = asyncio.create_task(asyncio.to_thread(prepare_fonts))
        username = self.settings.bot_username or found
        cfg = Config(
            bot_username=username,
            invite_ttl=timedelta(hours=self.settings.invite_ttl_hours),
            offered=OFFERED,
            fallback_locale=self.settings.default_locale,
            detect_language=detect_language,
            holidays=swedish_holidays,
            translate=lambda msgid, locale: self.renderer.text(msg(msgid), locale, markup=False),
            **CV_INPUTS,
        )
        self.core = Core(
            self.sessions,
            self.runtime.transport,
            self.sender,
            cfg,
            self.renderer,
            self.clock,
            gather_seconds=self.settings.alert_gather_seconds,
        )
        self.intake = Intake(
            self.sessions,
            self.core.feed,
            clock=self.clock,
            max_pending=self.settings.max_backlog,
            max_in_flight=self.settings.max_in_flight,
        )
        self.runtime.intake = self.intake
        self.intake.start()
        await self.core.set_default_menus()
        if self.run_timers:
            self.core.on_scheduled = self.dispatcher.wake_at
            core = self.core
            timers = [
                (timer.name, timer.every, timer.at, partial(core.tick, timer.every, timer.name))
                for _, timer in core.registry.timers()
            ]
            await self.dispatcher.start(tick=core.tick, timers=timers)
        self.started.set()

    async def on_blocked(self, chat_id: int) -> None:
        """Mark a participant unreachable and tell their coach."""
        async with self.sessions() as session, session.begin():
            store = Store(session)
            person = await store.people.by_telegram_user(chat_id)
            if person is None:
                return
            await store.people.set_reachable(person.id, False)
            coach = await store.people.coach_of(person.id)
            if coach is None or coach.chat_id is None or not coach.reachable:
                return
            say = Say(coach.chat_id, coach.locale, (msg(UNREACHABLE, name=person.display_name),))
            assert self.core is not None
            rows = await self.core.enqueue(store, (say,), self.clock())
        self.sender.submit(rows, interactive=False)

    async def run_polling(self) -> None:
        """Run with getUpdates until stop() is called."""
        await self.start()
        assert self.intake is not None
        fetch = GetUpdates(self.settings.require_token(), self.settings.api_base_url)
        await fetch.delete_webhook()
        polling = asyncio.create_task(self.intake.poll(fetch))
        await self._stop.wait()
        polling.cancel()
        await asyncio.gather(polling, return_exceptions=True)
        await fetch.close()
        await self._shutdown()

    def stop(self) -> None:
        """Ask the process to finish (from a signal handler)."""
        self._stop.set()

    async def _shutdown(self) -> None:
        # One grace period for everything: updates in flight, then the messages queued.
        deadline = asyncio.get_running_loop().time() + self.settings.shutdown_grace

        def left() -> float:
            return max(deadline - asyncio.get_running_loop().time(), 0.0)

        self.dispatcher.stop()
        if self.intake is not None:
            await self.intake.stop(left())
        if self.core is not None:
            await self.core.drain(left())
        await self.dispatcher.drain(left())
        await self.sender.close(left())
        await self.runtime.stop()
        await self.engine.dispose()
        if self._fonts is not None:
            # A thread cannot be stopped: the process ends when the fonts are made.
            await self._fonts
        log.info("stopped cleanly")

    async def run_webhook(self, url: str, secret: str, host: str, port: int, path: str) -> None:
        """Serve the webhook until stop() is called, then finish in-flight updates."""
        from bot.webhook import WebhookServer

        await self.start()
        server = WebhookServer(self.runtime, secret, path, grace=self.settings.shutdown_grace)
        await server.start(host, port)
        await self.runtime.set_webhook(url, secret)
        await self._stop.wait()
        await server.stop()
        await self._shutdown()
