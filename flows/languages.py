"""The languages Stegvis offers, their native names, and matching Telegram's language_code."""

from __future__ import annotations

from collections.abc import Iterable

NATIVE_NAMES: dict[str, str] = {
    "sv": "Svenska",
    "en": "English",
    "ar": "العربية",
    "fa": "فارسی",
    "prs": "دری",
    "so": "Soomaali",
    "ti": "ትግርኛ",
    "uk": "Українська",
}
# Inside a sentence these languages write their own name in lower case ("på svenska").
_IN_SENTENCE = {"sv": "svenska", "uk": "українська"}
OFFERED: tuple[str, ...] = tuple(NATIVE_NAMES)


def name_in_sentence(code: str) -> str:
    """Return a language's native name as it is written inside a sentence."""
    return _IN_SENTENCE.get(code, NATIVE_NAMES[code])


RIGHT_TO_LEFT = frozenset({"ar", "fa", "prs"})

_ALIASES = {"fa-af": "prs", "fa_af": "prs", "prs": "prs", "ua": "uk", "so-so": "so"}


def match_locale(language_code: str | None, offered: tuple[str, ...] = OFFERED) -> str | None:
    """Return the offered locale that fits a Telegram `language_code`, if any."""
    if not language_code:
        return None
    code = language_code.strip().lower().replace("_", "-")
    alias = _ALIASES.get(code)
    if alias and alias in offered:
        return alias
    base = code.split("-", 1)[0]
    return base if base in offered else None


def default_locale(language_code: str | None, offered: tuple[str, ...], fallback: str) -> str:
    """Pick the locale to greet someone in before they have chosen one."""
    return match_locale(language_code, offered) or fallback


# Words that stop a guided step, as people type them in each offered language (input, not
# output: they are matched, never shown). Any of them works whatever the chosen language.
STOP_WORDS = frozenset(
    {
        "cancel", "stop", "quit",  # en
        "avbryt", "sluta", "stopp", "stäng",  # sv
        "إلغاء", "الغاء", "توقف", "ألغِ", "الغي",  # ar
        "لغو", "انصراف", "بس",  # fa, prs
        "jooji", "kansal", "ka noqo",  # so
        "ሰርዝ", "ኣቋርጽ", "ደው በል",  # ti
        "скасувати", "стоп", "відміна", "скасуй",  # uk
    }
)  # fmt: skip


def is_stop_word(text: str) -> bool:
    """Say whether a typed message means "stop this" (case, spaces and marks ignored)."""
    return " ".join(text.strip(" .!?؟،,").casefold().split()) in STOP_WORDS


# Persian and Dari are one written language: a text cannot tell them apart.
ONE_WRITTEN = frozenset({"fa", "prs"})


def same_language(found: str, current: str) -> bool:
    """Say whether a guess is the language already in use (Persian and Dari count as one)."""
    return found == current or {found, current} <= ONE_WRITTEN


def offered_for(found: str, offered: Iterable[str]) -> tuple[str, ...]:
    """The choices to offer for a guess: Persian-looking text offers Persian and Dari."""
    choices = ("fa", "prs") if found in ONE_WRITTEN else (found,)
    available = set(offered)
    return tuple(code for code in choices if code in available)


def is_rtl(locale: str) -> bool:
    """Say whether a locale is written right to left."""
    return locale in RIGHT_TO_LEFT
