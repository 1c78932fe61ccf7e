"""The summaries' buttons (codes g1–g14). Choices are fixed lists, so a forged button is
refused by the parser; ids are checked by the dispatcher's visibility rules."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from flows.payloads import Payload

Filter = Literal["all", "attention", "overdue", "silent", "placed", "new"]
QuietChoice = Literal["off", "17", "18", "20"]
Gender = Literal["woman", "man", "other", "unknown"]


@dataclass(frozen=True)
class Profile(Payload, code="g1"):
    """Staff open a participant's profile card."""

    person: int


@dataclass(frozen=True)
class Page(Payload, code="g2"):
    """A coach turns to a page of their caseload, with a filter."""

    filter: Filter
    page: int


@dataclass(frozen=True)
class WriteNote(Payload, code="g3"):
    """A coach starts writing a note about a participant."""

    person: int


@dataclass(frozen=True)
class HandOver(Payload, code="g4"):
    """Staff start handing one participant over to another coach."""

    person: int


@dataclass(frozen=True)
class HandTo(Payload, code="g5"):
    """Hand one participant over to this coach."""

    person: int
    coach: int


@dataclass(frozen=True)
class HandAllTo(Payload, code="g6"):
    """A coach hands their whole caseload over to this coach (asked once more first)."""

    coach: int
    confirm: Literal["ask", "yes"]


@dataclass(frozen=True)
class Quiet(Payload, code="g7"):
    """A staff member picks their quiet hours."""

    choice: QuietChoice


@dataclass(frozen=True)
class Workday(Payload, code="g8"):
    """A staff member ticks or unticks a working day (0 = Monday)."""

    day: int


@dataclass(frozen=True)
class WeekCsv(Payload, code="g9"):
    """A coach asks for a week's summary as a CSV file (the Monday as an ordinal)."""

    monday: int


@dataclass(frozen=True)
class SetGender(Payload, code="g10"):
    """A coach records a participant's gender for the unit's figures."""

    person: int
    gender: Gender


@dataclass(frozen=True)
class Priority(Payload, code="g11"):
    """A coach marks or unmarks a participant as in a priority group."""

    person: int


@dataclass(frozen=True)
class History(Payload, code="g12"):
    """Staff open a participant's history (attendance, tasks, placements, notes)."""

    person: int


@dataclass(frozen=True)
class ReportWeek(Payload, code="g13"):
    """A manager asks for the unit report of a week (the Monday as an ordinal)."""

    monday: int


@dataclass(frozen=True)
class AskGender(Payload, code="g14"):
    """A coach opens the gender choice for a participant."""

    person: int


@dataclass(frozen=True)
class ContactMe(Payload, code="g15"):
    """A participant who was nudged asks their coach to get in touch."""
