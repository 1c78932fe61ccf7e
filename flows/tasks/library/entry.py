"""One task of the library, and the short way the step modules write them."""

from __future__ import annotations

from dataclasses import dataclass

from flows.model import ReportKind, TaskStep


@dataclass(frozen=True)
class LibraryTask:
    """One task of the library; `title`, `purpose` and `how` are catalog keys."""

    key: str
    step: TaskStep
    title: str
    purpose: str
    how: str
    hours: float
    report: ReportKind


def entry(
    key: str, step: TaskStep, hours: float, report: ReportKind, title: str, purpose: str, how: str
) -> LibraryTask:
    """Build a library task (arguments in the order the step modules list them)."""
    return LibraryTask(key, step, title, purpose, how, hours, report)
