"""What the recruitment flow may touch."""

from __future__ import annotations

from typing import Protocol

from flows.ports import Access, Invites, People, Ports
from flows.programme_ports import Cvs, Paths, Placements, Recruitment


class RecruitmentPorts(Protocol):
    """Employers and their needs, the CVs and paths that matching reads, placements that a
    hire starts, invites for contact persons, and who sees whom."""

    @property
    def people(self) -> People:
        """Persons, units and caseloads."""
        ...

    @property
    def recruitment(self) -> Recruitment:
        """Workplaces, assignments, presentations, the contact log."""
        ...

    @property
    def cvs(self) -> Cvs:
        """CVs (matching reads them; a presentation sends one)."""
        ...

    @property
    def paths(self) -> Paths:
        """Paths (whether a participant is on a break or has left)."""
        ...

    @property
    def placements(self) -> Placements:
        """Placements (a hire starts one, with its follow-up plan)."""
        ...

    @property
    def invites(self) -> Invites:
        """Invites (a new contact person gets one)."""
        ...

    @property
    def access(self) -> Access:
        """Who may see whom."""
        ...


def narrow(ports: Ports) -> RecruitmentPorts:
    """Return the ports the recruitment flow may use."""
    return ports
