"""How roles are named to people (catalog entries)."""

from __future__ import annotations

from flows.model import Role
from flows.text import N_

ROLE_NAMES: dict[Role, str] = {
    Role.PARTICIPANT: N_("participant"),
    Role.EMPLOYER: N_("employer contact"),
    Role.COACH: N_("coach"),
    Role.MANAGER: N_("unit manager"),
}
