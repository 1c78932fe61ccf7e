"""A loop waiting for its wake-up event must still stop when cancelled in the same turn."""

from __future__ import annotations

import asyncio

import pytest

from bot.waiting import wait_event


async def test_a_cancel_in_the_same_turn_as_the_event_is_not_swallowed() -> None:
    event = asyncio.Event()
    woken: list[bool] = []

    async def loop() -> None:
        while True:  # a loop like the Sender's: it ends only by cancellation
            event.clear()
            woken.append(await wait_event(event, 5.0))

    task = asyncio.create_task(loop())
    await asyncio.sleep(0)  # the loop is now waiting
    event.set()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert task.cancelled()


async def test_the_time_limit_and_the_event_are_told_apart() -> None:
    event = asyncio.Event()
    assert await wait_event(event, 0.0) is False
    event.set()
    assert await wait_event(event, 0.0) is True
    assert await wait_event(event, None) is True
