"""Two units with staff, participants, an activity and its sessions, for flow tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta

from flows.model import (
    ActivityKind,
    AttendanceRecord,
    Person,
    Presence,
    Recurrence,
    Role,
    Session,
)
from tests.flowclient import NOW, FlowClient

# User ids double as chat ids.
AMINA, BILAL, CECILIA, DAWIT = 42, 43, 44, 45
KARIN, OLLE, MARIA = 500, 501, 600  # unit A: Amina and Bilal's coach, another coach, manager
BERIT, BO = 700, 800  # unit B: Dawit's coach, manager
ERIK = 900  # employer contact in unit A

NOT_ALLOWED = "That is not available to you. Type /help."
STALE = "That button is no longer active. Type /help to see what you can do."


@dataclass
class World:
    """The client plus the people and sessions by name."""

    client: FlowClient
    people: dict[int, Person]
    today: Session  # starts in 10 minutes: check-in is open
    tomorrow: Session
    yesterday: Session  # closed: no-shows recorded
    cancelled: Session
    other_unit: Session  # unit B's activity, Dawit enrolled
    activity_id: int
    dispute_id: int  # Amina disputes her unreported absence yesterday

    def id(self, user_id: int) -> int:
        """Return the person id of a Telegram user."""
        return self.people[user_id].id


async def build(locale: str = "en") -> World:
    """Return a world at NOW (Monday 10:00 in Stockholm), everyone writing in `locale`."""
    client = FlowClient()
    db = client.db
    unit_a = client.unit("a", "Jobbtorg Söder")
    unit_b = client.unit("b", "Jobbtorg Norr")
    people = {
        uid: client.person(role, uid, name, locale, unit)
        for uid, role, name, unit in [
            (AMINA, Role.PARTICIPANT, "Amina", unit_a),
            (BILAL, Role.PARTICIPANT, "Bilal", unit_a),
            (CECILIA, Role.PARTICIPANT, "Cecilia", unit_a),
            (DAWIT, Role.PARTICIPANT, "Dawit", unit_b),
            (KARIN, Role.COACH, "Karin", unit_a),
            (OLLE, Role.COACH, "Olle", unit_a),
            (MARIA, Role.MANAGER, "Maria", unit_a),
            (BERIT, Role.COACH, "Berit", unit_b),
            (BO, Role.MANAGER, "Bo", unit_b),
            (ERIK, Role.EMPLOYER, "Erik", unit_a),
        ]
    }
    since = NOW - timedelta(days=30)
    for coach, participant in [(KARIN, AMINA), (KARIN, BILAL), (OLLE, CECILIA), (BERIT, DAWIT)]:
        db.assign_caseload(people[coach].id, people[participant].id, since)

    def activity(unit: int, coach: int, enrolled: list[int]) -> int:
        return db.add_activity(
            unit_id=unit,
            kind=ActivityKind.GROUP_MEETING,
            title="Job club",
            place="Room 3",
            coach_id=people[coach].id,
            starts_on=date(2026, 11, 1),
            start_time=time(10, 10),
            duration_minutes=120,
            recurrence=Recurrence.ONCE,
            participant_ids=[people[p].id for p in enrolled],
        ).id

    club = activity(unit_a, KARIN, [AMINA, BILAL])
    other = activity(unit_b, BERIT, [DAWIT])
    length = timedelta(hours=2)
    starts = [NOW + timedelta(minutes=10), NOW + timedelta(days=1), NOW - timedelta(days=1)]
    starts.append(NOW + timedelta(days=2))
    made = await client.ports.attendance.add_sessions(club, [(s, s + length) for s in starts])
    by_start = {s.starts_at: s for s in made}
    today, tomorrow, yesterday, cancelled = (by_start[s] for s in starts)
    await client.ports.attendance.set_session(yesterday.id, closed=True)
    await client.ports.attendance.set_session(cancelled.id, cancelled=True)
    [other_session] = await client.ports.attendance.add_sessions(
        other, [(starts[0], starts[0] + length)]
    )
    ports = client.ports.attendance
    amina = people[AMINA].id
    await ports.record(AttendanceRecord(yesterday.id, amina, Presence.UNREPORTED, NOW))
    dispute = await ports.open_dispute(yesterday.id, amina, "I was there, ask Bilal", NOW)
    yesterday, cancelled = [await _fresh(client, s.id) for s in (yesterday, cancelled)]
    return World(
        client, people, today, tomorrow, yesterday, cancelled, other_session, club, dispute.id
    )


async def _fresh(client: FlowClient, session_id: int) -> Session:
    found = await client.ports.attendance.session(session_id)
    assert found is not None
    return found


async def record_of(world: World, session_id: int, user_id: int) -> Presence | None:
    """Return what a participant's record for a session says, if anything."""
    entry = await world.client.ports.attendance.record_of(session_id, world.id(user_id))
    return entry.status if entry else None
