"""The languages Stegvis offers, their native names, and matching Telegram's language_code."""

from __future__ import annotations

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
OFFERED: tuple[str, ...] = tuple(NATIVE_NAMES)
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


def is_rtl(locale: str) -> bool:
    """Say whether a locale is written right to left."""
    return locale in RIGHT_TO_LEFT
