"""Every locale end to end, and language detection that only suggests."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from flows.languages import NATIVE_NAMES, OFFERED
from flows.model import Role
from tests.e2e.conftest import World

POT = Path(__file__).resolve().parents[2] / "locales" / "messages.pot"
SCRIPTS = {
    "ar": re.compile(r"[\u0600-\u06FF]"),
    "fa": re.compile(r"[\u0600-\u06FF]"),
    "prs": re.compile(r"[\u0600-\u06FF]"),
    "ti": re.compile(r"[\u1200-\u137F]"),
    "uk": re.compile(r"[\u0400-\u04FF]"),
    "sv": re.compile(r"[a-zåäö]"),
    "so": re.compile(r"[a-z]"),
    "en": re.compile(r"[a-z]"),
}


def switch_buttons(user: object, message: dict[str, object]) -> list[str]:
    """Return the language-switch payloads on a message."""
    rows = user.buttons(message)  # type: ignore[attr-defined]
    return [
        b["callback_data"] for row in rows for b in row if b["callback_data"].startswith("s1:")
    ]


def english_sentences() -> list[str]:
    """Source strings long enough that finding one means a text was left untranslated."""
    with POT.open("rb") as fh:
        catalog = read_po(fh)
    out = []
    for message in catalog:
        text = message.id if isinstance(message.id, str) else message.id[0]
        for part in re.split(r"\{\w+\}|\n", text):
            if len(part.strip()) >= 20:
                out.append(part.strip())
    return out


@pytest.mark.parametrize("locale", OFFERED)
async def test_onboarding_and_help_in_every_locale(world: World, locale: str) -> None:
    coach = await world.person(Role.COACH, 900, "Karin")
    token = await world.invite(coach=coach)
    user = world.emu.user(901, first_name="Sam", language_code="de")
    await user.send_command("start", token)
    question = await user.next_message()
    await user.press(question, callback_data=f"l1:{locale}")
    welcome = await user.next_message()
    await user.send_command("help")
    help_text = (await user.next_message())["text"]
    for text in (welcome["text"], help_text):
        assert SCRIPTS[locale].search(text), f"{locale}: {text!r}"
        if locale != "en":
            leftovers = [s for s in english_sentences() if s in text]
            assert not leftovers, f"untranslated in {locale}: {leftovers}"
    names = {c["command"] for c in world.emu.commands(scope_chat_id=901)}
    assert names == {
        "start",
        "help",
        "language",
        "here",
        "absent",
        "attendance",
        "tasks",
        "week",
        "plan",
        "cv",
        "contact",
    }


async def test_somali_words_from_a_swedish_participant_ask_once_in_both_languages(
    world: World,
) -> None:
    await world.person(Role.PARTICIPANT, 910, "Hodan", locale="sv")
    user = world.emu.user(910, first_name="Hodan", language_code="sv")
    await user.send_text("Waan jiranahay maanta")
    ask = await user.next_message()
    labels = [b["text"] for row in user.buttons(ask) for b in row]
    assert set(labels) == {NATIVE_NAMES["so"], NATIVE_NAMES["sv"]}
    assert "Soomaali" in ask["text"]
    assert "Vilket språk" in ask["text"]
    kept = await user.next_message()
    assert "coach" in kept["text"], "the message itself is offered to the coach too"

    await user.send_text("Caruurta ayaa jiran maanta")
    again = await user.next_message()
    assert not switch_buttons(user, again), "asked only once per language"

    await user.press(ask, callback_data="s1:so")
    switched = await user.next_message()
    assert "Soomaali" in switched["text"]


@pytest.mark.parametrize("text", ["ok", "Tack", "OK!", "tack så mycket"])
async def test_short_messages_never_trigger_a_language_question(world: World, text: str) -> None:
    await world.person(Role.PARTICIPANT, 920, "Erik", locale="sv")
    user = world.emu.user(920, first_name="Erik", language_code="sv")
    await user.send_text(text)
    reply = await user.next_message()
    assert not switch_buttons(user, reply)


async def test_declining_a_switch_keeps_the_language(world: World) -> None:
    await world.person(Role.PARTICIPANT, 930, "Olena", locale="sv")
    user = world.emu.user(930, first_name="Olena", language_code="uk")
    await user.send_text("Я не можу прийти сьогодні на заняття")
    ask = await user.next_message()
    await user.next_message()  # the offer to pass the message on
    labels = [b["text"] for row in user.buttons(ask) for b in row]
    assert "Svenska" in labels, "buttons keep the name as a picker shows it"
    await user.press(ask, callback_data="s1:-")
    kept = await user.next_message()
    assert "på svenska" in kept["text"], "a language name inside a Swedish sentence is lower case"


async def test_participant_words_reach_the_coach_unchanged_with_their_language(
    world: World,
) -> None:
    coach = await world.person(Role.COACH, 940, "Karin", locale="en")
    await world.person(Role.PARTICIPANT, 941, "Hodan", locale="sv", coach=coach)
    karin = world.emu.user(940, first_name="Karin", language_code="en")
    hodan = world.emu.user(941, first_name="Hodan", language_code="so")
    words = "Waan jiranahay maanta, ma iman karo <shaqada> & kulanka"
    await hodan.send_text(words)
    ask = await hodan.next_message()
    offer = await hodan.next_message()
    assert switch_buttons(hodan, ask)
    # Her first message is not lost to the language question: she answers it, then sends.
    await hodan.press(ask, callback_data="s1:-")
    await hodan.next_message()
    await hodan.press(offer, callback_data="m1:send")
    assert "Karin" in (await hodan.next_message())["text"]
    note = await karin.next_message()
    assert words in note["text"], "the participant's own words, unchanged"
    assert "Hodan" in note["text"]
    assert "Soomaali" in note["text"]


async def test_persian_looking_text_offers_both_persian_and_dari(world: World) -> None:
    await world.person(Role.PARTICIPANT, 950, "Zahra", locale="sv")
    user = world.emu.user(950, first_name="Zahra", language_code="sv")
    # Dari as it is written: Persian script, Persian and Dari share the writing.
    await user.send_text("امروز نمی‌توانم به صنف بیایم، طفلم مریض است.")
    ask = await user.next_message()
    await user.next_message()  # the offer to pass the message on
    labels = [b["text"] for row in user.buttons(ask) for b in row]
    assert labels == [NATIVE_NAMES["fa"], NATIVE_NAMES["prs"], NATIVE_NAMES["sv"]]
    assert f"{NATIVE_NAMES['fa']} / {NATIVE_NAMES['prs']}" in ask["text"]

    await user.press(ask, callback_data="s1:prs")
    switched = await user.next_message()
    assert SCRIPTS["prs"].search(switched["text"])
    # Now in Dari, Persian-looking text is her own language: no question again.
    await user.send_text("تشکر، فردا ساعت نه صبح می‌آیم و درخواست وظیفه را می‌آورم.")
    reply = await user.next_message()
    assert not switch_buttons(user, reply)
    assert SCRIPTS["prs"].search(reply["text"]), "the offer to pass it on comes in Dari"


@pytest.mark.parametrize(
    "text",
    [
        "Я не могу прийти сегодня, мой ребёнок заболел.",
        "Здравствуйте, я хотел бы узнать, когда будет следующая встреча",
    ],
)
async def test_russian_from_a_swedish_participant_triggers_no_suggestion(
    world: World, text: str
) -> None:
    await world.person(Role.PARTICIPANT, 960, "Ivan", locale="sv")
    user = world.emu.user(960, first_name="Ivan", language_code="ru")
    await user.send_text(text)
    reply = await user.next_message()
    assert not switch_buttons(user, reply), "Russian is not Ukrainian"
    assert re.search(r"[a-zåäö]", reply["text"]), "the answer stays in Swedish"


async def test_a_stranger_writing_arabic_is_answered_in_arabic_too(world: World) -> None:
    stranger = world.emu.user(970, first_name="Sami", language_code="en")
    await stranger.send_text("مرحبا، أريد أن أسجل في برنامج العمل، كيف أبدأ؟")
    reply = (await stranger.next_message())["text"]
    assert SCRIPTS["ar"].search(reply), "in the language they wrote"
    assert "invite link" in reply, "and in their Telegram language"
