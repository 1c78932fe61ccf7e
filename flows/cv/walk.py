"""The guided CV: one question at a time, every answer saved at once, so the walk resumes
where it stopped (after other commands, days, or a restart of the bot).

Where the walk stands lives with the CV (`CvRecord.walk`): the question, the entry being
written, and the mode: the whole walk, adding one entry, or editing one.
"""

from __future__ import annotations

import dataclasses
from enum import StrEnum
from typing import Any

from flows.cv.answers import read_answer, shown_period
from flows.cv.ports import CvPorts
from flows.cv.questions import BY_ID, MORE_CHOICES, NUMBER, Question, Reads, after, first
from flows.cv_model import (
    ENTRY_TYPES,
    LICENCES,
    NOW,
    SECTION_NAMES,
    Cv,
    CvRecord,
    Section,
)
from flows.languages import NATIVE_NAMES
from flows.output import Button, Outcome
from flows.replies import too_long
from flows.routes import Ctx
from flows.text import N_, Lines, Msg, Verbatim, msg, numbered

from .occupations import OCCUPATIONS, matching
from .payloads import Answer


class State(StrEnum):
    """Steps of the CV flow (persisted as `cv.<value>`)."""

    ANSWER = "answer"  # the walk waits for an answer (resumable)
    LABEL = "label"  # the job or employer a new copy is for
    PROFILE = "profile"  # the profile text of a copy for one job
    REMARK = "remark"  # a coach writes a comment on a section
    RESPOND = "respond"  # the participant answers a coach's comment


class Mode(StrEnum):
    """What the walk is doing (persisted in the walk)."""

    WALK = "walk"  # section after section
    ADD = "add"  # one new entry, then back to the section
    EDIT = "edit"  # one entry again, each answer can be kept


WALK_ORDER = tuple(Section)


async def master(ctx: Ctx[CvPorts]) -> CvRecord | None:
    """The participant's CV; only /cv starts one (a forged button never does)."""
    return await ctx.ports.cvs.master(ctx.person.id)


def question_of(record: CvRecord) -> Question | None:
    """The question the walk waits on, if any."""
    return BY_ID.get(str(record.walk.get("q", "")))


async def begin(
    ctx: Ctx[CvPorts],
    record: CvRecord,
    section: Section,
    mode: Mode,
    index: int = -1,
    intro: Msg | None = None,
) -> Outcome:
    """Start a section: the whole walk from it, a new entry, or an entry again."""
    if record.walk.get("entry"):
        # An entry left half-written elsewhere is kept, not overwritten.
        record = await _commit_entry(ctx, record)
    entry: dict[str, Any] = {}
    if mode is Mode.EDIT and section in ENTRY_TYPES:
        entry = dataclasses.asdict(getattr(record.cv, section.value)[index])
    walk = {"q": first(section).id, "mode": mode.value, "entry": entry, "index": index}
    await ctx.ports.cvs.save(record.id, record.cv, walk, ctx.now)
    head = () if intro is None else (intro,)
    return ask(ctx, dataclasses.replace(record, walk=walk), *head, part=mode is not Mode.EDIT)


def ask(ctx: Ctx[CvPorts], record: CvRecord, *before_text: Msg, part: bool = False) -> Outcome:
    """Ask the walk's question, with its buttons (and the part's name when it begins)."""
    q = question_of(record)
    if q is None:
        return ctx.stale()
    mode = Mode(record.walk.get("mode", Mode.WALK))
    parts: list[Msg] = [*before_text]
    if part:
        parts.append(msg(N_("Part: {section}"), section=msg(SECTION_NAMES[q.section])))
    parts.append(msg(q.text))
    if q.reads is Reads.LEVEL:
        levels = tuple(numbered(n, msg(c.label)) for n, c in enumerate(q.choices, 1))
        parts.append(msg("{words}", words=Lines(levels)))
    current = _current(record, q) if mode is Mode.EDIT else ""
    if current:
        parts.append(msg(N_("Now: {value}"), value=Verbatim(current)))
    buttons = _buttons(record, q, mode, bool(current))
    if q.id == "lang_name" and ctx.locale in NATIVE_NAMES and ctx.locale not in ("sv", "en"):
        # Their own language first: it is on most CVs of people new in Sweden.
        own = Button(
            Verbatim(NATIVE_NAMES[ctx.locale]), payload=Answer(NUMBER[q.id], "own").pack()
        )
        buttons = ((own,), *buttons)
    return Outcome(
        messages=(ctx.say(*parts, buttons=buttons),),
        state=State.ANSWER,
        data={},
        remove_buttons=True,
    )


