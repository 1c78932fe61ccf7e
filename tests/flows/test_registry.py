"""Registry invariants: unique commands, payload codes and steps; roles everywhere; menus
and /help derived from the registry, with a menu text in every catalog."""

from __future__ import annotations

from enum import StrEnum

import pytest

from bot.i18n import default_catalogs
from flows import attendance, onboarding
from flows.attendance.payloads import CheckInAt
from flows.dispatch import Registry
from flows.languages import OFFERED
from flows.model import Role
from flows.ports import Ports
from flows.registry import REGISTRY
from flows.routes import EVERYONE, Command, Flow, Press, Step
from tests.fakes import fake_ports
from tests.flows.world import AMINA, KARIN, MARIA, build


def test_command_names_button_payloads_and_flow_names_are_unique() -> None:
    names = [c.name for f in REGISTRY.flows for c in f.commands]
    assert len(names) == len(set(names))
    payloads = [p.payload for f in REGISTRY.flows for p in f.buttons]
    assert len(payloads) == len(set(payloads))
    flows = [f.name for f in REGISTRY.flows]
    assert len(flows) == len(set(flows))


def test_step_names_are_unique_per_flow_and_stored_as_flow_dot_step() -> None:
    for flow in REGISTRY.flows:
        names = [str(s.name) for s in flow.steps]
        assert len(names) == len(set(names)), flow.name
        for step in flow.steps:
            assert REGISTRY.pending(f"{flow.name}.{step.name}") == (flow, step)


def test_every_route_declares_its_roles() -> None:
    for flow in REGISTRY.flows:
        for command in flow.commands:
            assert command.roles, command.name
        for press in flow.buttons:
            assert press.roles, press.payload.code
            assert press.step is None or flow.step(press.step) is not None


def test_every_staff_button_that_names_someone_declares_whom_it_concerns() -> None:
    open_to_staff = [
        p.payload.code
        for f in REGISTRY.flows
        for p in f.buttons
        if p.concerns is None and p.step is None and Role.PARTICIPANT not in p.roles
        if any(field in p.payload.__dataclass_fields__ for field in ("session", "dispute"))
    ]
    assert open_to_staff == []


@pytest.mark.parametrize("locale", OFFERED)
def test_every_command_has_a_menu_text_in_every_catalog(locale: str) -> None:
    catalogs = default_catalogs()
    for _, command in REGISTRY.commands.values():
        text = catalogs.gettext(locale, command.description)
        assert text.strip(), command.name
        if locale != "en":
            assert text != command.description, f"/{command.name} untranslated in {locale}"


def test_a_duplicate_command_or_button_or_rolesless_route_is_refused() -> None:
    with pytest.raises(ValueError, match="declared twice"):
        Registry(
            (
                onboarding.FLOW,
                onboarding.FLOW.__class__(**{**vars(onboarding.FLOW), "name": "again"}),
            )
        )
    with pytest.raises(ValueError, match="routed twice"):
        Registry((attendance.FLOW, Flow("copy", lambda p: p, buttons=attendance.FLOW.buttons)))

    async def handler(ctx: object) -> object:
        return None

    with pytest.raises(ValueError, match="no roles"):
        Registry((Flow("x", lambda p: p, commands=(Command("x", handler, frozenset(), "X"),)),))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="no roles"):
        Registry((Flow("x", lambda p: p, buttons=(Press(CheckInAt, handler, frozenset()),)),))  # type: ignore[arg-type]


def test_duplicate_step_names_are_refused() -> None:
    class S(StrEnum):
        A = "a"

    async def handler(ctx: object) -> object:
        return None

    steps = (Step(S.A, handler), Step(S.A, handler))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="duplicate"):
        Registry((Flow("x", lambda p: p, steps=steps),))


def test_menus_come_from_the_registry_in_order() -> None:
    def names(role: Role | None) -> list[str]:
        return [m.name for m in REGISTRY.menu(role, telegram=True)]

    assert names(None) == ["start", "help", "language"]
    participant = ["here", "absent", "attendance", "tasks", "week", "plan", "cv", "contact"]
    assert names(Role.PARTICIPANT) == ["start", "help", "language", *participant]
    coach = ["invite", "activity", "sessions", "assign", "week", "path", "cvs"]
    coach += ["placement", "placements", "exit", "employers", "needs"]
    coach += ["caseload", "handover", "quiet"]
    assert names(Role.COACH) == ["start", "help", "language", *coach]
    manager = ["invite", "activity", "sessions", "caseload", "quiet", "report"]
    assert names(Role.MANAGER) == ["start", "help", "language", *manager]
    assert names(Role.EMPLOYER) == ["start", "help", "language", "contact", "need", "needs"]
    assert "cancel" in [m.name for m in REGISTRY.menu(Role.EMPLOYER)]


@pytest.mark.parametrize(
    ("user", "expected"),
    [
        (AMINA, ["/here", "/attendance", "/tasks", "/week", "/plan", "/cv", "/cancel"]),
        (KARIN, ["/invite", "/activity", "/sessions", "/assign", "/week", "/path", "/cvs"]),
        (MARIA, ["/invite", "/sessions"]),
    ],
)
async def test_help_lists_the_commands_of_the_role(user: int, expected: list[str]) -> None:
    world = await build()
    [text] = (await world.client.command(user, "help")).texts(user)
    for command in [*expected, "/language", "/help"]:
        assert f"{command} – " in text
    assert "/start" not in text


def test_each_flow_narrows_the_full_ports_to_its_own() -> None:
    ports: Ports = fake_ports()
    for flow in REGISTRY.flows:
        assert flow.ports(ports) is ports
    assert frozenset(Role) == EVERYONE
