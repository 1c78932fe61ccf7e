"""What the demo's people have already done, through the same flows the bot runs: Karin has
given everyone a task and Amina has reported hers, Amina has begun her CV, Olena's
placement at a bakery has its day-3 questions waiting for Erik and her, and Erik has just
stated a need for a kitchen assistant."""

from __future__ import annotations

from datetime import datetime, timedelta

from flows.config import Config
from flows.cv.payloads import Answer
from flows.cv.questions import NUMBER
from flows.dispatch import decide
from flows.events import Actor, Event, Kind
from flows.output import Say
from flows.path.payloads import Act, StepsDone
from flows.placement_model import FollowUpState, PlacementKind
from flows.placements.followup import first_questions
from flows.placements.payloads import Contact as PlacementContact
from flows.placements.payloads import EndOn, KindOf, NewFor
from flows.placements.payloads import Save as PlacementSave
from flows.ports import Conversation
from flows.recruitment.payloads import (
    AddContact,
    Headcount,
    Hours,
    Industry,
    Must,
    NewWorkplace,
    NoNote,
    SaveNeed,
    SaveWorkplace,
    Size,
    StartIn,
)
from flows.registry import REGISTRY
from flows.routes import IDLE
from flows.tasks.payloads import DueIn, Pick, ReportTask, Send, Whom
from storage.store import Store


async def demo_tasks(store: Store, cfg: Config, now: datetime) -> tuple[Say, ...]:
    """Karin gives everyone a task through the flows, and Amina has reported hers: the
    participants get their task in their language and the coach a report to review."""
    coach = await store.people.by_telegram_user(1001)
    assert coach is not None
    caseload = await store.people.caseload(coach.id)
    at = now - timedelta(minutes=30)
    presses = [Whom(str(p.id)).pack() for p in caseload]
    presses += [Whom("done").pack(), Pick("cv_facts").pack(), DueIn(3).pack(), Send("ok").pack()]
    given = await run_events(
        store,
        cfg,
        1001,
        [Event(Kind.COMMAND, at, command="assign")]
        + [Event(Kind.BUTTON, at, payload=p) for p in presses],
    )
    said = [s for s in given if s.chat_id != coach.chat_id]
    amina = next(p for p in caseload if p.telegram_user_id == 1002)
    [task] = await store.tasks.of_participant(amina.id)
    report = "عملت في مطعم في حلب من 2015 إلى 2019. درست اللغة السويدية في SFI منذ 2023."
    said += await act(
        store, cfg, 1002, now - timedelta(minutes=10), ReportTask(task.id).pack(), report
    )
    return tuple(s for s in said if s.chat_id == coach.chat_id or s.key)


async def demo_cv(store: Store, cfg: Config, now: datetime) -> None:
    """Amina has begun her CV through the flows: contact details, the jobs she wants and one
    job; the walk waits at the next part, so /cv shows her progress and goes on from there."""
    at = now - timedelta(hours=2)

    def press(q: str, value: str) -> Event:
        return Event(Kind.BUTTON, at, payload=Answer(NUMBER[q], value).pack())

    def text(words: str) -> Event:
        return Event(Kind.TEXT, at, text=words)

    events = [
        Event(Kind.COMMAND, at, command="cv"),
        text("أمينة حسن"),
        text("070-123 45 67"),
        press("email", "skip"),
        text("مالمو"),
        text("طباخة"),
        press("wanted", "done"),
        text("طباخة"),
        text("مطعم الشام"),
        text("حلب"),
        text("سوريا"),
        text("2015"),
        text("2019"),
        text("طبخ وجبات لـ 200 ضيف كل يوم."),
        press("job_more", "no"),
    ]
    await run_events(store, cfg, 1002, events)


async def demo_placement(store: Store, cfg: Config, now: datetime) -> tuple[Say, ...]:
    """Karin has recorded Olena's placement at a bakery with Erik through the flows; its
    day-3 follow-up is asked now, so Erik and Olena each have one question to answer."""
    olena = await store.people.by_telegram_user(1004)
    erik = await store.people.by_telegram_user(1006)
    assert olena is not None
    assert erik is not None
    at = now - timedelta(hours=1)
    started = (now - timedelta(days=10)).date().isoformat()
    steps: list[Event] = [
        Event(Kind.COMMAND, at, command="placement"),
        Event(Kind.BUTTON, at, payload=NewFor(olena.id).pack()),
        Event(Kind.TEXT, at, text="Bageriet Söder"),
        Event(Kind.BUTTON, at, payload=PlacementContact(str(erik.id)).pack()),
        Event(Kind.BUTTON, at, payload=KindOf(PlacementKind.PREPARATORY).pack()),
        Event(Kind.TEXT, at, text=started),
        Event(Kind.BUTTON, at, payload=EndOn("3m").pack()),
        Event(Kind.BUTTON, at, payload=PlacementSave("ok").pack()),
    ]
    await run_events(store, cfg, 1001, steps)
    [placement] = await store.placements.of_participant(olena.id)
    first = next(f for f in await store.placements.follow_ups(olena.id) if f.key.endswith(":3d"))
    await store.placements.set_follow_up(first.id, state=FollowUpState.ASKED, asked_at=now)
    return tuple(first_questions(first, olena, erik, placement))


