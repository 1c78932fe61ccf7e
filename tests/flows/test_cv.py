"""The CV flow through the dispatcher: the walk, bad answers, resuming, parts, copies, coach."""

from __future__ import annotations

import asyncio

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flows.cv.payloads import (
    Add,
    Answer,
    Copy,
    CopyEntry,
    CopyFor,
    CvOf,
    Entry,
    Go,
    Open,
    Remark,
    Respond,
    Reviewed,
)
from flows.cv.questions import NUMBER
from flows.cv_model import NOW, Contact, Cv, Section
from tests.flowclient import FlowClient, Turn
from tests.flows.world import (
    AMINA,
    BERIT,
    BILAL,
    CECILIA,
    DAWIT,
    KARIN,
    NOT_ALLOWED,
    OLLE,
    STALE,
    World,
    build,
)


async def cv_of(world: World, user: int = AMINA) -> Cv:
    record = await world.client.ports.cvs.master(world.id(user))
    assert record is not None
    return record.cv


async def answer(c: FlowClient, q: str, value: str, user: int = AMINA) -> Turn:
    return await c.press(user, Answer(NUMBER[q], value).pack())


async def walk_to_jobs(world: World) -> FlowClient:
    """Amina starts her CV and answers contact details and the jobs she wants."""
    c = world.client
    first = await c.command(AMINA, "cv")
    assert "one question at a time" in first.texts()[0]
    assert "What is your name" in first.texts()[0]
    await c.text(AMINA, "Amina Hassan")
    await c.text(AMINA, "070-123 45 67")
    await answer(c, "email", "skip")
    await c.text(AMINA, "Malmö")
    offer = await c.text(AMINA, "lager")
    assert "Lagerarbetare" in str(offer.messages[0].buttons)
    await answer(c, "wanted", "o9")
    await c.text(AMINA, "Kock")
    await answer(c, "wanted", "done")
    return c


async def test_a_full_walk_saves_every_answer_as_typed() -> None:
    world = await build()
    c = await walk_to_jobs(world)
    await c.text(AMINA, "Cleaner")
    await c.text(AMINA, "Nobina")
    await c.text(AMINA, "Malmö")
    await c.text(AMINA, "Sverige")
    await c.text(AMINA, "mars 2019")
    wrong = await c.text(AMINA, "2018")
    assert "before the start" in wrong.texts()[0]
    await c.text(AMINA, "06/2021")
    await c.text(AMINA, "Cleaning buses at night.")
    more = await answer(c, "job_more", "no")
    assert "A school or course" in more.texts()[0]
    cv = await cv_of(world)
    assert cv.contact.name == "Amina Hassan"
    assert cv.contact.phone == "+46 70 123 45 67"
    assert cv.wanted == ("Lagerarbetare", "Kock")
    [job] = cv.jobs
    assert (job.title, job.employer, job.start, job.end) == (
        "Cleaner",
        "Nobina",
        "2019-03",
        "2021-06",
    )
    assert job.tasks == "Cleaning buses at night."


async def test_bad_answers_are_explained_and_the_question_stays() -> None:
    world = await build()
    c = world.client
    await c.command(AMINA, "cv")
    for bad, why in [
        ("x" * 5000, "Please keep it under 100 characters (yours has 5,000)"),
        ("🙂🙂", "A name needs letters"),
    ]:
        turn = await c.text(AMINA, bad)
        assert why in turn.texts()[0]
        assert turn.state == "cv.answer"
    await c.text(AMINA, "Amina")
    assert "does not look like a phone number" in (await c.text(AMINA, "abc")).texts()[0]
    saved = await c.text(AMINA, "0701234567")
    assert "Saved as: +46 70 123 45 67" in saved.texts()[0], "told what the number became"
    assert "does not look like an e-mail" in (await c.text(AMINA, "amina.example.se")).texts()[0]
    await c.text(AMINA, "amina@example.se")
    cv = await cv_of(world)
    assert (cv.contact.name, cv.contact.email) == ("Amina", "amina@example.se")


