"""Recruitment over the emulator, both runtimes, real SQLite: a coach records an employer and
invites its contact person, who states a need in a few taps; the coach sees the caseload
ranked with reasons; Bilal declines and is never shown; Amina (Arabic) says yes, the employer
gets her CV as a PDF and asks for an interview, both get the time and a reminder, and "hire"
starts an employment with its follow-up plan."""

from __future__ import annotations

import asyncio
import re
import shutil
from datetime import UTC, datetime
from typing import Any

from flows.cv_model import Contact, Cv, Job
from flows.model import Role
from flows.recruitment_model import Pitch, Status
from storage.store import Store
from tests.e2e.conftest import World
from tests.e2e.conftest import run_timers_at as at
from tests.e2e.test_cv import pdf_text

AMINA_CV = Cv(
    contact=Contact(name="Amina Hassan", phone="+46 70 123 45 67", town="Malmö"),
    wanted=("Köksbiträde",),
    jobs=(Job(employer="Café Aleppo", title="Kock", start="2015", end="2020"),),
    licences=("B",),
)
BILAL_CV = Cv(contact=Contact(name="Bilal Ahmadi"), wanted=("Lagerarbetare",))


async def expect(user: Any, fragment: str) -> dict[str, Any]:
    """The next message whose text or caption holds `fragment` (skipping others)."""
    while True:
        message = await user.next_message()
        if fragment in (message.get("text") or message.get("caption") or ""):
            return message


async def offering(user: Any, pattern: str) -> dict[str, Any]:
    """The next message with a button whose data matches `pattern` (skipping others)."""
    while True:
        message = await user.next_message()
        if any(
            re.fullmatch(pattern, b.get("callback_data", ""))
            for row in user.buttons(message)
            for b in row
        ):
            return message


def data(user: Any, message: dict[str, Any], pattern: str) -> str:
    """The callback data of the first button under the message that matches `pattern`."""
    for row in user.buttons(message):
        for button in row:
            if re.fullmatch(pattern, button.get("callback_data", "")):
                return str(button["callback_data"])
    raise LookupError(f"no button {pattern} under {message.get('text', '')[:60]!r}")


