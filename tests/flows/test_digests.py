"""Summaries as coaches and managers meet them: the morning digest, the weekly summary, the
caseload, the profile card, notes, hand-overs, quiet hours and lost contact."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from flows.digests.facts import Rules, daily, weekly
from flows.digests.payloads import (
    ContactMe,
    HandAllTo,
    HandOver,
    HandTo,
    History,
    Page,
    Priority,
    Profile,
    Quiet,
    SetGender,
    WeekCsv,
    Workday,
    WriteNote,
)
from flows.model import ReportKind, Role, Task, TaskState, TaskStep
from flows.output import ReportSheet, WeekSheet
from tests.fakes.access import FakeAccess
from tests.flowclient import NOW, text_of
from tests.flows.test_visibility_property import USERS, buttons, play
from tests.flows.world import (
    AMINA,
    BERIT,
    BILAL,
    CECILIA,
    KARIN,
    MARIA,
    NOT_ALLOWED,
    OLLE,
    STALE,
    World,
    build,
)

MORNING = datetime(2026, 11, 23, 5, 31, tzinfo=UTC)  # Monday 06:31 in Stockholm


def seen(world: World, user: int, at: datetime) -> None:
    """Say the person last wrote at `at` (the runtime keeps this; the fakes do not)."""
    db = world.client.db
    person = db.people[world.id(user)]
    db.people[person.id] = dataclasses.replace(person, last_seen_at=at)


def recent(world: World) -> None:
    for user in (AMINA, BILAL, CECILIA):
        seen(world, user, MORNING - timedelta(days=1))


async def morning(world: World, at: datetime = MORNING):  # type: ignore[no-untyped-def]
    world.client.now = at
    return await world.client.tick(name="digests.morning")


async def test_the_morning_digest_lists_today_and_what_needs_the_coach_once() -> None:
    world = await build()
    recent(world)
    outcome = await morning(world)
    [digest] = [
        m for m in outcome.messages if m.key == f"digest:daily:{world.id(KARIN)}:2026-11-23"
    ]
    text = text_of(digest)
    assert text.startswith("Good morning, Karin.")
    assert "Job club – expected: Amina, Bilal" in text
    # Sunday's session is since Friday (Karin's previous working day): Amina never came.
    assert "1. Amina did not come to Job club" in text
    assert [b.payload for row in digest.buttons for b in row] == [Profile(world.id(AMINA)).pack()]
    assert (await morning(world, MORNING + timedelta(minutes=5))).messages == ()


async def test_before_the_digest_time_nothing_is_made() -> None:
    world = await build()
    assert (await morning(world, MORNING - timedelta(minutes=2))).messages == ()


async def test_monday_brings_the_week_with_chart_pdf_and_the_managers_report() -> None:
    world = await build()
    recent(world)
    outcome = await morning(world)
    karin = [m for m in outcome.messages if m.chat_id == KARIN]
    sheets = [m.printable for m in karin if isinstance(m.printable, WeekSheet)]
    assert [s.format for s in sheets] == ["png", "pdf"]
    assert [r.name for r in sheets[0].rows] == ["Amina", "Bilal"]
    reports = [m.printable for m in outcome.messages if m.chat_id == MARIA]
    assert [type(r).__name__ for r in reports] == ["NoneType", "ReportSheet", "ReportSheet"]
    report = reports[1]
    assert isinstance(report, ReportSheet)
    assert report.report.participants == 3
    assert report.report.first == date(2026, 11, 16)


async def test_the_weekly_csv_comes_on_request_and_old_or_forged_weeks_are_stale() -> None:
    world = await build()
    c = world.client
    monday = date(2026, 11, 16).toordinal()
    turn = await c.press(KARIN, WeekCsv(monday).pack())
    [said] = turn.to(KARIN)
    assert isinstance(said.printable, WeekSheet)
    assert said.printable.format == "csv"
    for forged in (f"g9:{monday + 1}", "g9:" + "9" * 40, "g9:١٢٣", "g9:1"):
        assert (await c.press(KARIN, forged)).texts(KARIN) == [STALE]
    assert (await c.press(AMINA, WeekCsv(monday).pack())).texts(AMINA) == [NOT_ALLOWED]


async def test_the_profile_card_is_for_staff_who_may_see_the_participant_and_is_audited() -> None:
    world = await build()
    c = world.client
    amina = world.id(AMINA)
    [card] = (await c.press(KARIN, Profile(amina).pack())).texts(KARIN)
    assert card.startswith("Amina · coach Karin since")
    assert "Last 4 weeks: present 0 times, absent 1 times." in card
    access = c.ports.access
    assert isinstance(access, FakeAccess)
    assert [(r[0], r[1], r[2]) for r in access.reads] == [(world.id(KARIN), amina, "digests:g1")]
    assert (await c.press(MARIA, Profile(amina).pack())).texts(MARIA)[0].startswith("Amina")
    for user in (OLLE, BERIT, BILAL):
        assert (await c.press(user, Profile(amina).pack())).texts(user) == [NOT_ALLOWED]
    for forged in ("g1:" + "1" * 40, "g1:٤٢", f"g1:{world.id(KARIN)}", "g1:99999"):
        assert (await c.press(KARIN, forged)).texts(KARIN) == [STALE]
    history = (await c.press(KARIN, History(amina).pack())).texts(KARIN)[0]
    assert "History of Amina:" in history
    assert "absent, not reported" in history


async def test_a_note_is_kept_as_written_and_leaving_saves_nothing() -> None:
    world = await build()
    c = world.client
    amina = world.id(AMINA)
    await c.press(KARIN, WriteNote(amina).pack())
    assert c.state(KARIN) == "digests.note"
    words = "Ringde: hon börjar SFI på måndag. <b>viktigt</b>"
    saved = await c.text(KARIN, words)
    assert saved.texts(KARIN) == ["Note saved."]
    [card] = (await c.press(KARIN, Profile(amina).pack())).texts(KARIN)
    assert "Karin: Ringde: hon börjar SFI på måndag. &lt;b&gt;viktigt&lt;/b&gt;" in card
    [note] = await c.ports.summaries.notes(amina)
    assert note.text == words
    await c.press(KARIN, WriteNote(amina).pack())
    assert (await c.command(KARIN, "cancel")).texts(KARIN)[0] == "The note was not saved."
    assert len(await c.ports.summaries.notes(amina)) == 1


async def test_a_hand_over_tells_everyone_and_the_old_coach_is_refused_after() -> None:
    world = await build()
    c = world.client
    amina, olle = world.id(AMINA), world.id(OLLE)
    offer = await c.press(KARIN, HandOver(amina).pack())
    assert HandTo(amina, olle).pack() in offer.payloads(KARIN)
    done = await c.press(KARIN, HandTo(amina, olle).pack())
    assert done.texts(KARIN) == ["1 participant handed over from Karin to Olle: Amina."]
    assert done.texts(OLLE) == ["1 participant handed over from Karin to Olle: Amina."]
    assert done.texts(AMINA)[0].startswith("From now on your coach is Olle.")
    assert (await c.ports.people.coach_of(amina)).id == olle  # type: ignore[union-attr]
    assert (await c.press(KARIN, Profile(amina).pack())).texts(KARIN) == [NOT_ALLOWED]
    assert (await c.press(KARIN, HandTo(amina, world.id(KARIN)).pack())).texts(KARIN) == [
        NOT_ALLOWED
    ]
    # Another unit's coach is no target, even forged by Olle, who now may.
    forged = await c.press(OLLE, HandTo(amina, world.id(BERIT)).pack())
    assert forged.texts(OLLE) == [NOT_ALLOWED]


async def test_handing_over_a_whole_caseload_asks_once_more_and_moves_open_tasks() -> None:
    world = await build()
    c = world.client
    karin, olle, bilal = world.id(KARIN), world.id(OLLE), world.id(BILAL)
    task = await c.ports.tasks.create(
        Task(
            0,
            bilal,
            karin,
            "cv_first",
            TaskStep.CV,
            "",
            "",
            None,
            2,
            ReportKind.DONE,
            date(2026, 11, 30),
            TaskState.ASSIGNED,
            NOW,
        )
    )
    offered = await c.command(KARIN, "handover")
    assert (
        "Hand your whole caseload (2 participants) over to which coach?" in offered.texts(KARIN)[0]
    )
    asked = await c.press(KARIN, HandAllTo(olle, "ask").pack())
    assert asked.texts(KARIN)[0].startswith("Hand 2 participants over to Olle?")
    assert [p.id for p in await c.ports.people.caseload(karin)] != []
    done = await c.press(KARIN, HandAllTo(olle, "yes").pack())
    assert "2 participants handed over from Karin to Olle" in done.texts(KARIN)[0]
    assert await c.ports.people.caseload(karin) == []
    assert (await c.ports.tasks.get(task.id)).coach_id == olle  # type: ignore[union-attr]
    again = await c.press(KARIN, HandAllTo(olle, "yes").pack())
    assert again.texts(KARIN) == ["Your caseload is empty: there is nobody to hand over."]


async def test_the_new_coach_gets_the_participant_in_the_next_morning_digest() -> None:
    world = await build()
    c = world.client
    recent(world)
    c.now = MORNING - timedelta(days=1)
    await c.press(KARIN, HandTo(world.id(AMINA), world.id(OLLE)).pack())
    outcome = await morning(world)
    daily = {
        m.chat_id: text_of(m) for m in outcome.messages if (m.key or "").startswith("digest:daily")
    }
    assert "Amina did not come to Job club" in daily[OLLE]
    assert "Amina" not in daily[KARIN].split("Needs you:")[-1]


async def test_the_caseload_filters_and_pages() -> None:
    world = await build()
    c = world.client
    recent(world)
    for n in range(23):
        person = c.person(
            Role.PARTICIPANT, 2000 + n, f"P{n:02d}", "en", world.people[KARIN].unit_id
        )
        c.db.assign_caseload(world.id(KARIN), person.id, NOW - timedelta(days=3))
    first = await c.command(KARIN, "caseload")
    [text] = first.texts(KARIN)
    assert text.startswith("25 participants · All · page 1 of 3")
    assert Page("all", 1).pack() in first.payloads(KARIN)
    third = (await c.press(KARIN, Page("all", 2).pack())).texts(KARIN)[0]
    assert third.startswith("25 participants · All · page 3 of 3\n\n21. P18 – new")
    new = (await c.press(KARIN, Page("new", 0).pack())).texts(KARIN)[0]
    assert new.startswith("23 participants · New")
    attention = (await c.press(KARIN, Page("attention", 0).pack())).texts(KARIN)[0]
    assert "Amina – needs attention" in attention
    assert (await c.press(KARIN, "g2:all:" + "9" * 40)).texts(KARIN) == [STALE]
    assert (await c.press(KARIN, "g2:everyone:0")).texts(KARIN) == [STALE]
    manager = (await c.command(MARIA, "caseload")).texts(MARIA)[0]
    assert "coach: Olle" in manager
    assert (await c.command(AMINA, "caseload")).texts(AMINA) == [NOT_ALLOWED]


async def test_quiet_hours_hold_urgent_alerts_until_the_morning() -> None:
    world = await build()
    c = world.client
    await c.command(KARIN, "quiet")
    await c.press(KARIN, Quiet("18").pack())
    karin = c.db.people[world.id(KARIN)]
    assert karin.settings == {"quiet": ["18:00", "07:00"]}
    c.now = datetime(2026, 11, 23, 19, 0, tzinfo=UTC)  # 20:00 in Stockholm
    await c.text(AMINA, "Jag är sjuk idag och kan inte komma.")
    sent = await c.press(AMINA, "m1:send")
    [alert] = sent.to(KARIN)
    assert alert.alert
    assert alert.due_at == datetime(2026, 11, 24, 6, 0, tzinfo=UTC), "07:00 in Stockholm"


async def test_working_days_decide_the_digest_and_one_day_stays() -> None:
    world = await build()
    c = world.client
    recent(world)
    for day in (1, 2, 3, 4):  # untick Tuesday to Friday: Monday only
        await c.press(KARIN, Workday(day).pack())
    assert c.db.people[world.id(KARIN)].settings == {"days": [0]}
    last = await c.press(KARIN, Workday(0).pack())
    assert last.outcome.toast is not None
    assert last.outcome.toast.msgid == "Keep at least one working day."
    tuesday = await morning(world, MORNING + timedelta(days=1))
    assert [m for m in tuesday.messages if m.chat_id == KARIN] == []
    assert (await c.press(KARIN, "g8:7")).texts(KARIN) == [STALE]


async def test_silent_participants_get_a_nudge_then_the_coach_a_line() -> None:
    world = await build()
    c = world.client
    recent(world)
    seen(world, AMINA, MORNING - timedelta(days=8))
    seen(world, BILAL, MORNING - timedelta(days=15))
    outcome = await morning(world)
    nudges = [m for m in outcome.messages if (m.key or "").startswith("nudge:")]
    assert [m.chat_id for m in nudges] == [AMINA]
    assert ContactMe().pack() in [b.payload for row in nudges[0].buttons for b in row]
    [digest] = [
        m
        for m in outcome.messages
        if (m.key or "").startswith("digest:daily") and m.chat_id == KARIN
    ]
    assert "Bilal: no word for 15 days." in text_of(digest)
    asked = await c.press(AMINA, ContactMe().pack())
    assert asked.texts(AMINA) == ["Thank you. Karin will get in touch with you."]
    [alert] = asked.to(KARIN)
    assert alert.alert
    assert text_of(alert) == "Amina asks you to get in touch."


async def test_gender_and_priority_group_are_recorded_for_the_unit_figures() -> None:
    world = await build()
    c = world.client
    amina = world.id(AMINA)
    await c.press(KARIN, SetGender(amina, "woman").pack())
    await c.press(KARIN, Priority(amina).pack())
    person = c.db.people[amina]
    assert (person.gender, person.priority_group) == ("woman", True)
    assert (await c.press(MARIA, Priority(amina).pack())).texts(MARIA) == [NOT_ALLOWED]
    assert (await c.press(KARIN, f"g10:{amina}:female")).texts(KARIN) == [STALE]


async def test_every_summary_button_pressed_by_anyone_tells_only_those_who_may_see() -> None:
    """Exhaustive where the property test samples: each summaries button (real, forged, other
    people's ids) pressed by each person of both units, each in a fresh world."""
    world = await build()
    pool = buttons(world)
    mine = [i for i, data in enumerate(pool) if data.startswith("g")]
    assert len(mine) > 40
    for user in USERS:
        for index in mine:
            await play([(user, "press", index)])


async def test_the_digest_waits_for_the_end_of_the_coachs_quiet_hours() -> None:
    world = await build()
    recent(world)
    await world.client.press(KARIN, Quiet("20").pack())  # 20:00 to 07:00
    outcome = await morning(world)
    [digest] = [
        m for m in outcome.messages if m.key == f"digest:daily:{world.id(KARIN)}:2026-11-23"
    ]
    assert digest.due_at == datetime(2026, 11, 23, 6, 0, tzinfo=UTC), "07:00 in Stockholm"
    [olle] = [m for m in outcome.messages if m.key == f"digest:daily:{world.id(OLLE)}:2026-11-23"]
    assert olle.due_at is None, "Olle has no quiet hours: at once"


async def test_a_split_snapshot_gives_each_coach_the_same_digest_and_week() -> None:
    world = await build()
    c = world.client
    recent(world)
    seen(world, BILAL, MORNING - timedelta(days=20))
    unit = c.db.people[world.id(KARIN)].unit_id
    snap = await c.ports.summaries.snapshot(unit, NOW - timedelta(days=7), NOW + timedelta(days=1))
    parts = snap.split()
    rules = Rules(ZoneInfo("Europe/Stockholm"), frozenset())
    for coach in snap.coaches:
        since = date(2026, 11, 20)
        assert daily(parts[coach.id], coach, NOW, since, rules) == daily(
            snap, coach, NOW, since, rules
        )
        assert weekly(parts[coach.id], coach, NOW.date()) == weekly(snap, coach, NOW.date())
    assert sum(len(p.members) for p in parts.values()) == len(snap.members)