async def test_the_walk_resumes_after_another_command_and_a_skipped_part_comes_back() -> None:
    world = await build()
    c = await walk_to_jobs(world)
    await c.command(AMINA, "tasks")
    await c.text(AMINA, "Cleaner")  # still the answer to the job title
    assert (await c.ports.cvs.master(world.id(AMINA))).walk["entry"] == {"title": "Cleaner"}
    later = await answer(c, "job_employer", "later")
    assert "A school or course" in later.texts()[0]
    cv = await cv_of(world)
    assert "jobs" in cv.skipped
    assert cv.jobs[0].title == "Cleaner", "what was written of the entry is kept"
    home = await c.command(AMINA, "cv")
    assert "skipped for now" not in home.texts()[0], "the part has an entry"


async def test_edit_and_delete_an_entry() -> None:
    world = await build()
    c = await walk_to_jobs(world)
    for text in ("Cleaner", "Nobina", "Malmö", "Sverige", "2019", "2021", "Buses"):
        await c.text(AMINA, text)
    await answer(c, "job_more", "no")
    await c.command(AMINA, "cv")
    view = await c.press(AMINA, Open(Section.JOBS).pack())
    assert "1. Cleaner, Nobina, Malmö, Sverige (2019 – 2021)" in view.texts()[0]
    edit = await c.press(AMINA, Entry(Section.JOBS, 0, "edit").pack())
    assert "Now: Cleaner" in edit.texts()[0]
    await c.text(AMINA, "Bus cleaner")
    for q in ("job_employer", "job_place", "job_country", "job_start", "job_end"):
        await answer(c, q, "keep")
    done = await answer(c, "job_tasks", "keep")
    assert "1. Bus cleaner, Nobina" in done.texts()[0]
    assert len((await cv_of(world)).jobs) == 1
    gone = await c.press(AMINA, Entry(Section.JOBS, 0, "delete").pack())
    assert "Deleted: Bus cleaner" in gone.texts()[0]
    assert (await cv_of(world)).jobs == ()
    assert (await c.press(AMINA, Entry(Section.JOBS, 0, "delete").pack())).texts() == [STALE]


async def test_a_copy_for_one_job_leaves_the_master_unchanged() -> None:
    world = await build()
    c = await walk_to_jobs(world)
    for text in ("Cleaner", "Nobina", "Malmö", "Sverige", "2019", "2021", "Buses"):
        await c.text(AMINA, text)
    await answer(c, "job_more", "yes")
    for text in ("Cook", "Hotel Anglais", "Malmö", "Sverige", "2022"):
        await c.text(AMINA, text)
    await answer(c, "job_end", "now")
    await answer(c, "job_tasks", "skip")
    await answer(c, "job_more", "no")
    await c.press(AMINA, Go("copy").pack())
    made = await c.text(AMINA, "Kock på Restaurang Tre Sjöar")
    assert "Made a copy for: Kock på Restaurang Tre Sjöar" in made.texts()[0]
    [copy] = await c.ports.cvs.copies(world.id(AMINA))
    await c.press(AMINA, CopyEntry(copy.id, Section.JOBS, 1, "up").pack())
    await c.press(AMINA, CopyEntry(copy.id, Section.JOBS, 1, "drop").pack())
    await c.press(AMINA, Copy(copy.id, "profile").pack())
    await c.text(AMINA, "I love cooking for many.")
    copy = await c.ports.cvs.get(copy.id)
    assert [j.title for j in copy.cv.jobs] == ["Cook"]
    assert copy.cv.jobs[0].end == NOW
    assert copy.cv.profile == "I love cooking for many."
    master = await cv_of(world)
    assert [j.title for j in master.jobs] == ["Cleaner", "Cook"]
    assert master.profile == ""
    got = await c.press(AMINA, Copy(copy.id, "sv").pack())
    assert [m.printable.format for m in got.messages if m.printable] == ["pdf", "docx"]
    assert all(m.printable.locale == "sv" for m in got.messages)


