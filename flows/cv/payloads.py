"""The CV flow's buttons."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from flows.cv_model import Section
from flows.payloads import Payload


@dataclass(frozen=True)
class Go(Payload, code="k1"):
    """The overview's actions: continue the walk, get the CV (own language or Swedish),
    the copies for one job, a new copy."""

    action: Literal["home", "walk", "pdf", "sv", "copies", "copy"]


@dataclass(frozen=True)
class Open(Payload, code="k2"):
    """Open one section: its entries, to edit, delete or add."""

    section: Section


@dataclass(frozen=True)
class Answer(Payload, code="k3"):
    """A button answer to question number `q` (stale if the walk is elsewhere by now)."""

    q: int
    value: str


@dataclass(frozen=True)
class Entry(Payload, code="k4"):
    """Edit or delete one entry of a section."""

    section: Section
    index: int
    action: Literal["edit", "delete"]


@dataclass(frozen=True)
class Add(Payload, code="k5"):
    """Add an entry (or an item) to a section."""

    section: Section


@dataclass(frozen=True)
class Copy(Payload, code="k6"):
    """A copy for one job: open it, get it, write its profile text, delete it."""

    cv: int
    action: Literal["open", "get", "sv", "profile", "delete"]


@dataclass(frozen=True)
class CopyEntry(Payload, code="k7"):
    """Leave out, or move up, one entry of a copy."""

    cv: int
    section: Section
    index: int
    action: Literal["drop", "up"]


@dataclass(frozen=True)
class CvOf(Payload, code="k8"):
    """A coach opens a participant's CV."""

    participant: int


@dataclass(frozen=True)
class Remark(Payload, code="k9"):
    """A coach comments on one section of a participant's CV."""

    participant: int
    section: Section


@dataclass(frozen=True)
class Reviewed(Payload, code="k10"):
    """A coach marks a participant's CV reviewed."""

    participant: int


@dataclass(frozen=True)
class Respond(Payload, code="k11"):
    """The participant answers a coach's comment."""

    comment: int


@dataclass(frozen=True)
class CopyFor(Payload, code="k12"):
    """A coach makes a copy of a participant's CV for one job."""

    participant: int
