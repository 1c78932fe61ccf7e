"""`/caseload`: a coach's participants (a manager's: the unit's), ten to a page, with filters
(needs attention, overdue, no contact, in placement, new) and a number button per person
that opens the profile card."""

from __future__ import annotations

from datetime import timedelta

from flows.digest_model import Member, Snapshot
from flows.digests.daily import midnight, rules_of
from flows.digests.facts import Rules, Topic, daily, is_new, local_day, silent_days
from flows.digests.payloads import Filter, Page, Profile
from flows.digests.ports import DigestPorts
from flows.model import OPEN, Role
from flows.output import Button, Outcome
from flows.placement_model import OPEN_FOLLOW_UPS
from flows.routes import Ctx
from flows.text import N_, Lines, Msg, msg, nmsg, numbered

PAGE = 10
FILTERS: dict[Filter, str] = {
    "all": N_("All"),
    "attention": N_("Needs attention"),
    "overdue": N_("Overdue"),
    "silent": N_("No contact"),
    "placed": N_("In placement"),
    "new": N_("New"),
}
TAGS = {
    "attention": N_("needs attention"),
    "overdue": N_("overdue"),
    "placed": N_("in placement"),
    "new": N_("new"),
}
# Looking back this far finds absences, concerns and messages that still need the coach.
LOOK_BACK = timedelta(days=7)


def flags(snap: Snapshot, ctx: Ctx[DigestPorts], rules: Rules) -> dict[str, set[int]]:
    """Which members each filter holds (besides "all")."""
    today = local_day(ctx.now, rules.zone)
    members = [
        m for m in snap.members if m.person.id not in {e.participant_id for e in snap.exits}
    ]
    attention: set[int] = set()
    overdue: set[int] = set()
    parts = snap.split()
    for coach in snap.coaches:
        found = daily(parts[coach.id], coach, ctx.now, today - LOOK_BACK, rules)
        attention |= {i.person.id for i in found.items}
        overdue |= {
            i.person.id for i in found.items if i.topic in (Topic.OVERDUE, Topic.FOLLOW_UP)
        }
    overdue |= {t.participant_id for t in snap.tasks if t.state in OPEN and t.due_on < today}
    overdue |= {
        f.participant_id
        for f in snap.follow_ups
        if f.state in OPEN_FOLLOW_UPS and f.due_on < today
    }
    return {
        "attention": attention,
        "overdue": overdue,
        "silent": {m.person.id for m in members if silent_days(m, ctx.now) >= rules.nudge_days},
        "placed": {
            p.participant_id
            for p in snap.placements
            if p.ended_on is None and p.starts_on <= today
        },
        "new": {m.person.id for m in members if is_new(m, ctx.now)},
    }


async def caseload_command(ctx: Ctx[DigestPorts]) -> Outcome:
    """/caseload: the first page, everyone."""
    return await show(ctx, "all", 0)


async def page(ctx: Ctx[DigestPorts], payload: Page) -> Outcome:
    """Another page or another filter of the caseload."""
    return await show(ctx, payload.filter, payload.page)


async def show(ctx: Ctx[DigestPorts], chosen: Filter, number: int) -> Outcome:
    """One page of the caseload under a filter, with number, filter and paging buttons."""
    unit = await ctx.ports.people.unit(ctx.person.unit_id)
    rules = rules_of(unit, ctx.cfg, ctx.now.date())
    today = local_day(ctx.now, rules.zone)
    coach_id = ctx.person.id if ctx.person.role is Role.COACH else None
    snap = await ctx.ports.summaries.snapshot(
        unit.id,
        midnight(today - timedelta(days=14), rules.zone),
        midnight(today + timedelta(days=1), rules.zone),
        coach_id=coach_id,
    )
    gone = {e.participant_id for e in snap.exits}
    members = [m for m in snap.members if m.person.id not in gone]
    flagged = flags(snap, ctx, rules)
    chosen_ids = None if chosen == "all" else flagged[chosen]
    shown = [m for m in members if chosen_ids is None or m.person.id in chosen_ids]
    pages = max((len(shown) + PAGE - 1) // PAGE, 1)
    number = min(max(number, 0), pages - 1)
    on_page = shown[number * PAGE : (number + 1) * PAGE]
    head: Msg = nmsg(
        "{n} participant · {filter} · page {page} of {pages}",
        "{n} participants · {filter} · page {page} of {pages}",
        len(shown),
        n=len(shown),
        filter=msg(FILTERS[chosen]),
        page=number + 1,
        pages=pages,
    )
    body: list[Msg] = [head]
    coaches = {c.id: c.display_name for c in snap.coaches}
    for i, member in enumerate(on_page, start=number * PAGE + 1):
        body.append(numbered(i, _line(member, flagged, ctx, rules, coaches, coach_id is None)))
    if not on_page:
        body.append(msg(N_("Nobody here right now.")))
    numbers = [
        Button(msg("{n}", n=i), payload=Profile(m.person.id).pack())
        for i, m in enumerate(on_page, start=number * PAGE + 1)
    ]
    rows = [tuple(numbers[i : i + 5]) for i in range(0, len(numbers), 5)]
    paging = []
    if number > 0:
        paging.append(Button(msg(N_("◀ Back")), payload=Page(chosen, number - 1).pack()))
    if number + 1 < pages:
        paging.append(Button(msg(N_("More ▶")), payload=Page(chosen, number + 1).pack()))
    if paging:
        rows.append(tuple(paging))
    others = [f for f in FILTERS if f != chosen]
    filters = [Button(msg(FILTERS[f]), payload=Page(f, 0).pack()) for f in others]
    rows.extend(tuple(filters[i : i + 2]) for i in range(0, len(filters), 2))
    return ctx.reply(*body, buttons=tuple(rows))


def _line(
    member: Member,
    flagged: dict[str, set[int]],
    ctx: Ctx[DigestPorts],
    rules: Rules,
    coaches: dict[int, str],
    with_coach: bool,
) -> Msg:
    tags: list[Msg] = [msg(TAGS[name]) for name in TAGS if member.person.id in flagged[name]]
    silent = silent_days(member, ctx.now)
    if silent >= rules.nudge_days:
        tags.append(nmsg("no word for {days} day", "no word for {days} days", silent, days=silent))
    if with_coach:
        tags.append(msg(N_("coach: {name}"), name=coaches.get(member.coach_id, "")))
    if not tags:
        return msg(N_("{name}"), name=member.person.display_name)
    return msg(
        N_("{name} – {tags}"), name=member.person.display_name, tags=Lines(tuple(tags), " · ")
    )
