"""The ports of a participant's programme beyond attendance and tasks: the CV, placements
with employers and their follow-up, and the path with its action plan."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Protocol

from flows.cv_model import Cv, CvComment, CvRecord
from flows.digest_model import Note, Snapshot
from flows.model import Person, Unit
from flows.path_model import Break, Path, PlanVersion
from flows.placement_model import Exit, FollowUp, Placement, Reply
from flows.recruitment_model import (
    Assignment,
    Channel,
    ContactEntry,
    Figures,
    Pitch,
    Presentation,
    Workplace,
)


class Cvs(Protocol):
    """Participants' CVs (the master and copies for one job) and coaches' comments."""

    async def master(self, participant_id: int) -> CvRecord | None:
        """Return the participant's own CV, if they have started one."""
        ...

    async def create(self, participant_id: int, label: str, cv: Cv, at: datetime) -> CvRecord:
        """Store a new CV (a master when `label` is empty) and return it."""
        ...

    async def get(self, cv_id: int) -> CvRecord | None:
        """Return one CV."""
        ...

    async def copies(self, participant_id: int) -> list[CvRecord]:
        """Return the participant's copies for one job, the oldest first."""
        ...

    async def save(self, cv_id: int, cv: Cv, walk: dict[str, Any], at: datetime) -> None:
        """Store what the CV says now and where the conversation stopped."""
        ...

    async def delete(self, cv_id: int) -> None:
        """Delete a copy and its comments."""
        ...

    async def reviewed(self, cv_id: int, by: int, at: datetime) -> None:
        """Mark the CV reviewed by a coach."""
        ...

    async def comment(
        self, cv_id: int, section: str, author_id: int, text: str, at: datetime
    ) -> CvComment:
        """Store a coach's comment on a section."""
        ...

    async def comments(self, cv_id: int) -> list[CvComment]:
        """Return a CV's comments, the oldest first."""
        ...

    async def get_comment(self, comment_id: int) -> CvComment | None:
        """Return one comment."""
        ...

    async def answer(self, comment_id: int, text: str, at: datetime) -> CvComment | None:
        """Store the participant's answer to a comment."""
        ...


class Placements(Protocol):
    """Placements with employers, their follow-ups and answers, and participants' exits."""

    async def create(self, draft: Placement, invite_id: int | None) -> Placement:
        """Store a new placement (the draft's id is ignored); with an invite, its employer is
        the person who redeems it."""
        ...

    async def get(self, placement_id: int) -> Placement | None:
        """Return one placement."""
        ...

    async def active(self) -> list[Placement]:
        """Return every placement still going on, with an employer who has joined."""
        ...

    async def of_participant(self, participant_id: int) -> list[Placement]:
        """Return a participant's placements, active or not, the oldest first."""
        ...

    async def change(self, placement_id: int, **changes: object) -> Placement | None:
        """Change a placement (kind, subsidy, hired_on, ends_on, ended_on, outcome)."""
        ...

    async def bind_employers(self) -> None:
        """Give placements whose employer invite has been redeemed their employer."""
        ...

    async def add_follow_up(
        self,
        participant_id: int,
        placement_id: int | None,
        key: str,
        due_on: date,
        competence: bool,
    ) -> FollowUp | None:
        """Plan a follow-up; None if one with this key is planned already."""
        ...

    async def follow_up(self, follow_up_id: int) -> FollowUp | None:
        """Return one follow-up."""
        ...

    async def follow_ups(self, participant_id: int) -> list[FollowUp]:
        """Return a participant's follow-ups (of every placement, and after exit), by date."""
        ...

    async def open_follow_ups(self, until: date) -> list[FollowUp]:
        """Return follow-ups planned or asked and due on or before `until`."""
        ...

    async def set_follow_up(self, follow_up_id: int, **changes: object) -> None:
        """Change a follow-up (state, due_on, asked_at, note)."""
        ...

    async def reply(self, answer: Reply) -> None:
        """Store an answer (a later answer to the same question replaces it)."""
        ...

    async def replies(self, follow_up_id: int) -> list[Reply]:
        """Return the answers to a follow-up, in the order given."""
        ...

    async def record_exit(self, record: Exit) -> None:
        """Record a participant's exit (once)."""
        ...

    async def exit_of(self, participant_id: int) -> Exit | None:
        """Return a participant's exit, if any."""
        ...

    async def employers(self, unit_id: int) -> list[Person]:
        """Return the employer contacts of a unit."""
        ...


class Paths(Protocol):
    """Participants' paths: the record, action-plan versions and breaks."""

    async def path(self, participant_id: int) -> Path | None:
        """Return a participant's path, if it has started."""
        ...

    async def start(self, participant_id: int, started_on: date) -> Path:
        """Start a participant's path (once; a second start returns the first)."""
        ...

    async def set_path(self, participant_id: int, **changes: object) -> None:
        """Change a path (status, paused_days)."""
        ...

    async def open_paths(self) -> list[Path]:
        """Return every path not ended by an exit."""
        ...

    async def plans(self, participant_id: int) -> list[PlanVersion]:
        """Return every version of the participant's plan, the first first."""
        ...

    async def add_plan(self, draft: PlanVersion) -> PlanVersion:
        """Store a new version (numbered after the last; the draft's id and number ignored)."""
        ...

    async def set_plan(self, plan_id: int, **changes: object) -> None:
        """Record a version's confirmation or approval (confirmed_at, approved_at, approved_by)."""
        ...

    async def breaks(self, participant_id: int) -> list[Break]:
        """Return the participant's breaks, the first first."""
        ...

    async def add_break(self, draft: Break) -> Break:
        """Store a new break (the draft's id is ignored)."""
        ...

    async def end_break(self, break_id: int, ended_on: date) -> None:
        """Record the restart after a break."""
        ...


