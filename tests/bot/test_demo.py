"""`stegvis demo`: the page is served, a newcomer can redeem the invite and pick Arabic, and
the demo starts with two weeks of attendance history that only the coach hears about."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from sqlalchemy import select

from bot.demo import HISTORY_DAYS, start_demo
from flows.model import DisputeStatus, Presence
from storage.attendance import SqlAttendance
from storage.cvs import SqlCvs
from storage.db import make_engine, session_factory, sqlite_url
from storage.models import OutboxMessageRow
from storage.paths import SqlPaths
from storage.people import SqlPeople
from storage.recruitment import SqlRecruitment

ARABIC = re.compile(r"[\u0600-\u06FF]")


async def chat(
    http: aiohttp.ClientSession, url: str, user: int, after: int, skip: int | None = None
) -> list[Any]:
    """Long-poll the chat API, as the page does, until a new bot message (not `skip`) shows."""
    for _ in range(5):
        async with http.get(f"{url}_emulator/api/chat/{user}", params={"after": after}) as r:
            body = await r.json()
        bot = [e for e in body["entries"] if e["from"] == "bot" and e["message_id"] != skip]
        if bot:
            return bot
        after = body["last_seq"]
    raise AssertionError("the bot did not answer on the demo page")


async def test_demo_page_lets_a_newcomer_redeem_the_invite_and_pick_arabic(
    tmp_path: Path,
) -> None:
    demo = await start_demo(tmp_path, "127.0.0.1", 0, "aiogram")
    try:
        async with aiohttp.ClientSession() as http:
            async with http.get(demo.url) as page:
                assert page.status == 200
                assert "Stegvis" in await page.text()
            async with http.get(f"{demo.url}_emulator/api/users") as r:
                users = {u["id"]: u for u in await r.json()}
            newcomer = users[1010]
            assert newcomer["start_payload"] == demo.token
            assert {u["language_code"] for u in users.values()} >= {"ar", "ti", "uk", "so"}

            send = {"text": f"/start {newcomer['start_payload']}"}
            async with http.post(f"{demo.url}_emulator/api/chat/1010/send", json=send) as r:
                assert r.status == 200
            [question] = await chat(http, demo.url, 1010, 0)
            codes = [b["callback_data"] for row in question["buttons"] for b in row]
            assert "l1:ar" in codes
            press = {"message_id": question["message_id"], "callback_data": "l1:ar"}
            async with http.post(f"{demo.url}_emulator/api/chat/1010/press", json=press) as r:
                assert r.status == 200
            welcome = await chat(http, demo.url, 1010, question["seq"], question["message_id"])
            assert ARABIC.search(welcome[0]["text"])
            assert "Jobbtorg Demo" in welcome[0]["text"]
            assert "Karin" in welcome[0]["text"]
    finally:
        await demo.stop()
    assert not demo.emulator.violations


async def test_a_second_demo_on_a_busy_port_fails_and_leaves_the_first_alone(
    tmp_path: Path,
) -> None:
    first = await start_demo(tmp_path, "127.0.0.1", 0, "aiogram")
    try:
        db_file = tmp_path / "demo.sqlite3"
        before = db_file.read_bytes()
        port = int(first.url.rstrip("/").rsplit(":", 1)[1])
        with pytest.raises(OSError, match="in use"):
            await start_demo(tmp_path, "127.0.0.1", port, "aiogram")
        assert db_file.read_bytes() == before, "the running demo's data is untouched"
        async with aiohttp.ClientSession() as http, http.get(first.url) as page:
            assert page.status == 200
    finally:
        await first.stop()


async def entries_of(http: aiohttp.ClientSession, url: str, user: int, count: int) -> list[Any]:
    """Long-poll a chat until it holds `count` bot messages; return them."""
    after, found = 0, []
    for _ in range(5):
        async with http.get(f"{url}_emulator/api/chat/{user}", params={"after": after}) as r:
            body = await r.json()
        found += [e for e in body["entries"] if e["from"] == "bot"]
        after = body["last_seq"]
        if len(found) >= count:
            return found
    raise AssertionError(f"chat {user} got {len(found)} of {count} messages")


async def test_the_demo_starts_with_two_weeks_of_closed_sessions_and_one_open_dispute(
    tmp_path: Path,
) -> None:
    demo = await start_demo(tmp_path, "127.0.0.1", 0, "aiogram")
    now = datetime.now(UTC)
    engine = make_engine(sqlite_url(tmp_path / "demo.sqlite3"))
    try:
        async with session_factory(engine)() as session:
            attendance, people = SqlAttendance(session), SqlPeople(session)
            past = [
                s
                for s in await attendance.sessions_between(
                    now - timedelta(days=HISTORY_DAYS + 1), now
                )
                if s.ends_at <= now
            ]
            assert len(past) >= 6, "two weeks of weekday sessions, holidays skipped"
            assert all(s.closed for s in past), "no reminder or no-show for the past"
            records = [r for s in past for r in await attendance.records(s.id)]
            assert len(records) == 4 * len(past), "every participant, every past session"
            statuses = {r.status for r in records}
            assert statuses >= {Presence.PRESENT, Presence.LATE, Presence.UNREPORTED}
            reasons = {r.category for r in records if r.status is Presence.NOTIFIED_ABSENCE}
            assert "sick_child" in reasons
            [unconfirmed] = [r for r in records if not r.verified]
            assert unconfirmed.status is Presence.PRESENT
            amina = await people.by_telegram_user(1002)
            assert amina is not None
            disputes = [await attendance.dispute_for(s.id, amina.id) for s in past]
            [dispute] = [d for d in disputes if d is not None]
            assert dispute.status is DisputeStatus.OPEN
            assert dispute.created_at <= now
            cv = await SqlCvs(session).master(amina.id)
            assert cv is not None, "Amina has begun her CV"
            assert cv.cv.contact.name == "أمينة حسن"
            assert [j.title for j in cv.cv.jobs] == ["طباخة"]
            assert cv.walk["q"] == "school_name", "the walk waits at the next part"
            [plan] = await SqlPaths(session).plans(amina.id)
            assert plan.steps[0] == "Jobbklubben, varje vardag 09:00"
            assert plan.confirmed_at is None, "hers to read and agree to"
            erik = await people.by_telegram_user(1006)
            assert erik is not None
            bakery = await SqlRecruitment(session).workplace_of(erik.id)
            assert bakery is not None, "the bakery is an employer with Erik as its contact"
            [need] = await SqlRecruitment(session).assignments(bakery.id)
            assert (need.occupation, need.must_haves) == ("Köksbiträde", ("swedish_a2",))
    finally:
        await engine.dispose()
        await demo.stop()
    assert not demo.emulator.violations


async def test_at_start_only_the_coach_hears_of_the_past_with_buttons_to_decide(
    tmp_path: Path,
) -> None:
    demo = await start_demo(tmp_path, "127.0.0.1", 0, "aiogram")
    engine = make_engine(sqlite_url(tmp_path / "demo.sqlite3"))
    try:
        async with aiohttp.ClientSession() as http:
            verify, dispute, report, need = await entries_of(http, demo.url, 1001, 4)
            assert "Olena" in verify["text"]
            assert len(verify["buttons"]) == 2, "confirm or not"
            assert "Amina" in dispute["text"]
            assert "incheckningen" in dispute["text"], "her comment"
            assert len(dispute["buttons"]) == 4, "present, late, absent with a reason, unchanged"
            assert "Amina" in report["text"]
            assert "حلب" in report["text"], "her report, as she wrote it"
            assert len(report["buttons"][0]) == 2, "approve or send back, in one row"
            assert "Erik" in need["text"]
            assert "Köksbiträde" in need["text"], "Erik's new need"
            assert len(need["buttons"]) == 1, "find candidates"
            # The first minute's work is done once every participant has the workshop's
            # reminder: its no-shows, had there been any, were queued in the same commit.
            # Each also has the task the coach gave them, in their language.
            for user in (1002, 1003, 1004, 1005):
                got = await entries_of(http, demo.url, user, 2)
                assert any("CV-verkstad" in e["text"] for e in got)
                assert any("Karin" in e["text"] for e in got), "the task, from Karin"
            async with http.get(f"{demo.url}_emulator/api/chat/1001/commands") as r:
                menu = [c["command"] for c in await r.json()]
            assert "sessions" in menu, "the coach's own menu, as after redeeming an invite"
        async with session_factory(engine)() as session:
            keys = (await session.scalars(select(OutboxMessageRow.key))).all()
            attendance = SqlAttendance(session)
            for key in keys:
                if key is None:
                    continue  # the coach's four messages
                kind, session_id, *_ = key.split(":")
                if kind == "task":
                    continue  # the task each participant was given
                if kind == "fu":
                    continue  # the placement's day-3 questions to Erik and Olena
                if kind in ("digest", "nudge"):
                    continue  # Karin's morning digest (the demo makes it at start)
                assert kind == "rem", f"nothing but reminders is queued: {key}"
                found = await attendance.session(int(session_id))
                assert found is not None
                assert found.starts_at > datetime.now(UTC), "reminders only for what is ahead"
    finally:
        await engine.dispose()
        await demo.stop()
    assert not demo.emulator.violations
