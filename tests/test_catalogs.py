"""Catalog checks: complete, placeholders intact, valid plurals, Telegram-sized, review status."""

from __future__ import annotations

import re
from gettext import c2py  # type: ignore[attr-defined]
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po

from bot.i18n import BABEL_LOCALE
from bot.render import MAX_TEXT, telegram_length
from flows.languages import OFFERED
from flows.registry import REGISTRY

LOCALES = Path(__file__).resolve().parents[1] / "locales"
FIELD = re.compile(r"\{(\w+)\}")
# CLDR gives Persian (and so Dari) two forms; Babel's gettext table still says one.
PLURALS = {"fa": 2, "prs": 2}
LONG_VALUE = "W" * 64
COMMAND_DESCRIPTIONS = {command.description for _, command in REGISTRY.commands.values()}


def catalog(locale: str) -> Catalog:
    path = LOCALES / locale / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as fh:
        return read_po(fh, locale=BABEL_LOCALE.get(locale, locale))


def pot_ids() -> set[str]:
    with (LOCALES / "messages.pot").open("rb") as fh:
        return {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(fh) if m.id}


def entries(locale: str) -> list[tuple[str, list[str]]]:
    out = []
    for m in catalog(locale):
        if not m.id:
            continue
        msgid = m.id if isinstance(m.id, str) else m.id[0]
        strings = [m.string] if isinstance(m.string, str) else list(m.string)
        out.append((msgid, strings))
    return out


@pytest.mark.parametrize("locale", OFFERED)
def test_every_message_is_translated(locale: str) -> None:
    cat = catalog(locale)
    missing = [m.id for m in cat if m.id and (not m.string or m.fuzzy)]
    assert not missing, f"{locale} lacks translations for {missing}"
    got = {m.id if isinstance(m.id, str) else m.id[0] for m in cat if m.id}
    assert pot_ids() <= got, f"{locale} is behind messages.pot: run `make locales`"


def mismatched(pairs: list[tuple[str, list[str]]]) -> list[str]:
    """Return the msgids whose translations use other placeholders than the source."""
    return [
        msgid
        for msgid, strings in pairs
        for s in strings
        if set(FIELD.findall(s)) != set(FIELD.findall(msgid))
    ]


@pytest.mark.parametrize("locale", OFFERED)
def test_placeholders_match_the_source(locale: str) -> None:
    wrong = mismatched(entries(locale))
    assert not wrong, f"{locale}: placeholders differ in {wrong}"


@pytest.mark.parametrize("locale", OFFERED)
def test_plural_forms_are_valid_for_the_locale(locale: str) -> None:
    cat = catalog(locale)
    expected = PLURALS.get(locale, get_plural(BABEL_LOCALE.get(locale, locale)).num_plurals)
    header = cat.plural_forms
    assert f"nplurals={expected};" in header.replace(" ", ""), f"{locale}: {header}"
    for m in cat:
        if m.id and not isinstance(m.string, str):
            assert len(m.string) == expected, f"{locale}: {m.id}"


@pytest.mark.parametrize("locale", OFFERED)
def test_translations_fit_telegram_limits_once_rendered(locale: str) -> None:
    for msgid, strings in entries(locale):
        for s in strings:
            rendered = FIELD.sub(lambda _m: f"\u2068{LONG_VALUE}\u2069", s)
            assert telegram_length(rendered) <= MAX_TEXT, f"{locale}: {msgid[:40]}"
            if msgid in COMMAND_DESCRIPTIONS:
                assert 1 <= len(s) <= 256, f"{locale}: command description {s!r}"


@pytest.mark.parametrize("locale", OFFERED)
def test_header_says_who_reviewed_the_catalog(locale: str) -> None:
    path = LOCALES / locale / "LC_MESSAGES" / "messages.po"
    head = path.read_text(encoding="utf-8").split("msgid", 1)[0]
    match = re.search(r"^# Review status: (.+)$", head, re.MULTILINE)
    assert match, f"{locale}: header has no '# Review status:' line"
    status = match.group(1)
    if locale == "en":
        assert "English source" in status
    else:
        assert "machine-drafted" in status or "reviewed by a native speaker" in status


def test_placeholder_check_catches_a_renamed_or_dropped_placeholder() -> None:
    pairs = [("Hello {name}", ["Hej {namn}"]), ("At {unit}", ["Hos"]), ("Ok {n}", ["Ok {n}"])]
    assert mismatched(pairs) == ["Hello {name}", "At {unit}"]


CLDR_ORDER = ("zero", "one", "two", "few", "many", "other")
SAMPLES = (0, 1, 2, 3, 11, 12, 100)


@pytest.mark.parametrize("locale", OFFERED)
def test_plural_forms_follow_cldr_categories_in_order(locale: str) -> None:
    """The header's form for n must be the same for every n of one CLDR category, and the
    forms must come in CLDR's order (zero, one, two, few, many, other): translators fill
    msgstr[i] in that order."""
    from babel import Locale

    header = catalog(locale).plural_expr
    form = c2py(header)
    plural = Locale.parse(BABEL_LOCALE.get(locale, locale)).plural_form
    form_of: dict[str, set[int]] = {}
    for n in SAMPLES:
        form_of.setdefault(plural(n), set()).add(form(n))
    assert all(len(forms) == 1 for forms in form_of.values()), f"{locale}: {form_of}"
    ordered = [next(iter(form_of[c])) for c in CLDR_ORDER if c in form_of]
    assert ordered == sorted(ordered), f"{locale}: forms {form_of} are not in CLDR order"


def test_arabic_numbers_take_the_right_form() -> None:
    """12 takes the accusative singular, 100 the genitive (a native reader's check)."""
    from bot.render import Renderer
    from flows.text import nmsg

    renderer = Renderer()
    text = {
        n: renderer.text(nmsg("{n} participant", "{n} participants", n), "ar", markup=False)
        for n in (12, 100)
    }
    assert "مشاركًا" in text[12]
    assert text[100].endswith("مشارك")
