"""Guess which offered language a text is in: script checks first, then seeded langdetect.

Only ever a suggestion: the flows ask before switching. Tigrinya has no langdetect profile
and is recognised by its Ethiopic script; Arabic-script text is told apart as Arabic or
Persian by langdetect, and Persian becomes Dari for someone who chose Dari.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from importlib import resources

from langdetect import DetectorFactory
from langdetect.lang_detect_exception import LangDetectException

MIN_WORDS = 3
MIN_LETTERS = 12
CONFIDENCE = 0.90
LATIN = ("sv", "en", "so")
ARABIC_SCRIPT = ("ar", "fa")
_WORD = re.compile(r"[^\W\d_]+")


@cache
def _factory(languages: tuple[str, ...]) -> DetectorFactory:
    """Return a langdetect factory that knows only `languages` (profiles ship in the package)."""
    factory = DetectorFactory()
    profiles = resources.files("langdetect") / "profiles"
    factory.load_json_profile(
        [(profiles / code).read_text(encoding="utf-8") for code in languages]
    )
    factory.set_seed(0)
    return factory


def _script(text: str) -> str | None:
    counts: dict[str, int] = {}
    for ch in text:
        if not ch.isalpha():
            continue
        name = unicodedata.name(ch, "")
        script = name.split(" ", 1)[0]
        counts[script] = counts.get(script, 0) + 1
    if not counts:
        return None
    script, n = max(counts.items(), key=lambda kv: kv[1])
    return script if n >= 0.6 * sum(counts.values()) else None


def _detect(text: str, languages: tuple[str, ...]) -> str | None:
    detector = _factory(languages).create()
    detector.append(text)
    try:
        best = detector.get_probabilities()[0]
    except (LangDetectException, IndexError):
        return None
    return str(best.lang) if best.prob >= CONFIDENCE else None


def detect_language(text: str, previous: str | None = None) -> str | None:
    """Return the offered language `text` is clearly written in, or None if unsure."""
    words = _WORD.findall(text)
    script = _script(text)
    # An Ethiopic character is a whole syllable: count it as two letters.
    letters = sum(len(w) for w in words) * (2 if script == "ETHIOPIC" else 1)
    if len(words) < MIN_WORDS or letters < MIN_LETTERS:
        return None
    if script == "ETHIOPIC":
        return "ti"
    if script == "CYRILLIC":
        return "uk"
    if script == "ARABIC":
        found = _detect(text, ARABIC_SCRIPT)
        if found == "fa" and previous == "prs":
            return "prs"
        return found
    if script == "LATIN":
        return _detect(text, LATIN)
    return None


def suggest_switch(text: str, current: str) -> str | None:
    """Return a language to offer switching to, if `text` is clearly in another one."""
    found = detect_language(text, current)
    if found is None or found == current:
        return None
    return found
