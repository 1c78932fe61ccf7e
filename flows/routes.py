"""How a flow declares itself: its commands, buttons, steps, listeners and timers, as data.

A flow's `__init__.py` builds one `Flow`; `flows.registry` lists the flows and
`flows.dispatch` runs them. Handlers receive a `Ctx` holding the event, the person, the
flow's own ports (a Protocol the flow declares, so `mypy` proves what it may touch) and the
flow's own part of the conversation data.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, time
from enum import StrEnum
from typing import Any, Generic, TypeVar

from flows.config import Config
from flows.events import Actor, Event, Kind
from flows.model import Person, Role
from flows.output import Button, Outcome, Say
from flows.payloads import Payload
from flows.ports import Ports
from flows.replies import not_allowed, say, stale, written
from flows.text import Msg

P = TypeVar("P")
T = TypeVar("T", bound=Payload)

EVERYONE = frozenset(Role)
STAFF = frozenset({Role.COACH, Role.MANAGER})
PARTICIPANTS = frozenset({Role.PARTICIPANT})
IDLE = "idle"
# What a person can send besides commands and buttons.
REPLIES = frozenset(Kind) - {Kind.COMMAND, Kind.BUTTON, Kind.TIMER}


@dataclass(frozen=True)
class MenuEntry:
    """One command as the menu and /help show it."""

    name: str
    description: str


@dataclass(frozen=True)
class Ctx(Generic[P]):
    """What a handler gets: the event, who sent it, the flow's ports and its own data.

    `step` is this flow's pending step (None if none); `data` is this flow's part of the
    conversation data; `ended` names a step the dispatcher just ended for this event;
    `menu` lists the commands this person's role can use.
    """

    event: Event
    actor: Actor
    person: Person
    ports: P
    cfg: Config
    data: Mapping[str, Any] = field(default_factory=dict)
    step: str | None = None
    ended: str | None = None
    menu: tuple[MenuEntry, ...] = ()

    @property
    def locale(self) -> str:
        """Return the person's language."""
        return self.person.locale

    @property
    def now(self) -> datetime:
        """Return when the event happened."""
        return self.event.at

    def say(self, *body: Msg, buttons: tuple[tuple[Button, ...], ...] = ()) -> Say:
        """Address the person's own chat in their language."""
        return say(self.actor, self.locale, *body, buttons=buttons)

    def reply(self, *body: Msg, buttons: tuple[tuple[Button, ...], ...] = ()) -> Outcome:
        """Answer the person and change nothing else."""
        return Outcome(messages=(self.say(*body, buttons=buttons),))

    def stale(self) -> Outcome:
        """Answer that the button or step no longer means anything."""
        return stale(self.actor, self.locale)

    def written(self, limit: int, empty: Msg) -> tuple[str, Outcome | None]:
        """The words typed, or the answer that asks again (nothing typed, or too much)."""
        return written(self.actor, self.locale, self.event.text, limit, empty)

    def not_allowed(self) -> Outcome:
        """Refuse the action; nothing changes."""
        return not_allowed(self.actor, self.locale)


@dataclass(frozen=True)
class GuestCtx(Generic[P]):
    """What the strangers' handler gets: someone not bound to any person yet."""

    event: Event
    actor: Actor
    ports: P
    cfg: Config
    locale: str


@dataclass(frozen=True)
class TimerCtx(Generic[P]):
    """What a timer gets: the time and the flow's ports."""

    now: datetime
    ports: P
    cfg: Config


@dataclass(frozen=True)
class Subject:
    """What a route concerns, for the visibility check: a participant, an activity and/or an
    employer's workplace (every part given must be allowed)."""

    participant_id: int | None = None
    activity_id: int | None = None
    workplace_id: int | None = None


@dataclass(frozen=True)
class Command(Generic[P]):
    """A slash command: who may use it and the menu text (also its /help line)."""

    name: str
    handler: Callable[[Ctx[P]], Awaitable[Outcome]]
    roles: frozenset[Role]
    description: str
    # /cancel leaves even a resumable step.
    leaves_any_step: bool = False
    # False keeps it out of Telegram's command menu (it is still in /help).
    in_menu: bool = True


@dataclass(frozen=True)
class Press(Generic[P, T]):
    """A button: its payload class, who may press it, its step and whom it concerns.

    With `step`, the button works only while the flow waits in that step. With `concerns`,
    the dispatcher resolves the subject and checks the person may see it before the
    handler runs; None from `concerns` means the thing is gone (stale).
    """

    payload: type[T]
    handler: Callable[[Ctx[P], T], Awaitable[Outcome]]
    roles: frozenset[Role]
    step: str | None = None
    concerns: Callable[[T, P], Awaitable[Subject | None]] | None = None


@dataclass(frozen=True)
class Step(Generic[P]):
    """A point where the flow waits for the person to write (or send) something.

    A command or another flow's button ends the step unless it is `resumable`; `on_leave`
    then says what happened to the unfinished answer (and may record it).
    """

    name: StrEnum
    handler: Callable[[Ctx[P]], Awaitable[Outcome]]
    takes: frozenset[Kind] = frozenset({Kind.TEXT})
    resumable: bool = False
    on_leave: Callable[[Ctx[P]], Awaitable[Outcome]] | None = None


@dataclass(frozen=True)
class Listener(Generic[P]):
    """Looks at what a person sends outside any step; None lets the next flow try."""

    handler: Callable[[Ctx[P]], Awaitable[Outcome | None]]
    takes: frozenset[Kind] = frozenset({Kind.TEXT})
    roles: frozenset[Role] = EVERYONE
    # True: an answer does not end the turn, later listeners answer too (a language
    # suggestion must not swallow the message it was suggested for).
    then_others: bool = False


class Every(StrEnum):
    """How often a timer runs."""

    MINUTE = "minute"
    DAY = "day"
    WEEK = "week"


@dataclass(frozen=True)
class Timer(Generic[P]):
    """Time-driven work: every minute, or daily/weekly at a local time (Monday for weekly)."""

    name: str
    every: Every
    handler: Callable[[TimerCtx[P]], Awaitable[Outcome]]
    at: time = time(6, 0)


@dataclass(frozen=True)
class Flow(Generic[P]):
    """One flow's table of contents; `ports` narrows the full ports to what it may touch."""

    name: str
    ports: Callable[[Ports], P]
    commands: tuple[Command[P], ...] = ()
    buttons: tuple[Press[P, Any], ...] = ()
    steps: tuple[Step[P], ...] = ()
    listeners: tuple[Listener[P], ...] = ()
    timers: tuple[Timer[P], ...] = ()
    strangers: Callable[[GuestCtx[P]], Awaitable[Outcome]] | None = None

    def step(self, name: str) -> Step[P] | None:
        """Return the declared step of that name, if any."""
        return next((s for s in self.steps if s.name == name), None)
