"""A recruiting world for flow tests: the shared world plus an employer with a contact
person, another employer in the unit, and CVs for Amina and Bilal."""

from __future__ import annotations

from flows.cv_model import Contact, Cv, Job, Language
from flows.model import Role
from flows.recruitment.payloads import (
    Headcount,
    Hours,
    Must,
    NoNote,
    SaveNeed,
    StartIn,
)
from flows.recruitment_model import Assignment, Workplace
from tests.flowclient import NOW
from tests.flows.world import AMINA, BILAL, ERIK, KARIN, World, build

FRIDA = 901  # employer contact of another workplace in unit A

AMINA_CV = Cv(
    contact=Contact(name="Amina Hassan", phone="+46 70 123 45 67", town="Malmö"),
    wanted=("Köksbiträde",),
    jobs=(Job(employer="Café Aleppo", title="Kock", start="2015", end="2020"),),
    languages=(
        Language("Svenska", "B1", "B1", "A2"),
        Language("Arabiska", "native", "native", "native"),
    ),
    licences=("B",),
)
BILAL_CV = Cv(
    contact=Contact(name="Bilal Ahmadi"),
    wanted=("Lagerarbetare",),
    jobs=(Job(employer="Lager AB", title="Köksbiträde", start="2021", end="2023"),),
)


async def recruiting(locale: str = "en") -> tuple[World, int, int]:
    """The world, Bageriet (Karin responsible, Erik its contact) and Verkstan (Frida's)."""
    world = await build(locale)
    c = world.client
    unit = world.people[KARIN].unit_id
    frida = c.person(Role.EMPLOYER, FRIDA, "Frida", locale, unit_id=unit)
    bageriet = await c.ports.recruitment.add_workplace(
        Workplace(
            0,
            unit,
            "Bageriet Söder AB",
            "556036-0793",
            "Storgatan 1, Malmö",
            "food",
            "micro",
            world.id(KARIN),
            NOW,
        )
    )
    verkstan = await c.ports.recruitment.add_workplace(
        Workplace(
            0,
            unit,
            "Verkstan AB",
            "556677-8899",
            "Hamnen 2",
            "industry",
            "small",
            world.id(KARIN),
            NOW,
        )
    )
    await c.ports.recruitment.add_contact(bageriet.id, "Erik", world.id(ERIK), None)
    await c.ports.recruitment.add_contact(verkstan.id, "Frida", frida.id, None)
    world.people[FRIDA] = frida
    await c.ports.cvs.create(world.id(AMINA), "", AMINA_CV, NOW)
    await c.ports.cvs.create(world.id(BILAL), "", BILAL_CV, NOW)
    return world, bageriet.id, verkstan.id


async def state_need(world: World, count: str = "1", nth: int = 0) -> Assignment:
    """Erik states a need for Köksbiträde (`count` people) in two weeks, full-time, licence B;
    return his `nth` need (the first stated is 0)."""
    c = world.client
    await c.command(ERIK, "need")
    await c.text(ERIK, "köksbiträde")  # the list's own name, in other letters' case
    await c.press(ERIK, Headcount(count).pack())  # type: ignore[arg-type]
    await c.press(ERIK, StartIn("2w").pack())
    await c.press(ERIK, Hours("full").pack())
    await c.press(ERIK, Must("licence_b").pack())
    await c.press(ERIK, Must("done").pack())
    await c.press(ERIK, NoNote("none").pack())
    await c.press(ERIK, SaveNeed("ok").pack())
    workplace = await c.ports.recruitment.workplace_of(world.id(ERIK))
    assert workplace is not None
    needs = await c.ports.recruitment.assignments(workplace.id)
    return sorted(needs, key=lambda n: n.id)[nth]