def _current(record: CvRecord, q: Question) -> str:
    if q.section is Section.CONTACT:
        return str(getattr(record.cv.contact, q.field))
    if q.section is Section.PROFILE:
        return record.cv.profile
    value = record.walk.get("entry", {}).get(q.field, "")
    return "" if isinstance(value, bool) else str(value)


def _buttons(
    record: CvRecord, q: Question, mode: Mode, keep: bool
) -> tuple[tuple[Button, ...], ...]:
    def button(value: str, label: Msg | Verbatim) -> Button:
        return Button(label, payload=Answer(NUMBER[q.id], value).pack())

    rows: list[tuple[Button, ...]] = []
    if q.reads is Reads.LICENCES:
        held = set(record.cv.licences)
        marks = [button(c, Verbatim(("✓ " if c in held else "") + c)) for c in LICENCES]
        rows.extend(tuple(marks[i : i + 4]) for i in range(0, len(marks), 4))
    elif q.reads is Reads.MORE:
        rows.append(tuple(button(c.value, msg(c.label)) for c in MORE_CHOICES))
    elif q.reads is Reads.LEVEL:
        # The levels are described in the question; a description does not fit a button.
        numbers = [button(c.value, Verbatim(str(n))) for n, c in enumerate(q.choices, 1)]
        rows.extend(tuple(numbers[i : i + 4]) for i in range(0, len(numbers), 4))
    else:
        rows.extend(
            (button(c.value, msg(c.label) if c.translated else Verbatim(c.label)),)
            for c in q.choices
        )
    if q.reads in (Reads.ITEMS, Reads.LICENCES):
        rows.append((button("done", msg(N_("Done"))),))
    if keep:
        rows.append((button("keep", msg(N_("Keep it"))),))
    elif q.optional:
        rows.append((button("skip", msg(N_("Skip this question"))),))
    if mode is Mode.WALK and q.reads is not Reads.MORE:
        rows.append((button("later", msg(N_("Skip this part for now"))),))
    return tuple(rows)


async def typed(ctx: Ctx[CvPorts]) -> Outcome:
    """A written answer to the walk's question."""
    record = await master(ctx)
    q = question_of(record) if record else None
    if record is None or q is None:
        return Outcome(messages=ctx.stale().messages, state="idle", data={})  # never silent
    text = ctx.event.text.strip()
    if q.reads in (Reads.LEVEL, Reads.CONSENT, Reads.MORE, Reads.LICENCES):
        return ctx.reply(msg(N_("Please press one of the buttons above.")))
    if not text:
        return ctx.reply(msg(N_("Please write your answer, or press a button above.")))
    if len(text) > q.limit:
        return too_long(ctx.actor, ctx.locale, q.limit, len(text))
    if q.reads is Reads.ITEMS and q.section is Section.WANTED and "typed" not in record.walk:
        found = [i for i in matching(text) if OCCUPATIONS[i].casefold() != text.casefold()]
        if found:
            return await _offer_occupations(ctx, record, q, text, found)
    value, problem = read_answer(ctx, record, q, text)
    if problem is not None:
        return ctx.reply(problem)
    note = None
    if value != text and q.reads in (Reads.PHONE, Reads.EMAIL, Reads.START, Reads.END):
        # A number or a date is stored in one form: the person sees what it became.
        shown = Verbatim(value) if q.reads in (Reads.PHONE, Reads.EMAIL) else shown_period(value)
        note = msg(N_("Saved as: {value}"), value=shown)
    return await _answered(ctx, record, q, value, note)


