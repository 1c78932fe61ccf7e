"""What needs a coach, worked out from a snapshot (pure: no ports, no I/O).

`daily` lists what a coach should see this morning; `weekly` sums each participant's week;
`attention` is the "needs attention" test the caseload filter uses. All three read the same
snapshot, so a digest and the caseload view always agree.
"""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from flows.cv_model import Section
from flows.digest_model import Member, SessionFact, Snapshot, WeekLine
from flows.model import ABSENT, ATTENDED, OPEN, Person, Presence, Task, TaskState
from flows.path.dates import deadlines
from flows.path_model import PathStatus
from flows.placement_model import KIND_NAMES, OPEN_FOLLOW_UPS, FollowUpState, Reply
from flows.placements.questions import answer_label, is_worry

PLAN_AHEAD, REVIEW_AHEAD, LONGEST_AHEAD = timedelta(days=1), timedelta(days=14), timedelta(days=30)
# A follow-up asked this long ago with no answer counts as unanswered.
UNANSWERED_AFTER = timedelta(days=2)
NEW_FOR = timedelta(days=14)
CV_SECTIONS = len(Section)


class Topic(StrEnum):
    """What a digest line is about, in the order the digest shows them."""

    CONCERN = "concern"
    ASKED = "asked"
    NO_SHOW = "no_show"
    ABSENT = "absent"
    OVERDUE = "overdue"
    FOLLOW_UP = "follow_up"
    PLAN = "plan"
    REVIEW = "review"
    LONGEST = "longest"
    NO_CONTACT = "no_contact"


@dataclass(frozen=True)
class Item:
    """One thing that needs the coach, about one participant."""

    topic: Topic
    person: Person
    # The activity's title as written; the overdue task.
    title: str = ""
    task: Task | None = None
    on: date | None = None
    at: datetime | None = None
    days: int = 0
    # Concerns: who answered (employer or participant), and the question.
    side: str = ""
    question: str = ""
    # The item a line's button opens (a session's roster; otherwise the person).
    session_id: int | None = None


@dataclass(frozen=True)
class Today:
    """A session today and the coach's participants expected at it."""

    fact: SessionFact
    expected: tuple[Person, ...]


@dataclass(frozen=True)
class Daily:
    """One coach's morning: today's sessions, what needs them, and whom to nudge."""

    coach: Person
    day: date
    today: tuple[Today, ...]
    items: tuple[Item, ...]
    # Participants silent for the nudge period: they get a friendly word first.
    nudges: tuple[Member, ...] = ()


@dataclass(frozen=True)
class Rules:
    """The unit's knobs for the digest."""

    zone: ZoneInfo
    holidays: Container[date]
    nudge_days: int = 7
    alert_days: int = 14


def local_day(moment: datetime, zone: ZoneInfo) -> date:
    """Return the local calendar day of a moment."""
    return moment.astimezone(zone).date()


def silent_days(member: Member, now: datetime) -> int:
    """Days since the participant last wrote or pressed anything (or joined the caseload)."""
    last = member.person.last_seen_at or member.since
    return max((now - last).days, 0)


def daily(snap: Snapshot, coach: Person, now: datetime, since: date, rules: Rules) -> Daily:
    """What the coach should see this morning; absences count from `since` (the day after
    the coach's previous working day) until today."""
    today = local_day(now, rules.zone)
    members = {m.person.id: m for m in snap.of(coach.id)}
    items: list[Item] = []
    sessions_today: list[Today] = []
    records = {(r.session_id, r.participant_id): r for r in snap.records}
    paused = {p.participant_id for p in snap.paths if p.status is PathStatus.ON_BREAK}
    for fact in snap.sessions:
        day = local_day(fact.session.starts_at, rules.zone)
        # Expected: enrolled, not on a break, and no absence reported for it already.
        mine = [
            members[p].person
            for p in fact.enrolled
            if p in members
            and p not in paused
            and getattr(records.get((fact.session.id, p)), "status", None) not in ABSENT
        ]
        if day == today and mine:
            sessions_today.append(Today(fact, tuple(mine)))
    for fact in snap.sessions:
        day = local_day(fact.session.starts_at, rules.zone)
        if not since <= day < today:
            continue
        for pid in fact.enrolled:
            record = records.get((fact.session.id, pid))
            if pid not in members or record is None or record.status not in ABSENT:
                continue
            topic = Topic.NO_SHOW if record.status is Presence.UNREPORTED else Topic.ABSENT
            items.append(
                Item(
                    topic,
                    members[pid].person,
                    title=fact.title,
                    at=fact.session.starts_at,
                    session_id=fact.session.id,
                )
            )
    for task in snap.tasks:
        if task.participant_id in members and task.state in OPEN and task.due_on < today:
            items.append(
                Item(
                    Topic.OVERDUE,
                    members[task.participant_id].person,
                    task=task,
                    on=task.due_on,
                )
            )
    for follow_up in snap.follow_ups:
        if follow_up.participant_id not in members or follow_up.state not in OPEN_FOLLOW_UPS:
            continue
        asked_long_ago = follow_up.state is FollowUpState.ASKED and (
            follow_up.asked_at is None or now - follow_up.asked_at >= UNANSWERED_AFTER
        )
        if asked_long_ago or (
            follow_up.state is FollowUpState.PLANNED and follow_up.due_on < today
        ):
            items.append(
                Item(
                    Topic.FOLLOW_UP, members[follow_up.participant_id].person, on=follow_up.due_on
                )
            )
    first = datetime.combine(since, datetime.min.time(), rules.zone)
    for pid, reply in snap.replies:
        worry = is_worry(reply.side, reply.question, reply.value)
        if pid in members and worry and reply.at >= first:
            items.append(_concern(members[pid].person, reply))
    for member in members.values():
        asked = member.person.messaged_coach_at
        if asked is not None and asked >= first:
            items.append(Item(Topic.ASKED, member.person, at=asked))
    items.extend(_deadlines(snap, members, today, rules))
    nudges = []
    for member in members.values():
        if member.person.id in paused:
            continue  # a break: no nudges, and silence is expected
        silent = silent_days(member, now)
        if silent >= rules.alert_days:
            items.append(Item(Topic.NO_CONTACT, member.person, days=silent))
        elif silent >= rules.nudge_days:
            nudges.append(member)
    order = list(Topic)
    items.sort(key=lambda i: (order.index(i.topic), i.person.display_name, i.person.id))
    return Daily(coach, today, tuple(sessions_today), tuple(items), tuple(nudges))


