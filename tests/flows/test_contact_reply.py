"""The coach's Reply to a passed-on message: only to a participant the coach still sees."""

from __future__ import annotations

import pytest

from tests.flows.world import AMINA, KARIN, OLLE, World, build


@pytest.fixture
async def world() -> World:
    return await build()


async def test_an_answer_typed_after_a_hand_over_is_not_sent(world: World) -> None:
    asked = await world.client.press(KARIN, f"m2:{world.id(AMINA)}")
    assert asked.state == "contact.reply"
    # Amina moves to Olle's caseload while Karin is still typing.
    world.client.db.assign_caseload(world.id(OLLE), world.id(AMINA), world.client.now)
    turn = await world.client.text(KARIN, "Välkommen på måndag!")
    assert turn.to(AMINA) == [], "nothing reaches a participant the coach no longer sees"
    assert turn.state == "idle"


async def test_an_answer_reaches_the_participant_in_the_coachs_words(world: World) -> None:
    await world.client.press(KARIN, f"m2:{world.id(AMINA)}")
    turn = await world.client.text(KARIN, "Välkommen på måndag kl 9, ta med id-kort!")
    assert any("Välkommen på måndag kl 9, ta med id-kort!" in text for text in turn.texts(AMINA))
    assert turn.state == "idle"
