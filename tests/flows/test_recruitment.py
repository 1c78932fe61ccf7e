"""Employers and recruitment through the dispatcher: recording an employer, a need in a few
taps, ranked matches with reasons, consent first, the CV to the employer, an interview with
reminders, a hire that starts a placement, and the contact log."""

from __future__ import annotations

from datetime import timedelta

from flows.cv_model import Contact, Cv
from flows.output import CvSheet
from flows.recruitment.payloads import (
    AddContact,
    Candidate,
    CloseNeed,
    Consent,
    FindCandidates,
    HireAs,
    HireFrom,
    Industry,
    LogContact,
    NeedFor,
    NewWorkplace,
    OpenNeed,
    OpenWorkplace,
    Present,
    SaveWorkplace,
    Size,
    Suggest,
    TimeSuits,
    UndoContact,
    Verdict,
)
from flows.recruitment_model import Channel, Pitch, Status
from tests.flowclient import NOW
from tests.flows.recruitment_world import FRIDA, recruiting, state_need
from tests.flows.world import (
    AMINA,
    BERIT,
    BILAL,
    ERIK,
    KARIN,
    NOT_ALLOWED,
    OLLE,
    STALE,
    World,
    build,
)


async def test_a_coach_records_an_employer_whose_organisation_number_is_checked() -> None:
    world = await build()
    c = world.client
    empty = await c.command(KARIN, "employers")
    assert "No employers are recorded" in empty.texts()[0]
    await c.press(KARIN, NewWorkplace("new").pack())
    await c.text(KARIN, "Bageriet Söder AB")
    wrong = await c.text(KARIN, "556036-0794")
    assert "not a valid organisation number" in wrong.texts()[0]
    assert c.state(KARIN) == "recruitment.org", "asked again, nothing stored"
    assert await c.ports.recruitment.workplaces(world.people[KARIN].unit_id) == []
    await c.text(KARIN, "5560360793")
    await c.text(KARIN, "Storgatan 1, 211 34 Malmö")
    await c.press(KARIN, Industry("food").pack())
    summary = await c.press(KARIN, Size("micro").pack())
    assert "556036-0793" in summary.texts()[0]
    saved = await c.press(KARIN, SaveWorkplace("ok").pack())
    [made] = await c.ports.recruitment.workplaces(world.people[KARIN].unit_id)
    assert (made.org_number, made.coach_id, made.industry, made.size) == (
        "556036-0793",
        world.id(KARIN),
        "food",
        "micro",
    )
    card = saved.texts(KARIN)[0]
    assert "Responsible coach: Karin" in card
    assert "No contact person uses the bot yet." in card
    # Erik (an employer contact of the unit) now speaks for it.
    offer = await c.press(KARIN, AddContact(made.id, "ask").pack())
    assert AddContact(made.id, str(world.id(ERIK))).pack() in offer.payloads()
    await c.press(KARIN, AddContact(made.id, str(world.id(ERIK))).pack())
    found = await c.ports.recruitment.workplace_of(world.id(ERIK))
    assert found is not None
    assert found.id == made.id
    # The same organisation number again is refused, pointing at the first.
    await c.press(KARIN, NewWorkplace("new").pack())
    await c.text(KARIN, "Bageriet igen")
    again = await c.text(KARIN, "556036-0793")
    assert "has this organisation number already" in again.texts()[0]
    assert OpenWorkplace(made.id).pack() in again.payloads()


async def test_a_need_with_bad_input_is_explained_and_nothing_is_stored_half_done() -> None:
    world, bageriet, _ = await recruiting()
    c = world.client
    await c.command(ERIK, "need")
    empty = await c.text(ERIK, "   ")
    assert "Please write the role" in empty.texts()[0]
    await c.text(ERIK, "Diskare")
    many = await c.text(ERIK, "500")
    assert "from 1 to 50" in many.texts()[0]
    await c.text(ERIK, "٢")  # Arabic digit two
    past = await c.text(ERIK, "2026-11-01")
    assert "That date has passed" in past.texts()[0]
    assert c.state(ERIK) == "recruitment.start"
    left = await c.command(ERIK, "help")
    assert "Nothing was saved." in left.texts()[0]
    assert await c.ports.recruitment.assignments(bageriet) == []


async def test_an_employer_without_a_recorded_workplace_is_told_how_to_get_one() -> None:
    world = await build()
    answer = await world.client.command(ERIK, "need")
    assert "not recorded with us yet" in answer.texts()[0]


