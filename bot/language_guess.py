"""Guess which offered language a text is in, and stay silent when unsure.

Only ever a suggestion: the flows ask before switching, and a wrong suggestion is worse
than none. So the guess is made on what is left after URLs, e-mail addresses, commands,
numbers and the names the bot knows are taken out, and every script has its own test:

- Latin: langdetect judges against all its Latin-script profiles; only an offered language
  that wins clearly (Norwegian, Danish and German must not pass for Swedish) is named.
- Cyrillic: Ukrainian needs its own letters (і ї є ґ) and none that only Russian,
  Belarusian or Kazakh use (or langdetect sure of it among uk, ru, bg, mk).
- Ethiopic: Tigrinya is recognised by its own letters and words; text that looks Amharic
  (or gives no sign either way) gets no guess.
- Arabic script: Urdu, Pashto and Kurdish letters end the guess; otherwise langdetect tells
  Arabic from Persian. Persian and Dari share a written language, so "fa" means "Persian
  or Dari"; `flows.languages.offered_for` turns it into both choices.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import cache
from importlib import resources

from langdetect import DetectorFactory
from langdetect.lang_detect_exception import LangDetectException

from flows.languages import offered_for, same_language

__all__ = [
    "detect_language",
    "offered_for",
    "same_language",
    "strip_noise",
    "suggest_switch",
    "warm_up",
]

MIN_WORDS = 3
MIN_LETTERS = 12
# langdetect's probability an offered language needs, and its lead over the runner-up.
CONFIDENCE = 0.95
ARABIC_CONFIDENCE = 0.90
LATIN_OFFERED = ("sv", "en", "so")
# Every langdetect profile of a language written in Latin letters: the others can never win
# on Latin text, and leaving them out makes each guess about twice as fast.
LATIN_PROFILES = (
    "af", "ca", "cs", "cy", "da", "de", "en", "es", "et", "fi", "fr", "hr", "hu", "id", "it",
    "lt", "lv", "nl", "no", "pl", "pt", "ro", "sk", "sl", "so", "sq", "sv", "sw", "tl", "tr",
    "vi",
)  # fmt: skip
_WORD = re.compile(r"[^\W\d_]+")
_NOISE = re.compile(
    r"(?:https?://|www\.)\S+"  # links
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"  # e-mail addresses
    r"|(?<!\w)[/@#]\w+"  # commands, mentions, hashtags
    r"|\w*\d\w*",  # numbers, and words with digits in them (times, codes, Arabizi)
    re.UNICODE,
)

# Letters one language has and the offered one does not.
NOT_UKRAINIAN = set("ыэъёЫЭЪЁўЎәғқңөұүһӘҒҚҢӨҰҮҺ")
UKRAINIAN = set("іїєґІЇЄҐ")
# Latin letters beyond these mean a language Stegvis does not offer (æ ø þ ð ß ñ ç ş ...).
LATIN_OFFERED_LETTERS = set("åäöéüÅÄÖÉÜ")
# Short, frequent words. For English and Somali, two of them lift a less certain langdetect
# answer. Swedish needs its own words (or ä, ö) whenever langdetect is torn between Swedish,
# Norwegian and Danish, and one Norwegian or Danish word ends the guess.
OWN_WORDS = {
    "en": {
        "the",
        "and",
        "you",
        "my",
        "your",
        "of",
        "it",
        "can",
        "have",
        "not",
        "what",
        "when",
        "with",
        "this",
        "that",
        "will",
        "get",
        "please",
        "today",
        "would",
        "could",
        "i'm",
    },
    "so": {"waan", "maanta", "iyo", "ma", "aan", "ku", "ka", "la", "waxaan", "si", "ayaan"},
    "sv": {
        "och",
        "inte",
        "jag",
        "är",
        "att",
        "för",
        "till",
        "vill",
        "också",
        "när",
        "mycket",
        "hur",
        "vad",
        "här",
        "finns",
        "hade",
        "sedan",
        "måste",
        "idag",
        "mina",
        "våra",
        "varit",
        "kunde",
        "ej",
        "komma",
        "vara",
    },
}
NORDIC = ("sv", "no", "da")
NOT_SWEDISH_WORDS = {
    "ikke",
    "ikkje",
    "jeg",
    "eg",
    "og",
    "er",
    "hvor",
    "hva",
    "hvad",
    "også",
    "være",
    "vært",
    "til",
    "frå",
    "ein",
    "eit",
    "å",
    "af",
    "hvis",
    "mye",
    "meget",
    "nå",
    "når",
    "etter",
    "ble",
    "blev",
    "bliver",
    "skal",
    "deg",
    "seg",
    "jeres",
    "dere",
    "dei",
}
LESS_CERTAIN = 0.70
# Urdu (ٹ ڈ ڑ ں ے ھ), Pashto (ټ ډ ړ ږ ښ ګ ڼ ۍ ې ځ څ) and Sorani Kurdish (ڕ ڵ ۆ ێ ە).
NOT_ARABIC_OR_PERSIAN = set("ٹڈڑںےۓھہټډړږښګڼۍېځڅڕڵۆێە")
# Frequent Pashto and Urdu words written only with letters Persian shares.
NOT_ARABIC_OR_PERSIAN_WORDS = {
    "په", "کې", "کښې", "چې", "زه", "زما", "ستا", "تاسو", "مونږ",  # Pashto
    "کا", "کو", "میں", "سے", "اور",  # Urdu
}  # fmt: skip
# Persian keyboards write ی and ک (and Persian has پ چ ژ گ); Arabic ones write ي ك ى ة.
PERSIAN_LETTERS = set("یکپچژگ")
ARABIC_LETTERS = set("يكىة")
# Ethiopic: rows only Tigrinya writes (ቐ, ኸ and their vowels), and short, frequent words.
TIGRINYA_LETTERS = set("ቐቑቒቓቔቕቖኸኹኺኻኼኽኾ")
TIGRINYA_WORDS = {
    "እዩ", "ኢዩ", "እየ", "ኣብ", "ናይ", "ምስ", "ካብ", "ናብ", "ኣሎ", "ኣሎኹ", "ኣለኹ", "ኣለኒ", "ኣሎኒ",
    "እዚ", "እቲ", "ነቲ", "ከም", "ዶ", "ኣይ", "የብለይን", "ኣይኮነን", "ሎሚ", "በጃኻ", "በጃኺ",
}  # fmt: skip
AMHARIC_WORDS = {
    "ነው", "ናቸው", "እና", "ላይ", "ውስጥ", "ይህ", "ይህን", "ይህንን", "ነበር", "እንደ", "ጋር", "ወደ",
    "ከ", "የለም", "አለ", "አሁን", "ዛሬ", "ስለ", "እባክዎ", "እባክህ", "አይደለም", "ምን", "አዲስ",
}  # fmt: skip


@cache
def _factory(languages: tuple[str, ...]) -> DetectorFactory:
    """A seeded langdetect factory with the profiles of `languages` (they ship in the package)."""
    profiles = resources.files("langdetect") / "profiles"
    factory = DetectorFactory()
    factory.load_json_profile(
        [(profiles / name).read_text(encoding="utf-8") for name in languages]
    )
    factory.set_seed(0)
    return factory


def warm_up() -> None:
    """Load every profile now, so the first person's message does not wait for it."""
    _factory(LATIN_PROFILES)
    _factory(("ar", "fa"))
    _factory(("uk", "ru", "bg", "mk"))


