"""Staff see who came to a session that has begun, and record anyone present afterwards."""

from __future__ import annotations

from flows.attendance.common import rules_of, session_and_activity, status_text
from flows.attendance.payloads import MarkPresent, Roster
from flows.attendance.ports import AttendancePorts
from flows.model import ATTENDED, Activity, AttendanceRecord, DisputeStatus, Presence, Session
from flows.output import Button, Outcome, Say
from flows.routes import Ctx
from flows.text import N_, Msg, msg, numbered

MAX_BUTTONS = 20


async def _begun(ctx: Ctx[AttendancePorts], session_id: int) -> tuple[Session, Activity] | None:
    """Return a session whose check-in has opened and that was not cancelled."""
    found = await session_and_activity(ctx.ports, session_id)
    if found is None or found[0].cancelled:
        return None
    rules = await rules_of(ctx.ports, found[1].unit_id)
    return found if ctx.now >= found[0].starts_at - rules.checkin_before else None


def _needs_marking(entry: AttendanceRecord | None) -> bool:
    return entry is None or entry.status not in ATTENDED or not entry.verified


async def _lines_and_buttons(
    ctx: Ctx[AttendancePorts], session: Session, activity: Activity
) -> tuple[list[Msg], tuple[tuple[Button, ...], ...]]:
    lines = [msg(N_("{title}, {when}:"), title=activity.title, when=session.starts_at)]
    buttons: list[tuple[Button, ...]] = []
    for number, participant_id in enumerate(activity.participant_ids, start=1):
        person = await ctx.ports.people.get(participant_id)
        if person is None:
            continue
        entry = await ctx.ports.attendance.record_of(session.id, participant_id)
        line = msg(N_("{name}: {status}"), name=person.display_name, status=status_text(entry))
        lines.append(numbered(number, line))
        if _needs_marking(entry) and len(buttons) < MAX_BUTTONS:
            label = msg(N_("Present {number}"), number=number)
            buttons.append((Button(label, payload=MarkPresent(session.id, person.id).pack()),))
    return lines, tuple(buttons)


async def show(ctx: Ctx[AttendancePorts], payload: Roster) -> Outcome:
    """List everyone enrolled with what their record says, with "Present N" buttons."""
    found = await _begun(ctx, payload.session)
    if found is None:
        return ctx.stale()
    lines, buttons = await _lines_and_buttons(ctx, *found)
    if len(lines) == 1:
        return ctx.reply(msg(N_("Nobody takes part in this activity.")))
    return ctx.reply(*lines, buttons=buttons)


async def mark_present(ctx: Ctx[AttendancePorts], payload: MarkPresent) -> Outcome:
    """Record the participant as present (confirmed); they are told, and the button goes."""
    found = await _begun(ctx, payload.session)
    person = await ctx.ports.people.get(payload.participant)
    if found is None or person is None or person.id not in found[1].participant_ids:
        return ctx.stale()
    session, activity = found
    entry = await ctx.ports.attendance.record_of(session.id, person.id)
    _, buttons = await _lines_and_buttons(ctx, session, activity)
    if not _needs_marking(entry):
        return Outcome(
            toast=msg(N_("{name} is already recorded as present."), name=person.display_name),
            buttons_now=buttons,
        )
    dispute = await ctx.ports.attendance.dispute_for(session.id, person.id)
    if dispute is not None and dispute.status is DisputeStatus.OPEN:
        text = msg(
            N_("{name} has disputed this record: please decide the dispute instead."),
            name=person.display_name,
        )
        return ctx.reply(text)
    await ctx.ports.attendance.record(
        AttendanceRecord(session.id, person.id, Presence.PRESENT, ctx.now)
    )
    _, buttons = await _lines_and_buttons(ctx, session, activity)
    messages = []
    if person.chat_id is not None and person.reachable:
        told = msg(
            N_("Your coach recorded you as present at {title} on {when}."),
            title=activity.title,
            when=session.starts_at,
        )
        messages.append(Say(person.chat_id, person.locale, (told,)))
    done = msg(
        N_("Recorded: {name} was at {title}."), name=person.display_name, title=activity.title
    )
    return Outcome(messages=tuple(messages), toast=done, buttons_now=buttons)
