"""Typed button payloads: today's wire format, strict parsing, unique codes, 64 bytes."""

from __future__ import annotations

from dataclasses import dataclass, fields
from enum import StrEnum
from typing import Literal, get_args, get_origin, get_type_hints

import pytest
from hypothesis import given
from hypothesis import strategies as st

import flows.registry  # noqa: F401  (registers every flow's payloads)
from flows import payloads
from flows.attendance.payloads import CheckInAt, Decide, Reason, SkipNote
from flows.invites.create import InviteRole
from flows.model import ActivityKind, Role
from flows.payloads import MAX_BYTES, Payload, as_id, registered, unpack
from flows.planning.payloads import PickKind, PickParticipant


@pytest.mark.parametrize(
    ("wire", "expected"),
    [
        ("c1:12", CheckInAt(12)),
        ("b1:3:interview", Reason(3, "interview")),
        ("n1:skip", SkipNote()),
        ("e1:9:a", Decide(9, "a")),
        ("p1:k:workshop", PickKind(ActivityKind.WORKSHOP)),
        ("p1:p:all", PickParticipant("all")),
        ("i1:coach", InviteRole(Role.COACH)),
    ],
)
def test_buttons_already_in_chats_keep_their_meaning(wire: str, expected: Payload) -> None:
    assert unpack(wire) == expected
    assert expected.pack() == wire


@pytest.mark.parametrize(
    "wire",
    [
        "c1:²",
        "c1:١٢",
        "c1:１２",
        "c1:" + "9" * 19,
        "c1:" + "1" * 40,
        "c1:-1",
        "c1:+1",
        "c1: 1",
        "c1:1\n",
        "c1:",
        "c1",
        "c1:1:2",
        "e1:1:x",
        "e1:1",
        "b1:1:ü",
        "b1:1:" + "a" * 33,
        "p1:k:unknown",
        "p1",
        "n1:skip:1",
        "",
        "zz:1",
        "x" * 65,
    ],
)
def test_malformed_data_unpacks_to_nothing(wire: str) -> None:
    assert unpack(wire) is None


@given(st.text(max_size=80))
def test_unpack_never_raises(wire: str) -> None:
    found = unpack(wire)
    assert found is None or found.pack() == wire


def sample(kind: object) -> object:
    if kind is int:
        return 10**17
    if kind is str:
        return "w" * 32
    if get_origin(kind) is Literal:
        return get_args(kind)[0]
    assert isinstance(kind, type)
    assert issubclass(kind, StrEnum)
    return max(kind, key=len)


@pytest.mark.parametrize("cls", sorted(registered().values(), key=lambda c: c.code))
def test_every_payload_round_trips_within_64_bytes_at_its_longest(cls: type[Payload]) -> None:
    hints = get_type_hints(cls)
    longest = cls(*(sample(hints[f.name]) for f in fields(cls)))  # type: ignore[arg-type]
    data = longest.pack()
    assert len(data.encode()) <= MAX_BYTES
    assert unpack(data) == longest


@pytest.fixture(autouse=True)
def scratch_codes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Payload classes made by a test register in a copy, not in the real registry."""
    monkeypatch.setattr(payloads, "_CODES", dict(payloads._CODES))


def test_a_duplicate_code_fails_at_import() -> None:
    with pytest.raises(TypeError, match="already registered"):

        @dataclass(frozen=True)
        class Again(Payload, code="c1"):
            session: int


def test_a_code_that_shadows_a_longer_one_fails_at_import() -> None:
    with pytest.raises(TypeError, match="already registered"):

        @dataclass(frozen=True)
        class Planning(Payload, code="p1"):
            step: str


def test_packing_over_64_bytes_is_refused() -> None:
    @dataclass(frozen=True)
    class Wide(Payload, code="zz9"):
        a: int
        b: int
        c: int
        d: int

    with pytest.raises(ValueError, match="64 bytes"):
        Wide(10**17, 10**17, 10**17, 10**17).pack()


@pytest.mark.parametrize(("raw", "value"), [("7", 7), ("٧", None), ("", None), ("1" * 19, None)])
def test_as_id_takes_ascii_digits_only(raw: str, value: int | None) -> None:
    assert as_id(raw) == value
