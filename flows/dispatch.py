"""The one generic dispatcher: route an event to its flow, authorise it, keep the state.

It holds no flow names. For each event it finds the route in the registry, checks the
person's role and (for routes that say whom they concern) their visibility through the
`Access` port, writes the audit row for staff reads, ends a pending step that the event
leaves behind, runs the handler and returns the outcome with the conversation after it.
The runtime and the tests' `FlowClient` both call `decide`, so state is applied one way.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flows.config import Config, guest_locale
from flows.events import Actor, Event, Kind
from flows.languages import is_stop_word
from flows.model import STAFF_ROLES, Person, Role
from flows.output import Outcome
from flows.payloads import Payload, unpack
from flows.ports import Access, Conversation, Ports
from flows.replies import not_allowed, say, stale
from flows.routes import (
    IDLE,
    Command,
    Ctx,
    Every,
    Flow,
    GuestCtx,
    MenuEntry,
    Press,
    Step,
    Subject,
    Timer,
    TimerCtx,
)
from flows.text import N_, msg

UNEXPECTED: dict[Kind, str] = {
    Kind.EDITED: N_(
        "I only read new messages, not edited ones. Please send your correction as a new message."
    ),
    Kind.STICKER: N_("Thanks! I cannot read stickers. Please write a short text or use /help."),
    Kind.VOICE: N_(
        "I cannot listen to voice messages. Please write a short text, or call your coach."
    ),
    Kind.PHOTO: N_("I did not expect a picture here. Type /help to see what you can do."),
    Kind.DOCUMENT: N_("I did not expect a file here. Type /help to see what you can do."),
    Kind.LOCATION: N_("I did not expect a location here. Type /help to see what you can do."),
    Kind.OTHER: N_("I cannot read this kind of message. Please write a short text or use /help."),
    Kind.TEXT: N_("I did not understand that. Please use the buttons, or type /help."),
    Kind.COMMAND: N_("I do not know that command. Type /help to see what you can do."),
    Kind.BUTTON: N_("I did not understand that. Please use the buttons, or type /help."),
    Kind.TIMER: N_("I did not understand that. Please use the buttons, or type /help."),
}
FORWARDED = N_(
    "I do not use forwarded messages. Please write to me yourself, or open your invite "
    "link directly."
)


class Registry:
    """The registered flows, indexed; refuses duplicate commands, buttons and steps."""

    def __init__(self, flows: Sequence[Flow[Any]]) -> None:
        self.flows = tuple(flows)
        self.by_name: dict[str, Flow[Any]] = {}
        self.commands: dict[str, tuple[Flow[Any], Command[Any]]] = {}
        self.buttons: dict[type[Payload], tuple[Flow[Any], Press[Any, Any]]] = {}
        for flow in self.flows:
            if flow.name in self.by_name or not flow.name.isidentifier():
                raise ValueError(f"flow name {flow.name!r} is taken or not an identifier")
            self.by_name[flow.name] = flow
            for command in flow.commands:
                if command.name in self.commands:
                    raise ValueError(f"command /{command.name} is declared twice")
                if not command.roles:
                    raise ValueError(f"command /{command.name} declares no roles")
                self.commands[command.name] = (flow, command)
            for press in flow.buttons:
                if press.payload in self.buttons:
                    raise ValueError(f"button {press.payload.code!r} is routed twice")
                if not press.roles:
                    raise ValueError(f"button {press.payload.code!r} declares no roles")
                if press.step is not None and flow.step(press.step) is None:
                    raise ValueError(f"button {press.payload.code!r} names an unknown step")
                self.buttons[press.payload] = (flow, press)
            names = [str(s.name) for s in flow.steps]
            if len(set(names)) != len(names) or any("." in n or n == IDLE for n in names):
                raise ValueError(f"flow {flow.name} has duplicate or malformed step names")

    def menu(self, role: Role | None, *, telegram: bool = False) -> tuple[MenuEntry, ...]:
        """Return the commands a role may use (None: what everyone may use), in order.

        With `telegram`, only those shown in Telegram's command menu.
        """
        return tuple(
            MenuEntry(command.name, command.description)
            for _, command in self.commands.values()
            if (role is None and command.roles == frozenset(Role))
            or (role is not None and role in command.roles)
            if command.in_menu or not telegram
        )

    def pending(self, state: str) -> tuple[Flow[Any], Step[Any]] | None:
        """Return the flow and step a stored state names, or None (idle or unknown)."""
        flow_name, _, step_name = state.partition(".")
        flow = self.by_name.get(flow_name)
        step = flow.step(step_name) if flow is not None else None
        return (flow, step) if flow is not None and step is not None else None

    def timers(self, every: Every | None = None) -> Iterable[tuple[Flow[Any], Timer[Any]]]:
        """Return (flow, timer) for every timer (of that cadence)."""
        return ((f, t) for f in self.flows for t in f.timers if every is None or t.every is every)


@dataclass(frozen=True)
class Decision:
    """What the flows decided for one event, and the conversation after it."""

    outcome: Outcome
    conversation: Conversation
    # Whether the conversation differs from before (and must be saved).
    changed: bool


class _Turn:
    """One event's work in progress: the conversation as it changes, and what was said."""

    def __init__(self, registry: Registry, convo: Conversation) -> None:
        self.registry = registry
        self.before = convo
        self.state = convo.state if registry.pending(convo.state) else IDLE
        self.data: dict[str, Any] = {
            k: dict(v)
            for k, v in convo.data.items()
            if k in registry.by_name and isinstance(v, dict)
        }
        self.outcomes: list[Outcome] = []

    def part(self, flow: Flow[Any]) -> dict[str, Any]:
        return dict(self.data.get(flow.name) or {})

    def step_of(self, flow: Flow[Any]) -> str | None:
        head, _, step = self.state.partition(".")
        return step if head == flow.name else None

    def apply(self, flow: Flow[Any], outcome: Outcome) -> None:
        """Keep what was said; let the flow change only its own step and data."""
        self.outcomes.append(outcome)
        if outcome.state is not None:
            if outcome.state == IDLE:
                if self.step_of(flow) is not None:
                    self.state = IDLE
            elif flow.step(outcome.state) is None:
                raise ValueError(f"flow {flow.name} has no step {outcome.state!r}")
            else:
                self.state = f"{flow.name}.{outcome.state}"
        if outcome.data is not None:
            if outcome.data:
                self.data[flow.name] = dict(outcome.data)
            else:
                self.data.pop(flow.name, None)

    def decision(self) -> Decision:
        merged = merge(self.outcomes)
        after = Conversation(self.before.chat_id, self.state, self.data)
        return Decision(merged, after, changed=after != self.before)


