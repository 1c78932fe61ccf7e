"""What the onboarding modules share: the step and the "where you belong" line."""

from __future__ import annotations

from enum import StrEnum

from flows.model import Person, Role
from flows.onboarding.ports import OnboardingPorts
from flows.roles import ROLE_NAMES
from flows.text import N_, Msg, msg


class State(StrEnum):
    """Onboarding's step (persisted as `onboarding.<value>`)."""

    CHOOSE_LANGUAGE = "choose_language"


async def belonging(person: Person, ports: OnboardingPorts) -> Msg:
    """Say which unit (and coach) a person belongs to, so nobody wonders what this is."""
    unit = await ports.people.unit(person.unit_id)
    if person.role is Role.PARTICIPANT:
        coach = await ports.people.coach_of(person.id)
        if coach is None:
            return msg(
                N_("You take part in the programme at {unit}. You will soon get a coach."),
                unit=unit.name,
            )
        return msg(
            N_("You take part in the programme at {unit}. Your coach is {coach}."),
            unit=unit.name,
            coach=coach.display_name,
        )
    return msg(
        N_("You are registered as {role} at {unit}."),
        role=Msg(ROLE_NAMES[person.role]),
        unit=unit.name,
    )
