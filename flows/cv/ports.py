"""What the CV flow may touch."""

from __future__ import annotations

from typing import Protocol

from flows.ports import Access, People, Ports
from flows.programme_ports import Cvs


class CvPorts(Protocol):
    """People (for names and caseloads), CVs, and the visibility rule (for listings)."""

    @property
    def people(self) -> People:
        """Persons, units and caseloads."""
        ...

    @property
    def cvs(self) -> Cvs:
        """Participants' CVs and comments."""
        ...

    @property
    def access(self) -> Access:
        """Who may see whom."""
        ...


def narrow(ports: Ports) -> CvPorts:
    """Return the ports the CV flow may use."""
    return ports
