"""What the tasks flow may touch."""

from __future__ import annotations

from typing import Protocol

from flows.ports import Access, Attendance, People, Ports, Tasks


class TasksPorts(Protocol):
    """People, tasks, the sessions of a week, and the visibility rule (for listings)."""

    @property
    def people(self) -> People:
        """Persons, units and caseloads."""
        ...

    @property
    def tasks(self) -> Tasks:
        """Tasks given to participants."""
        ...

    @property
    def attendance(self) -> Attendance:
        """Sessions, for the hours of a week."""
        ...

    @property
    def access(self) -> Access:
        """Who may see whom."""
        ...


def narrow(ports: Ports) -> TasksPorts:
    """Return the ports the tasks flow may use."""
    return ports
