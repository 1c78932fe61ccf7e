"""What the outbox keeps: invite links not at all once sent, health reasons and passed-on
words no longer than their retention (a database dump after the retention job holds none)."""

from __future__ import annotations

import re
import sqlite3
from contextlib import closing
from datetime import timedelta

from tests.e2e.conftest import World
from tests.e2e.test_attendance import START, first_session_id, setup, sql_dump


async def test_the_outbox_forgets_links_health_reasons_and_passed_on_words(world: World) -> None:
    _, _, coach, user = await setup(world)
    world.clock.now = START - timedelta(hours=3)
    sid = await first_session_id(world)

    # An absence for a health reason, with a note.
    await user.send_command("here")
    await user.next_message()
    await user.forge_press(user.last_message, f"a1:{sid}")  # type: ignore[arg-type]
    reasons = await user.next_message()
    await user.press(reasons, text="Other reason")
    await user.next_message()
    await user.send_text("migraine since Sunday")
    await user.next_message()
    alert = await coach.next_message()
    assert "migraine since Sunday" in alert["text"]

    # Words passed on to the coach.
    await user.send_text("Please call me about the warehouse job, my number changed")
    offer = await user.next_message()
    await user.press(offer, text="Send to my coach")
    await user.next_message()
    passed = await coach.next_message()
    assert "warehouse job" in passed["text"]

    # An invite link: gone from the outbox as soon as it is sent.
    await coach.send_command("invite")
    whom = await coach.next_message()
    await coach.press(whom, text="A participant")
    await coach.press(await coach.next_message(), text="English")
    link = await coach.next_message()
    token = re.search(r"start=([A-Za-z0-9_-]+)", link["caption"])
    assert token is not None
    await world.app.sender.settle()
    assert token.group(1) not in sql_dump(world.db_url)

    assert "migraine" in outbox_dump(world), "kept while the retention runs"
    world.clock.now = START + timedelta(days=31)
    await world.app.dispatcher.housekeeping()
    outbox, whole = outbox_dump(world), sql_dump(world.db_url)
    for secret in ("migraine", "warehouse job", token.group(1)):
        assert secret not in outbox, secret
    assert token.group(1) not in whole
    assert "warehouse job" not in whole, "nor in the inbox: payloads go once processed"


def outbox_dump(world: World) -> str:
    """Return every value stored in the outbox table, as text."""
    with closing(sqlite3.connect(world.db_url.split("///", 1)[1])) as conn:
        return repr(conn.execute("SELECT * FROM outbox").fetchall())
