"""Drive the flows as people would, with no Telegram and no database.

`FlowClient` feeds events through `flows.dispatch.decide`, the same function the runtime's
`Core` calls, and keeps each chat's conversation exactly as `decide` returns it; replies are
rendered by the real renderer so tests read what people would read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from bot.cv_inputs import CV_INPUTS
from bot.render import Renderer
from flows.config import Config
from flows.dispatch import Registry, decide, run_timers
from flows.events import Actor, Event, Kind
from flows.model import Person, Role
from flows.output import Button, Menu, Outcome, Say
from flows.ports import Conversation, Ports
from flows.registry import REGISTRY
from flows.routes import IDLE, Every
from flows.text import Msg
from tests.fakes import FakeDb, fake_ports

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
CFG = Config(bot_username="stegvis_test_bot", **CV_INPUTS)
_RENDERER = Renderer()


def text_of(say: Say) -> str:
    """Return a message as its recipient reads it (plain text, their language)."""
    return "\n\n".join(r.text for r in _RENDERER.render(say))


@dataclass
class Turn:
    """What one event did: the outcome and the conversation after it."""

    outcome: Outcome
    state: str
    data: dict[str, object]
    changed: bool

    @property
    def messages(self) -> tuple[Say, ...]:
        """Every message decided, to anyone."""
        return self.outcome.messages

    @property
    def toast(self) -> Msg | None:
        """The short answer on the pressed button, if any."""
        return self.outcome.toast

    @property
    def menus(self) -> tuple[Menu, ...]:
        """Command menus to set."""
        return self.outcome.menus

    @property
    def remove_buttons(self) -> bool:
        """Whether the pressed message loses its buttons."""
        return self.outcome.remove_buttons

    @property
    def buttons_now(self) -> tuple[tuple[Button, ...], ...] | None:
        """The pressed message's new buttons, when the flow replaced them."""
        return self.outcome.buttons_now

    def to(self, chat_id: int) -> list[Say]:
        """Return the messages addressed to one chat."""
        return [m for m in self.messages if m.chat_id == chat_id]

    def texts(self, chat_id: int | None = None) -> list[str]:
        """Return the rendered texts (to one chat, or to anyone)."""
        return [text_of(m) for m in self.messages if chat_id is None or m.chat_id == chat_id]

    def msgids(self) -> list[str]:
        """Return the catalog ids of every paragraph, in order."""
        return [m.msgid for say in self.messages for m in say.body if isinstance(m, Msg)]

    def payloads(self, chat_id: int | None = None) -> list[str]:
        """Return the callback data of every button (to one chat, or to anyone)."""
        return [
            b.payload
            for say in self.messages
            if chat_id is None or say.chat_id == chat_id
            for row in say.buttons
            for b in row
        ]


@dataclass
class FlowClient:
    """People acting on the flows over in-memory ports; `now` is the clock."""

    db: FakeDb = field(default_factory=FakeDb)
    cfg: Config = CFG
    registry: Registry = REGISTRY
    now: datetime = NOW
    conversations: dict[int, Conversation] = field(default_factory=dict)
    ports: Ports = field(init=False)

    def __post_init__(self) -> None:
        self.ports = fake_ports(self.db)

    def person(
        self, role: Role, user_id: int, name: str, locale: str = "en", unit_id: int | None = None
    ) -> Person:
        """Add a person bound to Telegram user (and chat) `user_id`."""
        if unit_id is None:
            unit_id = next(iter(self.db.units.values())).id if self.db.units else self.unit()
        return self.db.add_person(
            role, unit_id, name, locale, telegram_user_id=user_id, chat_id=user_id
        )

    def unit(self, code: str = "u1", name: str = "Jobbtorg Söder") -> int:
        """Add a unit and return its id."""
        return self.db.add_unit(code, name).id

    def state(self, chat_id: int) -> str:
        """Return the chat's conversation state."""
        convo = self.conversations.get(chat_id)
        return convo.state if convo else IDLE

    def advance(self, delta: timedelta) -> None:
        """Move the clock."""
        self.now += delta

    async def send(
        self, user_id: int, event: Event, *, first_name: str = "Amina", language_code: str = "en"
    ) -> Turn:
        """Feed one event as the runtime does and keep the conversation it decided."""
        person = await self.ports.people.by_telegram_user(user_id)
        actor = Actor(user_id, user_id, language_code, first_name, person)
        convo = self.conversations.get(user_id, Conversation(user_id, IDLE, {}))
        decision = await decide(event, actor, convo, self.ports, self.cfg, self.registry)
        if decision.changed:
            self.conversations[user_id] = decision.conversation
        after = self.conversations.get(user_id, convo)
        return Turn(decision.outcome, after.state, dict(after.data), decision.changed)

    async def text(self, user_id: int, body: str) -> Turn:
        """Type a message."""
        return await self.send(user_id, Event(Kind.TEXT, self.now, text=body))

    async def command(self, user_id: int, name: str, args: str = "", **kw: bool) -> Turn:
        """Type a slash command."""
        text = f"/{name} {args}".strip()
        event = Event(Kind.COMMAND, self.now, text=text, command=name, args=args, **kw)
        return await self.send(user_id, event)

    async def press(self, user_id: int, payload: str) -> Turn:
        """Press a button (or forge one: any callback data goes)."""
        return await self.send(user_id, Event(Kind.BUTTON, self.now, payload=payload))

    async def location(self, user_id: int, latitude: float, longitude: float) -> Turn:
        """Share a location."""
        event = Event(Kind.LOCATION, self.now, latitude=latitude, longitude=longitude)
        return await self.send(user_id, event)

    async def tick(self, every: Every = Every.MINUTE, name: str | None = None) -> Outcome:
        """Run the timers of one cadence (or only the one named) at `now`."""
        return await run_timers(self.registry, every, self.now, self.ports, self.cfg, name)
