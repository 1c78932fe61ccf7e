"""Accuracy of bot.language_guess.detect_language on the chat-like test sentences.

Prints, per language, how many sentences were detected as that language and what was
guessed instead ("unsure" when the detector returned None), then a total line. Dari (prs)
is detected with previous="prs", as for someone who chose Dari.

    python bench/langdetect_accuracy.py
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.language_guess import detect_language
from tests.data.language_samples import SAMPLES


def main() -> None:
    print(f"{'lang':<5} {'n':>4} {'correct':>8} {'accuracy':>9}  confusions")
    total_n = total_correct = 0
    for language, sentences in SAMPLES.items():
        previous = "prs" if language == "prs" else None
        confusions: Counter[str] = Counter()
        correct = 0
        for text in sentences:
            found = detect_language(text, previous)
            if found == language:
                correct += 1
            else:
                confusions[found or "unsure"] += 1
        n = len(sentences)
        total_n += n
        total_correct += correct
        shown = ", ".join(f"{guess}: {count}" for guess, count in confusions.most_common())
        print(f"{language:<5} {n:>4} {correct:>8} {100 * correct / n:>8.1f}%  {shown or '-'}")
    accuracy = 100 * total_correct / total_n
    print(f"{'total':<5} {total_n:>4} {total_correct:>8} {accuracy:>8.1f}%")


if __name__ == "__main__":
    main()
