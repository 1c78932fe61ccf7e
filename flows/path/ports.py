"""What the path flow may touch."""

from __future__ import annotations

from typing import Protocol

from flows.ports import Access, Paths, People, Ports


class PathPorts(Protocol):
    """People and caseloads, paths, plans and breaks, and who sees whom."""

    @property
    def people(self) -> People:
        """Persons, units and caseloads."""
        ...

    @property
    def paths(self) -> Paths:
        """Paths, plan versions, breaks."""
        ...

    @property
    def access(self) -> Access:
        """Who may see whom."""
        ...


def narrow(ports: Ports) -> PathPorts:
    """Return the ports the path flow may use."""
    return ports
