"""In-memory CVs (the same contract as storage.cvs.SqlCvs)."""

from __future__ import annotations

import copy
import dataclasses
from datetime import datetime
from typing import Any

from flows.cv_model import Cv, CvComment, CvRecord
from tests.fakes.db import FakeDb


class FakeCvs:
    """CVs and comments in dicts of the FakeDb (stored as JSON, as the database does)."""

    def __init__(self, db: FakeDb) -> None:
        self.db = db

    def _read(self, record: CvRecord) -> CvRecord:
        # A round trip through JSON, so a test sees what the database would give back.
        return dataclasses.replace(
            record, cv=Cv.from_json(record.cv.to_json()), walk=copy.deepcopy(record.walk)
        )

    async def master(self, participant_id: int) -> CvRecord | None:
        """Return the participant's own CV, if they have started one."""
        found = [
            r for r in self.db.cvs.values() if r.participant_id == participant_id and not r.label
        ]
        return self._read(min(found, key=lambda r: r.id)) if found else None

    async def create(self, participant_id: int, label: str, cv: Cv, at: datetime) -> CvRecord:
        """Store a new CV (a master when `label` is empty) and return it."""
        record = CvRecord(self.db.next_id(), participant_id, label, cv, {}, at)
        self.db.cvs[record.id] = record
        return self._read(record)

    async def get(self, cv_id: int) -> CvRecord | None:
        """Return one CV."""
        record = self.db.cvs.get(cv_id)
        return self._read(record) if record else None

    async def copies(self, participant_id: int) -> list[CvRecord]:
        """Return the participant's copies for one job, the oldest first."""
        found = [r for r in self.db.cvs.values() if r.participant_id == participant_id and r.label]
        return [self._read(r) for r in sorted(found, key=lambda r: r.id)]

    async def save(self, cv_id: int, cv: Cv, walk: dict[str, Any], at: datetime) -> None:
        """Store what the CV says now and where the conversation stopped."""
        record = self.db.cvs.get(cv_id)
        if record is not None:
            self.db.cvs[cv_id] = dataclasses.replace(
                record, cv=cv, walk=copy.deepcopy(walk), updated_at=at
            )

    async def delete(self, cv_id: int) -> None:
        """Delete a copy and its comments."""
        self.db.cvs.pop(cv_id, None)
        for cid in [c.id for c in self.db.cv_comments.values() if c.cv_id == cv_id]:
            del self.db.cv_comments[cid]

    async def reviewed(self, cv_id: int, by: int, at: datetime) -> None:
        """Mark the CV reviewed by a coach."""
        record = self.db.cvs.get(cv_id)
        if record is not None:
            self.db.cvs[cv_id] = dataclasses.replace(record, reviewed_at=at, reviewed_by=by)

    async def comment(
        self, cv_id: int, section: str, author_id: int, text: str, at: datetime
    ) -> CvComment:
        """Store a coach's comment on a section."""
        made = CvComment(self.db.next_id(), cv_id, section, author_id, text, at)
        self.db.cv_comments[made.id] = made
        return made

    async def comments(self, cv_id: int) -> list[CvComment]:
        """Return a CV's comments, the oldest first."""
        found = [c for c in self.db.cv_comments.values() if c.cv_id == cv_id]
        return sorted(found, key=lambda c: c.id)

    async def get_comment(self, comment_id: int) -> CvComment | None:
        """Return one comment."""
        return self.db.cv_comments.get(comment_id)

    async def answer(self, comment_id: int, text: str, at: datetime) -> CvComment | None:
        """Store the participant's answer to a comment."""
        found = self.db.cv_comments.get(comment_id)
        if found is None:
            return None
        self.db.cv_comments[comment_id] = dataclasses.replace(found, answer=text, answered_at=at)
        return self.db.cv_comments[comment_id]
