"""In-memory Summaries port (same contract as storage.summaries.SqlSummaries)."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from typing import Any

from flows.digest_model import Member, Note, SessionFact, Snapshot
from flows.model import Person, Role, TaskState, Unit
from flows.placement_model import FollowUpState
from tests.fakes.db import FakeCaseload, FakeDb, utc


class FakeSummaries:
    """Digests, the caseload view, notes and hand-overs over a FakeDb."""

    def __init__(self, db: FakeDb) -> None:
        self.db = db

    async def units(self) -> list[Unit]:
        """Return every unit."""
        return [self.db.units[k] for k in sorted(self.db.units)]

    async def snapshot(
        self,
        unit_id: int,
        first: datetime,
        last: datetime,
        coach_id: int | None = None,
        participant_id: int | None = None,
    ) -> Snapshot:
        """Return the unit's caseloads (or one coach's) over [first, last)."""
        db = self.db
        coaches = tuple(
            p
            for _, p in sorted(db.people.items())
            if p.unit_id == unit_id and p.role is Role.COACH and coach_id in (None, p.id)
        )
        ids = {c.id for c in coaches}
        members = tuple(
            sorted(
                (
                    Member(db.people[c.participant_id], c.coach_id, c.since)
                    for c in db.caseloads
                    if c.until is None
                    and c.coach_id in ids
                    and participant_id in (None, c.participant_id)
                    and (
                        c.participant_id not in db.exits
                        or db.exits[c.participant_id].exited_on >= first.date()
                    )
                ),
                key=lambda m: (m.person.display_name, m.person.id),
            )
        )
        if not members:
            return Snapshot(db.units[unit_id], first, last, coaches, ())
        who = {m.person.id for m in members}
        sessions = tuple(
            SessionFact(s, a.title, a.kind, tuple(p for p in a.participant_ids if p in who))
            for s in sorted(db.sessions.values(), key=lambda s: (s.starts_at, s.id))
            if not s.cancelled
            and first <= s.starts_at < last
            and (a := db.activities[s.activity_id]) is not None
            and who & set(a.participant_ids)
        )
        session_ids = {f.session.id for f in sessions}
        records = tuple(
            r for (sid, pid), r in db.attendance.items() if sid in session_ids and pid in who
        )
        tasks = tuple(
            sorted(
                (
                    t
                    for t in db.tasks.values()
                    if t.participant_id in who
                    and t.state is not TaskState.CANCELLED
                    and (
                        t.due_on < last.date()
                        or (t.reported_at is not None and first <= t.reported_at < last)
                    )
                ),
                key=lambda t: (t.due_on, t.id),
            )
        )
        follow_ups = tuple(
            sorted(
                (
                    f
                    for f in db.follow_ups.values()
                    if f.participant_id in who
                    and f.state is not FollowUpState.CANCELLED
                    and f.due_on < last.date()
                ),
                key=lambda f: (f.due_on, f.id),
            )
        )
        replies = tuple(
            (db.follow_ups[r.follow_up_id].participant_id, r)
            for r in db.replies.values()
            if db.follow_ups[r.follow_up_id].participant_id in who and first <= r.at < last
        )
        placements = tuple(
            sorted(
                (
                    p
                    for p in db.placements.values()
                    if p.participant_id in who
                    and (p.ended_on is None or p.ended_on >= first.date())
                ),
                key=lambda p: (p.starts_on, p.id),
            )
        )
        return Snapshot(
            db.units[unit_id],
            first,
            last,
            coaches,
            members,
            sessions,
            records,
            tasks,
            follow_ups,
            replies,
            tuple(p for pid, p in db.paths.items() if pid in who),
            _approvals(db, who),
            placements,
            {
                c.participant_id: c.cv
                for c in db.cvs.values()
                if c.participant_id in who and not c.label
            },
            tuple(
                sorted(
                    (
                        e
                        for e in db.exits.values()
                        if e.participant_id in who and first.date() <= e.exited_on < last.date()
                    ),
                    key=lambda e: (e.exited_on, e.participant_id),
                )
            ),
        )

    async def staff(self, unit_id: int) -> list[Person]:
        """Return the unit's coaches and managers, by name."""
        found = [
            p
            for p in self.db.people.values()
            if p.unit_id == unit_id and p.role in (Role.COACH, Role.MANAGER)
        ]
        return sorted(found, key=lambda p: (p.display_name, p.id))

    async def claim_run(self, unit_id: int, kind: str, day: date, at: datetime) -> bool:
        """Record that a unit's digests of a kind are made for a day; False if they were."""
        if (unit_id, kind, day) in self.db.digest_runs:
            return False
        self.db.digest_runs.add((unit_id, kind, day))
        return True

    async def add_note(self, participant_id: int, author_id: int, text: str, at: datetime) -> Note:
        """Store a note about a participant."""
        author = self.db.people[author_id].display_name
        note = Note(self.db.next_id(), participant_id, author_id, author, text, utc(at))
        self.db.notes[note.id] = note
        return note

    async def notes(self, participant_id: int) -> list[Note]:
        """Return the notes about a participant, the newest first."""
        found = [n for n in self.db.notes.values() if n.participant_id == participant_id]
        return sorted(found, key=lambda n: (n.created_at, n.id), reverse=True)

    async def hand_over(
        self, participant_ids: list[int], from_coach: int, to_coach: int, at: datetime
    ) -> list[int]:
        """Move participants from one coach's active caseload to another's."""
        moved = []
        for entry in list(self.db.caseloads):
            if (
                entry.until is None
                and entry.coach_id == from_coach
                and entry.participant_id in participant_ids
            ):
                entry.until = utc(at)
                self.db.caseloads.append(FakeCaseload(to_coach, entry.participant_id, utc(at)))
                moved.append(entry.participant_id)
        for task_id, task in list(self.db.tasks.items()):
            if task.participant_id in moved and task.state.value in (
                "assigned",
                "reported",
                "returned",
            ):
                self.db.tasks[task_id] = dataclasses.replace(task, coach_id=to_coach)
        for pid, placement in list(self.db.placements.items()):
            if placement.participant_id in moved and placement.ended_on is None:
                self.db.placements[pid] = dataclasses.replace(placement, coach_id=to_coach)
        return sorted(moved)

    async def set_profile(self, participant_id: int, **changes: object) -> None:
        """Record a participant's gender or priority group."""
        person = self.db.people[participant_id]
        allowed = {k: v for k, v in changes.items() if k in ("gender", "priority_group")}
        self.db.people[participant_id] = dataclasses.replace(person, **allowed)  # type: ignore[arg-type]

    async def set_settings(self, person_id: int, settings: dict[str, Any]) -> None:
        """Store a staff member's own settings."""
        person = self.db.people[person_id]
        self.db.people[person_id] = dataclasses.replace(person, settings=dict(settings))


def _approvals(db: FakeDb, who: set[int]) -> dict[int, tuple[datetime, ...]]:
    found: dict[int, list[datetime]] = {}
    for plan in db.plans.values():
        if plan.participant_id in who and plan.approved_at is not None:
            found.setdefault(plan.participant_id, []).append(plan.approved_at)
    return {pid: tuple(sorted(times)) for pid, times in found.items()}
