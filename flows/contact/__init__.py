"""Contact: a participant's own words go to their coach unchanged, and the coach's answer back."""

from __future__ import annotations

from flows.contact import message, reply
from flows.contact.message import ContactPorts, narrow
from flows.routes import PARTICIPANTS, STAFF, Flow, Listener, Press, Step

FLOW: Flow[ContactPorts] = Flow(
    name="contact",
    ports=narrow,
    buttons=(
        Press(message.Pass, message.answer, PARTICIPANTS),
        Press(message.Answer, reply.ask, STAFF, concerns=reply.subject),
    ),
    steps=(Step(reply.State.REPLY, reply.send, on_leave=reply.left),),
    listeners=(Listener(message.offer, roles=PARTICIPANTS),),
)
