"""A CV as data: what the participant entered, section by section, and how it is stored.

Everything a person typed is kept exactly as typed; only the fixed values (levels, licence
categories, "now") are codes that each document shows in its own language.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields, replace
from datetime import datetime
from enum import StrEnum
from typing import Any

from flows.text import N_

NOW = "now"  # the end of a period that is still going on


class Section(StrEnum):
    """The parts of a CV, in the order the walk asks for them (persisted values)."""

    CONTACT = "contact"
    WANTED = "wanted"
    JOBS = "jobs"
    SCHOOLS = "schools"
    LANGUAGES = "languages"
    LICENCES = "licences"
    CERTIFICATES = "certificates"
    SKILLS = "skills"
    PROFILE = "profile"
    REFERENCES = "references"


SECTION_NAMES: dict[Section, str] = {
    Section.CONTACT: N_("Contact details"),
    Section.WANTED: N_("Jobs I am looking for"),
    Section.JOBS: N_("Work experience"),
    Section.SCHOOLS: N_("Education"),
    Section.LANGUAGES: N_("Languages"),
    Section.LICENCES: N_("Driving licence"),
    Section.CERTIFICATES: N_("Certificates"),
    Section.SKILLS: N_("Skills"),
    Section.PROFILE: N_("About me"),
    Section.REFERENCES: N_("References"),
}

# Self-assessed levels (CEFR) explained in plain words; "native" for a mother tongue.
LEVELS = ("A1", "A2", "B1", "B2", "C1", "C2", "native")
LEVEL_NAMES: dict[str, str] = {
    "A1": N_("A few words and phrases"),
    "A2": N_("Simple everyday things, like shopping or asking the way"),
    "B1": N_("Most everyday situations, at work too"),
    "B2": N_("Work and longer conversations without much trouble"),
    "C1": N_("Almost everything, easily and correctly"),
    "C2": N_("Everything, like a very good native speaker"),
    "native": N_("My mother tongue"),
}
SKILLS_OF_LANGUAGE = ("understand", "speak", "write")
SKILL_NAMES: dict[str, str] = {
    "understand": N_("Understand"),
    "speak": N_("Speak"),
    "write": N_("Write"),
}
# Swedish driving licence categories (Transportstyrelsen).
LICENCES = ("AM", "A1", "A2", "A", "B", "BE", "C1", "C1E", "C", "CE", "D1", "D1E", "D", "DE")


@dataclass(frozen=True)
class Contact:
    name: str = ""
    phone: str = ""
    email: str = ""
    town: str = ""


@dataclass(frozen=True)
class Job:
    employer: str = ""
    title: str = ""
    place: str = ""
    country: str = ""
    start: str = ""  # "2019" or "2019-03"
    end: str = ""  # the same, or NOW
    tasks: str = ""


@dataclass(frozen=True)
class School:
    school: str = ""
    subject: str = ""  # programme, level or SFI course
    country: str = ""
    start: str = ""
    end: str = ""


@dataclass(frozen=True)
class Language:
    name: str = ""
    understand: str = ""  # a member of LEVELS
    speak: str = ""
    write: str = ""


@dataclass(frozen=True)
class Referee:
    name: str = ""
    relation: str = ""
    phone: str = ""
    consent: bool = False  # the referee agreed to be called


Entry = Job | School | Language | Referee
ENTRY_TYPES: dict[Section, type[Any]] = {
    Section.JOBS: Job,
    Section.SCHOOLS: School,
    Section.LANGUAGES: Language,
    Section.REFERENCES: Referee,
}


@dataclass(frozen=True)
class Cv:
    """One CV: the master, or a tailored copy (`label` says for which job or employer)."""

    contact: Contact = field(default_factory=Contact)
    wanted: tuple[str, ...] = ()
    jobs: tuple[Job, ...] = ()
    schools: tuple[School, ...] = ()
    languages: tuple[Language, ...] = ()
    licences: tuple[str, ...] = ()
    certificates: tuple[str, ...] = ()
    skills: tuple[str, ...] = ()
    profile: str = ""
    references: tuple[Referee, ...] = ()
    # Sections the participant chose to skip for now (the walk comes back to them last).
    skipped: tuple[str, ...] = ()
    # Sections answered with "none" (no driving licence, no certificates): done, not empty.
    nothing: tuple[str, ...] = ()

    def filled(self, section: Section) -> bool:
        """Say whether the section is done: something in it, or "none" as the answer."""
        value = getattr(self, section.value)
        if isinstance(value, Contact):
            return bool(value.name)
        return bool(value) or section.value in self.nothing

    def texts(self) -> list[str]:
        """Return everything the participant wrote, one string per field or item."""
        found: list[str] = []
        for value in asdict(self).values():
            items = value if isinstance(value, list) else [value]
            for item in items:
                parts = item.values() if isinstance(item, dict) else [item]
                found.extend(p for p in parts if isinstance(p, str) and p)
        return found

    def to_json(self) -> dict[str, Any]:
        """Return the CV as plain JSON values (for the database)."""
        return asdict(self)

    @classmethod
    def from_json(cls, raw: dict[str, Any] | None) -> Cv:
        """Read a stored CV; unknown keys are ignored, missing ones are empty."""
        raw = raw or {}

        def build(kind: type[Any], value: Any) -> Any:
            names = {f.name for f in fields(kind)}
            return kind(**{k: v for k, v in (value or {}).items() if k in names})

        return cls(
            contact=build(Contact, raw.get("contact")),
            wanted=tuple(raw.get("wanted") or ()),
            jobs=tuple(build(Job, j) for j in raw.get("jobs") or ()),
            schools=tuple(build(School, s) for s in raw.get("schools") or ()),
            languages=tuple(build(Language, x) for x in raw.get("languages") or ()),
            licences=tuple(raw.get("licences") or ()),
            certificates=tuple(raw.get("certificates") or ()),
            skills=tuple(raw.get("skills") or ()),
            profile=str(raw.get("profile") or ""),
            references=tuple(build(Referee, r) for r in raw.get("references") or ()),
            skipped=tuple(raw.get("skipped") or ()),
            nothing=tuple(raw.get("nothing") or ()),
        )

    def with_section(self, section: Section, value: Any) -> Cv:
        """Return the CV with one section replaced."""
        return replace(self, **{section.value: value})


@dataclass(frozen=True)
class CvRecord:
    """A stored CV: the master (`label` empty) or a copy for one job or employer.

    `walk` is where the guided conversation stopped (section, question, the entry being
    written), so it resumes there after days, other commands or a restart.
    """

    id: int
    participant_id: int
    label: str
    cv: Cv
    walk: dict[str, Any]
    updated_at: datetime
    reviewed_at: datetime | None = None
    reviewed_by: int | None = None


@dataclass(frozen=True)
class CvComment:
    """A coach's comment on one section of a CV, and the participant's answer."""

    id: int
    cv_id: int
    section: str
    author_id: int
    text: str
    created_at: datetime
    answer: str = ""
    answered_at: datetime | None = None