async def act(
    store: Store, cfg: Config, user_id: int, at: datetime, payload: str, text: str
) -> list[Say]:
    """Let a participant press a button and then write `text`; return what the flows said."""
    events = [
        Event(Kind.BUTTON, at, payload=payload),
        Event(Kind.TEXT, at + timedelta(minutes=1), text=text),
    ]
    return await run_events(store, cfg, user_id, events)


async def run_events(store: Store, cfg: Config, user_id: int, events: list[Event]) -> list[Say]:
    """Feed a person's events through the flows; return what the flows said."""
    person = await store.people.by_telegram_user(user_id)
    assert person is not None
    actor = Actor(user_id, user_id, person.locale, person.display_name, person)
    convo = Conversation(user_id, IDLE, {})
    said: list[Say] = []
    for event in events:
        decision = await decide(event, actor, convo, store.ports(), cfg, REGISTRY)
        convo = decision.conversation
        said.extend(decision.outcome.messages)
    return said


async def demo_path(store: Store, cfg: Config, now: datetime) -> None:
    """Karin has started Amina's path and written the first version of her action plan,
    so /plan shows it to Amina (in Arabic) with one tap to agree."""
    amina = await store.people.by_telegram_user(1002)
    assert amina is not None
    at = now - timedelta(hours=3)
    steps = (
        "Jobbklubben, varje vardag 09:00\nSFI D – kursstart i januari\n"
        "CV på svenska, klart i december"
    )
    events = [
        Event(Kind.BUTTON, at, payload=Act(amina.id, "start").pack()),
        Event(Kind.BUTTON, at, payload=Act(amina.id, "draft").pack()),
        Event(Kind.TEXT, at, text="Arbeta som kock i ett restaurangkök"),
        Event(Kind.TEXT, at, text=steps),
        Event(Kind.BUTTON, at, payload=StepsDone(amina.id).pack()),
        Event(Kind.TEXT, at, text="Jag kommer varje dag och säger till om jag inte kan."),
    ]
    await run_events(store, cfg, 1001, events)


async def demo_recruitment(store: Store, cfg: Config, now: datetime) -> tuple[Say, ...]:
    """Karin has recorded the bakery as an employer with Erik as its contact person, and Erik
    has just stated a need for a kitchen assistant: Karin's chat shows it with a button to
    find candidates, and /employers and /needs have something to show."""
    erik = await store.people.by_telegram_user(1006)
    assert erik is not None
    at = now - timedelta(minutes=20)
    steps = [
        Event(Kind.BUTTON, at, payload=NewWorkplace("new").pack()),
        Event(Kind.TEXT, at, text="Bageriet Söder AB"),
        Event(Kind.TEXT, at, text="556036-0793"),
        Event(Kind.TEXT, at, text="Storgatan 12, 118 26 Stockholm"),
        Event(Kind.BUTTON, at, payload=Industry("food").pack()),
        Event(Kind.BUTTON, at, payload=Size("micro").pack()),
        Event(Kind.BUTTON, at, payload=SaveWorkplace("ok").pack()),
    ]
    await run_events(store, cfg, 1001, steps)
    [bakery] = await store.recruitment.workplaces(erik.unit_id)
    await run_events(
        store,
        cfg,
        1001,
        [Event(Kind.BUTTON, at, payload=AddContact(bakery.id, str(erik.id)).pack())],
    )
    need = [
        Event(Kind.COMMAND, now, command="need"),
        Event(Kind.TEXT, now, text="Köksbiträde"),
        *(
            Event(Kind.BUTTON, now, payload=p)
            for p in (
                Headcount("1").pack(),
                StartIn("2w").pack(),
                Hours("full").pack(),
                Must("swedish_a2").pack(),
                Must("done").pack(),
                NoNote("none").pack(),
                SaveNeed("ok").pack(),
            )
        ),
    ]
    said = await run_events(store, cfg, 1006, need)
    return tuple(s for s in said if s.chat_id == 1001)
