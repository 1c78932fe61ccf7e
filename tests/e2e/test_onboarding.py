"""Onboarding over real HTTP: emulator -> runtime (aiogram and PTB) -> flows -> SQLite."""

from __future__ import annotations

import copy
import shutil
import subprocess
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from flows.model import Role
from storage.db import make_engine, session_factory
from storage.models import InviteRow, OutboxMessageRow, PersonRow
from tests.e2e.conftest import World

ARABIC = "العربية"


def pdf_text(document: bytes) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    done = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=document, capture_output=True, check=True
    )
    return " ".join(done.stdout.decode().split())


async def outbox_rows(world: World) -> list[OutboxMessageRow]:
    engine = make_engine(world.db_url)
    try:
        async with session_factory(engine)() as session:
            return list((await session.execute(select(OutboxMessageRow))).scalars())
    finally:
        await engine.dispose()


async def count(world: World, model: type) -> int:
    engine = make_engine(world.db_url)
    try:
        async with session_factory(engine)() as session:
            return int((await session.execute(select(func.count()).select_from(model))).scalar())
    finally:
        await engine.dispose()


async def test_participant_redeems_invite_and_picks_arabic(world: World) -> None:
    coach = await world.person(Role.COACH, 500, "Karin")
    token = await world.invite(coach=coach)
    user = world.emu.user(42, first_name="Amina", language_code="en")

    await user.send_command("start", token)
    question = await user.next_message()
    assert "Amina" in question["text"]
    labels = [b["text"] for row in user.buttons(question) for b in row]
    assert {ARABIC, "Svenska", "ትግርኛ"} <= set(labels)

    await user.press(question, text=ARABIC)
    answer = await user.next_message()
    assert await user.next_callback_answer()
    assert any("\u0600" <= ch <= "\u06ff" for ch in answer["text"])
    assert "Jobbtorg Söder" in answer["text"]
    assert "Karin" in answer["text"]
    assert not user.buttons(user.message(question["message_id"])), "picker buttons removed"
    names = [c["command"] for c in world.emu.commands(scope_chat_id=42)]
    assert names == [
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
    ]


async def test_stranger_gets_polite_explanation_and_nothing_else(world: World) -> None:
    user = world.emu.user(77, first_name="Okänd", language_code="sv")
    await user.send_text("Hej, vad är det här?")
    reply = await user.next_message()
    assert "inbjud" in reply["text"]
    assert not user.buttons(reply)
    await user.send_command("help")
    assert "inbjud" in (await user.next_message())["text"]
    assert await count(world, PersonRow) == 0


async def test_expired_invite_is_refused(world: World) -> None:
    token = await world.invite(ttl=timedelta(hours=1))
    world.clock.advance(timedelta(hours=2))
    user = world.emu.user(43, first_name="Dawit", language_code="en")
    await user.send_command("start", token)
    assert "expired" in (await user.next_message())["text"]
    assert await count(world, PersonRow) == 0


async def test_reused_invite_is_refused(world: World) -> None:
    token = await world.invite()
    first = world.emu.user(44, first_name="Olena", language_code="uk")
    await first.send_command("start", token)
    await first.next_message()
    second = world.emu.user(45, first_name="Ivan", language_code="en")
    await second.send_command("start", token)
    assert "already been used" in (await second.next_message())["text"]
    assert await count(world, PersonRow) == 1


async def test_unknown_token_is_refused(world: World) -> None:
    user = world.emu.user(46, first_name="Sam", language_code="en")
    await user.send_command("start", "x" * 40)
    assert "not valid" in (await user.next_message())["text"]


async def test_forwarded_start_is_ignored(world: World) -> None:
    token = await world.invite()
    user = world.emu.user(47, first_name="Hodan", language_code="en")
    await user.forward_text(f"/start {token}", origin_user_id=9)
    assert "forwarded" in (await user.next_message())["text"]
    assert await count(world, PersonRow) == 0
    await user.send_command("start", token)
    assert "Hodan" in (await user.next_message())["text"]