def merge(outcomes: Iterable[Outcome]) -> Outcome:
    """Combine outcomes: messages in order, the last toast, every menu, withdrawal and replan."""
    messages: list[Any] = []
    menus: list[Any] = []
    drops: list[str] = []
    replan: list[int] = []
    toast = None
    remove = False
    buttons_now = None
    for outcome in outcomes:
        messages.extend(outcome.messages)
        menus.extend(outcome.menus)
        drops.extend(outcome.drop_pending)
        replan.extend(outcome.replan)
        toast = outcome.toast if outcome.toast is not None else toast
        remove = remove or outcome.remove_buttons
        buttons_now = outcome.buttons_now if outcome.buttons_now is not None else buttons_now
    return Outcome(
        messages=tuple(messages),
        toast=toast,
        menus=tuple(menus),
        remove_buttons=remove,
        buttons_now=buttons_now,
        drop_pending=tuple(drops),
        replan=tuple(replan),
    )


async def decide(
    event: Event,
    actor: Actor,
    convo: Conversation,
    ports: Ports,
    cfg: Config,
    registry: Registry,
) -> Decision:
    """Decide what to do with one event from one actor in their conversation."""
    turn = _Turn(registry, convo)
    person = actor.person
    locale = person.locale if person else guest_locale(actor, cfg)
    if event.forwarded:
        turn.outcomes.append(Outcome(messages=(say(actor, locale, msg(FORWARDED)),)))
        return turn.decision()
    if person is None:
        for flow in registry.flows:
            if flow.strangers is not None:
                guest = GuestCtx(event, actor, flow.ports(ports), cfg, locale)
                turn.apply(flow, await flow.strangers(guest))
                break
        return turn.decision()
    if (
        event.kind is Kind.TEXT
        and registry.pending(turn.state) is not None
        and is_stop_word(event.text)
    ):
        # "avbryt", "stop", "скасувати" in a guided step: the same as /cancel.
        event = dataclasses.replace(event, kind=Kind.COMMAND, command="cancel", text="/cancel")
    run = _Run(turn, event, actor, person, ports, cfg)
    if event.kind is Kind.COMMAND:
        await run.command()
    elif event.kind is Kind.BUTTON:
        await run.button()
    else:
        await run.reply()
    return turn.decision()


