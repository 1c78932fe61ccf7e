"""A flow's `Say.attachment` reaches the person as a document, on both runtimes."""

from __future__ import annotations

from flows.model import Role
from flows.output import Attachment, Say
from flows.text import Verbatim, msg
from storage.store import Store
from tests.e2e.conftest import World

PDF = b"%PDF-1.4 a small test file"


async def send(world: World, say: Say) -> None:
    core = world.app.core
    assert core is not None
    async with world._session() as session, session.begin():
        rows = await core.enqueue(Store(session), (say,), world.clock())
    await core.sender.deliver(rows)


async def test_a_short_text_becomes_the_caption_of_the_document(world: World) -> None:
    await world.person(Role.PARTICIPANT, 42, "Amina", locale="en")
    user = world.emu.user(42, "Amina", "en")
    doc = Attachment("cv.pdf", PDF, "application/pdf")
    await send(world, Say(42, "en", (msg("{words}", words=Verbatim("Your CV")),), attachment=doc))
    message = await user.next_message()
    assert message["document"]["file_name"] == "cv.pdf"
    assert message["caption"] == "Your CV"


async def test_a_long_text_goes_first_and_the_document_after_it(world: World) -> None:
    await world.person(Role.PARTICIPANT, 42, "Amina", locale="en")
    user = world.emu.user(42, "Amina", "en")
    long = "word " * 300
    doc = Attachment("plan.pdf", PDF, "application/pdf")
    await send(world, Say(42, "en", (msg("{words}", words=Verbatim(long)),), attachment=doc))
    text, document = await user.wait_messages(2)
    assert text["text"] == long
    assert document["document"]["file_name"] == "plan.pdf"
    assert world.emu.file_bytes(document["document"]["file_id"]) == PDF
