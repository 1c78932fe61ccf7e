"""The CV over the emulator, both runtimes, real SQLite: a whole walk in Swedish and in
Arabic, a part skipped and taken up again after an unrelated command and a restart, an entry
edited, the PDF and the Word file, and a copy for one job that leaves the CV as it was."""

from __future__ import annotations

import io
import shutil
import subprocess
from typing import Any

import docx
import pytest

from flows.cv.questions import NUMBER
from flows.model import Role
from tests.e2e.conftest import World

# Direction marks poppler puts around right-to-left runs.
MARKS = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u2066\u2067\u2068\u2069"))
ANSWERS = {
    "sv": {
        "name": "Amina Hassan",
        "phone": "070-123 45 67",
        "town": "Malmö",
        "wanted": "Kock",
        "title": "Lokalvårdare",
        "employer": "Nobina",
        "country": "Syrien",
        "start": "mars 2019",
        "end": "2021",
        "tasks": "Städade bussar på natten.",
        "new_title": "Bussvårdare",
        "school": "Komvux Malmö",
    },
    "ar": {
        "name": "أمينة حسن",
        "phone": "٠٧٠١٢٣٤٥٦٧",
        "town": "مالمو",
        "wanted": "طباخة",
        "title": "عاملة نظافة",
        "employer": "Nobina",
        "country": "سوريا",
        "start": "مارس ٢٠١٩",
        "end": "٢٠٢١",
        "tasks": "تنظيف الحافلات في الليل.",
        "new_title": "عاملة تنظيف حافلات",
        "school": "مدرسة حلب الثانوية",
    },
}


def answer_button(user: Any, message: dict[str, Any], q: str, value: str) -> str:
    """The callback data of the button answering question `q` with `value`."""
    data = f"k3:{NUMBER[q]}:{value}"
    found = [b["callback_data"] for r in user.buttons(message) for b in r]
    assert data in found, f"no button {data} under {message.get('text', '')[:60]!r}: {found}"
    return data


def code_button(user: Any, message: dict[str, Any], prefix: str) -> str:
    """The callback data of the first button whose data starts with `prefix`."""
    return next(
        b["callback_data"]
        for r in user.buttons(message)
        for b in r
        if b["callback_data"].startswith(prefix)
    )


async def say(user: Any, text: str) -> dict[str, Any]:
    await user.send_text(text)
    return await user.next_message()


async def tap(user: Any, message: dict[str, Any], q: str, value: str) -> dict[str, Any]:
    await user.press(message, callback_data=answer_button(user, message, q, value))
    return await user.next_message()


def pdf_text(data: bytes) -> str:
    done = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=data, capture_output=True, check=True
    )
    return "".join(done.stdout.decode().translate(MARKS).split())


def docx_text(data: bytes) -> str:
    return "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)


