"""The registered flows, in the order their commands appear and their listeners are asked."""

from __future__ import annotations

from flows import (
    attendance,
    contact,
    cv,
    digests,
    invites,
    onboarding,
    path,
    placements,
    planning,
    recruitment,
    tasks,
)
from flows.dispatch import Registry

REGISTRY = Registry(
    (
        onboarding.FLOW,
        invites.FLOW,
        planning.FLOW,
        attendance.FLOW,
        tasks.FLOW,
        path.FLOW,
        cv.FLOW,
        placements.FLOW,
        recruitment.FLOW,
        digests.FLOW,
        contact.FLOW,
    )
)
