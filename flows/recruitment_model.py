"""Employers and recruitment as data: workplaces with their contact persons and named coach,
the needs they state (recruitment assignments), the candidates presented to them with the
participant's consent, and every contact with them by channel."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from flows.text import N_, ascii_digits

# The size classes Statistics Sweden uses for workplaces (number of employees).
SIZES: dict[str, str] = {
    "micro": N_("0–9 employees"),
    "small": N_("10–49 employees"),
    "medium": N_("50–249 employees"),
    "large": N_("250 or more employees"),
}
# Broad industries, enough to find an employer again and to count by.
INDUSTRIES: dict[str, str] = {
    "care": N_("Health and care"),
    "retail": N_("Shops and retail"),
    "food": N_("Restaurants and hotels"),
    "cleaning": N_("Cleaning and property"),
    "building": N_("Building and construction"),
    "industry": N_("Manufacturing"),
    "transport": N_("Transport and storage"),
    "office": N_("Offices and IT"),
    "school": N_("Schools and childcare"),
    "other": N_("Other"),
}
HOURS: dict[str, str] = {
    "full": N_("Full-time"),
    "part": N_("Part-time"),
    "shifts": N_("Hours or shifts"),
}
# What an employer may require; each is checked against the candidate's CV.
MUST_HAVES: dict[str, str] = {
    "licence_b": N_("Driving licence B"),
    "swedish_a2": N_("Everyday Swedish (A2)"),
    "swedish_b1": N_("Swedish for work (B1)"),
    "english": N_("English"),
    "experience": N_("Experience of this job"),
}
HEADCOUNT_LIMIT = 50


class Status(StrEnum):
    """Where a recruitment assignment stands (persisted values)."""

    OPEN = "open"
    PRESENTED = "presented"  # at least one candidate's CV has reached the employer
    INTERVIEWING = "interviewing"
    FILLED = "filled"
    CLOSED = "closed"  # closed without a hire


STATUS_NAMES: dict[Status, str] = {
    Status.OPEN: N_("open"),
    Status.PRESENTED: N_("candidates presented"),
    Status.INTERVIEWING: N_("interviewing"),
    Status.FILLED: N_("filled"),
    Status.CLOSED: N_("closed without a hire"),
}
OPEN_STATUSES = frozenset({Status.OPEN, Status.PRESENTED, Status.INTERVIEWING})


class Pitch(StrEnum):
    """Where one candidate's presentation stands (persisted values)."""

    ASKED = "asked"  # the participant has been asked for consent
    DECLINED = "declined"  # the participant said no: the employer never hears of them
    SENT = "sent"  # the participant said yes and the CV went to the employer
    INTERVIEW = "interview"
    NOT_NOW = "not_now"
    HIRED = "hired"


# The presentations whose CV the employer has received, with the participant's consent.
SHOWN = frozenset({Pitch.SENT, Pitch.INTERVIEW, Pitch.NOT_NOW, Pitch.HIRED})
PITCH_NAMES: dict[Pitch, str] = {
    Pitch.ASKED: N_("asked for consent"),
    Pitch.DECLINED: N_("declined to be presented"),
    Pitch.SENT: N_("CV sent"),
    Pitch.INTERVIEW: N_("interview"),
    Pitch.NOT_NOW: N_("not now"),
    Pitch.HIRED: N_("hired"),
}


class Channel(StrEnum):
    """How a contact with an employer happened (persisted values)."""

    VISIT = "visit"
    PHONE = "phone"
    EMAIL = "email"
    CHAT = "chat"


CHANNEL_NAMES: dict[Channel, str] = {
    Channel.VISIT: N_("Visit"),
    Channel.PHONE: N_("Phone"),
    Channel.EMAIL: N_("E-mail"),
    Channel.CHAT: N_("Chat"),
}


@dataclass(frozen=True)
class Workplace:
    """An employer: the workplace, its details and the coach responsible for it."""

    id: int
    unit_id: int
    name: str
    org_number: str  # NNNNNN-NNNN, checked
    address: str
    industry: str  # a key of INDUSTRIES
    size: str  # a key of SIZES
    coach_id: int
    created_at: datetime


@dataclass(frozen=True)
class Assignment:
    """A need an employer stated: a recruitment assignment, with the date of each status."""

    id: int
    workplace_id: int
    unit_id: int
    occupation: str
    headcount: int
    starts_on: date
    hours: str  # a key of HOURS
    must_haves: tuple[str, ...]  # keys of MUST_HAVES
    note: str
    created_by: int
    created_at: datetime
    status: Status = Status.OPEN
    presented_at: datetime | None = None
    interviewing_at: datetime | None = None
    filled_at: datetime | None = None
    closed_at: datetime | None = None


@dataclass(frozen=True)
class Presentation:
    """One candidate for one assignment: asked, declined or presented, and what followed."""

    id: int
    assignment_id: int
    participant_id: int
    coach_id: int
    cv_id: int
    asked_at: datetime
    state: Pitch = Pitch.ASKED
    answered_at: datetime | None = None  # the participant's consent or refusal
    verdict_at: datetime | None = None  # the employer's last answer
    interview_at: datetime | None = None
    interview_ok: bool | None = None  # the participant's answer to the time
    placement_id: int | None = None


@dataclass(frozen=True)
class ContactEntry:
    """One contact with an employer: a visit, a call or an e-mail logged by a coach, or a
    day's chat with a contact person (counted once a day per person)."""

    id: int
    workplace_id: int
    channel: Channel
    by_id: int
    at: datetime


@dataclass(frozen=True)
class Figures:
    """Recruitment figures of one unit over a period (the manager report's inputs)."""

    open_assignments: int  # open at the period's end
    new_assignments: int
    filled: int
    closed: int
    hires: int
    new_employers: int
    contacts: dict[Channel, int] = field(default_factory=dict)


def org_number(text: str) -> str | None:
    """Return a Swedish organisation number as NNNNNN-NNNN, or None if it is not one.

    Ten digits (a leading "16" on twelve is allowed) with a valid Luhn check digit; sole
    traders use their personal identity number, which passes the same check.
    """
    digits = "".join(c for c in ascii_digits(text) if c not in " -+")
    if not digits.isascii() or not digits.isdigit():
        return None
    if len(digits) == 12 and digits[:2] in ("16", "19", "20"):
        digits = digits[2:]
    if len(digits) != 10:
        return None
    total = 0
    for i, c in enumerate(digits):
        n = int(c) * (2 if i % 2 == 0 else 1)
        total += n - 9 if n > 9 else n
    return f"{digits[:6]}-{digits[6:]}" if total % 10 == 0 else None
