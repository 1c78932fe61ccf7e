"""Buttons fit a phone in every language: no dates in labels, at most 24 characters, or 15
when a button shares its row. The labels are collected by clicking through the flows."""

from __future__ import annotations

import pytest

from bot.render import Renderer
from flows.languages import OFFERED
from flows.output import Say
from tests.flowclient import Turn
from tests.flows.world import AMINA, KARIN, build

ALONE, SHARED = 24, 15


async def tour(locale: str) -> list[Say]:
    """Click through every flow as a participant and a coach; return every message."""
    world = await build(locale)
    client = world.client
    turns: list[Turn] = []
    today = world.today.id
    turns.append(await client.command(AMINA, "language"))
    turns.append(await client.press(AMINA, f"a1:{today}"))
    turns.append(await client.press(AMINA, f"b1:{today}:other"))
    turns.append(await client.text(AMINA, "hello coach, a question about my CV"))
    turns.append(await client.command(AMINA, "attendance"))
    turns.append(await client.press(AMINA, f"d1:{world.yesterday.id}"))
    turns.append(await client.text(AMINA, "I was there"))
    turns.append(await client.command(KARIN, "sessions"))
    turns.append(await client.press(KARIN, f"x1:{world.tomorrow.id}"))
    turns.append(await client.command(KARIN, "invite"))
    for step in ("p1:k:workshop", "p1:r:weekly", "p1:w:1", "p1:h:60"):
        turns.append(await client.press(KARIN, step))
        if step == "p1:k:workshop":
            turns.append(await client.text(KARIN, "CV workshop"))
        if step == "p1:w:1":
            turns.append(await client.text(KARIN, "09:30"))
    turns.append(await client.text(KARIN, "Room 3"))
    turns.append(await client.press(KARIN, "p1:p:done"))
    turns.append(await client.command(KARIN, "activity"))
    client.advance(world.tomorrow.starts_at - client.now - (world.tomorrow.starts_at - client.now))
    turns.append(Turn(await client.tick(), "idle", {}, False))
    return [say for turn in turns for say in turn.messages]


@pytest.mark.parametrize("locale", OFFERED)
async def test_every_button_label_fits_a_phone(locale: str) -> None:
    renderer = Renderer()
    says = await tour(locale)
    long = []
    seen = set()
    for say in says:
        for row in say.buttons:
            limit = ALONE if len(row) == 1 else SHARED
            for button in row:
                label = renderer.label(button.label, say.locale)
                seen.add(label)
                if len(label) > limit:
                    long.append(f"{label!r} ({len(label)} > {limit})")
    assert len(seen) > 40, f"the tour saw too few buttons: {sorted(seen)}"
    assert long == [], f"{locale}: " + "; ".join(sorted(set(long)))
