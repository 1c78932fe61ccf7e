"""Answers to follow-ups, one tap each: stored, the next question asked, and a worrying answer
sent to the coach at once with both sides' latest answers side by side. Neither side ever
sees the other's answers."""

from __future__ import annotations

from typing import Any

from flows.attention import alert
from flows.contact.message import Answer as ContactAnswer
from flows.model import Person
from flows.output import Button, Outcome, Say
from flows.placement_model import FollowUp, FollowUpState, Placement, Reply, Side
from flows.placements.create import State
from flows.placements.followup import ask_one
from flows.placements.payloads import Ask, NoComment, OpenPlacement, ReplyTo
from flows.placements.ports import PlacementPorts
from flows.placements.questions import TOPICS, Question, label_of, questions
from flows.routes import IDLE, Ctx, Subject
from flows.text import N_, Lines, Msg, msg, own_words

COMMENT_LIMIT = 2000


async def follow_up_subject(payload: Any, ports: PlacementPorts) -> Subject | None:
    """A follow-up's button concerns the participant it is about."""
    found = await ports.placements.follow_up(payload.follow_up)
    return Subject(participant_id=found.participant_id) if found else None


async def _side_of(
    ctx: Ctx[PlacementPorts], follow_up: FollowUp
) -> tuple[Side, Placement | None] | None:
    """Which side the person answers for: the placement's own employer, or the participant."""
    placement = (
        await ctx.ports.placements.get(follow_up.placement_id) if follow_up.placement_id else None
    )
    if placement is not None and placement.employer_id == ctx.person.id:
        return Side.EMPLOYER, placement
    if follow_up.participant_id == ctx.person.id:
        return Side.PARTICIPANT, placement
    return None


async def answer(ctx: Ctx[PlacementPorts], payload: Ask) -> Outcome:
    """Store one answer and ask the next question; alert the coach if it worries."""
    follow_up = await ctx.ports.placements.follow_up(payload.follow_up)
    if follow_up is None or follow_up.state not in (FollowUpState.ASKED, FollowUpState.ANSWERED):
        return ctx.stale()
    found = await _side_of(ctx, follow_up)
    if found is None:
        return ctx.not_allowed()
    side, placement = found
    asked = questions(side, follow_up.competence, placement is None)
    question = next((q for q in asked if q.key == payload.q), None)
    if question is None or payload.value not in dict(question.answers):
        return ctx.stale()
    # Only the question asked now counts: an old button (a double tap, a question already
    # answered, a follow-up finished) never reopens or overwrites what was answered.
    given = [r for r in await ctx.ports.placements.replies(follow_up.id) if r.side is side]
    if question is not _expected(asked, given):
        return ctx.stale()
    await ctx.ports.placements.reply(
        Reply(follow_up.id, side, question.key, payload.value, "", ctx.now)
    )
    messages: list[Say] = []
    if payload.value in question.worry:
        messages.extend(await _alert(ctx, follow_up, placement, question, side))
    nxt = _next(asked, question, payload.value)
    participant = await ctx.ports.people.get(follow_up.participant_id)
    if nxt is not None and participant is not None:
        messages.insert(0, ask_one(ctx.person, follow_up, nxt, placement, participant))
        return Outcome(messages=tuple(messages), remove_buttons=True)
    if side is Side.EMPLOYER and follow_up.state is FollowUpState.ASKED:
        await ctx.ports.placements.set_follow_up(follow_up.id, state=FollowUpState.ANSWERED)
    if placement is None and follow_up.state is FollowUpState.ASKED:
        await ctx.ports.placements.set_follow_up(follow_up.id, state=FollowUpState.ANSWERED)
    thanks = msg(
        N_("Thank you! If you want to add something for the coach, write it now (or skip it).")
    )
    messages.insert(0, ctx.say(thanks))
    data = {"follow_up": follow_up.id, "side": side.value}
    skip = (Button(msg(N_("Skip")), payload=NoComment(follow_up.id).pack()),)
    messages[0] = Say(messages[0].chat_id, messages[0].locale, messages[0].body, buttons=(skip,))
    return Outcome(messages=tuple(messages), state=State.COMMENT, data=data, remove_buttons=True)


async def no_comment(ctx: Ctx[PlacementPorts], payload: NoComment) -> Outcome:
    """No comment after the answers: the step ends, the answers are kept."""
    return Outcome(
        messages=(ctx.say(msg(N_("Thank you."))),), state=IDLE, data={}, remove_buttons=True
    )


def _expected(asked: tuple[Question, ...], given: list[Reply]) -> Question | None:
    """The question this side is to answer now: the one after its last answer."""
    answered = {r.question: r.value for r in given}
    if not answered:
        return asked[0] if asked else None
    last = max((q for q in asked if q.key in answered), key=asked.index, default=None)
    if last is None:
        return asked[0]
    return _next(asked, last, answered[last.key])


