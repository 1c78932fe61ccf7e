"""Matching: a caseload ranked by fit for one need, with the reason for every point and every
gap. The coach decides; nothing here presents anyone."""

from __future__ import annotations

import re
from dataclasses import dataclass

from flows.cv_model import LEVELS, Cv
from flows.model import Person
from flows.recruitment_model import MUST_HAVES, Assignment, Pitch
from flows.text import N_, Msg, Verbatim, msg

# Categories that include the right to drive a car (B is required for all of them).
WITH_B = frozenset({"B", "BE", "C1", "C1E", "C", "CE", "D1", "D1E", "D", "DE"})
SWEDISH = ("svenska", "swedish", "sueco", "السويدية", "سوئدی", "шведська", "iswiidhish")
ENGLISH = ("english", "engelska", "الإنجليزية", "انگلیسی", "англійська", "ingiriis")
# SFI courses as rough CEFR levels (Skolverket: course D ends at about B1).
SFI_LEVELS = {"sfia": "A1", "sfib": "A2", "sfic": "A2", "sfid": "B1"}


@dataclass(frozen=True)
class Prospect:
    """What matching reads about one participant."""

    person: Person
    cv: Cv | None
    busy_at: str = ""  # the workplace of an active placement
    employed: bool = False  # that placement is an employment (hired): listed last
    on_break: bool = False
    pitch: Pitch | None = None  # already a candidate for this need
    coach: Person | None = None  # another coach's participant (unit-wide matching)


@dataclass(frozen=True)
class Fit:
    """A participant's fit for a need: the score, what speaks for them and what is missing."""

    prospect: Prospect
    score: int
    reasons: tuple[Msg, ...]
    gaps: tuple[Msg, ...]


def _same(a: str, b: str) -> bool:
    a, b = a.casefold().strip(), b.casefold().strip()
    if not a or not b:
        return False
    return a == b or (min(len(a), len(b)) >= 4 and (a in b or b in a))


def _rank(level: str) -> int:
    return LEVELS.index(level) if level in LEVELS else -1


def _level(cv: Cv, names: tuple[str, ...]) -> str:
    """The best level the CV gives for a language (its own entry, or an SFI course)."""
    best = ""
    for language in cv.languages:
        if any(language.name.casefold().strip().startswith(n[:6]) for n in names):
            level = language.speak or language.understand
            best = level if _rank(level) > _rank(best) else best
    if names is SWEDISH:
        for school in cv.schools:
            key = school.subject.casefold().replace(" ", "")
            level = SFI_LEVELS.get(key, "")
            best = level if _rank(level) > _rank(best) else best
    return best


def _has(cv: Cv, must: str, occupation: str) -> bool:
    if must == "licence_b":
        return bool(WITH_B & set(cv.licences))
    if must == "swedish_a2":
        return _rank(_level(cv, SWEDISH)) >= _rank("A2")
    if must == "swedish_b1":
        return _rank(_level(cv, SWEDISH)) >= _rank("B1")
    if must == "english":
        return _rank(_level(cv, ENGLISH)) >= _rank("B1")
    return any(_same(job.title, occupation) for job in cv.jobs)


def fit(need: Assignment, prospect: Prospect) -> Fit:
    """Score one participant for one need, with reasons and gaps."""
    cv = prospect.cv
    reasons: list[Msg] = []
    gaps: list[Msg] = []
    score = 0
    if cv is None:
        return Fit(prospect, -10, (), (msg(N_("no CV yet")),))
    wanted = next((w for w in cv.wanted if _same(w, need.occupation)), None)
    if wanted is not None:
        score += 4
        reasons.append(msg(N_("wants to work as {job}"), job=Verbatim(wanted)))
    worked = next((j for j in cv.jobs if _same(j.title, need.occupation)), None)
    if worked is not None:
        score += 3
        reasons.append(msg(N_("has worked as {job}"), job=Verbatim(worked.title)))
    for must in need.must_haves:
        if must not in MUST_HAVES or (must == "experience" and worked is not None):
            continue
        if _has(cv, must, need.occupation):
            score += 2
            reasons.append(msg(MUST_HAVES[must]))
        else:
            score -= 2
            gaps.append(msg(N_("missing: {what}"), what=msg(MUST_HAVES[must])))
    if prospect.on_break:
        score -= 3
        gaps.append(msg(N_("on a break")))
    if prospect.busy_at:
        score -= 20 if prospect.employed else 2
        gaps.append(msg(N_("in a placement at {workplace}"), workplace=Verbatim(prospect.busy_at)))
    return Fit(prospect, score, tuple(reasons), tuple(gaps))


def ranked(need: Assignment, prospects: list[Prospect]) -> list[Fit]:
    """Return every prospect's fit, the best first (then by name)."""
    fits = [fit(need, p) for p in prospects]
    return sorted(
        fits, key=lambda f: (-f.score, f.prospect.person.display_name, f.prospect.person.id)
    )


# Letters of the scripts the offered languages use, by locale (Latin needs no entry).
_SCRIPTS = {
    "ar": re.compile("[\u0600-\u06ff]"),
    "fa": re.compile("[\u0600-\u06ff]"),
    "prs": re.compile("[\u0600-\u06ff]"),
    "ti": re.compile("[\u1200-\u137f]"),
    "uk": re.compile("[\u0400-\u04ff]"),
}


def unreadable(cv: Cv, locale: str) -> bool:
    """Whether the CV has words in an alphabet a reader of `locale` does not read (an Arabic
    CV for a Swedish employer): the coach is told before it goes, nothing is changed."""
    own = _SCRIPTS.get(locale)
    others = [
        p
        for loc, p in _SCRIPTS.items()
        if p is not own and p.pattern != getattr(own, "pattern", "")
    ]
    return any(p.search(text) for text in cv.texts() for p in others)
