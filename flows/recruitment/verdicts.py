"""The employer's one-tap answers about a presented candidate: an interview (its time typed
once, reaching the participant and the coach, with reminders to both sides), not now, or a
hire that starts a placement or an employment with its follow-up plan."""

from __future__ import annotations

from typing import Any, get_args

from flows.model import Person
from flows.output import Button, Outcome, Say
from flows.placement_model import KIND_NAMES, PlacementKind
from flows.recruitment.common import State, ask, count_chat, withdrawn
from flows.recruitment.payloads import HireAs, HireKind, Verdict
from flows.recruitment.ports import RecruitmentPorts
from flows.recruitment_model import (
    OPEN_STATUSES,
    SHOWN,
    Assignment,
    Pitch,
    Presentation,
    Workplace,
)
from flows.routes import IDLE, Ctx, Subject
from flows.text import N_, Msg, msg, own_words


async def verdict_subject(payload: Any, ports: RecruitmentPorts) -> Subject | None:
    """An employer's answer concerns the presented participant and the need's workplace; a
    candidate whose CV never reached them (no consent) is nothing to answer about."""
    made = await ports.recruitment.presentation(payload.presentation)
    need = await ports.recruitment.assignment(made.assignment_id) if made else None
    if made is None or need is None or made.state not in SHOWN:
        return None
    return Subject(participant_id=made.participant_id, workplace_id=need.workplace_id)


class Case:
    """One presentation with its need, workplace, participant and coach."""

    def __init__(
        self,
        made: Presentation,
        need: Assignment,
        workplace: Workplace,
        person: Person,
        coach: Person | None,
    ) -> None:
        self.made, self.need, self.workplace, self.person, self.coach = (
            made,
            need,
            workplace,
            person,
            coach,
        )

    def to_coach(self, text: Msg) -> list[Say]:
        coach = self.coach
        return [Say(coach.chat_id, coach.locale, (text,))] if coach and coach.chat_id else []

    def to_person(self, text: Msg, buttons: tuple[tuple[Button, ...], ...] = ()) -> list[Say]:
        p = self.person
        return [Say(p.chat_id, p.locale, (text,), buttons=buttons)] if p.chat_id else []


async def case_of(ports: RecruitmentPorts, presentation_id: int) -> Case | None:
    made = await ports.recruitment.presentation(presentation_id)
    need = await ports.recruitment.assignment(made.assignment_id) if made else None
    workplace = await ports.recruitment.workplace(need.workplace_id) if need else None
    person = await ports.people.get(made.participant_id) if made else None
    if made is None or need is None or workplace is None or person is None:
        return None
    # The participant's coach of the day follows the candidate (a hand-over moves it).
    coach = await ports.people.coach_of(person.id) or await ports.people.get(made.coach_id)
    return Case(made, need, workplace, person, coach)


async def still_theirs(ctx: Ctx[RecruitmentPorts], case: Case) -> bool:
    """Check again, for a typed answer: the person still speaks for the workplace."""
    return case.made.state in SHOWN and await ctx.ports.access.can_use_workplace(
        ctx.person, case.workplace.id
    )


async def verdict(ctx: Ctx[RecruitmentPorts], payload: Verdict) -> Outcome:
    """Interview (the time comes next), not now, or hire (how and from when come next)."""
    case = await case_of(ctx.ports, payload.presentation)
    if case is None or case.made.state is Pitch.HIRED:
        return ctx.stale()
    if case.need.status not in OPEN_STATUSES:
        return ctx.reply(msg(N_("This need is no longer open.")))
    await count_chat(ctx, case.workplace.id)
    draft = {"p": case.made.id}
    if payload.answer == "interview":
        text = msg(
            N_("When can {name} come to an interview? Write the day and time, like {example}."),
            name=case.person.display_name,
            example="18/12 10:00",
        )
        # The answers stay under the candidate: hire after the interview, or another time.
        return ask(ctx, draft, text, State.WHEN, keep_buttons=True)
    if payload.answer == "hire":
        buttons = tuple(
            (
                Button(
                    msg(KIND_NAMES[PlacementKind(kind)]), payload=HireAs(case.made.id, kind).pack()
                ),
            )
            for kind in get_args(HireKind)
        )
        text = msg(N_("How does {name} start?"), name=case.person.display_name)
        return ask(ctx, draft, text, State.CHOOSING, buttons, keep_buttons=True)
    if case.made.state is Pitch.NOT_NOW:
        return ctx.stale()
    await ctx.ports.recruitment.set_presentation(
        case.made.id, state=Pitch.NOT_NOW, verdict_at=ctx.now
    )
    messages = [
        ctx.say(
            msg(N_("Thank you. {name} and the coach are told."), name=case.person.display_name)
        ),
        *case.to_person(
            msg(
                N_(
                    "{workplace} does not go further with you this time. Your coach helps you "
                    "look on."
                ),
                workplace=own_words(case.workplace.name),
            )
        ),
        *case.to_coach(
            msg(
                N_("{workplace} answered “not now” about {name} ({role})."),
                workplace=own_words(case.workplace.name),
                name=case.person.display_name,
                role=own_words(case.need.occupation),
            )
        ),
    ]
    # The answer ends any step this candidate left open (an interview time not typed yet),
    # and withdraws the reminders of an interview booked before.
    return Outcome(
        messages=tuple(messages),
        state=IDLE,
        data={},
        remove_buttons=True,
        drop_pending=withdrawn(case.made),
    )
