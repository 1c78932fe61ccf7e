"""What the path flow may touch."""

from __future__ import annotations

from typing import Protocol

from flows.ports import Access, Attendance, People, Ports, Tasks
from flows.programme_ports import Paths, Placements


class PathPorts(Protocol):
    """People, paths, plans and breaks; activities, tasks and placements; who sees whom."""

    @property
    def people(self) -> People:
        """Persons, units and caseloads."""
        ...

    @property
    def paths(self) -> Paths:
        """Paths, plan versions, breaks."""
        ...

    @property
    def attendance(self) -> Attendance:
        """Activities and sessions (to draw plan steps from)."""
        ...

    @property
    def tasks(self) -> Tasks:
        """Tasks given (to draw plan steps from)."""
        ...

    @property
    def placements(self) -> Placements:
        """Placements (to draw plan steps from)."""
        ...

    @property
    def access(self) -> Access:
        """Who may see whom."""
        ...


def narrow(ports: Ports) -> PathPorts:
    """Return the ports the path flow may use."""
    return ports