async def pressed(ctx: Ctx[CvPorts], payload: Answer) -> Outcome:
    """A button answer; an old button of another question is stale."""
    record = await master(ctx)
    q = question_of(record) if record else None
    if record is None or q is None or NUMBER[q.id] != payload.q:
        return ctx.stale()
    value = payload.value
    mode = Mode(record.walk.get("mode", Mode.WALK))
    if value == "later" and mode is Mode.WALK:
        return await _later(ctx, record, q)
    if value == "keep" and mode is Mode.EDIT:
        return await _next(ctx, record, q)
    if value == "skip" and q.optional:
        return await _answered(ctx, record, q, "")
    if value == "done" and q.reads in (Reads.ITEMS, Reads.LICENCES):
        # Done with nothing chosen is an answer too: "none" (no licence), not "not yet".
        listed = bool(getattr(record.cv, q.section.value))
        nothing = tuple(s for s in record.cv.nothing if s != q.section.value)
        cv = dataclasses.replace(
            record.cv, nothing=nothing if listed else (*nothing, q.section.value)
        )
        record = dataclasses.replace(record, cv=cv)
        await ctx.ports.cvs.save(record.id, cv, record.walk, ctx.now)
        return await _section_done(ctx, record, q)
    if q.reads is Reads.LICENCES and value in LICENCES:
        held = list(record.cv.licences)
        held = [c for c in held if c != value] if value in held else [*held, value]
        cv = record.cv.with_section(Section.LICENCES, tuple(c for c in LICENCES if c in held))
        await ctx.ports.cvs.save(record.id, cv, record.walk, ctx.now)
        fresh = dataclasses.replace(record, cv=cv)
        return Outcome(buttons_now=_buttons(fresh, q, mode, False))
    if q.reads is Reads.ITEMS and value.startswith("o") and "typed" in record.walk:
        return await _occupation_chosen(ctx, record, q, value)
    if q.id == "lang_name" and value == "own" and ctx.locale in NATIVE_NAMES:
        return await _answered(ctx, record, q, NATIVE_NAMES[ctx.locale])
    choice = next((c for c in q.choices if c.value == value), None)
    if q.reads is Reads.MORE and value in ("yes", "no"):
        return await _more(ctx, record, q, value == "yes")
    if choice is None:
        return ctx.stale()
    answer = choice.value if q.reads in (Reads.LEVEL, Reads.CONSENT) else choice.label
    if q.reads is Reads.END and choice.value == "now":
        answer = NOW
    if q.id == "lang_name":
        answer = choice.label
    return await _answered(ctx, record, q, answer)


async def _offer_occupations(
    ctx: Ctx[CvPorts], record: CvRecord, q: Question, text: str, found: list[int]
) -> Outcome:
    walk = {**record.walk, "typed": text}
    await ctx.ports.cvs.save(record.id, record.cv, walk, ctx.now)
    buttons = tuple(
        (Button(Verbatim(OCCUPATIONS[i]), payload=Answer(NUMBER[q.id], f"o{i}").pack()),)
        for i in found
    )
    keep = (Button(msg(N_("Keep what I wrote")), payload=Answer(NUMBER[q.id], "own").pack()),)
    text_msg = msg(
        N_("Employers often call it one of these. Press one, or keep what you wrote: {words}"),
        words=Verbatim(text),
    )
    return Outcome(messages=(ctx.say(text_msg, buttons=(*buttons, keep)),), remove_buttons=True)


async def _occupation_chosen(
    ctx: Ctx[CvPorts], record: CvRecord, q: Question, value: str
) -> Outcome:
    walk = dict(record.walk)
    typed_text = str(walk.pop("typed", ""))
    index = value[1:]
    name = (
        OCCUPATIONS[int(index)]
        if index.isascii() and index.isdigit() and int(index) < len(OCCUPATIONS)
        else None
    )
    record = dataclasses.replace(record, walk=walk)
    return await _answered(ctx, record, q, name or typed_text)


async def _answered(
    ctx: Ctx[CvPorts], record: CvRecord, q: Question, value: str, note: Msg | None = None
) -> Outcome:
    """Store the answer where it belongs, then go on."""
    cv, walk = record.cv, dict(record.walk)
    walk.pop("typed", None)
    if q.section is Section.CONTACT:
        cv = cv.with_section(Section.CONTACT, dataclasses.replace(cv.contact, **{q.field: value}))
    elif q.section is Section.PROFILE:
        cv = cv.with_section(Section.PROFILE, value)
    elif q.reads is Reads.ITEMS:
        items = getattr(cv, q.section.value)
        cv = cv.with_section(q.section, (*items, value) if value not in items else items)
        record = dataclasses.replace(record, cv=cv, walk=walk)
        await ctx.ports.cvs.save(record.id, cv, walk, ctx.now)
        return ask(ctx, record, msg(N_("Added: {item}"), item=Verbatim(value)))
    else:
        stored: str | bool = value == "yes" if q.reads is Reads.CONSENT else value
        walk["entry"] = {**walk.get("entry", {}), q.field: stored}
    record = dataclasses.replace(record, cv=cv, walk=walk)
    await ctx.ports.cvs.save(record.id, cv, walk, ctx.now)
    return await _next(ctx, record, q, note)