def _next(asked: tuple[Question, ...], question: Question, value: str) -> Question | None:
    at = asked.index(question)
    later = list(asked[at + 1 :])
    # No hiring date to ask for when there is no intention to hire.
    if question.key == "hire" and value == "no":
        later = [q for q in later if q.key != "hire_on"]
    return later[0] if later else None


async def comment(ctx: Ctx[PlacementPorts]) -> Outcome:
    """An optional comment after the answers: kept with them and passed on to the coach."""
    words, again = ctx.written(COMMENT_LIMIT, msg(N_("Please write it, or /cancel.")))
    if again is not None:
        return again
    raw, side = ctx.data.get("follow_up"), ctx.data.get("side")
    follow_up = await ctx.ports.placements.follow_up(raw) if isinstance(raw, int) else None
    if follow_up is None or side not in {s.value for s in Side}:
        return Outcome(messages=ctx.stale().messages, state=IDLE, data={})
    found = await _side_of(ctx, follow_up)
    if found is None or found[0].value != side:
        return Outcome(messages=ctx.stale().messages, state=IDLE, data={})
    await ctx.ports.placements.reply(
        Reply(follow_up.id, Side(side), "comment", "text", words, ctx.now)
    )
    messages = [ctx.say(msg(N_("Thank you. Your coach gets it as you wrote it.")))]
    coach = await _coach(ctx, follow_up, found[1])
    if coach is not None and coach.chat_id is not None:
        participant = await ctx.ports.people.get(follow_up.participant_id)
        text = msg(
            N_("{who} wrote about the follow-up of {name}:\n{words}"),
            who=ctx.person.display_name,
            name=participant.display_name if participant else "",
            words=own_words(words),
        )
        reply = (
            ReplyTo(ctx.person.id).pack()
            if Side(side) is Side.EMPLOYER
            else ContactAnswer(ctx.person.id).pack()
        )
        buttons = ((Button(msg(N_("Reply")), payload=reply),),)
        messages.append(Say(coach.chat_id, coach.locale, (text,), buttons=buttons))
    return Outcome(messages=tuple(messages), state=IDLE, data={})


async def _coach(
    ctx: Ctx[PlacementPorts], follow_up: FollowUp, placement: Placement | None
) -> Person | None:
    # The participant's coach of the day (a hand-over moves the placement with them).
    return await ctx.ports.people.coach_of(follow_up.participant_id)


async def _alert(
    ctx: Ctx[PlacementPorts],
    follow_up: FollowUp,
    placement: Placement | None,
    question: Question,
    side: Side,
) -> list[Say]:
    """Tell the coach at once, with both sides' latest answers side by side."""
    coach = await _coach(ctx, follow_up, placement)
    participant = await ctx.ports.people.get(follow_up.participant_id)
    if coach is None or coach.chat_id is None or participant is None:
        return []
    replies = await ctx.ports.placements.replies(follow_up.id)
    employer = await ctx.ports.people.get(placement.employer_id) if placement else None
    parts: list[Msg] = [
        msg(
            N_(
                "Follow-up of {name} at {workplace}: a worrying answer from {who}. "
                "Please get in touch."
            ),
            name=participant.display_name,
            workplace=own_words(placement.workplace if placement else ""),
            who=ctx.person.display_name,
        )
    ]
    for who, answered_side in ((employer, Side.EMPLOYER), (participant, Side.PARTICIPANT)):
        if who is None:
            continue
        lines = _answer_lines(follow_up, placement, answered_side, replies)
        parts.append(
            msg(
                N_("{who}:\n{answers}"),
                who=who.display_name,
                answers=Lines(lines) if lines else msg(N_("no answer yet")),
            )
        )
    buttons: tuple[tuple[Button, ...], ...] = ()
    if placement is not None:
        buttons = (
            (Button(msg(N_("Open the placement")), payload=OpenPlacement(placement.id).pack()),),
        )
    key = f"fu:{follow_up.id}:worry:{side.value}:{question.key}"
    return [await alert(ctx.ports.people, coach, ctx.now, tuple(parts), buttons=buttons, key=key)]


def _answer_lines(
    follow_up: FollowUp, placement: Placement | None, side: Side, replies: list[Reply]
) -> tuple[Msg, ...]:
    asked = {q.key: q for q in questions(side, follow_up.competence, placement is None)}
    lines: list[Msg] = []
    for r in replies:
        if r.side is not side:
            continue
        if r.question == "comment":
            lines.append(msg(N_("comment: {words}"), words=own_words(r.comment)))
        elif r.question in asked:
            lines.append(
                msg(
                    N_("{topic}: {answer}"),
                    topic=msg(TOPICS[r.question]),
                    answer=msg(label_of(asked[r.question], r.value)),
                )
            )
    return tuple(lines)


def answer_lines(
    follow_up: FollowUp, placement: Placement | None, side: Side, replies: list[Reply]
) -> tuple[Msg, ...]:
    """One side's answers to a follow-up, a line each (for the coach)."""
    return _answer_lines(follow_up, placement, side, replies)


async def left(ctx: Ctx[PlacementPorts]) -> Outcome:
    """No comment after all: the answers are kept; nothing to say."""
    return Outcome()