def _concern(person: Person, reply: Reply) -> Item:
    return Item(Topic.CONCERN, person, at=reply.at, side=reply.side.value, question=reply.question)


def _deadlines(
    snap: Snapshot, members: dict[int, Member], today: date, rules: Rules
) -> list[Item]:
    items = []
    for path in snap.paths:
        member = members.get(path.participant_id)
        if member is None or path.status in (PathStatus.ON_BREAK, PathStatus.EXITED):
            continue
        due = deadlines(path.started_on, path.paused_days, rules.holidays)
        checks = [(Topic.REVIEW, due.review_due, REVIEW_AHEAD)]
        checks.append((Topic.LONGEST, due.last_day, LONGEST_AHEAD))
        if path.participant_id not in snap.approved:
            checks.insert(0, (Topic.PLAN, due.plan_due, PLAN_AHEAD))
        for topic, day, ahead in checks:
            # A plan overdue stays on the list until approved; reviews and stays while near.
            late_ok = topic is Topic.PLAN
            if today >= day - ahead and (late_ok or today <= day):
                items.append(Item(topic, member.person, on=day))
    return items


def attention(snap: Snapshot, coach: Person, now: datetime, rules: Rules) -> set[int]:
    """Return the coach's participants with anything in a digest over the snapshot's week."""
    since = local_day(snap.first, rules.zone)
    return {i.person.id for i in daily(snap, coach, now, since, rules).items}


def weekly(snap: Snapshot, coach: Person, today: date) -> tuple[WeekLine, ...]:
    """Sum each of the coach's participants' week (the snapshot's period)."""
    rows = []
    records = {(r.session_id, r.participant_id): r for r in snap.records}
    for member in snap.of(coach.id):
        pid = member.person.id
        mine = [f for f in snap.sessions if pid in f.enrolled]
        statuses = [
            records[(f.session.id, pid)].status for f in mine if (f.session.id, pid) in records
        ]
        hours = sum((f.session.ends_at - f.session.starts_at).total_seconds() for f in mine) / 3600
        tasks = [t for t in snap.tasks if t.participant_id == pid]
        first, last = snap.first, snap.last
        hours += sum(t.hours for t in tasks if first.date() <= t.due_on < last.date())
        done = [
            t
            for t in tasks
            if t.state in (TaskState.REPORTED, TaskState.APPROVED)
            and t.reported_at is not None
            and first <= t.reported_at < last
        ]
        overdue = [t for t in tasks if t.state in OPEN and t.due_on < today]
        cv = snap.cvs.get(pid)
        placements = [p for p in snap.placements if p.participant_id == pid]
        placement = placements[-1] if placements else None
        answers = [r for p, r in snap.replies if p == pid]
        attended = sum(1 for s in statuses if s in ATTENDED)
        absent = sum(1 for s in statuses if s in ABSENT)
        rows.append(
            WeekLine(
                name=member.person.display_name,
                sessions=len(mine),
                attended=attended,
                absent=absent,
                rate=None
                if attended + absent == 0
                else round(100 * attended / (attended + absent)),
                tasks_done=len(done),
                tasks_overdue=len(overdue),
                planned_hours=round(hours, 1),
                target_hours=member.person.weekly_hours,
                cv_filled=0 if cv is None else sum(1 for s in Section if cv.filled(s)),
                placement=KIND_NAMES[placement.kind] if placement else "",
                workplace=placement.workplace if placement else "",
                answers=tuple(answer_label(a) for a in answers),
                worrying=any(is_worry(a.side, a.question, a.value) for a in answers),
            )
        )
    return tuple(rows)


def is_new(member: Member, now: datetime) -> bool:
    """Say whether the participant joined the caseload in the last two weeks."""
    return now - member.since <= NEW_FOR
