"""Waiting for an event with a time limit, without ever swallowing a cancellation.

`asyncio.wait_for` on Python 3.11 can lose a `cancel()` that arrives in the same loop turn
as the event it waits for (the inner wait finishes, the cancellation is dropped): a loop
that waits that way may never stop. `asyncio.timeout` has no such gap.
"""

from __future__ import annotations

import asyncio


async def wait_event(event: asyncio.Event, seconds: float | None) -> bool:
    """Wait until `event` is set or `seconds` pass (None: no limit); True when it was set."""
    if seconds is None:
        await event.wait()
        return True
    try:
        async with asyncio.timeout(seconds):
            await event.wait()
    except TimeoutError:
        return False
    return True
