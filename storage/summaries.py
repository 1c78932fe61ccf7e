"""Digests, the caseload view, notes and hand-overs (implements flows.programme_ports.Summaries).

`snapshot` reads one unit's caseloads in a fixed number of queries (one per kind of record,
each filtered by the caseload through a subquery), so a digest costs the same number of
statements for 5 participants or 50, and for one coach or a thousand.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, and_, exists, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from flows.cv_model import Cv
from flows.digest_model import Member, Note, SessionFact, Snapshot
from flows.model import ActivityKind, Person, Role, Unit
from flows.placement_model import Exit, Reply, Side
from storage.attendance import to_record, to_session
from storage.cv_rows import CvRow
from storage.digest_rows import DigestRunRow, NoteRow
from storage.models import (
    ActivityParticipantRow,
    ActivityRow,
    AttendanceRow,
    CaseloadRow,
    PersonRow,
    SessionRow,
    TaskRow,
    UnitRow,
)
from storage.path_rows import PathRow, PlanRow
from storage.paths import to_path
from storage.people import to_person, to_unit
from storage.placement_rows import ExitRow, FollowUpReplyRow, FollowUpRow, PlacementRow
from storage.placements import to_follow_up, to_placement
from storage.sql import insert_ignoring_conflicts, rowcount
from storage.tasks import to_task


class SqlSummaries:
    """Digests, the caseload view, notes and hand-overs over SQLAlchemy."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def units(self) -> list[Unit]:
        """Return every unit."""
        return [
            to_unit(r) for r in await self.session.scalars(select(UnitRow).order_by(UnitRow.id))
        ]

    async def snapshot(
        self,
        unit_id: int,
        first: datetime,
        last: datetime,
        coach_id: int | None = None,
        participant_id: int | None = None,
    ) -> Snapshot:
        """Return the unit's caseloads (or one coach's) over [first, last)."""
        s = self.session
        unit = to_unit(await s.get_one(UnitRow, unit_id))
        coaches_q = select(PersonRow).where(
            PersonRow.unit_id == unit_id,
            PersonRow.role == Role.COACH.value,
            PersonRow.erased_at.is_(None),
        )
        if coach_id is not None:
            coaches_q = coaches_q.where(PersonRow.id == coach_id)
        coaches = [to_person(r) for r in await s.scalars(coaches_q.order_by(PersonRow.id))]
        active = (
            select(CaseloadRow.participant_id)
            .join(PersonRow, PersonRow.id == CaseloadRow.coach_id)
            .where(
                CaseloadRow.until.is_(None),
                PersonRow.unit_id == unit_id,
                PersonRow.role == Role.COACH.value,
                # Those who left before the period are gone; those who left in it still count.
                ~exists().where(
                    ExitRow.participant_id == CaseloadRow.participant_id,
                    ExitRow.exited_on < first.date(),
                ),
            )
        )
        if coach_id is not None:
            active = active.where(CaseloadRow.coach_id == coach_id)
        if participant_id is not None:
            active = active.where(CaseloadRow.participant_id == participant_id)
        rows = await s.execute(
            select(PersonRow, CaseloadRow.coach_id, CaseloadRow.since)
            .join(CaseloadRow, CaseloadRow.participant_id == PersonRow.id)
            .where(
                PersonRow.id.in_(active),
                CaseloadRow.until.is_(None),
                PersonRow.erased_at.is_(None),
            )
            .order_by(PersonRow.display_name, PersonRow.id)
        )
        members = tuple(Member(to_person(p), c, since) for p, c, since in rows.tuples())
        if not members:
            return Snapshot(unit, first, last, tuple(coaches), ())
        sessions = await self._sessions(active, first, last)
        session_ids = [f.session.id for f in sessions]
        records = tuple(
            to_record(r)
            for r in await s.scalars(
                select(AttendanceRow).where(
                    AttendanceRow.session_id.in_(session_ids),
                    AttendanceRow.participant_id.in_(active),
                )
            )
        )
        tasks = tuple(
            to_task(r)
            for r in await s.scalars(
                select(TaskRow)
                .where(
                    TaskRow.participant_id.in_(active),
                    TaskRow.state != "cancelled",
                    or_(
                        TaskRow.due_on < last.date(),
                        and_(TaskRow.reported_at >= first, TaskRow.reported_at < last),
                    ),
                )
                .order_by(TaskRow.due_on, TaskRow.id)
            )
        )
        follow_ups = tuple(
            to_follow_up(r)
            for r in await s.scalars(
                select(FollowUpRow)
                .where(
                    FollowUpRow.participant_id.in_(active),
                    FollowUpRow.state != "cancelled",
                    FollowUpRow.due_on < last.date(),
                )
                .order_by(FollowUpRow.due_on, FollowUpRow.id)
            )
        )
        replies = tuple(
            (pid, Reply(r.follow_up_id, Side(r.side), r.question, r.value, r.comment, r.at))
            for r, pid in (
                await s.execute(
                    select(FollowUpReplyRow, FollowUpRow.participant_id)
                    .join(FollowUpRow, FollowUpRow.id == FollowUpReplyRow.follow_up_id)
                    .where(
                        FollowUpRow.participant_id.in_(active),
                        FollowUpReplyRow.at >= first,
                        FollowUpReplyRow.at < last,
                    )
                    .order_by(FollowUpReplyRow.id)
                )
            ).tuples()
        )
        paths = tuple(
            to_path(r)
            for r in await s.scalars(select(PathRow).where(PathRow.participant_id.in_(active)))
        )
        approvals: dict[int, tuple[datetime, ...]] = {}
        for pid, at in (
            await s.execute(
                select(PlanRow.participant_id, PlanRow.approved_at)
                .where(PlanRow.participant_id.in_(active), PlanRow.approved_at.is_not(None))
                .order_by(PlanRow.approved_at)
            )
        ).tuples():
            if at is not None:
                approvals[pid] = (*approvals.get(pid, ()), at)
        placements = tuple(
            to_placement(r)
            for r in await s.scalars(
                select(PlacementRow)
                .where(
                    PlacementRow.participant_id.in_(active),
                    or_(PlacementRow.ended_on.is_(None), PlacementRow.ended_on >= first.date()),
                )
                .order_by(PlacementRow.starts_on, PlacementRow.id)
            )
        )
        cvs = {
            r.participant_id: Cv.from_json(r.data)
            for r in await s.scalars(
                select(CvRow).where(CvRow.participant_id.in_(active), CvRow.label == "")
            )
        }
        return Snapshot(
            unit,
            first,
            last,
            tuple(coaches),
            members,
            sessions,
            records,
            tasks,
            follow_ups,
            replies,
            paths,
            approvals,
            placements,
            cvs,
            await self._exits(active, first, last),
        )

    async def _exits(
        self, active: Select[Any], first: datetime, last: datetime
    ) -> tuple[Exit, ...]:
        rows = await self.session.scalars(
            select(ExitRow)
            .where(
                ExitRow.participant_id.in_(active),
                ExitRow.exited_on >= first.date(),
                ExitRow.exited_on < last.date(),
            )
            .order_by(ExitRow.exited_on, ExitRow.participant_id)
        )
        return tuple(
            Exit(r.participant_id, r.reason, r.outcome, r.exited_on, r.coach_id) for r in rows
        )

    async def _sessions(
        self, active: Select[Any], first: datetime, last: datetime
    ) -> tuple[SessionFact, ...]:
        enrolled: dict[int, list[int]] = {}
        for activity_id, participant_id in (
            await self.session.execute(
                select(
                    ActivityParticipantRow.activity_id, ActivityParticipantRow.participant_id
                ).where(ActivityParticipantRow.participant_id.in_(active))
            )
        ).tuples():
            enrolled.setdefault(activity_id, []).append(participant_id)
        if not enrolled:
            return ()
        rows = await self.session.execute(
            select(SessionRow, ActivityRow.title, ActivityRow.kind)
            .join(ActivityRow, ActivityRow.id == SessionRow.activity_id)
            .where(
                SessionRow.activity_id.in_(list(enrolled)),
                SessionRow.cancelled.is_(False),
                SessionRow.starts_at >= first,
                SessionRow.starts_at < last,
            )
            .order_by(SessionRow.starts_at, SessionRow.id)
        )
        return tuple(
            SessionFact(to_session(r), title, ActivityKind(kind), tuple(enrolled[r.activity_id]))
            for r, title, kind in rows.tuples()
        )

    async def staff(self, unit_id: int) -> list[Person]:
        """Return the unit's coaches and managers, by name."""
        rows = await self.session.scalars(
            select(PersonRow)
            .where(
                PersonRow.unit_id == unit_id,
                PersonRow.role.in_((Role.COACH.value, Role.MANAGER.value)),
                PersonRow.erased_at.is_(None),
            )
            .order_by(PersonRow.display_name, PersonRow.id)
        )
        return [to_person(r) for r in rows]

    async def claim_run(self, unit_id: int, kind: str, day: date, at: datetime) -> bool:
        """Record that a unit's digests of a kind are made for a day; False if they were."""
        stmt = insert_ignoring_conflicts(self.session, DigestRunRow, "unit_id", "kind", "day")
        conn = await self.session.connection()
        result = await conn.execute(
            stmt, {"unit_id": unit_id, "kind": kind, "day": day, "made_at": at}
        )
        return rowcount(result) == 1

    async def add_note(self, participant_id: int, author_id: int, text: str, at: datetime) -> Note:
        """Store a note about a participant."""
        row = NoteRow(participant_id=participant_id, author_id=author_id, text=text, created_at=at)
        self.session.add(row)
        await self.session.flush()
        author = await self.session.get_one(PersonRow, author_id)
        return Note(row.id, participant_id, author_id, author.display_name, text, at)

    async def notes(self, participant_id: int) -> list[Note]:
        """Return the notes about a participant, the newest first."""
        rows = await self.session.execute(
            select(NoteRow, PersonRow.display_name)
            .join(PersonRow, PersonRow.id == NoteRow.author_id)
            .where(NoteRow.participant_id == participant_id)
            .order_by(NoteRow.created_at.desc(), NoteRow.id.desc())
        )
        return [
            Note(n.id, n.participant_id, n.author_id, name, n.text, n.created_at)
            for n, name in rows.tuples()
        ]

    async def hand_over(
        self, participant_ids: list[int], from_coach: int, to_coach: int, at: datetime
    ) -> list[int]:
        """Move participants from one coach's active caseload to another's."""
        moved = list(
            await self.session.scalars(
                update(CaseloadRow)
                .where(
                    CaseloadRow.participant_id.in_(participant_ids),
                    CaseloadRow.coach_id == from_coach,
                    CaseloadRow.until.is_(None),
                )
                .values(until=at)
                .returning(CaseloadRow.participant_id)
                .execution_options(synchronize_session=False)
            )
        )
        for participant_id in moved:
            self.session.add(
                CaseloadRow(coach_id=to_coach, participant_id=participant_id, since=at)
            )
        if moved:
            # Open tasks and ongoing placements follow the participant to the new coach.
            await self.session.execute(
                update(TaskRow)
                .where(
                    TaskRow.participant_id.in_(moved),
                    TaskRow.state.in_(("assigned", "reported", "returned")),
                )
                .values(coach_id=to_coach)
                .execution_options(synchronize_session=False)
            )
            await self.session.execute(
                update(PlacementRow)
                .where(PlacementRow.participant_id.in_(moved), PlacementRow.ended_on.is_(None))
                .values(coach_id=to_coach)
                .execution_options(synchronize_session=False)
            )
        await self.session.flush()
        return sorted(moved)

    async def set_profile(self, participant_id: int, **changes: object) -> None:
        """Record a participant's gender or priority group."""
        allowed = {k: v for k, v in changes.items() if k in ("gender", "priority_group")}
        await self.session.execute(
            update(PersonRow).where(PersonRow.id == participant_id).values(**allowed)
        )

    async def set_settings(self, person_id: int, settings: dict[str, Any]) -> None:
        """Store a staff member's own settings."""
        await self.session.execute(
            update(PersonRow).where(PersonRow.id == person_id).values(settings=settings)
        )
