"""Gettext catalogs per locale, loaded once; compiled `.mo` preferred, `.po` as fallback."""

from __future__ import annotations

import gettext
import logging
from functools import cache
from pathlib import Path

from babel import Locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

from flows.languages import OFFERED

log = logging.getLogger(__name__)

LOCALES_DIR = Path(__file__).resolve().parent.parent / "locales"
DOMAIN = "messages"
BABEL_LOCALE = {"prs": "fa_AF"}


def babel_locale(locale: str) -> Locale:
    """Return the Babel locale used to format dates and numbers for one of our locales."""
    return Locale.parse(BABEL_LOCALE.get(locale, locale))


def _load(locale: str, directory: Path) -> gettext.NullTranslations:
    lc = directory / locale / "LC_MESSAGES"
    mo, po = lc / f"{DOMAIN}.mo", lc / f"{DOMAIN}.po"
    if mo.exists() and (not po.exists() or mo.stat().st_mtime >= po.stat().st_mtime):
        with mo.open("rb") as fh:
            return Translations(fh, domain=DOMAIN)
    if po.exists():
        # Not compiled yet (a fresh checkout before `make locales`): compile in memory.
        import io

        with po.open("rb") as fh:
            catalog = read_po(fh, locale=BABEL_LOCALE.get(locale, locale))
        buf = io.BytesIO()
        write_mo(buf, catalog, use_fuzzy=False)
        buf.seek(0)
        return Translations(buf, domain=DOMAIN)
    if locale != "en":
        log.warning("no catalog for locale %s; falling back to the English source", locale)
    return NullTranslations()


class Catalogs:
    """The translations of every offered locale."""

    def __init__(self, directory: Path = LOCALES_DIR, locales: tuple[str, ...] = OFFERED) -> None:
        self._by_locale = {code: _load(code, directory) for code in locales}
        self._source = NullTranslations()

    def get(self, locale: str) -> gettext.NullTranslations:
        """Return the translations for a locale, or the English source strings."""
        return self._by_locale.get(locale, self._source)

    def gettext(self, locale: str, msgid: str) -> str:
        """Translate a message id."""
        return self.get(locale).gettext(msgid)

    def ngettext(self, locale: str, singular: str, plural: str, n: int) -> str:
        """Translate a plural message for count `n`."""
        return self.get(locale).ngettext(singular, plural, n)


@cache
def default_catalogs() -> Catalogs:
    """Return the catalogs shipped with the package, loaded once."""
    return Catalogs()