async def test_the_coach_reads_comments_and_marks_reviewed_and_the_participant_answers() -> None:
    world = await build()
    c = await walk_to_jobs(world)
    amina = world.id(AMINA)
    read = await c.press(KARIN, CvOf(amina).pack())
    assert "The CV of Amina" in read.texts()[0]
    assert "Lagerarbetare" in read.texts()[0]
    await c.press(KARIN, Remark(amina, Section.WANTED).pack())
    sent = await c.text(KARIN, "Add what kind of warehouse work, please.")
    assert len(sent.to(AMINA)) == 1
    assert "Add what kind of warehouse work, please." in sent.texts(AMINA)[0]
    [comment] = await c.ports.cvs.comments((await c.ports.cvs.master(amina)).id)
    await c.press(AMINA, Respond(comment.id).pack())
    back = await c.text(AMINA, "Picking orders with a scanner")
    assert "Picking orders with a scanner" in back.texts(KARIN)[0]
    reviewed = await c.press(KARIN, Reviewed(amina).pack())
    assert "Your coach Karin has read your CV." in reviewed.texts(AMINA)[0]


async def test_coaches_outside_the_caseload_can_neither_read_nor_comment() -> None:
    world = await build()
    await walk_to_jobs(world)
    c, amina = world.client, world.id(AMINA)
    for coach in (OLLE, BERIT):
        for payload in (CvOf(amina), Remark(amina, Section.JOBS), Reviewed(amina)):
            assert (await c.press(coach, payload.pack())).texts() == [NOT_ALLOWED]
    assert (await c.press(BILAL, CvOf(amina).pack())).texts() == [NOT_ALLOWED]
    assert (await c.command(KARIN, "cv")).texts() == [NOT_ALLOWED]


COACHES_ALL = [KARIN, OLLE, BERIT]
EVERYONE = [AMINA, BILAL, CECILIA, DAWIT]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.tuples(st.sampled_from(COACHES_ALL), st.sampled_from(EVERYONE)), max_size=5),
    st.lists(
        st.tuples(
            st.sampled_from(COACHES_ALL),
            st.sampled_from(EVERYONE),
            st.sampled_from(["read", "comment", "review"]),
        ),
        min_size=1,
        max_size=10,
    ),
)
def test_only_the_participants_coach_reads_or_comments_on_a_cv(
    handovers: list[tuple[int, int]], actions: list[tuple[int, int, str]]
) -> None:
    asyncio.run(_play_coaches(handovers, actions))


async def _play_coaches(
    handovers: list[tuple[int, int]], actions: list[tuple[int, int, str]]
) -> None:
    world = await build()
    c = world.client
    for uid in EVERYONE:
        made = await c.ports.cvs.create(world.id(uid), "", Cv(), c.now)
        marked = Cv(contact=Contact(name=f"NAME{uid}"), profile=f"MARK{uid}")
        await c.ports.cvs.save(made.id, marked, {}, c.now)
    for coach, participant in handovers:
        c.db.assign_caseload(world.id(coach), world.id(participant), c.now)
    for coach, participant, action in actions:
        pid = world.id(participant)
        sees = await c.ports.access.can_see(world.people[coach], pid)
        record = await c.ports.cvs.master(pid)
        assert record is not None
        before = len(await c.ports.cvs.comments(record.id))
        if action == "read":
            turn = await c.press(coach, CvOf(pid).pack())
        elif action == "review":
            turn = await c.press(coach, Reviewed(pid).pack())
        else:
            turn = await c.press(coach, Remark(pid, Section.PROFILE).pack())
            if turn.state == "cv.remark":
                turn = await c.text(coach, "Looks good")
        texts = " ".join(turn.texts(coach))
        comments = await c.ports.cvs.comments(record.id)
        if not sees:
            assert turn.texts() == [NOT_ALLOWED], (coach, participant, action)
            assert f"MARK{participant}" not in texts
            assert len(comments) == before
            assert (await c.ports.cvs.master(pid)).reviewed_by != world.id(coach)  # type: ignore[union-attr]
        elif action == "read":
            assert f"MARK{participant}" in texts
        elif action == "comment":
            assert len(comments) == before + 1
        for say in turn.messages:
            assert say.chat_id in (coach, participant), "nobody else is told"


