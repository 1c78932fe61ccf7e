"""How often bot.language_guess is right, wrong or unsure, per language.

Two sets: the offered languages' chat-like test sentences (tests/data/language_samples.py;
all of them, and those of six words or more), and native sentences in languages Stegvis
does not offer (tests/data/unoffered_samples.json, from Debian's translation catalogs; see
bench/build_language_regression.py). For an offered language "right" is naming it; for
an unoffered one any offered language named is "wrong" and silence is right. Dari (prs) is
judged with previous="prs", as for someone who chose Dari.

    python bench/langdetect_accuracy.py
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.language_guess import detect_language  # noqa: E402
from tests.data.language_samples import SAMPLES  # noqa: E402

UNOFFERED = ROOT / "tests" / "data" / "unoffered_samples.json"
_WORD = re.compile(r"[^\W\d_]+")


def catalog_samples(key: str) -> dict[str, list[str]]:
    """ "samples" (languages not offered) or "offered" (offered ones, six words or more)."""
    data: dict[str, list[str]] = json.loads(UNOFFERED.read_text(encoding="utf-8"))[key]
    return data


def score(
    language: str | None, texts: Sequence[str], previous: str | None
) -> tuple[int, int, int]:
    """(right, wrong, unsure); `language` None means no offered language is right."""
    right = wrong = unsure = 0
    for text in texts:
        found = detect_language(text, previous)
        if found is None:
            unsure += language is not None
            right += language is None
        elif found == language:
            right += 1
        else:
            wrong += 1
    return right, wrong, unsure


def row(name: str, texts: Sequence[str], result: tuple[int, int, int]) -> str:
    right, wrong, unsure = result
    n = len(texts) or 1
    return (
        f"{name:<6} {len(texts):>4} {right:>6} {wrong:>6} {unsure:>7}"
        f"  {100 * right / n:>6.1f}% {100 * wrong / n:>6.1f}%"
    )


def main() -> None:
    header = (
        f"{'lang':<6} {'n':>4} {'right':>6} {'wrong':>6} {'unsure':>7}  {'right':>7} {'wrong':>7}"
    )
    print("Offered languages, sentences of six words or more (all sentences in brackets)")
    print(header)
    for language, sentences in SAMPLES.items():
        previous = "prs" if language == "prs" else None
        long = [s for s in sentences if len(_WORD.findall(s)) >= 6]
        line = row(language, long, score(language, long, previous))
        everything = score(language, sentences, previous)
        print(f"{line}   ({everything[0]}/{len(sentences)} right, {everything[1]} wrong)")
    print()
    print("Offered languages, catalog sentences of six words or more (software messages)")
    print(header)
    for language, sentences in catalog_samples("offered").items():
        print(row(language, sentences, score(language, sentences, None)))
    print()
    print("Languages not offered: any suggestion is wrong, silence is right")
    print(header)
    for language, sentences in catalog_samples("samples").items():
        print(row(language, sentences, score(None, sentences, None)))


if __name__ == "__main__":
    main()