async def _next(
    ctx: Ctx[CvPorts], record: CvRecord, q: Question, note: Msg | None = None
) -> Outcome:
    mode = Mode(record.walk.get("mode", Mode.WALK))
    nxt = after(q)
    if nxt is not None and nxt.reads is Reads.MORE:
        record = await _commit_entry(ctx, record)
        if mode is not Mode.WALK:
            return await _section_done(ctx, record, q)
    if nxt is None:
        return await _section_done(ctx, record, q)
    walk = {**record.walk, "q": nxt.id}
    await ctx.ports.cvs.save(record.id, record.cv, walk, ctx.now)
    return ask(ctx, dataclasses.replace(record, walk=walk), *(() if note is None else (note,)))


async def _commit_entry(ctx: Ctx[CvPorts], record: CvRecord) -> CvRecord:
    """Put the entry being written into its section (in its old place when edited)."""
    q = question_of(record)
    raw = record.walk.get("entry") or {}
    if q is None or q.section not in ENTRY_TYPES or not raw:
        return record
    kind = ENTRY_TYPES[q.section]
    names = {f.name for f in dataclasses.fields(kind)}
    entry = kind(**{k: v for k, v in raw.items() if k in names})
    entries = list(getattr(record.cv, q.section.value))
    index = int(record.walk.get("index", -1))
    if Mode(record.walk.get("mode", Mode.WALK)) is Mode.EDIT and 0 <= index < len(entries):
        entries[index] = entry
    else:
        entries.append(entry)
    cv = record.cv.with_section(q.section, tuple(entries))
    walk = {**record.walk, "entry": {}}
    await ctx.ports.cvs.save(record.id, cv, walk, ctx.now)
    return dataclasses.replace(record, cv=cv, walk=walk)


async def _more(ctx: Ctx[CvPorts], record: CvRecord, q: Question, again: bool) -> Outcome:
    if again:
        walk = {**record.walk, "q": first(q.section).id, "entry": {}}
        await ctx.ports.cvs.save(record.id, record.cv, walk, ctx.now)
        return ask(ctx, dataclasses.replace(record, walk=walk))
    return await _section_done(ctx, record, q)


async def _later(ctx: Ctx[CvPorts], record: CvRecord, q: Question) -> Outcome:
    """Skip the rest of a section for now; what was written of an entry is kept."""
    if record.walk.get("entry"):
        record = await _commit_entry(ctx, record)
    skipped = tuple(dict.fromkeys((*record.cv.skipped, q.section.value)))
    cv = dataclasses.replace(record.cv, skipped=skipped)
    record = dataclasses.replace(record, cv=cv)
    await ctx.ports.cvs.save(record.id, cv, record.walk, ctx.now)
    return await _section_done(ctx, record, q)


async def _section_done(ctx: Ctx[CvPorts], record: CvRecord, q: Question) -> Outcome:
    """A section is finished: the walk goes to the next part; otherwise back to the part."""
    from flows.cv.overview import overview, section_view

    mode = Mode(record.walk.get("mode", Mode.WALK))
    if record.walk.get("entry"):
        record = await _commit_entry(ctx, record)
    cv = record.cv
    if q.section.value in cv.skipped and cv.filled(q.section) and mode is not Mode.WALK:
        cv = dataclasses.replace(cv, skipped=tuple(s for s in cv.skipped if s != q.section.value))
    if mode is not Mode.WALK:
        await ctx.ports.cvs.save(record.id, cv, {}, ctx.now)
        return await section_view(ctx, dataclasses.replace(record, cv=cv, walk={}), q.section)
    later = WALK_ORDER[WALK_ORDER.index(q.section) + 1 :]
    nxt = next((s for s in later if not cv.filled(s) and s.value not in cv.skipped), None)
    if nxt is None:
        await ctx.ports.cvs.save(record.id, cv, {}, ctx.now)
        done = msg(N_("That was the last question. Here is your CV so far."))
        return await overview(ctx, dataclasses.replace(record, cv=cv, walk={}), done)
    record = dataclasses.replace(record, cv=cv)
    return await begin(ctx, record, nxt, Mode.WALK)


def resume_point(cv: Cv) -> Section | None:
    """Where a finished or new walk starts again: the first part not filled in (skipped ones
    last)."""
    open_parts = [s for s in WALK_ORDER if not cv.filled(s)]
    fresh = [s for s in open_parts if s.value not in cv.skipped]
    found = fresh or open_parts
    return found[0] if found else None