async def test_signs_no_font_can_print_are_named_when_the_pdf_leaves_them_out() -> None:
    world = await build()
    c = await walk_to_jobs(world)
    record = await c.ports.cvs.master(world.id(AMINA))
    assert record is not None
    await c.ports.cvs.save(
        record.id, Cv(contact=Contact(name="Amina 🌟"), skills=("Cooking",)), {}, c.now
    )
    got = await c.press(AMINA, Go("pdf").pack())
    [pdf_note, word_note] = got.texts(AMINA)
    assert "left out of the PDF: 🌟." in pdf_note
    assert "left out" not in word_note


async def test_the_coach_makes_a_copy_for_a_job_and_the_participant_is_told() -> None:
    world = await build()
    c = await walk_to_jobs(world)
    amina = world.id(AMINA)
    assert (await c.press(OLLE, CopyFor(amina).pack())).texts() == [NOT_ALLOWED]
    await c.press(KARIN, CopyFor(amina).pack())
    made = await c.text(KARIN, "Lager på Postnord")
    assert "Made a copy for: Lager på Postnord" in made.texts(KARIN)[0]
    assert "Your coach Karin made a copy of your CV for: Lager på Postnord" in made.texts(AMINA)[0]
    [copy] = await c.ports.cvs.copies(amina)
    got = await c.press(KARIN, Copy(copy.id, "sv").pack())
    assert [m.chat_id for m in got.messages] == [KARIN, KARIN]
    assert (await c.press(OLLE, Copy(copy.id, "get").pack())).texts() == [NOT_ALLOWED]
    assert (await c.press(BILAL, Copy(copy.id, "get").pack())).texts() == [NOT_ALLOWED]
    read = await c.press(KARIN, CvOf(amina).pack())
    assert "1. Lager på Postnord" in read.texts(KARIN)[0]


async def test_no_driving_licence_is_an_answer_and_the_walk_goes_on() -> None:
    world = await build()
    c = await walk_to_jobs(world)
    await answer(c, "job_title", "later")
    await answer(c, "school_name", "later")
    await answer(c, "lang_name", "later")
    after = await answer(c, "licences", "done")
    assert "Certificates" in after.texts()[0], "on to the next part"
    cv = await cv_of(world)
    assert cv.filled(Section.LICENCES)
    assert cv.licences == ()
    home = await c.command(AMINA, "cv")
    assert "6. Driving licence: none" in home.texts()[0]


async def test_a_course_may_end_later_than_today_but_a_job_may_not() -> None:
    world = await build()
    c = await walk_to_jobs(world)
    await c.text(AMINA, "Cleaner")
    await c.text(AMINA, "Nobina")
    await answer(c, "job_place", "skip")
    await answer(c, "job_country", "skip")
    await c.text(AMINA, "2019")
    assert "still to come" in (await c.text(AMINA, "2031")).texts()[0]
    await c.text(AMINA, "2021")
    await answer(c, "job_tasks", "skip")
    await answer(c, "job_more", "no")
    await c.text(AMINA, "Komvux")
    await answer(c, "school_subject", "sfid")
    await answer(c, "school_country", "skip")
    await c.text(AMINA, "2026")
    await c.text(AMINA, "06/2027")
    [school] = (await cv_of(world)).schools
    assert (school.subject, school.end) == ("SFI D", "2027-06")


async def test_cv_buttons_without_a_cv_start_none_and_change_nothing() -> None:
    world = await build()
    c = world.client
    for payload in (
        Go("pdf").pack(), Open(Section.JOBS).pack(), Add(Section.JOBS).pack(),
        Entry(Section.JOBS, 0, "delete").pack(), Answer(NUMBER["name"], "skip").pack(),
    ):  # fmt: skip
        assert (await c.press(AMINA, payload)).texts() == [STALE]
    assert await c.ports.cvs.master(world.id(AMINA)) is None