class _Run:
    """Route one bound person's event; every refusal leaves the conversation as it was."""

    def __init__(
        self, turn: _Turn, event: Event, actor: Actor, person: Person, ports: Ports, cfg: Config
    ) -> None:
        self.turn, self.event, self.actor, self.person = turn, event, actor, person
        self.ports, self.cfg = ports, cfg

    def ctx(self, flow: Flow[Any], ended: str | None = None) -> Ctx[Any]:
        return Ctx(
            self.event,
            self.actor,
            self.person,
            flow.ports(self.ports),
            self.cfg,
            self.turn.part(flow),
            self.turn.step_of(flow),
            ended,
            self.turn.registry.menu(self.person.role),
        )

    def refuse(self, outcome: Outcome) -> None:
        self.turn.outcomes.append(outcome)

    async def end_pending(self, *, unless: Flow[Any] | None = None, force: bool = False) -> str:
        """End the pending step (of another flow than `unless`); return its name or ""."""
        pending = self.turn.registry.pending(self.turn.state)
        if pending is None:
            return ""
        flow, step = pending
        if flow is unless or (step.resumable and not force):
            return ""
        name = self.turn.state
        if step.on_leave is not None:
            left = await step.on_leave(self.ctx(flow))
            self.turn.outcomes.append(left)
        self.turn.state = IDLE
        self.turn.data.pop(flow.name, None)
        return name

    async def command(self) -> None:
        found = self.turn.registry.commands.get(self.event.command)
        ended = await self.end_pending(force=found is not None and found[1].leaves_any_step)
        if found is None:
            text = msg(UNEXPECTED[Kind.COMMAND])
            self.refuse(Outcome(messages=(say(self.actor, self.person.locale, text),)))
            return
        flow, command = found
        if self.person.role not in command.roles:
            self.refuse(not_allowed(self.actor, self.person.locale))
            return
        self.turn.apply(flow, await command.handler(self.ctx(flow, ended or None)))

    async def button(self) -> None:
        payload = unpack(self.event.payload)
        found = self.turn.registry.buttons.get(type(payload)) if payload else None
        if payload is None or found is None:
            self.refuse(stale(self.actor, self.person.locale))
            return
        flow, press = found
        if self.person.role not in press.roles:
            self.refuse(not_allowed(self.actor, self.person.locale))
            return
        if press.step is not None and self.turn.step_of(flow) != press.step:
            self.refuse(stale(self.actor, self.person.locale))
            return
        if press.concerns is not None:
            subject = await press.concerns(payload, flow.ports(self.ports))
            if subject is None:
                self.refuse(stale(self.actor, self.person.locale))
                return
            if not await allowed(self.ports.access, self.person, subject):
                self.refuse(not_allowed(self.actor, self.person.locale))
                return
            if self.person.role in STAFF_ROLES and subject.participant_id is not None:
                what = f"{flow.name}:{payload.code}"
                await self.ports.access.log_read(
                    self.person, subject.participant_id, what, self.event.at
                )
        ended = await self.end_pending(unless=flow)
        self.turn.apply(flow, await press.handler(self.ctx(flow, ended or None), payload))

    async def reply(self) -> None:
        kind = self.event.kind
        pending = self.turn.registry.pending(self.turn.state)
        if pending is not None:
            flow, step = pending
            if kind in step.takes:
                self.turn.apply(flow, await step.handler(self.ctx(flow)))
                return
        else:
            answered = False
            for flow in self.turn.registry.flows:
                for listener in flow.listeners:
                    if kind not in listener.takes or self.person.role not in listener.roles:
                        continue
                    outcome = await listener.handler(self.ctx(flow))
                    if outcome is not None:
                        self.turn.apply(flow, outcome)
                        if not listener.then_others:
                            return
                        answered = True
            if answered:
                return
        text = msg(UNEXPECTED[kind])
        self.refuse(Outcome(messages=(say(self.actor, self.person.locale, text),)))


async def allowed(access: Access, person: Person, subject: Subject) -> bool:
    """Say whether the person may act on the subject (every part of it)."""
    if subject.participant_id is not None and not await access.can_see(
        person, subject.participant_id
    ):
        return False
    if subject.activity_id is not None and not await access.can_use_activity(
        person, subject.activity_id
    ):
        return False
    return subject.workplace_id is None or await access.can_use_workplace(
        person, subject.workplace_id
    )


async def run_timers(
    registry: Registry,
    every: Every,
    now: datetime,
    ports: Ports,
    cfg: Config,
    name: str | None = None,
) -> Outcome:
    """Run every timer of one cadence (or just the one named) and combine what they decided."""
    outcomes = []
    for flow, timer in registry.timers(every):
        if name is None or timer.name == name:
            outcomes.append(await timer.handler(TimerCtx(now, flow.ports(ports), cfg)))
    return merge(outcomes)
