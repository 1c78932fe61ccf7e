"""Alerts to staff, in the shell: held a short while so that those raised close together go
as one message (the sender joins them), and a press on one of them changing only its own
buttons in that message."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.runtime.updates import Incoming
from storage.outbox import OutgoingItem
from storage.store import Store


async def gathered(
    store: Store, items: list[OutgoingItem], now: datetime, seconds: float
) -> list[OutgoingItem]:
    """Hold alerts a short while so that those raised close together go as one message:
    an alert joins those already waiting for its chat, or waits `seconds`."""
    waiting = await store.gathering([i.chat_id for i in items if i.gather], now)
    window = now + timedelta(seconds=seconds)
    result = []
    for item in items:
        if item.gather:
            earliest = item.due_at or now
            own = max(earliest, window)
            joined = waiting.get(item.chat_id)
            # Join the alerts already waiting for this chat, unless they wait longer than
            # this one must (held through quiet hours that no longer hold this one).
            due = joined if joined is not None and earliest <= joined <= own else own
            waiting.setdefault(item.chat_id, due)
            item = replace(item, due_at=due if due > now else None)
        result.append(item)
    return result


async def keyboard_after(
    sessions: async_sessionmaker[AsyncSession], inc: Incoming, new: dict[str, Any] | None
) -> dict[str, Any] | None:
    """The pressed message's keyboard after the press: `new` in place of the pressed alert's
    own buttons when several alerts went as this one message (the others keep theirs), else
    `new` for the whole message."""
    assert inc.message_id is not None
    async with sessions() as session:
        markups = await Store(session).sent_together(inc.chat_id, inc.message_id)
    if len(markups) < 2:
        return new
    pressed = inc.event.payload
    rows: list[Any] = []
    for markup in markups:
        own = (markup or {}).get("inline_keyboard", [])
        if any(b.get("callback_data") == pressed for row in own for b in row):
            rows.extend((new or {}).get("inline_keyboard", []))
        else:
            rows.extend(own)
    return {"inline_keyboard": rows} if rows else None
