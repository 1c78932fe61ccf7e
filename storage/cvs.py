"""Participants' CVs and coaches' comments (implements flows.ports.Cvs)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from flows.cv_model import Cv, CvComment, CvRecord
from storage.cv_rows import CvCommentRow, CvRow


def to_record(row: CvRow) -> CvRecord:
    """Convert a CV row to the domain record."""
    return CvRecord(
        id=row.id,
        participant_id=row.participant_id,
        label=row.label,
        cv=Cv.from_json(row.data),
        walk=dict(row.walk or {}),
        updated_at=row.updated_at,
        reviewed_at=row.reviewed_at,
        reviewed_by=row.reviewed_by,
    )


def to_comment(row: CvCommentRow) -> CvComment:
    """Convert a comment row to the domain record."""
    return CvComment(
        id=row.id,
        cv_id=row.cv_id,
        section=row.section,
        author_id=row.author_id,
        text=row.text,
        created_at=row.created_at,
        answer=row.answer,
        answered_at=row.answered_at,
    )


class SqlCvs:
    """CVs in the `cvs` and `cv_comments` tables."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def master(self, participant_id: int) -> CvRecord | None:
        """Return the participant's own CV, if they have started one."""
        row = await self.session.scalar(
            select(CvRow)
            .where(CvRow.participant_id == participant_id, CvRow.label == "")
            .order_by(CvRow.id)
            .limit(1)
        )
        return to_record(row) if row else None

    async def create(self, participant_id: int, label: str, cv: Cv, at: datetime) -> CvRecord:
        """Store a new CV (a master when `label` is empty) and return it."""
        row = CvRow(
            participant_id=participant_id,
            label=label,
            data=cv.to_json(),
            walk={},
            created_at=at,
            updated_at=at,
        )
        self.session.add(row)
        await self.session.flush()
        return to_record(row)

    async def get(self, cv_id: int) -> CvRecord | None:
        """Return one CV."""
        row = await self.session.get(CvRow, cv_id)
        return to_record(row) if row else None

    async def copies(self, participant_id: int) -> list[CvRecord]:
        """Return the participant's copies for one job, the oldest first."""
        rows = await self.session.scalars(
            select(CvRow)
            .where(CvRow.participant_id == participant_id, CvRow.label != "")
            .order_by(CvRow.id)
        )
        return [to_record(r) for r in rows]

    async def save(self, cv_id: int, cv: Cv, walk: dict[str, Any], at: datetime) -> None:
        """Store what the CV says now and where the conversation stopped."""
        await self.session.execute(
            update(CvRow)
            .where(CvRow.id == cv_id)
            .values(data=cv.to_json(), walk=walk, updated_at=at)
        )

    async def delete(self, cv_id: int) -> None:
        """Delete a copy and its comments."""
        await self.session.execute(delete(CvCommentRow).where(CvCommentRow.cv_id == cv_id))
        await self.session.execute(delete(CvRow).where(CvRow.id == cv_id))

    async def reviewed(self, cv_id: int, by: int, at: datetime) -> None:
        """Mark the CV reviewed by a coach."""
        await self.session.execute(
            update(CvRow).where(CvRow.id == cv_id).values(reviewed_at=at, reviewed_by=by)
        )

    async def comment(
        self, cv_id: int, section: str, author_id: int, text: str, at: datetime
    ) -> CvComment:
        """Store a coach's comment on a section."""
        row = CvCommentRow(
            cv_id=cv_id, section=section, author_id=author_id, text=text, created_at=at
        )
        self.session.add(row)
        await self.session.flush()
        return to_comment(row)

    async def comments(self, cv_id: int) -> list[CvComment]:
        """Return a CV's comments, the oldest first."""
        rows = await self.session.scalars(
            select(CvCommentRow).where(CvCommentRow.cv_id == cv_id).order_by(CvCommentRow.id)
        )
        return [to_comment(r) for r in rows]

    async def get_comment(self, comment_id: int) -> CvComment | None:
        """Return one comment."""
        row = await self.session.get(CvCommentRow, comment_id)
        return to_comment(row) if row else None

    async def answer(self, comment_id: int, text: str, at: datetime) -> CvComment | None:
        """Store the participant's answer to a comment."""
        row = await self.session.get(CvCommentRow, comment_id)
        if row is None:
            return None
        row.answer, row.answered_at = text, at
        await self.session.flush()
        return to_comment(row)
