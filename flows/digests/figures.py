"""A unit's week in figures for its manager (pure): Entré's six weekly figures, exits by
outcome, gender per activity, attendance, follow-ups, plans and reviews."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from flows.digest_model import GenderRow, Snapshot, UnitReport
from flows.digests.facts import Rules, local_day
from flows.model import ABSENT, ATTENDED, ActivityKind, Person
from flows.path.dates import deadlines
from flows.placement_model import HIRED, OUTCOMES, FollowUpState, Placement
from flows.recruitment_model import Channel, Figures
from flows.text import N_, Msg, msg, own_words

TRAINING = frozenset({ActivityKind.SFI, ActivityKind.LECTURE})
# A plan version approved this close before the review date counts as the review.
REVIEW_WINDOW = timedelta(days=30)


def _hired_in(placement: Placement, first: date, last: date) -> bool:
    start = placement.hired_on or (placement.starts_on if placement.kind in HIRED else None)
    return start is not None and first <= start <= last


def _gender(label: str, people: list[Person]) -> GenderRow:
    counts = Counter(p.gender or "unknown" for p in people)
    return GenderRow(label, counts["woman"], counts["man"], counts["other"], counts["unknown"])


def unit_report(
    snap: Snapshot, figures: Figures, rules: Rules, first: date, last: date
) -> UnitReport:
    """The unit's week [first, last] (local days) from its snapshot and recruitment figures."""
    people = {m.person.id: m.person for m in snap.members}
    in_week = [
        p
        for p in snap.placements
        if p.starts_on <= last and (p.ended_on is None or p.ended_on >= first)
    ]
    hires = [p for p in snap.placements if _hired_in(p, first, last)]
    workplace = {p.participant_id for p in in_week}
    training = {
        pid
        for f in snap.sessions
        if f.kind in TRAINING
        for pid in f.enrolled
        if pid in people and pid not in workplace
    }
    records = [r for r in snap.records if r.participant_id in people]
    by_activity: dict[str, set[int]] = {}
    for fact in snap.sessions:
        by_activity.setdefault(fact.title, set()).update(p for p in fact.enrolled if p in people)
    gender = [
        _gender(title, [people[p] for p in sorted(ids)]) for title, ids in by_activity.items()
    ]
    gender.append(_gender(snap.unit.name, list(people.values())))
    due_follow_ups = [f for f in snap.follow_ups if first <= f.due_on <= last]
    done = {FollowUpState.ANSWERED, FollowUpState.DONE}
    plans_due = plans_on_time = reviews_due = reviews_done = near = 0
    for path in snap.paths:
        if path.participant_id not in people:
            continue
        due = deadlines(path.started_on, path.paused_days, rules.holidays)
        approvals = [
            local_day(at, rules.zone) for at in snap.approvals.get(path.participant_id, ())
        ]
        if first <= due.plan_due <= last:
            plans_due += 1
            plans_on_time += any(day <= due.plan_due for day in approvals)
        if first <= due.review_due <= last:
            reviews_due += 1
            reviews_done += any(
                due.review_due - REVIEW_WINDOW <= day <= due.review_due for day in approvals
            )
        near += last < due.last_day <= last + timedelta(days=30)
    outcomes = Counter(e.outcome for e in snap.exits)
    return UnitReport(
        unit=snap.unit.name,
        first=first,
        last=last,
        participants=len(people),
        open_assignments=figures.open_assignments,
        hires=len(hires),
        hires_priority=sum(
            1
            for p in hires
            if p.participant_id in people and people[p.participant_id].priority_group
        ),
        in_workplace=len(workplace & set(people)),
        in_training=len(training),
        contacts=tuple((c.value, figures.contacts.get(c, 0)) for c in Channel),
        new_employers=figures.new_employers,
        outcomes=tuple(sorted(outcomes.items())),
        gender=tuple(gender),
        attended=sum(1 for r in records if r.status in ATTENDED),
        counted=sum(1 for r in records if r.status in ATTENDED or r.status in ABSENT),
        follow_ups_done=sum(1 for f in due_follow_ups if f.state in done),
        follow_ups_due=len(due_follow_ups),
        plans_on_time=plans_on_time,
        plans_due=plans_due,
        reviews_done=reviews_done,
        reviews_due=reviews_due,
        near_longest=near,
    )


CHANNELS = {"visit": N_("Visit"), "phone": N_("Phone"), "email": N_("E-mail"), "chat": N_("Chat")}


def report_rows(report: UnitReport) -> list[tuple[Msg, str]]:
    """The report's figures as (label, value), in the order the chat, the PDF and the CSV
    show them."""
    rows: list[tuple[Msg, str]] = [
        (msg(N_("Participants worked with")), str(report.participants)),
        (msg(N_("Open recruitment assignments")), str(report.open_assignments)),
        (msg(N_("Hires this week")), str(report.hires)),
        (msg(N_("of which from a priority group")), str(report.hires_priority)),
        (msg(N_("In workplace activity")), str(report.in_workplace)),
        (msg(N_("In training")), str(report.in_training)),
    ]
    for channel, count in report.contacts:
        label = msg(N_("Employer contacts: {channel}"), channel=msg(CHANNELS[channel]))
        rows.append((label, str(count)))
    rows.append((msg(N_("New employers")), str(report.new_employers)))
    for code, count in report.outcomes:
        rows.append((msg(N_("Exits: {outcome}"), outcome=msg(OUTCOMES[code])), str(count)))
    rate = report.attendance_rate
    rows.append((msg(N_("Attendance (%)")), "–" if rate is None else str(rate)))
    pairs = (
        (N_("Follow-ups done / due"), report.follow_ups_done, report.follow_ups_due),
        (N_("Action plans within 5 days / due"), report.plans_on_time, report.plans_due),
        (N_("Reviews at 6 months done / due"), report.reviews_done, report.reviews_due),
    )
    rows.extend((msg(label), f"{done} / {due}") for label, done, due in pairs)
    rows.append((msg(N_("Near the longest stay (30 days)")), str(report.near_longest)))
    for row in report.gender:
        label = msg(
            N_("Women / men / other / not recorded: {activity}"), activity=own_words(row.label)
        )
        value = f"{row.women} / {row.men} / {row.other} / {row.unknown}"
        rows.append((label, value))
        if row.over:
            known = row.women + row.men + row.other
            share = round(100 * max(row.women, row.men, row.other) / known)
            flag = msg(N_("{activity}: one gender above 60 %"), activity=own_words(row.label))
            rows.append((flag, f"{share} %"))
    return rows