def _ranked(text: str, languages: tuple[str, ...]) -> list[tuple[str, float]]:
    detector = _factory(languages).create()
    detector.append(text)
    try:
        return [(str(p.lang), float(p.prob)) for p in detector.get_probabilities()]
    except LangDetectException:
        return []


def _winner(text: str, languages: tuple[str, ...], confidence: float) -> str | None:
    ranked = _ranked(text, languages)
    if not ranked or ranked[0][1] < confidence:
        return None
    return ranked[0][0]


def _script_of(ch: str) -> str:
    return unicodedata.name(ch, "").split(" ", 1)[0]


def _script(text: str) -> str | None:
    """The script of most letters (two in three at least), or None for a real mix."""
    counts: dict[str, int] = {}
    for ch in text:
        if ch.isalpha():
            script = _script_of(ch)
            counts[script] = counts.get(script, 0) + 1
    if not counts:
        return None
    script, n = max(counts.items(), key=lambda kv: kv[1])
    return script if n >= 2 / 3 * sum(counts.values()) else None


def _only(text: str, script: str) -> str:
    """Drop words in other scripts (product names, file types in Latin letters)."""
    return _WORD.sub(lambda m: m[0] if _script_of(m[0][0]) == script else " ", text)


def strip_noise(text: str, names: Iterable[str] = ()) -> str:
    """Take out links, addresses, commands, numbers and known names: they have no language."""
    text = _NOISE.sub(" ", text)
    for name in names:
        for part in _WORD.findall(name):
            if len(part) > 1:
                text = re.sub(rf"(?<!\w){re.escape(part)}(?!\w)", " ", text, flags=re.IGNORECASE)
    return text