async def test_from_a_need_to_a_hire_with_consent_first(world: World) -> None:
    coach = await world.person(Role.COACH, 500, "Karin", locale="en")
    amina_p = await world.person(Role.PARTICIPANT, 42, "Amina", locale="ar", coach=coach)
    bilal_p = await world.person(Role.PARTICIPANT, 43, "Bilal", locale="sv", coach=coach)
    async with world._session() as session, session.begin():
        store = Store(session)
        await store.cvs.create(amina_p.id, "", AMINA_CV, world.clock())
        await store.cvs.create(bilal_p.id, "", BILAL_CV, world.clock())
    karin = world.emu.user(500, "Karin", "en")
    amina = world.emu.user(42, "Amina", "ar")
    bilal = world.emu.user(43, "Bilal", "sv")
    # Karin records the employer; a wrong organisation number is explained first.
    await karin.send_command("employers")
    none = await expect(karin, "No employers")
    await karin.press(none, text="New employer")
    await expect(karin, "name")
    for typed in ("Bageriet Söder AB", "556036-0794"):
        await karin.send_text(typed)
    await expect(karin, "not a valid organisation number")
    for typed in ("556036-0793", "Storgatan 1, Malmö"):
        await karin.send_text(typed)
    industry = await expect(karin, "Which industry?")
    await karin.press(industry, text="Restaurants and hotels")
    size = await expect(karin, "How many work there?")
    await karin.press(size, text="0–9 employees")
    save = await expect(karin, "Save this employer?")
    await karin.press(save, text="Save")
    card = await expect(karin, "Responsible coach: Karin")
    await karin.press(card, text="Add a contact person")
    who = await expect(karin, "Who speaks for")
    await karin.press(who, text="A new contact person")
    await expect(karin, "name")
    await karin.send_text("Erik Berg")
    invite = await expect(karin, "Send this invite to Erik Berg")
    token = re.search(r"start=([A-Za-z0-9_-]+)", invite.get("caption") or invite["text"])
    assert token
    erik = world.emu.user(900, "Erik", "sv")
    await erik.send_command("start", token[1])
    language = await erik.next_message()
    await erik.press(language, callback_data="l1:sv")
    erik.drain()
    # Erik states a need in a few taps (in Swedish).
    await erik.send_command("need")
    await erik.send_text("Köksbiträde")
    patterns = (r"h11:1", r"h12:2w", r"h13:full", r"h14:licence_b", r"h14:done", r"h15:none")
    step = await offering(erik, patterns[0])
    for pattern, after in zip(patterns, (*patterns[1:], r"h16:ok"), strict=True):
        await erik.press(step, callback_data=data(erik, step, pattern))
        if pattern == r"h14:licence_b":
            await erik.next_callback_answer()  # ticked in place
        else:
            step = await offering(erik, after)
    summary = step
    await erik.press(summary, callback_data=data(erik, summary, r"h16:ok"))
    await erik.next_message()
    # Karin sees her caseload ranked, with the reasons.
    told = await expect(karin, "states a new need")
    await karin.press(told, text="Find candidates")
    ranked = await expect(karin, "the best fit first")
    assert ranked["text"].index("Amina") < ranked["text"].index("Bilal")
    assert "wants to work as Köksbiträde" in ranked["text"]
    assert "missing: Driving licence B" in ranked["text"]
    # Bilal is asked and says no.
    await karin.press(ranked, text="2")
    which = await expect(karin, "Which CV of Bilal")
    await karin.press(which, text="Own CV")
    question = await bilal.next_message()
    await bilal.press(question, callback_data=data(bilal, question, r"h21:\d+:no"))
    await expect(karin, "Bilal does not want to be presented")
    # Amina is asked in Arabic and says yes: Erik gets her CV as a PDF.
    await karin.press(ranked, text="1")
    which = await expect(karin, "Which CV of Amina")
    await karin.press(which, text="Own CV")
    question = await amina.next_message()
    assert re.search("[\u0600-\u06ff]", question["text"]), "asked in Arabic"
    await amina.press(question, callback_data=data(amina, question, r"h21:\d+:yes"))
    presented = await expect(erik, "Amina")
    document = await erik.next_message()  # the PDF comes right after the question
    assert document["document"]["file_name"] == "CV Amina.pdf"
    if shutil.which("pdftotext"):
        pdf = world.emu.file_bytes(document["document"]["file_id"])
        layer = await asyncio.to_thread(pdf_text, pdf)
        assert "AminaHassan" in layer, "pdf_text joins the words"
    # Erik asks for an interview on Wednesday at 10; both get the time, then a reminder.
    await erik.press(presented, callback_data=data(erik, presented, r"h22:\d+:interview"))
    await erik.next_message()
    await erik.send_text("25/11 10:00")
    await erik.next_message()
    invited = await offering(amina, r"h23:\d+:yes:\d+")
    assert "Storgatan 1" in invited["text"]
    await expect(karin, "invites Amina to an interview")
    await amina.press(invited, callback_data=data(amina, invited, r"h23:\d+:yes:\d+"))
    await expect(erik, "Amina")
    amina.drain()
    erik.drain()
    await at(world, datetime(2026, 11, 24, 9, 1, tzinfo=UTC))  # 24 hours before
    [reminder] = amina.drain()
    assert "Storgatan 1" in reminder["text"]
    assert len(erik.drain()) == 1
    # Erik hires her from next Monday: an employment with its follow-up plan.
    await erik.press(presented, callback_data=data(erik, presented, r"h22:\d+:hire"))
    how = await erik.next_message()
    await erik.press(how, callback_data=data(erik, how, r"h24:\d+:job"))
    when = await erik.next_message()
    await erik.press(when, callback_data=data(erik, when, r"h25:\d+:monday"))
    await erik.next_message()
    await expect(amina, "")
    await expect(karin, "hires Amina")
    assert all("Bilal" not in (m.get("text") or m.get("caption") or "") for m in erik.messages)
    async with world._session() as session:
        store = Store(session)
        [placement] = await store.placements.of_participant(amina_p.id)
        plan = await store.placements.follow_ups(amina_p.id)
        workplace = await store.recruitment.workplace_of(placement.employer_id)
        assert workplace is not None
        [need] = await store.recruitment.assignments(workplace.id)
        pitches = {
            p.participant_id: p.state for p in await store.recruitment.presentations(need.id)
        }
    assert placement.workplace == "Bageriet Söder AB"
    assert placement.starts_on.isoformat() == "2026-11-30"
    assert plan, "the follow-up plan is made"
    assert need.status is Status.FILLED
    assert pitches == {amina_p.id: Pitch.HIRED, bilal_p.id: Pitch.DECLINED}
