"""/cv: the CV's parts and how far each has come, each part's entries to edit or delete, and
the CV as a PDF and a Word file (in the participant's language, or in Swedish for employers)."""

from __future__ import annotations

import dataclasses
import re

from flows.cv.answers import shown_period
from flows.cv.payloads import Add, Entry, Go, Open
from flows.cv.ports import CvPorts
from flows.cv.walk import Mode, ask, begin, master, question_of, resume_point
from flows.cv_model import (
    ENTRY_TYPES,
    LEVEL_NAMES,
    NOW,
    SECTION_NAMES,
    Cv,
    CvRecord,
    Job,
    Language,
    Referee,
    School,
    Section,
)
from flows.languages import NATIVE_NAMES
from flows.output import Button, CvSheet, Outcome, Say
from flows.routes import Ctx
from flows.text import N_, Lines, Msg, Verbatim, joined, msg, nmsg, numbered, own_words

SECTIONS = tuple(Section)
LISTS = (Section.WANTED, Section.CERTIFICATES, Section.SKILLS)


async def cv_command(ctx: Ctx[CvPorts]) -> Outcome:
    """/cv: a first CV starts with its first question; a started one shows its parts."""
    found = await ctx.ports.cvs.master(ctx.person.id)
    if found is None:
        record = await ctx.ports.cvs.create(ctx.person.id, "", Cv(), ctx.now)
        intro = msg(
            N_(
                "Let's write your CV together, one question at a time. Every answer is saved "
                "at once. You can skip a part and come back to it with /cv."
            )
        )
        return await begin(ctx, record, Section.CONTACT, Mode.WALK, intro=intro)
    return await overview(ctx, found)


async def overview(ctx: Ctx[CvPorts], record: CvRecord, *head: Msg) -> Outcome:
    """The parts of the CV, how far each has come, and what can be done next."""
    cv = record.cv
    lines = tuple(
        numbered(
            n, msg(N_("{section}: {status}"), section=msg(SECTION_NAMES[s]), status=_status(cv, s))
        )
        for n, s in enumerate(SECTIONS, 1)
    )
    body = [*head, msg(N_("Your CV:\n{parts}"), parts=Lines(lines))]
    body.append(msg(N_("Press a number to see a part, change it or add to it.")))
    comments = await ctx.ports.cvs.comments(record.id)
    if comments:
        body.append(
            nmsg(
                "Your coach has left {n} comment: open the part to read it.",
                "Your coach has left {n} comments: open the parts to read them.",
                len(comments),
            )
        )
    numbers = [Button(Verbatim(str(n)), payload=Open(s).pack()) for n, s in enumerate(SECTIONS, 1)]
    rows: list[tuple[Button, ...]] = []
    if question_of(record) is not None or resume_point(cv) is not None:
        rows.append((Button(msg(N_("Go on with the questions")), payload=Go("walk").pack()),))
    rows.extend(tuple(numbers[i : i + 5]) for i in range(0, len(numbers), 5))
    rows.append((Button(msg(N_("Get my CV")), payload=Go("pdf").pack()),))
    rows.append((Button(msg(N_("In Swedish for employers")), payload=Go("sv").pack()),))
    rows.append((Button(msg(N_("Copies for one job")), payload=Go("copies").pack()),))
    return Outcome(
        messages=(ctx.say(*body, buttons=tuple(rows)),), state="idle", data={}, remove_buttons=True
    )


def _status(cv: Cv, section: Section) -> Msg:
    value = getattr(cv, section.value)
    if section in ENTRY_TYPES or section in LISTS or section is Section.LICENCES:
        if value:
            return nmsg("{n} entry", "{n} entries", len(value))
        if section.value in cv.nothing:
            return msg(N_("none"))
    elif cv.filled(section):
        return msg(N_("filled in"))
    if section.value in cv.skipped:
        return msg(N_("skipped for now"))
    return msg(N_("not yet"))


