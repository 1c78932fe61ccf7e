"""Buttons fit a phone in every language: no dates in labels, at most 24 characters, or 15
when a button shares its row. The labels are collected by clicking through the flows."""

from __future__ import annotations

import pytest

from bot.render import Renderer
from flows.cv.payloads import Answer, CvOf, Go, Open
from flows.cv.questions import NUMBER
from flows.cv_model import Section
from flows.languages import OFFERED
from flows.model import ReportKind, TaskStep
from flows.output import Say
from flows.recruitment.payloads import (
    AddContact,
    Candidate,
    CloseNeed,
    Consent,
    FindCandidates,
    HireAs,
    Industry,
    LogContact,
    NewWorkplace,
    OpenNeed,
    OpenWorkplace,
    Present,
    Size,
    TimeSuits,
    Verdict,
)
from flows.tasks.payloads import (
    AskHelp,
    DueIn,
    OwnHours,
    OwnReport,
    Pick,
    ReportTask,
    Send,
    StepOf,
    WeekOf,
    Whom,
    WriteOwn,
)
from tests.flowclient import Turn
from tests.flows.recruitment_world import recruiting, state_need
from tests.flows.world import AMINA, ERIK, KARIN, World, build

ALONE, SHARED = 24, 15
# Direction isolates and marks, and the zero-width non-joiner of Persian, take no room.
INVISIBLE = dict.fromkeys(map(ord, "\u2066\u2067\u2068\u2069\u200e\u200f\u200c"))


async def tour(locale: str) -> list[Say]:
    """Click through every flow as a participant and a coach; return every message."""
    world = await build(locale)
    client = world.client
    turns: list[Turn] = []
    today = world.today.id
    turns.append(await client.command(AMINA, "language"))
    turns.append(await client.press(AMINA, f"a1:{today}"))
    turns.append(await client.press(AMINA, f"b1:{today}:other"))
    turns.append(await client.text(AMINA, "hello coach, a question about my CV"))
    turns.append(await client.command(AMINA, "attendance"))
    turns.append(await client.press(AMINA, f"d1:{world.yesterday.id}"))
    turns.append(await client.text(AMINA, "I was there"))
    turns.append(await client.command(KARIN, "sessions"))
    turns.append(await client.press(KARIN, f"x1:{world.tomorrow.id}"))
    turns.append(await client.command(KARIN, "invite"))
    for step in ("p1:k:workshop", "p1:r:weekly", "p1:w:1", "p1:h:60"):
        turns.append(await client.press(KARIN, step))
        if step == "p1:k:workshop":
            turns.append(await client.text(KARIN, "CV workshop"))
        if step == "p1:w:1":
            turns.append(await client.text(KARIN, "09:30"))
    turns.append(await client.text(KARIN, "Room 3"))
    turns.append(await client.press(KARIN, "p1:p:done"))
    turns.append(await client.command(KARIN, "activity"))
    client.advance(world.tomorrow.starts_at - client.now - (world.tomorrow.starts_at - client.now))
    turns.append(Turn(await client.tick(), "idle", {}, False))
    turns.extend(await task_tour(world))
    turns.extend(await cv_tour(world))
    turns.extend(await recruitment_tour(locale))
    return [say for turn in turns for say in turn.messages]


async def recruitment_tour(locale: str) -> list[Turn]:
    """Record an employer, log a visit, state a need, present, consent, interview, hire."""
    world, bakery, _ = await recruiting(locale)
    c = world.client
    turns = [await c.command(KARIN, "employers"), await c.press(KARIN, NewWorkplace("new").pack())]
    for typed in ("Nya Bageriet", "5560360793", "Storgatan 1"):
        turns.append(await c.text(KARIN, typed))
    turns.append(await c.press(KARIN, Industry("food").pack()))
    turns.append(await c.press(KARIN, Size("micro").pack()))
    turns.append(await c.press(KARIN, OpenWorkplace(bakery).pack()))
    turns.append(await c.press(KARIN, LogContact(bakery, "visit").pack()))
    turns.append(await c.press(KARIN, AddContact(bakery, "ask").pack()))
    turns.append(await c.command(ERIK, "need"))
    turns.append(await c.text(ERIK, "kock"))
    for press in ("h10:own", "h11:1", "h12:2w", "h13:full", "h14:english", "h14:done", "h15:none"):
        turns.append(await c.press(ERIK, press))
    need = await state_need(world)
    turns.append(await c.press(KARIN, FindCandidates(need.id).pack()))
    turns.append(await c.press(KARIN, Candidate(need.id, world.id(AMINA)).pack()))
    master = await c.ports.cvs.master(world.id(AMINA))
    assert master is not None
    turns.append(await c.press(KARIN, Present(need.id, world.id(AMINA), master.id).pack()))
    [pitch] = await c.ports.recruitment.presentations(need.id)
    turns.append(await c.press(AMINA, Consent(pitch.id, "yes").pack()))
    turns.append(await c.press(ERIK, Verdict(pitch.id, "interview").pack()))
    turns.append(await c.text(ERIK, "25/11 10:00"))
    [invite] = [p for p in turns[-1].payloads(AMINA) if p.startswith(TimeSuits.code + ":")][:1]
    turns.append(await c.press(AMINA, invite.replace(":yes:", ":no:")))
    turns.append(await c.press(ERIK, Verdict(pitch.id, "hire").pack()))
    turns.append(await c.press(ERIK, HireAs(pitch.id, "job").pack()))
    turns.append(await c.press(KARIN, OpenNeed(need.id).pack()))
    turns.append(await c.press(KARIN, CloseNeed(need.id, "ask").pack()))
    return turns