async def test_redelivered_update_changes_nothing(world: World) -> None:
    token = await world.invite()
    user = world.emu.user(48, first_name="Yasmin", language_code="en")
    update = await user.send_command("start", token)
    await user.next_message()
    world.emu.redeliver(update["update_id"])
    await user.send_command("help")
    reply = await user.next_message()
    assert "/language" in reply["text"], "the redelivered /start produced no second answer"
    assert await count(world, PersonRow) == 1
    assert len(user.messages) == 2


async def test_unexpected_input_gets_a_short_translated_answer(world: World) -> None:
    await world.person(Role.PARTICIPANT, 49, "Erik", locale="en")
    user = world.emu.user(49, first_name="Erik", language_code="en")
    await user.send_sticker()
    assert "stickers" in (await user.next_message())["text"]
    await user.send_voice()
    assert "voice" in (await user.next_message())["text"]
    await user.send_text("hello")
    sent = await user.next_message()
    assert "coach" in sent["text"]
    await user.send_command("frobnicate")
    assert "command" in (await user.next_message())["text"]
    await user.send_document("cv.pdf", b"%PDF-1.4 demo")
    assert "file" in (await user.next_message())["text"]


async def test_edited_message_and_stale_button_get_answers(world: World) -> None:
    await world.person(Role.PARTICIPANT, 50, "Lina", locale="en")
    user = world.emu.user(50, first_name="Lina", language_code="en")
    sent = await user.send_text("helo")
    await user.next_message()
    await user.edit_text(sent["message"]["message_id"], "hello")
    assert "edited" in (await user.next_message())["text"]

    await user.send_command("language")
    picker = await user.next_message()
    stale = copy.deepcopy(await user.press(picker, callback_data="l1:en"))
    await user.next_message()
    query = stale["callback_query"]
    query["id"] = world.emu._new_query_id(50)
    query["data"] = "z0:gone"
    await world.emu._enqueue({"callback_query": query})
    assert "no longer active" in (await user.next_message())["text"]


async def test_help_and_language_work_for_every_role(world: World) -> None:
    for uid, role, expected in (
        (60, Role.PARTICIPANT, "activities"),
        (61, Role.EMPLOYER, "placed with you"),
        (62, Role.COACH, "/invite"),
    ):
        await world.person(role, uid, f"P{uid}", locale="en")
        user = world.emu.user(uid, first_name=f"P{uid}", language_code="en")
        await user.send_command("help")
        assert expected in (await user.next_message())["text"]
        await user.send_command("language")
        assert len(user.buttons(await user.next_message())) == 4


async def test_coach_invites_a_participant_from_telegram(world: World) -> None:
    await world.person(Role.COACH, 70, "Karin", locale="en")
    coach = world.emu.user(70, first_name="Karin", language_code="en")
    await coach.send_command("invite")
    ask = await coach.next_message()
    await coach.press(ask, text="A participant")
    language = await coach.next_message()
    assert "read best" in language["text"]
    await coach.press(language, text="Soomaali")
    reply = await coach.next_message()
    link = next(w for w in reply["caption"].split() if "t.me/" in w)
    token = link.split("start=", 1)[1]
    # The printable invite comes with it: in Somali, with the same link.
    assert reply["document"]["file_name"] == "stegvis-invite.pdf"
    printed = pdf_text(world.emu.file_bytes(reply["document"]["file_id"]))
    assert "Telegram ayaa furmaya. Riix Start." in printed
    assert link in printed.split()
    # Once Telegram has them, the outbox keeps neither the link nor the PDF.
    await world.app.sender.settle()
    rows = await outbox_rows(world)
    assert all(not r.attachment and link not in r.text for r in rows)

    newcomer = world.emu.user(71, first_name="Abdi", language_code="so")
    await newcomer.send_command("start", token)
    question = await newcomer.next_message()
    await newcomer.press(question, text="English")
    welcome = await newcomer.next_message()
    assert "Karin" in welcome["text"]
    assert await count(world, InviteRow) == 1


async def test_participant_cannot_invite(world: World) -> None:
    await world.person(Role.PARTICIPANT, 72, "Ali", locale="en")
    user = world.emu.user(72, first_name="Ali", language_code="en")
    await user.send_command("invite")
    assert "not available" in (await user.next_message())["text"]