async def test_need_to_hire_consent_first_and_a_decliner_never_reaches_the_employer() -> None:
    world, bageriet, _ = await recruiting()
    c = world.client
    need = await state_need(world)
    assert (need.occupation, need.headcount, need.must_haves) == ("Köksbiträde", 1, ("licence_b",))
    assert need.starts_on == NOW.date() + timedelta(days=14)
    # The coach sees the caseload ranked, with reasons and gaps.
    ranked = await c.press(KARIN, FindCandidates(need.id).pack())
    text = ranked.texts(KARIN)[0]
    assert text.index("Amina") < text.index("Bilal")
    assert "wants to work as Köksbiträde" in text
    assert "Driving licence B" in text
    assert "has worked as Köksbiträde" in text  # Bilal's experience
    assert "missing: Driving licence B" in text
    # Bilal is asked, and says no: Erik never hears of him.
    choice = await c.press(KARIN, Candidate(need.id, world.id(BILAL)).pack())
    [bilal_cv] = [p for p in choice.payloads() if p.startswith("h20:")]
    asked = await c.press(KARIN, bilal_cv)
    [question] = asked.to(BILAL)
    assert "Nothing is sent without your yes" in " ".join(asked.texts(BILAL))
    [no] = [b.payload for row in question.buttons for b in row if b.payload.endswith(":no")]
    declined = await c.press(BILAL, no)
    assert declined.to(ERIK) == []
    assert "does not want to be presented" in declined.texts(KARIN)[0]
    # Amina is asked, looks at what they would get, and says yes: Erik gets her CV.
    await c.press(KARIN, Candidate(need.id, world.id(AMINA)).pack())
    master = await c.ports.cvs.master(world.id(AMINA))
    assert master is not None
    asked = await c.press(KARIN, Present(need.id, world.id(AMINA), master.id).pack())
    [pitch] = [
        p for p in await c.ports.recruitment.presentations(need.id) if p.state is Pitch.ASKED
    ]
    seen = await c.press(AMINA, Consent(pitch.id, "see").pack())
    assert isinstance(seen.messages[0].printable, CvSheet)
    assert seen.to(ERIK) == []
    yes = await c.press(AMINA, Consent(pitch.id, "yes").pack())
    [to_erik] = yes.to(ERIK)
    assert isinstance(to_erik.printable, CvSheet)
    assert to_erik.printable.cv.contact.name == "Amina Hassan"
    assert "Karin presents a candidate for Köksbiträde: Amina" in yes.texts(ERIK)[0]
    status = await c.ports.recruitment.assignment(need.id)
    assert status is not None
    assert status.status is Status.PRESENTED
    # Erik asks for an interview; a past time is refused, a real one reaches both.
    await c.press(ERIK, Verdict(pitch.id, "interview").pack())
    refused = await c.text(ERIK, "23/11 08:00")
    assert "That time has passed" in refused.texts()[0]
    booked = await c.text(ERIK, "10/12 kl 10")
    invite = booked.texts(AMINA)[0]
    assert "invites you to an interview for the job Köksbiträde" in invite
    assert "Storgatan 1" in invite
    assert any("invites Amina to an interview" in t for t in booked.texts(KARIN))
    reminders = [m for m in booked.messages if m.due_at is not None]
    assert {m.chat_id for m in reminders} == {AMINA, ERIK}
    assert len(reminders) == 4, "24 and 2 hours ahead, to both sides"
    confirmed = await c.press(AMINA, TimeSuits(pitch.id, "yes", "202612100900").pack())
    assert "Amina will come to the interview" in confirmed.texts(ERIK)[0]
    # Erik hires: a placement with its follow-up plan starts, the need is filled.
    await c.press(ERIK, Verdict(pitch.id, "hire").pack())
    await c.press(ERIK, HireAs(pitch.id, "job").pack())
    hired = await c.press(ERIK, HireFrom(pitch.id, "monday").pack())
    assert "Congratulations!" in hired.texts(AMINA)[0]
    [placement] = await c.ports.placements.of_participant(world.id(AMINA))
    assert placement.employer_id == world.id(ERIK)
    assert placement.workplace == "Bageriet Söder AB"
    assert await c.ports.placements.follow_ups(world.id(AMINA)), "follow-ups planned"
    filled = await c.ports.recruitment.assignment(need.id)
    assert filled is not None
    assert filled.status is Status.FILLED
    # Every employer message of Erik's day counts as one chat contact.
    counts = await c.ports.recruitment.contact_counts(bageriet, NOW - timedelta(days=1))
    assert counts == {Channel.CHAT: 1}


