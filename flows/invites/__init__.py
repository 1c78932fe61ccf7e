"""Invites: staff create single-use links for participants, employers and coaches."""

from __future__ import annotations

from flows.invites import create
from flows.invites.create import InvitePorts, narrow
from flows.routes import STAFF, Command, Flow, Press
from flows.text import N_

FLOW: Flow[InvitePorts] = Flow(
    name="invites",
    ports=narrow,
    commands=(Command("invite", create.ask_role, STAFF, N_("Invite a participant or employer")),),
    buttons=(
        Press(create.InviteRole, create.ask_language, STAFF),
        Press(create.InviteIn, create.create, STAFF),
    ),
)