async def cv_tour(world: World) -> list[Turn]:
    """Every kind of CV question, a part with an entry, a copy, and the coach's view."""
    client, amina = world.client, world.id(AMINA)

    def answer(q: str, value: str) -> str:
        return Answer(NUMBER[q], value).pack()

    turns = [await client.command(AMINA, "cv")]
    for step in ("Amina", "0701234567", answer("email", "skip"), "Malmö", "lager"):
        turns.append(await (client.press if step.startswith("k3:") else client.text)(AMINA, step))
    for step in [
        answer("wanted", "own"),
        answer("wanted", "done"),
        "Cleaner",
        "Nobina",
        answer("job_place", "skip"),
        "Sverige",
        "2019",
        answer("job_end", "now"),
        answer("job_tasks", "skip"),
        answer("job_more", "no"),
        "Komvux",
        answer("school_subject", "later"),
        answer("lang_name", "sv"),
        answer("lang_understand", "B1"),
        answer("lang_speak", "B1"),
        answer("lang_write", "A2"),
        answer("lang_more", "no"),
        answer("licences", "B"),
        answer("licences", "done"),
        answer("certificates", "done"),
        answer("skills", "done"),
        "I like people.",
        "Olle",
        "My boss",
        "0701234567",
    ]:
        turns.append(await (client.press if step.startswith("k3:") else client.text)(AMINA, step))
    turns.append(await client.command(AMINA, "cv"))
    turns.append(await client.press(AMINA, Open(Section.JOBS).pack()))
    turns.append(await client.press(AMINA, Go("copies").pack()))
    turns.append(await client.press(AMINA, Go("copy").pack()))
    turns.append(await client.text(AMINA, "Kock"))
    turns.append(await client.press(KARIN, CvOf(amina).pack()))
    return turns


async def task_tour(world: World) -> list[Turn]:
    """Give a task, ask for more time, report it, review it, rate it; the week; an own task."""
    client, amina = world.client, world.id(AMINA)
    turns = [await client.command(KARIN, "assign")]
    for choice in (str(amina), "done"):
        turns.append(await client.press(KARIN, Whom(choice).pack()))
    turns.append(await client.press(KARIN, StepOf(TaskStep.CV).pack()))
    turns.append(await client.press(KARIN, Pick("cv_check").pack()))
    turns.append(await client.press(KARIN, DueIn(3).pack()))
    turns.append(await client.press(KARIN, Send("ok").pack()))
    [task] = await client.ports.tasks.of_participant(amina)
    turns.append(await client.press(AMINA, AskHelp(task.id, "time").pack()))
    turns.append(await client.command(AMINA, "tasks"))
    turns.append(await client.press(AMINA, ReportTask(task.id).pack()))
    turns.append(await client.command(KARIN, "week"))
    turns.append(await client.press(KARIN, WeekOf(amina).pack()))
    turns.append(await client.command(KARIN, "assign"))
    for choice in (str(amina), "done"):
        turns.append(await client.press(KARIN, Whom(choice).pack()))
    turns.append(await client.press(KARIN, WriteOwn().pack()))
    turns.append(await client.text(KARIN, "Call the bus company\nAsk about a monthly card"))
    turns.append(await client.press(KARIN, OwnHours(2).pack()))
    turns.append(await client.press(KARIN, OwnReport(ReportKind.TEXT).pack()))
    turns.append(await client.press(KARIN, DueIn(1).pack()))
    turns.append(await client.press(KARIN, Send("ok").pack()))
    return turns


@pytest.mark.parametrize("locale", OFFERED)
async def test_every_button_label_fits_a_phone(locale: str) -> None:
    renderer = Renderer()
    says = await tour(locale)
    long = []
    seen = set()
    for say in says:
        for row in say.buttons:
            limit = ALONE if len(row) == 1 else SHARED
            for button in row:
                label = renderer.label(button.label, say.locale)
                seen.add(label)
                shown = len(label.translate(INVISIBLE))
                if shown > limit:
                    long.append(f"{label!r} ({shown} > {limit})")
    assert len(seen) > 40, f"the tour saw too few buttons: {sorted(seen)}"
    assert long == [], f"{locale}: " + "; ".join(sorted(set(long)))
