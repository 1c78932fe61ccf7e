"""What the summaries may touch."""

from __future__ import annotations

from typing import Protocol

from flows.ports import Access, People, Ports, Tasks
from flows.programme_ports import Paths, Placements, Recruitment, Summaries


class DigestPorts(Protocol):
    """Snapshots, notes and hand-overs; people; the recruitment figures; who sees whom."""

    @property
    def summaries(self) -> Summaries:
        """Snapshots, notes, hand-overs, settings."""
        ...

    @property
    def people(self) -> People:
        """Persons, units and caseloads."""
        ...

    @property
    def paths(self) -> Paths:
        """Paths and plans (the profile card)."""
        ...

    @property
    def placements(self) -> Placements:
        """Placements and exits (the profile card, the unit report)."""
        ...

    @property
    def tasks(self) -> Tasks:
        """Tasks (the history)."""
        ...

    @property
    def recruitment(self) -> Recruitment:
        """The unit's recruitment figures (the unit report)."""
        ...

    @property
    def access(self) -> Access:
        """Who may see whom."""
        ...


def narrow(ports: Ports) -> DigestPorts:
    """Return the ports the summaries may use."""
    return ports