async def go(ctx: Ctx[CvPorts], payload: Go) -> Outcome:
    """Continue the questions, or get the CV as documents."""
    record = await master(ctx)
    if record is None:
        return ctx.stale()
    if payload.action == "home":
        return await overview(ctx, record)
    if payload.action == "walk":
        if question_of(record) is not None:
            return ask(ctx, record)
        section = resume_point(record.cv)
        if section is None:
            return await overview(ctx, record, msg(N_("Every part of your CV is filled in.")))
        return await begin(ctx, record, section, Mode.WALK)
    if payload.action in ("pdf", "sv"):
        if not record.cv.contact.name:
            return ctx.reply(
                msg(N_("Your CV needs your name first. Press “Go on with the questions”."))
            )
        locale = ctx.locale if payload.action == "pdf" else "sv"
        cv = latest_first(record.cv)
        return Outcome(messages=documents(ctx, cv, locale, record.cv.contact.name))
    from flows.cv.copies import copies, new_copy

    if payload.action == "copies":
        return await copies(ctx, record)
    return await new_copy(ctx, record)


def latest_first(cv: Cv) -> Cv:
    """Jobs and schools with the latest first, as employers read a CV (a copy for one job
    keeps the order its owner chose)."""

    def when(entry: Job | School) -> tuple[str, str]:
        return ("9999" if entry.end == NOW else entry.end or entry.start, entry.start)

    jobs = tuple(sorted(cv.jobs, key=when, reverse=True))
    return dataclasses.replace(
        cv, jobs=jobs, schools=tuple(sorted(cv.schools, key=when, reverse=True))
    )


def file_base(name: str) -> str:
    """The file name of a person's CV, without its extension ("CV Amina Hassan")."""
    return "CV " + (re.sub(r"[^\w\- ]+", "", name).strip() or "Stegvis")


def documents(ctx: Ctx[CvPorts], cv: Cv, locale: str, name: str) -> tuple[Say, ...]:
    """The CV as a PDF and as a Word file, each with a line saying what it is."""
    base = file_base(name)
    if locale != ctx.locale and locale in NATIVE_NAMES:
        base += f" ({NATIVE_NAMES[locale]})"  # the Swedish one apart from their own
    chat = ctx.actor.chat_id
    check = ctx.cfg.unprintable
    left_out = sorted(set().union(*(check(t) for t in cv.texts()))) if check else []
    pdf = CvSheet(cv, locale, "pdf", f"{base}.pdf")
    docx = CvSheet(cv, locale, "docx", f"{base}.docx")
    about_pdf = [msg(N_("Your CV as a PDF: to print, or to send to employers."))]
    if left_out:
        about_pdf.append(
            msg(
                N_(
                    "These signs cannot be printed and are left out of the PDF: {signs}. "
                    "The Word file keeps them."
                ),
                signs=Verbatim(" ".join(left_out)),
            )
        )
    return (
        Say(chat, ctx.locale, tuple(about_pdf), printable=pdf),
        Say(
            chat,
            ctx.locale,
            (msg(N_("Your CV as a Word file: to change it on a computer.")),),
            printable=docx,
        ),
    )


async def open_section(ctx: Ctx[CvPorts], payload: Open) -> Outcome:
    """One part of the CV, with its entries."""
    record = await master(ctx)
    return ctx.stale() if record is None else await section_view(ctx, record, payload.section)


async def section_view(
    ctx: Ctx[CvPorts], record: CvRecord, section: Section, *head: Msg
) -> Outcome:
    """A part's entries, numbered, with Edit and Delete for each, and Add."""
    cv = record.cv
    lines = tuple(numbered(n, line) for n, line in enumerate(entry_lines(cv, section), 1))
    body = [*head, msg(N_("{section}:"), section=msg(SECTION_NAMES[section]))]
    body.append(msg("{words}", words=Lines(lines)) if lines else msg(N_("Nothing here yet.")))
    for said in await ctx.ports.cvs.comments(record.id):
        if said.section == section.value:
            body.append(msg(N_("Your coach's comment: {text}"), text=own_words(said.text)))
    rows: list[tuple[Button, ...]] = []
    if section in ENTRY_TYPES or section in LISTS:
        for n in range(len(lines)):
            row = [
                Button(
                    msg(N_("Delete {number}"), number=n + 1),
                    payload=Entry(section, n, "delete").pack(),
                )
            ]
            if section in ENTRY_TYPES:
                row.insert(
                    0,
                    Button(
                        msg(N_("Edit {number}"), number=n + 1),
                        payload=Entry(section, n, "edit").pack(),
                    ),
                )
            rows.append(tuple(row))
        rows.append((Button(msg(N_("Add")), payload=Add(section).pack()),))
    else:
        rows.append((Button(msg(N_("Change")), payload=Add(section).pack()),))
    rows.append((Button(msg(N_("Back to my CV")), payload=Go("home").pack()),))
    return Outcome(
        messages=(ctx.say(*body, buttons=tuple(rows)),),
        state="idle",
        data={},
        remove_buttons=True,
    )


