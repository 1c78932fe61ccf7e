"""One contract for the Cvs port: fake, SQLite and PostgreSQL behave alike."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from flows.cv_model import NOW, Contact, Cv, Job, Language, Referee
from flows.model import Role
from tests.storage.test_attendance_contract import Backend, backend

__all__ = ["backend"]
AT = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
CV = Cv(
    contact=Contact("أمينة حسن", "+46 70 123 45 67", "amina@example.se", "Malmö"),
    wanted=("Kock", "Lagerarbetare"),
    jobs=(Job("طباخة", "Hotel Anglais", "Malmö", "Sverige", "2022-03", NOW, "a" * 1000),),
    languages=(Language("العربية", "native", "native", "native"),),
    licences=("B",),
    references=(Referee("Olle", "boss", "+46 70 000 00 00", consent=True),),
    skipped=("skills",),
)


async def test_a_cv_is_stored_and_read_back_exactly(backend: Backend) -> None:
    amina = await backend.seed_person(Role.PARTICIPANT, "Amina")
    async with backend.transaction() as ports:
        assert await ports.cvs.master(amina.id) is None
        made = await ports.cvs.create(amina.id, "", Cv(), AT)
    walk = {"q": "job_title", "mode": "walk", "entry": {"title": "Cook"}, "index": -1}
    async with backend.transaction() as ports:
        await ports.cvs.save(made.id, CV, walk, AT + timedelta(minutes=1))
    async with backend.transaction() as ports:
        found = await ports.cvs.master(amina.id)
    assert found is not None
    assert found.cv == CV
    assert found.walk == walk
    assert found.label == ""
    assert found.updated_at == AT + timedelta(minutes=1)


async def test_copies_comments_answers_review_and_deletion(backend: Backend) -> None:
    amina = await backend.seed_person(Role.PARTICIPANT, "Amina")
    karin = await backend.seed_person(Role.COACH, "Karin")
    async with backend.transaction() as ports:
        own = await ports.cvs.create(amina.id, "", CV, AT)
        copy = await ports.cvs.create(amina.id, "Kock på Tre Sjöar", CV, AT)
        said = await ports.cvs.comment(own.id, "jobs", karin.id, "Add dates", AT)
    async with backend.transaction() as ports:
        assert [c.id for c in await ports.cvs.copies(amina.id)] == [copy.id]
        assert (await ports.cvs.master(amina.id)).id == own.id  # type: ignore[union-attr]
        answered = await ports.cvs.answer(said.id, "Done", AT)
        await ports.cvs.reviewed(own.id, karin.id, AT)
        assert await ports.cvs.answer(10**9, "nobody", AT) is None
    assert answered is not None
    assert (answered.text, answered.answer) == ("Add dates", "Done")
    async with backend.transaction() as ports:
        [comment] = await ports.cvs.comments(own.id)
        reviewed = await ports.cvs.get(own.id)
        await ports.cvs.delete(copy.id)
    assert comment.answered_at == AT
    assert reviewed is not None
    assert (reviewed.reviewed_at, reviewed.reviewed_by) == (AT, karin.id)
    async with backend.transaction() as ports:
        assert await ports.cvs.get(copy.id) is None
        assert await ports.cvs.copies(amina.id) == []