async def test_forged_and_old_buttons_change_nothing() -> None:
    world, bageriet, verkstan = await recruiting()
    c = world.client
    need = await state_need(world)
    master = await c.ports.cvs.master(world.id(AMINA))
    assert master is not None
    present = Present(need.id, world.id(AMINA), master.id).pack()
    # Olle (same unit, not Amina's coach) may not present her; Berit (other unit) sees nothing.
    assert NOT_ALLOWED in (await c.press(OLLE, present)).texts()[0]
    assert NOT_ALLOWED in (await c.press(BERIT, OpenWorkplace(bageriet).pack())).texts()[0]
    assert NOT_ALLOWED in (await c.press(BERIT, FindCandidates(need.id).pack())).texts()[0]
    # Another person's CV id with Amina's id is stale.
    bilal_cv = await c.ports.cvs.master(world.id(BILAL))
    assert bilal_cv is not None
    forged = Present(need.id, world.id(AMINA), bilal_cv.id).pack()
    assert STALE in (await c.press(KARIN, forged)).texts()[0]
    await c.press(KARIN, present)
    [pitch] = await c.ports.recruitment.presentations(need.id)
    # Before consent, the employer's answer buttons mean nothing.
    assert STALE in (await c.press(ERIK, Verdict(pitch.id, "hire").pack())).texts()[0]
    # Bilal cannot answer for Amina.
    assert NOT_ALLOWED in (await c.press(BILAL, Consent(pitch.id, "yes").pack())).texts()[0]
    await c.press(AMINA, Consent(pitch.id, "yes").pack())
    # Frida (another workplace) may not answer about Amina; an old consent button is stale.
    assert NOT_ALLOWED in (await c.press(FRIDA, Verdict(pitch.id, "hire").pack())).texts()[0]
    assert STALE in (await c.press(AMINA, Consent(pitch.id, "no").pack())).texts()[0]
    after = await c.ports.recruitment.presentation(pitch.id)
    assert after is not None
    assert after.state is Pitch.SENT
    # Frida cannot open Bageriet's need; Erik can, and sees Amina as presented.
    assert NOT_ALLOWED in (await c.press(FRIDA, OpenNeed(need.id).pack())).texts()[0]
    card = await c.press(ERIK, OpenNeed(need.id).pack())
    assert "Amina: CV sent" in card.texts()[0]
    del verkstan


async def test_a_coach_logs_a_visit_with_one_tap_and_can_take_it_back() -> None:
    world, bageriet, _ = await recruiting()
    c = world.client
    logged = await c.press(KARIN, LogContact(bageriet, "visit").pack())
    assert "Logged: Visit, Bageriet Söder AB" in logged.texts()[0]
    [undo] = logged.payloads()
    assert await c.ports.recruitment.contact_counts(bageriet, NOW) == {Channel.VISIT: 1}
    # Olle cannot take back Karin's entry; Karin can, once.
    assert STALE in (await c.press(OLLE, undo)).texts()[0]
    assert "Taken back" in (await c.press(KARIN, undo)).texts()[0]
    assert STALE in (await c.press(KARIN, undo)).texts()[0]
    assert await c.ports.recruitment.contact_counts(bageriet, NOW) == {}
    forged = UndoContact(bageriet, 10**17).pack()
    assert STALE in (await c.press(KARIN, forged)).texts()[0]


async def test_unit_wide_matching_suggests_to_the_participants_own_coach() -> None:
    world, _, _ = await recruiting()
    c = world.client
    need = await state_need(world)
    forged = Suggest(need.id, world.id(AMINA)).pack()
    assert STALE in (await c.press(OLLE, forged)).texts()[0], "not while the unit says no"
    unit = world.people[KARIN].unit_id
    c.db.set_unit_settings(unit, {"match_unit_wide": True})
    ranked = await c.press(OLLE, FindCandidates(need.id).pack())
    text = ranked.texts(OLLE)[0]
    assert "Your unit's participants" in text
    assert "coach: Karin" in text
    assert forged in ranked.payloads(OLLE)
    assert Candidate(need.id, world.id(AMINA)).pack() not in ranked.payloads(OLLE)
    suggested = await c.press(OLLE, forged)
    assert "Suggested to Karin." in suggested.texts(OLLE)[0]
    assert "Olle suggests Amina for Köksbiträde" in suggested.texts(KARIN)[0]
    ask = Candidate(need.id, world.id(AMINA)).pack()
    assert ask in suggested.payloads(KARIN)
    assert NOT_ALLOWED in (await c.press(OLLE, ask)).texts()[0], "only her coach asks her"
    assert "Which CV of Amina" in (await c.press(KARIN, ask)).texts()[0]
    assert await c.ports.recruitment.presentations(need.id) == [], "nobody asked yet"


