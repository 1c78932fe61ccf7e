"""Webhook mode: an aiohttp server that checks the secret header and feeds the runtime."""

from __future__ import annotations

import hmac
import json
import logging

from aiohttp import web

from bot.runtime.base import Runtime

log = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


class WebhookServer:
    """Receive updates; answer non-2xx when processing failed so Telegram redelivers."""

    def __init__(self, runtime: Runtime, secret: str, path: str, grace: float = 8.0) -> None:
        self.runtime = runtime
        self.secret = secret.encode()
        self.path = path
        self.grace = grace
        self.closing = False
        self.app = web.Application()
        self.app.router.add_post(path, self._receive)
        self.app.router.add_get("/healthz", self._health)
        self._runner: web.AppRunner | None = None
        self.port: int | None = None

    async def _receive(self, request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, self.secret):
            log.warning("webhook request with a wrong or missing secret refused")
            return web.json_response({"ok": False}, status=403)
        if self.closing:
            return web.json_response({"ok": False, "reason": "shutting down"}, status=503)
        try:
            update = await request.json()
        except (json.JSONDecodeError, UnicodeDecodeError):
            return web.json_response({"ok": False}, status=400)
        if not isinstance(update, dict) or not isinstance(update.get("update_id"), int):
            return web.json_response({"ok": False}, status=400)
        try:
            await self.runtime.feed(update)
        except Exception:
            log.exception("update %s failed; Telegram will redeliver", update.get("update_id"))
            return web.json_response({"ok": False}, status=500)
        return web.json_response({"ok": True})

    async def _health(self, _request: web.Request) -> web.Response:
        return web.json_response({"ok": not self.closing})

    async def start(self, host: str, port: int) -> int:
        """Listen on host:port (0 picks a free port) and return the port."""
        self._runner = web.AppRunner(self.app, shutdown_timeout=self.grace, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port)
        await site.start()
        server = site._server
        sockets = getattr(server, "sockets", None) or []
        self.port = sockets[0].getsockname()[1] if sockets else port
        log.info("webhook listening on %s:%s%s", host, self.port, self.path)
        return self.port

    async def stop(self) -> None:
        """Refuse new updates, let in-flight ones finish (up to the grace), close."""
        self.closing = True
        if self._runner is not None:
            await self._runner.cleanup()
