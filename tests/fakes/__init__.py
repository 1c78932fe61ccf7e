"""In-memory fakes of the flows' ports, sharing one FakeDb (same contract as storage/)."""

from __future__ import annotations

from flows.ports import Ports
from tests.fakes.access import FakeAccess
from tests.fakes.attendance import FakeAttendance
from tests.fakes.cvs import FakeCvs
from tests.fakes.db import TEXT_LIMIT, FakeCaseload, FakeDb
from tests.fakes.paths import FakePaths
from tests.fakes.people import FakeInvites, FakePeople
from tests.fakes.placements import FakePlacements
from tests.fakes.recruitment import FakeRecruitment
from tests.fakes.summaries import FakeSummaries
from tests.fakes.tasks import FakeTasks

__all__ = [
    "TEXT_LIMIT",
    "FakeAccess",
    "FakeAttendance",
    "FakeCaseload",
    "FakeCvs",
    "FakeDb",
    "FakeInvites",
    "FakePaths",
    "FakePeople",
    "FakePlacements",
    "FakeRecruitment",
    "FakeSummaries",
    "FakeTasks",
    "fake_ports",
]


def fake_ports(db: FakeDb | None = None) -> Ports:
    """Return flows.ports.Ports backed by one (new or given) FakeDb."""
    db = db or FakeDb()
    return Ports(
        people=FakePeople(db),
        invites=FakeInvites(db),
        attendance=FakeAttendance(db),
        access=FakeAccess(db),
        tasks=FakeTasks(db),
        cvs=FakeCvs(db),
        placements=FakePlacements(db),
        paths=FakePaths(db),
        recruitment=FakeRecruitment(db),
        summaries=FakeSummaries(db),
    )