async def interviewed(world: World, count: str = "1") -> tuple[int, int]:
    """Erik's need; Amina said yes and is booked for Wednesday 25 November at 10:00."""
    c = world.client
    need = await state_need(world, count)
    master = await c.ports.cvs.master(world.id(AMINA))
    assert master is not None
    await c.press(KARIN, Present(need.id, world.id(AMINA), master.id).pack())
    [pitch] = await c.ports.recruitment.presentations(need.id)
    await c.press(AMINA, Consent(pitch.id, "yes").pack())
    await c.press(ERIK, Verdict(pitch.id, "interview").pack())
    await c.text(ERIK, "25/11 10:00")
    return need.id, pitch.id


async def test_not_now_after_an_interview_withdraws_its_reminders_and_ends_the_step() -> None:
    world, _, _ = await recruiting()
    c = world.client
    _, pitch = await interviewed(world)
    await c.press(ERIK, Verdict(pitch, "interview").pack())  # to change the time, then not
    assert c.state(ERIK) == "recruitment.when"
    answer = await c.press(ERIK, Verdict(pitch, "not_now").pack())
    assert answer.outcome.drop_pending == (f"iv{pitch}:",)
    assert c.state(ERIK) == "idle", "a time typed now invites nobody"
    assert "does not go further" in answer.texts(AMINA)[0]
    again = [m for m in (await c.tick()).messages if (m.key or "").startswith("iv")]
    assert again == [], "the timer plans no reminder for it again"


async def test_an_old_answer_to_a_changed_interview_time_is_stale() -> None:
    world, _, _ = await recruiting()
    c = world.client
    _, pitch = await interviewed(world)
    old = TimeSuits(pitch, "no", "202611250900").pack()
    await c.press(ERIK, Verdict(pitch, "interview").pack())
    moved = await c.text(ERIK, "26/11 14:00")
    assert moved.outcome.drop_pending == (f"iv{pitch}:202611250900:",)
    assert STALE in (await c.press(AMINA, old)).texts()[0]
    new = TimeSuits(pitch, "yes", "202611261300").pack()
    assert new in moved.payloads(AMINA)
    assert "Amina will come" in (await c.press(AMINA, new)).texts(ERIK)[0]


async def test_interview_reminders_skip_quiet_hours_and_are_planned_again_by_the_timer() -> None:
    world, _, _ = await recruiting()
    c = world.client
    await interviewed(world)
    c.advance(timedelta(minutes=1))
    planned = await c.tick()
    due = sorted({m.due_at for m in planned.messages if m.key and m.key.startswith("iv")})
    assert [d.isoformat() for d in due if d] == [
        "2026-11-24T09:00:00+00:00",  # 24 hours ahead
        "2026-11-25T07:00:00+00:00",  # 2 hours ahead, 08:00 in Stockholm
    ]
    world2, _, _ = await recruiting()
    early = world2.client
    need = await state_need(world2)
    master = await early.ports.cvs.master(world2.id(AMINA))
    assert master is not None
    await early.press(KARIN, Present(need.id, world2.id(AMINA), master.id).pack())
    [pitch] = await early.ports.recruitment.presentations(need.id)
    await early.press(AMINA, Consent(pitch.id, "yes").pack())
    await early.press(ERIK, Verdict(pitch.id, "interview").pack())
    booked = await early.text(ERIK, "25/11 08:00")
    leads = {m.due_at for m in booked.messages if m.key}
    assert leads == {NOW.replace(day=24, hour=7)}, "06:00 is in the quiet hours: no 2-hour one"


async def test_a_filled_need_takes_no_more_hires_and_tells_the_others() -> None:
    world, _, _ = await recruiting()
    c = world.client
    need, pitch = await interviewed(world)
    bilal_cv = await c.ports.cvs.master(world.id(BILAL))
    assert bilal_cv is not None
    await c.press(KARIN, Present(need, world.id(BILAL), bilal_cv.id).pack())
    bilal = next(p for p in await c.ports.recruitment.presentations(need) if p.id != pitch)
    await c.press(BILAL, Consent(bilal.id, "yes").pack())
    await c.press(ERIK, Verdict(pitch, "hire").pack())
    await c.press(ERIK, HireAs(pitch, "job").pack())
    hired = await c.press(ERIK, HireFrom(pitch, "monday").pack())
    assert "is no longer open" in hired.texts(BILAL)[0], "Bilal, still waiting, is told"
    assert f"iv{pitch}:" in hired.outcome.drop_pending
    again = await c.press(ERIK, Verdict(bilal.id, "hire").pack())
    assert "This need is no longer open." in again.texts()[0]
    assert len(await c.ports.placements.of_participant(world.id(BILAL))) == 0
    second = await c.press(ERIK, HireFrom(pitch, "monday").pack())
    assert STALE in second.texts()[0]
    assert len(await c.ports.placements.of_participant(world.id(AMINA))) == 1