class Recruitment(Protocol):
    """Employers (workplaces and their contact persons), their needs, the candidates
    presented to them and every contact with them."""

    async def add_workplace(self, draft: Workplace) -> Workplace:
        """Store a new workplace (the draft's id is ignored)."""
        ...

    async def workplace(self, workplace_id: int) -> Workplace | None:
        """Return one workplace."""
        ...

    async def workplaces(self, unit_id: int) -> list[Workplace]:
        """Return a unit's workplaces, by name."""
        ...

    async def workplace_of(self, person_id: int) -> Workplace | None:
        """Return the workplace an employer contact person speaks for, if any."""
        ...

    async def add_contact(
        self, workplace_id: int, name: str, person_id: int | None, invite_id: int | None
    ) -> None:
        """Add a contact person: one who uses the bot, or one invited (bound on joining)."""
        ...

    async def contacts(self, workplace_id: int) -> list[Person]:
        """Return the contact persons of a workplace who use the bot."""
        ...

    async def invited(self, workplace_id: int, now: datetime) -> list[str]:
        """Return the names of contact persons whose invite is still open at `now`."""
        ...

    async def add_assignment(self, draft: Assignment) -> Assignment:
        """Store a new assignment (the draft's id is ignored)."""
        ...

    async def assignment(self, assignment_id: int) -> Assignment | None:
        """Return one assignment."""
        ...

    async def assignments(self, workplace_id: int) -> list[Assignment]:
        """Return a workplace's assignments, the newest first."""
        ...

    async def set_assignment(self, assignment_id: int, **changes: object) -> None:
        """Change an assignment's status and the date of it."""
        ...

    async def add_presentation(self, draft: Presentation) -> Presentation | None:
        """Store a new presentation; None if the participant is a candidate already."""
        ...

    async def presentation(self, presentation_id: int) -> Presentation | None:
        """Return one presentation."""
        ...

    async def presentations(self, assignment_id: int) -> list[Presentation]:
        """Return an assignment's candidates, the first asked first."""
        ...

    async def set_presentation(self, presentation_id: int, **changes: object) -> None:
        """Change a presentation (state, dates, interview time, placement)."""
        ...

    async def advance(
        self, presentation_id: int, from_states: frozenset[Pitch], **changes: object
    ) -> bool:
        """Change a presentation only if it is in one of `from_states` (one of two people
        answering at once wins); say whether it changed."""
        ...

    async def interviews(self, after: datetime) -> list[Presentation]:
        """Return presentations with an interview booked after `after`, the soonest first."""
        ...

    async def log_contact(
        self, workplace_id: int, channel: Channel, by_id: int, at: datetime
    ) -> ContactEntry | None:
        """Log a contact; a chat contact counts once a day per person (None if logged)."""
        ...

    async def delete_contact(
        self, entry_id: int, workplace_id: int, by_id: int
    ) -> ContactEntry | None:
        """Delete a contact `by_id` logged with this workplace by mistake; return it (None if
        there is no such entry)."""
        ...

    async def contact_counts(self, workplace_id: int, since: datetime) -> dict[Channel, int]:
        """Count a workplace's contacts since a time, by channel."""
        ...

    async def figures(self, unit_id: int, first: datetime, last: datetime) -> Figures:
        """Return the unit's recruitment figures for [first, last)."""
        ...


class Summaries(Protocol):
    """Digests, the caseload view, notes and hand-overs."""

    async def units(self) -> list[Unit]:
        """Return every unit."""
        ...

    async def snapshot(
        self,
        unit_id: int,
        first: datetime,
        last: datetime,
        coach_id: int | None = None,
        participant_id: int | None = None,
    ) -> Snapshot:
        """Return the unit's caseloads (or one coach's, or one participant) over [first,
        last), in a fixed number of queries."""
        ...

    async def staff(self, unit_id: int) -> list[Person]:
        """Return the unit's coaches and managers, by name."""
        ...

    async def claim_run(self, unit_id: int, kind: str, day: date, at: datetime) -> bool:
        """Record that a unit's digests of a kind are made for a day; False if they were."""
        ...

    async def add_note(self, participant_id: int, author_id: int, text: str, at: datetime) -> Note:
        """Store a note about a participant."""
        ...

    async def notes(self, participant_id: int) -> list[Note]:
        """Return the notes about a participant, the newest first."""
        ...

    async def hand_over(
        self, participant_ids: list[int], from_coach: int, to_coach: int, at: datetime
    ) -> list[int]:
        """Move participants from one coach's active caseload to another's; return those
        moved (a participant no longer with `from_coach` stays where they are)."""
        ...

    async def set_profile(self, participant_id: int, **changes: object) -> None:
        """Record a participant's gender or priority group (for the unit's figures)."""
        ...

    async def set_settings(self, person_id: int, settings: dict[str, Any]) -> None:
        """Store a staff member's own settings (quiet hours, working days)."""
        ...