@pytest.mark.parametrize("locale", ["sv", "ar"])
async def test_a_whole_cv_in_chat_resumes_after_a_restart_and_exports(
    world: World, locale: str
) -> None:
    a = ANSWERS[locale]
    await world.person(Role.PARTICIPANT, 42, "Amina", locale=locale)
    amina = world.emu.user(42, "Amina", locale)
    await amina.send_command("cv")
    q = await amina.next_message()
    q = await say(amina, a["name"])
    q = await say(amina, a["phone"])
    q = await tap(amina, q, "email", "skip")
    q = await say(amina, a["town"])
    q = await say(amina, a["wanted"])
    q = await tap(amina, q, "wanted", "done")
    for key in ("title", "employer"):
        q = await say(amina, a[key])
    q = await tap(amina, q, "job_place", "skip")
    for key in ("country", "start", "end", "tasks"):
        q = await say(amina, a[key])
    q = await tap(amina, q, "job_more", "no")
    # Education is left for later; an unrelated command and a restart come in between.
    q = await tap(amina, q, "school_name", "later")
    assert answer_button(amina, q, "lang_name", "sv")
    await amina.send_command("attendance")
    await amina.next_message()
    await world.restart()
    await amina.send_command("cv")
    home = await amina.next_message()
    await amina.press(home, callback_data="k1:walk")
    q = await amina.next_message()
    assert answer_button(amina, q, "lang_name", "sv"), "the walk goes on where it stopped"
    q = await tap(amina, q, "lang_name", "sv")
    for skill in ("understand", "speak", "write"):
        q = await tap(amina, q, f"lang_{skill}", "A2")
    q = await tap(amina, q, "lang_more", "no")
    await amina.press(q, callback_data=answer_button(amina, q, "licences", "B"))
    while (await amina.next_edit())["message_id"] != q["message_id"]:
        pass  # earlier questions losing their buttons
    assert any(b["text"] == "✓ B" for r in amina.buttons(q) for b in r)
    q = await tap(amina, q, "licences", "done")
    for part in ("certificates", "skills"):
        q = await tap(amina, q, part, "later")
    q = await say(amina, "Jag gillar att laga mat." if locale == "sv" else "أحب الطبخ.")
    q = await tap(amina, q, "ref_name", "later")
    # The walk is over; the skipped education comes back first.
    await amina.press(q, callback_data="k1:walk")
    q = await amina.next_message()
    assert answer_button(amina, q, "school_name", "later")
    q = await say(amina, a["school"])
    q = await tap(amina, q, "school_subject", "sfid")
    for name in ("school_country", "school_start", "school_end"):
        q = await tap(amina, q, name, "skip")
    home = await tap(amina, q, "school_more", "no")
    # Edit the job title.
    await amina.press(home, callback_data="k2:jobs")
    jobs = await amina.next_message()
    assert a["title"] in jobs["text"]
    await amina.press(jobs, callback_data="k4:jobs:0:edit")
    q = await amina.next_message()
    q = await say(amina, a["new_title"])
    q = await tap(amina, q, "job_employer", "keep")
    q = await tap(amina, q, "job_place", "skip")  # empty before: nothing to keep
    for name in ("job_country", "job_start", "job_end"):
        q = await tap(amina, q, name, "keep")
    jobs = await tap(amina, q, "job_tasks", "keep")
    assert a["new_title"] in jobs["text"]
    # Both documents, in the participant's language.
    await amina.press(jobs, callback_data="k1:home")
    home = await amina.next_message()
    await amina.press(home, callback_data="k1:pdf")
    pdf, word = await amina.wait_messages(2)
    assert pdf["document"]["file_name"].endswith(".pdf")
    assert word["document"]["file_name"].endswith(".docx")
    pdf_bytes = world.emu.file_bytes(pdf["document"]["file_id"])
    word_text = docx_text(world.emu.file_bytes(word["document"]["file_id"]))
    layer = pdf_text(pdf_bytes) if shutil.which("pdftotext") else ""
    for typed in (a["name"], a["new_title"], a["school"]):
        assert typed in word_text
        # pdftotext puts a long right-to-left line's last word in a block of its own when
        # the line below is short; every word is there, each in logical order.
        assert not layer or all(word in layer for word in typed.split())
    assert not layer or "".join(a["name"].split()) in layer
    # A copy for one job, without the job: the CV keeps it.
    await amina.press(home, callback_data="k1:copies")
    copies = await amina.next_message()
    await amina.press(copies, callback_data="k1:copy")
    await amina.next_message()
    copy = await say(amina, "Kock på Tre Sjöar")
    await amina.press(copy, callback_data=code_button(amina, copy, "k7:"))
    copy = await amina.next_message()
    assert a["new_title"] not in copy["text"]
    await amina.press(
        copy, callback_data=code_button(amina, copy, "k6:").rsplit(":", 1)[0] + ":get"
    )
    _, copy_word = await amina.wait_messages(2)
    assert a["new_title"] not in docx_text(world.emu.file_bytes(copy_word["document"]["file_id"]))
    await amina.send_command("cv")
    home = await amina.next_message()
    await amina.press(home, callback_data="k2:jobs")
    assert a["new_title"] in (await amina.next_message())["text"], "the CV is as it was"
