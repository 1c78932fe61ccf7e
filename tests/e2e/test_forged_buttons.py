"""Forged callback data over the emulator, on both runtimes: a stale answer, never a crash."""

from __future__ import annotations

import logging

import pytest

from flows.model import Role
from tests.e2e.conftest import World

STALE = "That button is no longer active. Type /help to see what you can do."
FORGED = [
    "c1:²",
    "c1:١٢",
    "c1:" + "9" * 40,
    "a1:" + "1" * 19,
    "b1:1:" + "x" * 40,
    "e1:１:a",
    "e1:1:yes",
    "d1:-1",
    "x1: 1",
    "p1:p:²",
    "p1:k:nothing",
    "l1:../../etc",
    "zz:1",
]


@pytest.mark.parametrize("data", FORGED)
async def test_forged_payload_gets_the_stale_answer_without_an_error_log(
    world: World, caplog: pytest.LogCaptureFixture, data: str
) -> None:
    await world.person(Role.PARTICIPANT, 42, "Amina", locale="en")
    user = world.emu.user(42, "Amina", "en")
    await user.send_command("help")
    help_message = await user.next_message()
    with caplog.at_level(logging.INFO):
        await user.forge_press(help_message, data)
        answer = await user.next_message()
    assert answer["text"] == STALE
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


async def test_a_malformed_update_is_recorded_and_never_retried(world: World) -> None:
    await world.person(Role.PARTICIPANT, 42, "Amina", locale="en")
    user = world.emu.user(42, "Amina", "en")
    intake = world.app.intake
    assert intake is not None
    # A callback query without a sender: no Telegram server sends this.
    await intake.accept([{"update_id": 999_999, "callback_query": {"id": "1", "data": "c1:1"}}])
    await user.send_command("help")
    assert "/attendance" in (await user.next_message())["text"]
    assert await intake.drain(5), "nothing stays in the inbox"
