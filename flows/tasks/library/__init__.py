"""The task library: individual tasks on Jobbnätet's eight steps and Entré's additions.

Every task has a purpose, an estimate for an average participant, how it is reported and
instructions with one action per line, in short sentences. Texts are catalog keys; the
participant reads them in their own language. Keys are stable: assignments refer to them.
"""

from __future__ import annotations

from flows.model import TaskStep
from flows.tasks.library import cv_skills, interview_other, letters, market
from flows.tasks.library.entry import LibraryTask
from flows.text import N_

STEP_NAMES: dict[TaskStep, str] = {
    TaskStep.CV: N_("CV"),
    TaskStep.SKILLS: N_("Your skills"),
    TaskStep.COVER_LETTER: N_("Cover letter"),
    TaskStep.SALES_LETTER: N_("Letter to employers"),
    TaskStep.MARKET: N_("The labour market"),
    TaskStep.NETWORK: N_("Your network"),
    TaskStep.INTERVIEW: N_("The job interview"),
    TaskStep.OTHER: N_("Other"),
}

LIBRARY: tuple[LibraryTask, ...] = (
    *cv_skills.TASKS,
    *letters.TASKS,
    *market.TASKS,
    *interview_other.TASKS,
)
BY_KEY: dict[str, LibraryTask] = {t.key: t for t in LIBRARY}

__all__ = ["BY_KEY", "LIBRARY", "STEP_NAMES", "LibraryTask"]
