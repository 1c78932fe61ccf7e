"""The demo page in a real browser (Debian's Chromium, driven by Playwright; no download).

A newcomer opens the invite and picks Arabic; an Arabic-speaking participant presses
"I am here" under the reminder, sees the pop-up answer, shares a location from the page's
location button and is checked in. The coach sees the open dispute with its time, sends
/invite from the command menu and taps the invite link it gets, which stays on the page.
On a phone the list of users is shown and leads to each chat and back. Skipped, with the
reason, where Chromium is missing (`.ci/run` installs it).
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import pytest_asyncio

from bot.demo import Demo, start_demo

CHROMIUM = os.environ.get("STEGVIS_CHROMIUM") or shutil.which("chromium") or ""
ARABIC = re.compile(r"[\u0600-\u06FF]")
ETHIOPIC = re.compile(r"[\u1200-\u137F]")
ZONE = "Europe/Stockholm"
TIMEOUT_MS = 15_000

pytestmark = pytest.mark.skipif(
    not CHROMIUM,
    reason="browser test skipped: no Chromium (apt-get install chromium; .ci/run does)",
)


@pytest_asyncio.fixture
async def demo(tmp_path: Path) -> AsyncIterator[Demo]:
    running = await start_demo(tmp_path, "127.0.0.1", 0, "aiogram")
    try:
        yield running
    finally:
        await running.stop()
    assert not running.emulator.violations


@pytest_asyncio.fixture
async def browser() -> AsyncIterator[object]:
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
        try:
            yield launched
        finally:
            await launched.close()


async def test_a_newcomer_picks_arabic_and_a_participant_checks_in_with_a_location(
    demo: Demo, browser: object
) -> None:
    phone = {"width": 390, "height": 780}
    context = await browser.new_context(viewport=phone)  # type: ignore[attr-defined]
    page = await context.new_page()
    page.set_default_timeout(TIMEOUT_MS)

    # A newcomer on a phone: the invite link, then the language buttons.
    await page.goto(f"{demo.url}#user=1010")
    await page.get_by_role("button", name="Open invite link").click()
    await page.get_by_role("button", name="العربية").click()
    welcome = page.locator(".row.bot .bubble").filter(has_text="Jobbtorg Demo")
    await welcome.wait_for()
    assert ARABIC.search(await welcome.inner_text())
    assert await welcome.get_attribute("dir") == "auto"

    # An Arabic participant: the reminder's "I am here", a pop-up, then the location.
    await page.goto(f"{demo.url}#user=1002")
    await page.reload()
    here = page.locator(".keyboard button").filter(has_text="أنا هنا").last
    await here.click()
    popup = page.locator("#popup")
    await popup.wait_for(state="visible")
    assert ARABIC.search(await popup.inner_text()), "the pop-up answer, in Arabic"
    location_button = page.locator("#replykb button.location")
    await location_button.click()
    await page.get_by_role("button", name="At Storgatan 1 (the workshop)").click()
    # The answer takes the location keyboard away and says so, in Arabic.
    await page.locator("#replykb").wait_for(state="hidden")
    shared = page.locator(".row.user .bubble").filter(has_text="location").last
    await shared.wait_for()
    answer = page.locator(".row.bot .bubble").last
    text = await answer.inner_text()
    assert "CV-verkstad" in text
    assert "تم تسجيل حضورك" in text, "checked in (Arabic), not 'too far away'"
    assert await page.locator(".meta").filter(has_text="edited").count() == 0, (
        "taking buttons away is not an edit"
    )
    await context.close()


async def test_the_coach_sends_a_command_from_the_menu_and_an_invite_link_stays_on_the_page(
    demo: Demo, browser: object
) -> None:
    desktop = {"width": 1280, "height": 800}
    context = await browser.new_context(viewport=desktop, timezone_id=ZONE)  # type: ignore[attr-defined]
    page = await context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    await page.goto(f"{demo.url}#user=1001")

    # The open dispute from the demo's history, with the local time it came at.
    dispute = page.locator(".row.bot .bubble").filter(has_text="Amina")
    await dispute.wait_for()
    stamp = dispute.locator("time")
    sent = datetime.fromisoformat(str(await stamp.get_attribute("datetime")))
    assert await stamp.inner_text() == sent.astimezone(ZoneInfo(ZONE)).strftime("%H:%M")

    # The "/" menu lists the coach's commands with their descriptions; a tap sends one.
    await page.get_by_role("button", name="Commands").click()
    items = page.get_by_role("menuitem")
    await items.first.wait_for()
    listed = [" ".join((await item.inner_text()).split()) for item in await items.all()]
    names = [line.split()[0] for line in listed]
    assert {"/invite", "/sessions"} <= set(names), "the coach's chat scope"
    assert "/here" not in names, "not a participant's menu"
    assert all(len(line.split()) > 1 for line in listed), "each with its description"
    await items.filter(has_text="/invite").click()
    await page.locator(".row.user .bubble").filter(has_text="/invite").wait_for()
    assert await page.locator("#commands").is_hidden()

    # The invite link is a link; tapping it sends /start with its token, here on the page.
    await page.get_by_role("button", name="En deltagare").click()
    await page.get_by_role("button", name="Soomaali").click()  # the invitee's language
    link = page.locator(".row.bot .bubble a[href^='https://t.me/stegvis_demo_bot?start=']")
    await link.wait_for()
    token = str(await link.get_attribute("href")).split("start=", 1)[1]
    assert token in await link.inner_text()
    await link.click()
    await page.locator(".row.user .bubble").filter(has_text=f"/start {token}").wait_for()
    assert page.url == f"{demo.url}#user=1001"
    assert len(context.pages) == 1, "no new tab for a link to the bot itself"
    await context.close()


async def test_on_a_phone_the_users_are_listed_and_each_chat_leads_back_to_them(
    demo: Demo, browser: object
) -> None:
    phone = {"width": 390, "height": 844}
    context = await browser.new_context(viewport=phone, timezone_id=ZONE)  # type: ignore[attr-defined]
    page = await context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    await page.goto(demo.url)

    people = page.locator("#users .person")
    await people.first.wait_for()
    assert await people.count() == 9
    for person in await people.all():
        box = await person.bounding_box()
        assert box is not None
        assert box["x"] >= 0, "not off-screen"
        assert box["x"] + box["width"] <= phone["width"], "not off-screen"
        assert box["y"] + box["height"] <= phone["height"]

    await page.get_by_role("button", name="Participant – Amina (ar)").click()
    reminder = page.locator(".row.bot .bubble").filter(has_text="CV-verkstad").first
    await reminder.wait_for()
    assert ARABIC.search(await reminder.inner_text())
    assert await people.first.is_hidden(), "the chat has the whole screen"

    await page.get_by_role("button", name="Users").click()
    await page.get_by_role("button", name="Participant – Dawit (ti)").click()
    await page.locator("#title").filter(has_text="Dawit").wait_for()
    reminder = page.locator(".row.bot .bubble").filter(has_text="CV-verkstad").first
    await reminder.wait_for()
    assert ETHIOPIC.search(await reminder.inner_text()), "Dawit's chat, in Tigrinya"
    assert not ARABIC.search(await page.locator("#chat").inner_text()), "not Amina's"

    # His menu, in his language, fits the screen; /attendance is sent from it.
    await page.get_by_role("button", name="Commands").click()
    command = page.get_by_role("menuitem").filter(has_text="/attendance")
    await command.wait_for()
    assert ETHIOPIC.search(await command.inner_text())
    box = await command.bounding_box()
    assert box is not None
    assert box["x"] + box["width"] <= phone["width"]
    assert box["y"] + box["height"] <= phone["height"]
    await command.click()
    await page.locator(".row.user .bubble").filter(has_text="/attendance").wait_for()
    await context.close()


async def test_links_in_a_message_open_in_a_new_tab_and_its_text_is_never_markup(
    demo: Demo, browser: object
) -> None:
    text = (
        'Read https://example.org/guide. Or <a href="https://example.org/x">this one</a>, '
        'not <a href="javascript:alert(1)">that</a> &lt;img src=x onerror=alert(1)&gt;; '
        "then /help, or the invite https://t.me/stegvis_demo_bot?start=abc_123."
    )
    sent = await demo.emulator.execute(
        "sendMessage", {"chat_id": 1099, "text": text, "parse_mode": "HTML"}
    )
    assert sent.status == 200
    context = await browser.new_context()  # type: ignore[attr-defined]
    page = await context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    await page.goto(f"{demo.url}#user=1099")
    bubble = page.locator(".row.bot .bubble").filter(has_text="example.org")
    await bubble.wait_for()

    links = bubble.locator("a")
    found = [
        (await a.inner_text(), await a.get_attribute("href"), await a.get_attribute("target"))
        for a in await links.all()
    ]
    assert found == [
        ("https://example.org/guide", "https://example.org/guide", "_blank"),
        ("this one", "https://example.org/x", "_blank"),
        ("/help", "#", None),
        (
            "https://t.me/stegvis_demo_bot?start=abc_123",
            "https://t.me/stegvis_demo_bot?start=abc_123",
            None,
        ),
    ], "the text before the full stop is the link; javascript: is no link"
    assert "<img src=x onerror=alert(1)>" in await bubble.inner_text()
    assert await page.locator("#chat img").count() == 0
    await links.filter(has_text="t.me").click()
    await page.locator(".row.user .bubble").filter(has_text="/start abc_123").wait_for()
    assert len(context.pages) == 1
    await context.close()