async def add(ctx: Ctx[CvPorts], payload: Add) -> Outcome:
    """A new entry for a part (or, for contact details and the profile, the part again)."""
    record = await master(ctx)
    if record is None:
        return ctx.stale()
    section = payload.section
    if section in ENTRY_TYPES or section in LISTS or section is Section.LICENCES:
        return await begin(ctx, record, section, Mode.ADD)
    return await begin(ctx, record, section, Mode.EDIT)


async def entry(ctx: Ctx[CvPorts], payload: Entry) -> Outcome:
    """Edit an entry again, or delete it (the reply says what was deleted)."""
    record = await master(ctx)
    if record is None:
        return ctx.stale()
    section = payload.section
    entries = list(getattr(record.cv, section.value))
    if section not in ENTRY_TYPES and section not in LISTS:
        return ctx.stale()
    if not 0 <= payload.index < len(entries):
        return ctx.stale()
    if payload.action == "edit":
        if section not in ENTRY_TYPES:
            return ctx.stale()
        return await begin(ctx, record, section, Mode.EDIT, payload.index)
    line = entry_lines(record.cv, section)[payload.index]
    del entries[payload.index]
    cv = record.cv.with_section(section, tuple(entries))
    await ctx.ports.cvs.save(record.id, cv, record.walk, ctx.now)
    gone = msg(N_("Deleted: {entry}"), entry=line)
    return await section_view(ctx, dataclasses.replace(record, cv=cv), section, gone)


def period_text(start: str, end: str) -> Msg | None:
    """A period as people write it ("03/2019 – now"), or None without a start."""
    if not start and not end:
        return None
    if not end:
        return msg("{start}", start=shown_period(start))
    first = shown_period(start) if start else Verbatim("?")
    return msg(N_("{start} – {end}"), start=first, end=shown_period(end))


def entry_lines(cv: Cv, section: Section) -> tuple[Msg, ...]:
    """Each entry of a part on one line, as the participant wrote it."""
    value = getattr(cv, section.value)
    lines: list[Msg | Verbatim] = []
    if section is Section.CONTACT:
        c = cv.contact
        lines = [joined([v for v in (c.name, c.phone, c.email, c.town) if v])] if c.name else []
    elif section is Section.PROFILE:
        lines = [own_words(cv.profile)] if cv.profile else []
    elif section is Section.LICENCES:
        lines = [Verbatim(", ".join(cv.licences))] if cv.licences else []
    elif section in LISTS:
        lines = [own_words(item) for item in value]
    else:
        lines = [_entry_line(e) for e in value]
    return tuple(line if isinstance(line, Msg) else msg("{words}", words=line) for line in lines)


def _entry_line(e: Job | School | Language | Referee) -> Msg:
    if isinstance(e, Job | School):
        words = (
            (e.title, e.employer, e.place, e.country)
            if isinstance(e, Job)
            else (e.school, e.subject, e.country)
        )
        period = period_text(e.start, e.end)
        what = joined([w for w in words if w], ", ")
        if period is None:
            return msg("{words}", words=what)
        return msg(N_("{what} ({period})"), what=what, period=period)
    if isinstance(e, Language):
        return msg(
            N_("{language} – understand: {understand}; speak: {speak}; write: {write}"),
            language=own_words(e.name),
            understand=_level(e.understand),
            speak=_level(e.speak),
            write=_level(e.write),
        )
    consent = (
        msg(N_("agreed to be called")) if e.consent else msg(N_("not asked yet: not on the CV"))
    )
    return msg(
        N_("{name}, {relation}, {phone} ({consent})"),
        name=own_words(e.name),
        relation=own_words(e.relation),
        phone=own_words(e.phone),
        consent=consent,
    )


def _level(code: str) -> Msg | Verbatim:
    return msg(LEVEL_NAMES[code]) if code in LEVEL_NAMES else Verbatim("–")
