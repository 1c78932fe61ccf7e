"""Onboarding through the dispatcher with in-memory ports: no Telegram, no database."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest

from flows.events import Event, Kind
from flows.invites.tokens import hash_token, new_token
from flows.languages import OFFERED
from flows.model import Person, Role
from tests.flowclient import CFG, NOW, FlowClient, Turn

LINK = re.compile(r"^https://t\.me/stegvis_test_bot\?start=([A-Za-z0-9_-]{16,64})$")


class World(FlowClient):
    """A FlowClient with one unit, plus helpers to act as Telegram users."""

    def __init__(self) -> None:
        super().__init__()
        self.unit_id = self.unit("u1", "Jobbtorg Söder")

    def person(  # type: ignore[override]
        self, role: Role, user_id: int, name: str, locale: str = "sv"
    ) -> Person:
        return super().person(role, user_id, name, locale)

    async def invite(
        self,
        role: Role = Role.PARTICIPANT,
        *,
        expires_at: datetime = NOW + timedelta(days=3),
        coach: Person | None = None,
    ) -> str:
        token = new_token()
        await self.ports.invites.create(
            token_hash=hash_token(token),
            role=role,
            unit_id=self.unit_id,
            expires_at=expires_at,
            coach_id=coach.id if coach else None,
        )
        return token

    async def send(  # type: ignore[override]
        self,
        user_id: int,
        event: Event,
        *,
        first_name: str = "Amina",
        language_code: str | None = "en",
    ) -> Turn:
        """Feed one event as the runtime does, and keep the conversation state."""
        return await super().send(
            user_id, event, first_name=first_name, language_code=language_code or ""
        )


def command(name: str, args: str = "", *, at: datetime = NOW, forwarded: bool = False) -> Event:
    return Event(
        Kind.COMMAND,
        at,
        text=f"/{name} {args}".strip(),
        command=name,
        args=args,
        forwarded=forwarded,
    )


def button(payload: str) -> Event:
    return Event(Kind.BUTTON, NOW, payload=payload)


def text(body: str) -> Event:
    return Event(Kind.TEXT, NOW, text=body)


def msgids(outcome: Turn) -> list[str]:
    return outcome.msgids()


def payloads(outcome: Turn) -> list[str]:
    return outcome.payloads()


@pytest.fixture
def world() -> World:
    return World()


# -- strangers -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "event", [text("Hej, vad är det här?"), command("start"), command("help"), button("l1:sv")]
)
async def test_stranger_gets_one_message_and_no_state(world: World, event: Event) -> None:
    outcome = await world.send(77, event, language_code="sv")
    assert len(outcome.messages) == 1
    say = outcome.messages[0]
    assert say.chat_id == 77
    assert say.locale == "sv"
    assert "invite link" in say.body[0].msgid  # type: ignore[union-attr]
    assert say.buttons == ()
    assert not outcome.changed
    assert outcome.menus == ()
    assert world.db.people == {}


async def test_stranger_with_unoffered_language_is_greeted_in_fallback(world: World) -> None:
    outcome = await world.send(77, text("hi"), language_code="de")
    assert outcome.messages[0].locale == CFG.fallback_locale


# -- redeeming invites ---------------------------------------------------------------------


async def test_valid_invite_creates_person_and_asks_language(world: World) -> None:
    token = await world.invite()
    outcome = await world.send(42, command("start", token), first_name="Amina")

    [person] = world.db.people.values()
    assert person.telegram_user_id == 42
    assert person.chat_id == 42
    assert person.role is Role.PARTICIPANT
    assert person.display_name == "Amina"
    assert person.locale == "en", "Telegram's language_code is the default"
    assert outcome.state == "onboarding.choose_language"
    [say] = outcome.messages
    assert say.body[0].params["name"] == "Amina"  # type: ignore[union-attr]
    codes = payloads(outcome)
    assert codes == [f"l1:{code}" for code in OFFERED]
    assert all(1 <= len(p.encode()) <= 64 for p in codes)
    assert [m.role for m in outcome.menus] == [Role.PARTICIPANT]
    [invite] = world.db.invites.values()
    assert invite.used_by == person.id


async def test_invite_from_coach_puts_participant_in_caseload(world: World) -> None:
    coach = world.person(Role.COACH, 500, "Karin")
    token = await world.invite(coach=coach)
    await world.send(42, command("start", token))
    participant = await world.ports.people.by_telegram_user(42)
    assert participant is not None
    assert await world.ports.people.coach_of(participant.id) == coach


async def test_expired_invite_is_refused(world: World) -> None:
    token = await world.invite(expires_at=NOW - timedelta(seconds=1))
    outcome = await world.send(42, command("start", token))
    assert len(msgids(outcome)) == 1
    assert "expired" in msgids(outcome)[0]
    assert not outcome.changed
    assert world.db.people == {}


async def test_used_invite_is_refused_for_second_user(world: World) -> None:
    token = await world.invite()
    await world.send(42, command("start", token))
    outcome = await world.send(43, command("start", token), first_name="Ivan")
    assert "already been used" in msgids(outcome)[0]
    assert not outcome.changed
    assert len(world.db.people) == 1
    assert await world.ports.people.by_telegram_user(43) is None


@pytest.mark.parametrize(
    "token",
    ["A" * 32, "abc", "x" * 65, "bad token with spaces!!", "../../etc/passwd-xxxxxxxx"],
    ids=["unknown", "too-short", "too-long", "spaces", "path"],
)
async def test_unknown_or_malformed_token_is_refused(world: World, token: str) -> None:
    await world.invite()
    outcome = await world.send(42, command("start", token))
    assert "not valid" in msgids(outcome)[0]
    assert not outcome.changed
    assert world.db.people == {}


async def test_forwarded_start_does_not_redeem(world: World) -> None:
    token = await world.invite()
    outcome = await world.send(42, command("start", token, forwarded=True))
    assert "forwarded" in msgids(outcome)[0]
    assert not outcome.changed
    assert world.db.people == {}
    [invite] = world.db.invites.values()
    assert invite.used_at is None, "the invite stays usable for its owner"


async def test_registered_person_opening_another_invite_does_not_use_it(world: World) -> None:
    world.person(Role.PARTICIPANT, 42, "Amina")
    token = await world.invite()
    outcome = await world.send(42, command("start", token))
    assert "already registered" in msgids(outcome)[0]
    [invite] = world.db.invites.values()
    assert invite.used_at is None
    assert len(world.db.people) == 1


# -- language ------------------------------------------------------------------------------


async def test_choosing_language_stores_it_and_removes_buttons(world: World) -> None:
    token = await world.invite()
    await world.send(42, command("start", token))
    outcome = await world.send(42, button("l1:ar"))

    person = await world.ports.people.by_telegram_user(42)
    assert person is not None
    assert person.locale == "ar"
    assert outcome.remove_buttons
    assert outcome.state == "idle"
    [say] = outcome.messages
    assert say.locale == "ar"
    assert say.buttons == ()
    assert any("About your data" in m for m in msgids(outcome)), "privacy notice after invite"
    assert [(m.role, m.locale) for m in outcome.menus] == [(Role.PARTICIPANT, "ar")]


async def test_changing_language_later_skips_privacy_notice(world: World) -> None:
    world.person(Role.PARTICIPANT, 42, "Amina", locale="sv")
    picker = await world.send(42, command("language"))
    assert payloads(picker) == [f"l1:{code}" for code in OFFERED]
    outcome = await world.send(42, button("l1:uk"))
    assert world.db.people[next(iter(world.db.people))].locale == "uk"
    assert outcome.remove_buttons
    assert not any("About your data" in m for m in msgids(outcome))


async def test_text_while_choosing_language_asks_again(world: World) -> None:
    token = await world.invite()
    await world.send(42, command("start", token))
    outcome = await world.send(42, text("arabic please"))
    assert outcome.state == "onboarding.choose_language"
    assert payloads(outcome) == [f"l1:{code}" for code in OFFERED]


async def test_unoffered_language_payload_is_stale(world: World) -> None:
    person = world.person(Role.PARTICIPANT, 42, "Amina")
    outcome = await world.send(42, button("l1:de"))
    assert "no longer active" in msgids(outcome)[0]
    assert outcome.toast is not None
    assert world.db.people[person.id].locale == "sv"


# -- invites by staff ----------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.PARTICIPANT, Role.EMPLOYER])
async def test_invite_command_is_refused_for_non_staff(world: World, role: Role) -> None:
    world.person(role, 42, "Amina")
    outcome = await world.send(42, command("invite"))
    assert "not available to you" in msgids(outcome)[0]
    assert payloads(outcome) == []


async def test_invite_command_offers_coach_participant_and_employer(world: World) -> None:
    world.person(Role.COACH, 500, "Karin")
    outcome = await world.send(500, command("invite"))
    assert payloads(outcome) == ["i1:participant", "i1:employer"]
    assert all(len(p.encode()) <= 64 for p in payloads(outcome))


async def test_invite_command_offers_manager_coach_too(world: World) -> None:
    world.person(Role.MANAGER, 600, "Maria")
    outcome = await world.send(600, command("invite"))
    assert payloads(outcome) == ["i1:participant", "i1:employer", "i1:coach"]


async def test_coach_invite_button_stores_only_the_token_hash(world: World) -> None:
    coach = world.person(Role.COACH, 500, "Karin")
    asked = await world.send(500, button("i1:participant"))
    assert "i2:participant:ar" in payloads(asked), "the invitee's language is asked first"
    assert world.db.invites == {}
    outcome = await world.send(500, button("i2:participant:ar"))

    [say] = outcome.messages
    link = say.body[0].params["link"]  # type: ignore[union-attr]
    match = LINK.match(str(link))
    assert match is not None, link
    token = match.group(1)
    [invite] = world.db.invites.values()
    assert world.db.token_hashes == {hash_token(token): invite.id}
    assert token not in repr(world.db)
    assert invite.role is Role.PARTICIPANT
    assert invite.coach_id == coach.id
    assert invite.created_by == coach.id
    assert invite.expires_at == NOW + CFG.invite_ttl
    assert invite.locale == "ar"
    assert say.body[0].params["expires"] == invite.expires_at  # type: ignore[union-attr]
    assert outcome.remove_buttons


async def test_link_from_coach_invite_can_be_redeemed_once(world: World) -> None:
    coach = world.person(Role.COACH, 500, "Karin")
    outcome = await world.send(500, button("i2:participant:ti"))
    match = LINK.match(str(outcome.messages[0].body[0].params["link"]))  # type: ignore[union-attr]
    assert match is not None
    welcome = await world.send(42, command("start", match.group(1)))
    assert welcome.messages[0].locale == "ti", "greeted in the language the coach chose"
    participant = await world.ports.people.by_telegram_user(42)
    assert participant is not None
    assert participant.locale == "ti"
    assert await world.ports.people.coach_of(participant.id) == coach


async def test_employer_invite_from_coach_has_no_caseload(world: World) -> None:
    world.person(Role.COACH, 500, "Karin")
    await world.send(500, button("i2:employer:sv"))
    [invite] = world.db.invites.values()
    assert invite.role is Role.EMPLOYER
    assert invite.coach_id is None


async def test_forged_invite_button_for_role_above_coach_is_refused(world: World) -> None:
    world.person(Role.COACH, 500, "Karin")
    for forged in ("i1:coach", "i2:coach:sv"):
        outcome = await world.send(500, button(forged))
        assert "not available to you" in msgids(outcome)[0]
    assert world.db.invites == {}


@pytest.mark.parametrize("forged", ["i2:participant:de", "i2:participant:", "i2:participant:ar:1"])
async def test_forged_invite_language_creates_nothing(world: World, forged: str) -> None:
    world.person(Role.COACH, 500, "Karin")
    outcome = await world.send(500, button(forged))
    assert "no longer active" in msgids(outcome)[0]
    assert world.db.invites == {}


async def test_participant_pressing_forged_invite_button_creates_nothing(world: World) -> None:
    world.person(Role.PARTICIPANT, 42, "Amina")
    outcome = await world.send(42, button("i2:participant:sv"))
    assert "not available to you" in msgids(outcome)[0]
    assert world.db.invites == {}


@pytest.mark.parametrize("payload", ["zz:1", "i1:nobody", "l0:sv", "x"])
async def test_unknown_button_payload_answers_no_longer_active_with_toast(
    world: World, payload: str
) -> None:
    world.person(Role.COACH, 500, "Karin")
    outcome = await world.send(500, button(payload))
    assert len(outcome.messages) == 1
    assert "no longer active" in msgids(outcome)[0]
    assert outcome.toast is not None
    assert "no longer active" in outcome.toast.msgid
    assert not outcome.changed
    assert world.db.invites == {}
