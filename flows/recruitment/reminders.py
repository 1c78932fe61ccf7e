"""Interview reminders: to the participant and the employer's contact persons 24 and 2 hours
ahead, never in the unit's quiet hours. They are keyed by the interview and its time, so a
new time or an ended candidacy withdraws them (`withdrawn`), and a minute timer plans them
again after anything dropped a chat's planned messages (a change of language)."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from flows.attendance.rules import is_quiet, rules_for
from flows.model import Person
from flows.output import Outcome, Say
from flows.recruitment.ports import RecruitmentPorts
from flows.recruitment.verdicts import Case, case_of
from flows.recruitment_model import OPEN_STATUSES
from flows.routes import TimerCtx
from flows.text import N_, msg, own_words

REMINDERS = (timedelta(hours=24), timedelta(hours=2))


def stamp(at: datetime) -> str:
    """The interview time in a reminder's key."""
    return at.strftime("%Y%m%d%H%M")


async def reminders(ports: RecruitmentPorts, case: Case, now: datetime) -> list[Say]:
    """The reminders still ahead for a booked interview the participant has not declined."""
    at = case.made.interview_at
    if at is None or case.made.interview_ok is False or case.need.status not in OPEN_STATUSES:
        return []
    unit = await ports.people.unit(case.need.unit_id)
    zone, rules = ZoneInfo(unit.timezone), rules_for(unit.settings)
    employers: list[Person] = await ports.recruitment.contacts(case.workplace.id)
    found = []
    for lead in REMINDERS:
        due = at - lead
        if due <= now or is_quiet(due.astimezone(zone).time(), rules):
            continue
        key = f"iv{case.made.id}:{stamp(at)}:{int(lead.total_seconds() // 3600)}"
        if case.person.chat_id:
            text = msg(
                N_("Reminder: your interview with {workplace} is {when}, at {address}."),
                workplace=own_words(case.workplace.name),
                when=at,
                address=own_words(case.workplace.address),
            )
            found.append(
                Say(
                    case.person.chat_id,
                    case.person.locale,
                    (text,),
                    key=f"{key}:p",
                    due_at=due,
                    expires_at=at,
                )
            )
        for contact in employers:
            if contact.chat_id:
                text = msg(
                    N_("Reminder: the interview with {name} ({role}) is {when}."),
                    name=case.person.display_name,
                    role=own_words(case.need.occupation),
                    when=at,
                )
                found.append(
                    Say(
                        contact.chat_id,
                        contact.locale,
                        (text,),
                        key=f"{key}:e{contact.id}",
                        due_at=due,
                        expires_at=at,
                    )
                )
    return found


async def plan_all(tctx: TimerCtx[RecruitmentPorts]) -> Outcome:
    """Plan the reminders of every interview ahead again (existing keys are skipped)."""
    messages: list[Say] = []
    for made in await tctx.ports.recruitment.interviews(tctx.now):
        case = await case_of(tctx.ports, made.id)
        if case is not None:
            messages.extend(await reminders(tctx.ports, case, tctx.now))
    return Outcome(messages=tuple(messages))
