"""What the attendance flow may touch."""

from __future__ import annotations

from typing import Protocol

from flows.ports import Access, Attendance, People, Ports


class AttendancePorts(Protocol):
    """People, the attendance records, and the visibility rule (for listings)."""

    @property
    def people(self) -> People:
        """Persons, units and caseloads."""
        ...

    @property
    def attendance(self) -> Attendance:
        """Activities, sessions, records and disputes."""
        ...

    @property
    def access(self) -> Access:
        """Who may see whom."""
        ...


def narrow(ports: Ports) -> AttendancePorts:
    """Return the ports attendance may use."""
    return ports