def _latin(text: str) -> str | None:
    if any(ch.isalpha() and not ch.isascii() and ch not in LATIN_OFFERED_LETTERS for ch in text):
        return None
    if all(w[0].isupper() for w in _WORD.findall(text)):
        return None  # a name, or a title: names are no evidence of a language
    ranked = _ranked(text, LATIN_PROFILES)
    if not ranked:
        return None
    words = {w.lower() for w in _WORD.findall(text)}
    found, probability = ranked[0]
    if found in NORDIC or found == "sv":
        return _swedish(text, words, ranked)
    if found not in LATIN_OFFERED:
        return None
    own = len(words & OWN_WORDS[found])
    if probability >= CONFIDENCE or (probability >= LESS_CERTAIN and own >= 2):
        return found
    return None


def _swedish(text: str, words: set[str], ranked: list[tuple[str, float]]) -> str | None:
    """Swedish, or Norwegian or Danish (not offered): langdetect alone often mixes them up."""
    if words & NOT_SWEDISH_WORDS:
        return None
    evidence = len(words & OWN_WORDS["sv"]) + bool(set("äöÄÖ") & set(text))
    top, probability = ranked[0]
    if top == "sv" and probability >= CONFIDENCE:
        return "sv"
    nordic = sum(p for lang, p in ranked if lang in NORDIC)
    if nordic >= CONFIDENCE and top == "sv":
        return "sv" if evidence >= 1 else None
    leads = top == "sv" and probability >= LESS_CERTAIN
    return "sv" if evidence >= 2 and (nordic >= CONFIDENCE or leads) else None


def _cyrillic(text: str) -> str | None:
    letters = set(text)
    if NOT_UKRAINIAN & letters:
        return None
    if UKRAINIAN & letters:
        return "uk"
    return "uk" if _winner(text, ("uk", "ru", "bg", "mk"), CONFIDENCE) == "uk" else None


def _ethiopic(words: list[str]) -> str | None:
    tigrinya = sum(w in TIGRINYA_WORDS for w in words) + sum(
        1 for w in words for ch in w if ch in TIGRINYA_LETTERS
    )
    # Tigrinya writes a word-initial "a" as ኣ, Amharic as አ.
    tigrinya += sum(w.startswith("ኣ") for w in words)
    amharic = sum(w in AMHARIC_WORDS for w in words) + sum(w.startswith("አ") for w in words)
    return "ti" if tigrinya >= 2 and tigrinya >= 3 * amharic else None


def _arabic_script(text: str) -> str | None:
    letters = set(text)
    if NOT_ARABIC_OR_PERSIAN & letters or NOT_ARABIC_OR_PERSIAN_WORDS & set(_WORD.findall(text)):
        return None
    persian, arabic = bool(PERSIAN_LETTERS & letters), bool(ARABIC_LETTERS & letters)
    if persian and not arabic:
        return "fa"  # only a Persian keyboard writes these letters
    found = _winner(text, ("ar", "fa"), ARABIC_CONFIDENCE)
    if found is None and arabic and not persian:
        return "ar" if _ranked(text, ("ar", "fa"))[0][0] == "ar" else None
    return found


def detect_language(
    text: str, previous: str | None = None, names: Iterable[str] = ()
) -> str | None:
    """Return the offered language `text` is clearly written in, or None if unsure.

    Persian-looking text is "fa", or "prs" for someone who already chose Dari. Latin text
    that a quick check among the offered languages finds in `previous` is taken as
    `previous` (no switch is due); a close neighbour (Norwegian from a Swedish speaker) can
    then read as the writer's own language, never as another offered one.
    """
    text = strip_noise(text, names)
    script = _script(text)
    if script is None:
        return None
    text = _only(text, script)
    words = _WORD.findall(text)
    # An Ethiopic character is a whole syllable: count it as two letters.
    letters = sum(len(w) for w in words) * (2 if script == "ETHIOPIC" else 1)
    if len(words) < MIN_WORDS or letters < MIN_LETTERS:
        return None
    if script == "LATIN":
        if previous in LATIN_OFFERED and _winner(text, LATIN_OFFERED, CONFIDENCE) == previous:
            # Most messages are in the writer's own language: the quick check among the
            # offered ones is enough to know no switch is due.
            return previous
        return _latin(text)
    if script == "CYRILLIC":
        return _cyrillic(text)
    if script == "ETHIOPIC":
        return _ethiopic(words)
    if script == "ARABIC":
        found = _arabic_script(text)
        return "prs" if found == "fa" and previous == "prs" else found
    return None


def suggest_switch(text: str, current: str, names: Iterable[str] = ()) -> str | None:
    """Return a language to offer switching to, if `text` is clearly in another one."""
    found = detect_language(text, current, names)
    if found is None or same_language(found, current):
        return None
    return found
