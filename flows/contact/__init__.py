"""Contact: a participant's own words go to their coach unchanged, when they ask for it."""

from __future__ import annotations

from flows.contact import message
from flows.contact.message import ContactPorts, narrow
from flows.routes import PARTICIPANTS, Flow, Listener, Press

FLOW: Flow[ContactPorts] = Flow(
    name="contact",
    ports=narrow,
    buttons=(Press(message.Pass, message.answer, PARTICIPANTS),),
    listeners=(Listener(message.offer, roles=PARTICIPANTS),),
)
