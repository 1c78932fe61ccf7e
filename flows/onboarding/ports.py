"""What onboarding may touch."""

from __future__ import annotations

from typing import Protocol

from flows.ports import Invites, People, Ports


class OnboardingPorts(Protocol):
    """People (to bind and to set the language) and invites (to redeem)."""

    @property
    def people(self) -> People:
        """Persons, units and caseloads."""
        ...

    @property
    def invites(self) -> Invites:
        """Single-use invites."""
        ...


def narrow(ports: Ports) -> OnboardingPorts:
    """Return the ports onboarding may use."""
    return ports
