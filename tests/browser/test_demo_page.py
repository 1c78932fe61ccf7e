"""The demo page in a real browser (Debian's Chromium, driven by Playwright; no download).

A newcomer opens the invite and picks Arabic; an Arabic-speaking participant presses
"I am here" under the reminder, sees the pop-up answer, shares a location from the page's
location button and is checked in. Skipped, with the reason, where Chromium is missing
(`.ci/run` installs it).
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio

from bot.demo import Demo, start_demo

CHROMIUM = os.environ.get("STEGVIS_CHROMIUM") or shutil.which("chromium") or ""
ARABIC = re.compile(r"[\u0600-\u06FF]")
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
