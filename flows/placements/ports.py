"""What the placements flow may touch."""

from __future__ import annotations

from typing import Protocol

from flows.ports import Access, Invites, People, Ports
from flows.programme_ports import Paths, Placements, Recruitment


class PlacementPorts(Protocol):
    """People, placements and their follow-ups, invites for employers, and who sees whom."""

    @property
    def people(self) -> People:
        """Persons, units and caseloads."""
        ...

    @property
    def placements(self) -> Placements:
        """Placements, follow-ups, answers, exits."""
        ...

    @property
    def invites(self) -> Invites:
        """Invites (an employer contact new to the bot gets one)."""
        ...

    @property
    def paths(self) -> Paths:
        """Paths (an exit ends the participant's path)."""
        ...

    @property
    def recruitment(self) -> Recruitment:
        """Workplaces (an employer's named coach hears from them too) and the contact log."""
        ...

    @property
    def access(self) -> Access:
        """Who may see whom."""
        ...


def narrow(ports: Ports) -> PlacementPorts:
    """Return the ports the placements flow may use."""
    return ports
