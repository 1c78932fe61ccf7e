"""A participant's message to the coach and the coach's answer, as both would meet them."""

from __future__ import annotations

from flows.model import Role
from tests.e2e.conftest import World


def payloads(user: object, message: dict[str, object]) -> list[str]:
    rows = user.buttons(message)  # type: ignore[attr-defined]
    return [b["callback_data"] for row in rows for b in row]


async def test_the_coach_answers_a_passed_on_message_and_the_participant_receives_it(
    world: World,
) -> None:
    coach = await world.person(Role.COACH, 1200, "Karin", locale="sv")
    amina = await world.person(Role.PARTICIPANT, 1201, "Amina", locale="ar", coach=coach)
    karin = world.emu.user(1200, first_name="Karin", language_code="sv")
    user = world.emu.user(1201, first_name="Amina", language_code="ar")

    await user.send_text("هل يمكنني أن أبدأ التدريب العملي يوم الاثنين القادم؟")
    offer = await user.next_message()
    await user.press(offer, callback_data="m1:send")
    await user.next_message()
    note = await karin.next_message()
    assert f"m2:{amina.id}" in payloads(karin, note), "the coach can reply from the message"

    await karin.press(note, callback_data=f"m2:{amina.id}")
    asked = await karin.next_message()
    assert "Amina" in asked["text"]
    words = "Ja, du kan börja på måndag kl 08:00. Ta med <id-kort> & arbetsskor!"
    await karin.send_text(words)
    told = await karin.next_message()
    assert "Amina" in told["text"]
    answer = await user.next_message()
    assert words in answer["text"], "the coach's own words, unchanged"
    assert "Karin" in answer["text"]


async def test_a_long_message_to_the_coach_arrives_whole(world: World) -> None:
    coach = await world.person(Role.COACH, 1210, "Karin", locale="sv")
    await world.person(Role.PARTICIPANT, 1211, "Olena", locale="sv", coach=coach)
    karin = world.emu.user(1210, first_name="Karin", language_code="sv")
    user = world.emu.user(1211, first_name="Olena", language_code="sv")
    sentences = [f"Mening nummer {i} om min vecka och mitt arbete." for i in range(110)]
    words = " ".join(sentences)
    assert len(words) > 5000

    await user.send_text(words)
    offer = await user.next_message()
    await user.press(offer, callback_data="m1:send")
    await user.next_message()
    first = await karin.next_message()
    received = first["text"]
    while sentences[-1] not in received:
        received += (await karin.next_message())["text"]
    for sentence in sentences:
        assert sentence in received, "split into several messages, never cut"


async def test_a_coach_outside_the_caseload_cannot_answer(world: World) -> None:
    coach = await world.person(Role.COACH, 1220, "Karin", locale="sv")
    amina = await world.person(Role.PARTICIPANT, 1221, "Amina", locale="sv", coach=coach)
    await world.person(Role.COACH, 1222, "Nils", locale="sv")
    nils = world.emu.user(1222, first_name="Nils", language_code="sv")
    await nils.send_command("help")
    help_message = await nils.next_message()
    await nils.forge_press(help_message, f"m2:{amina.id}")
    refused = await nils.next_message()
    assert "Amina" not in refused["text"], "nothing about a participant outside the caseload"
    await nils.send_text("Hej Amina, välkommen!")
    reply = await nils.next_message()
    assert "Amina" not in reply["text"], "no answer step was opened"
