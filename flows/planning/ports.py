"""What planning may touch."""

from __future__ import annotations

from typing import Protocol

from flows.ports import Attendance, People, Ports


class PlanningPorts(Protocol):
    """People (the caseload, the unit) and the attendance store (to save the activity)."""

    @property
    def people(self) -> People:
        """Persons, units and caseloads."""
        ...

    @property
    def attendance(self) -> Attendance:
        """Activities and sessions."""
        ...


def narrow(ports: Ports) -> PlanningPorts:
    """Return the ports planning may use."""
    return ports