async def test_closing_a_need_tells_the_waiting_candidates_and_withdraws_reminders() -> None:
    world, _, _ = await recruiting()
    c = world.client
    need, pitch = await interviewed(world)
    asked = await c.press(KARIN, CloseNeed(need, "ask").pack())
    assert "1 candidate is still waiting and will be told." in asked.texts()[0]
    closed = await c.press(KARIN, CloseNeed(need, "yes").pack())
    assert "is no longer open" in closed.texts(AMINA)[0]
    assert closed.outcome.drop_pending == (f"iv{pitch}:",)
    late = await c.press(AMINA, TimeSuits(pitch, "yes", "202611250900").pack())
    assert "This need is no longer open." in late.texts()[0]
    assert late.to(ERIK) == []


async def test_a_past_day_typed_without_a_year_is_explained_not_moved_a_year_ahead() -> None:
    world, bakery, _ = await recruiting()
    c = world.client
    await c.press(KARIN, NeedFor(bakery).pack())
    await c.text(KARIN, "Diskare")
    await c.text(KARIN, "1")
    past = await c.text(KARIN, "20/11")  # three days ago (today is 23 November)
    assert "That date has passed" in past.texts()[0]
    _, pitch = await interviewed(world)
    await c.press(ERIK, Verdict(pitch, "interview").pack())
    late = await c.text(ERIK, "20/11 10:00")
    assert "That time has passed" in late.texts()[0]
    await c.press(ERIK, Verdict(pitch, "hire").pack())
    await c.press(ERIK, HireAs(pitch, "job").pack())
    start = await c.text(ERIK, "20/11")
    assert "That date has passed" in start.texts()[0]
    assert await c.ports.placements.of_participant(world.id(AMINA)) == []


async def test_the_coach_is_warned_of_a_cv_in_another_alphabet_and_sees_ended_needs() -> None:
    world, bakery, _ = await recruiting()
    c = world.client
    master = await c.ports.cvs.master(world.id(BILAL))
    assert master is not None
    await c.ports.cvs.save(master.id, Cv(contact=Contact(name="بلال")), {}, NOW)
    need, pitch = await interviewed(world)
    which = await c.press(KARIN, Candidate(need, world.id(BILAL)).pack())
    assert "an alphabet Bageriet Söder AB may not read" in which.texts()[0]
    plain = await c.press(KARIN, Candidate(need, world.id(AMINA)).pack())
    assert "alphabet" not in plain.texts()[0]
    await c.press(ERIK, Verdict(pitch, "hire").pack())
    await c.press(ERIK, HireAs(pitch, "job").pack())
    await c.press(ERIK, HireFrom(pitch, "monday").pack())
    listed = await c.command(KARIN, "needs")
    assert "Köksbiträde (filled)" in listed.texts()[0]
    card = await c.press(KARIN, OpenWorkplace(bakery).pack())
    assert "1. Köksbiträde: filled" in card.texts()[0]
    # Amina, now employed there, comes last for the next need.
    second = await state_need(world, "2", nth=1)
    ranked = await c.press(KARIN, FindCandidates(second.id).pack())
    text = ranked.texts(KARIN)[0]
    assert text.index("Bilal") < text.index("Amina")


async def test_after_a_hand_over_the_new_coach_hears_the_answer_and_the_old_may_not_ask() -> None:
    world, _, _ = await recruiting()
    c = world.client
    need = await state_need(world)
    master = await c.ports.cvs.master(world.id(AMINA))
    assert master is not None
    await c.press(KARIN, Present(need.id, world.id(AMINA), master.id).pack())
    [pitch] = await c.ports.recruitment.presentations(need.id)
    entry = next(e for e in c.db.caseloads if e.participant_id == world.id(AMINA))
    entry.until = NOW
    c.db.assign_caseload(world.id(OLLE), world.id(AMINA), NOW)
    yes = await c.press(AMINA, Consent(pitch.id, "yes").pack())
    assert any("Amina said yes" in t for t in yes.texts(OLLE))
    assert yes.to(KARIN) == [], "the old coach hears nothing more of her"
    again = Candidate(need.id, world.id(AMINA)).pack()
    assert NOT_ALLOWED in (await c.press(KARIN, again)).texts()[0]
