"""Rendering flow output for Telegram: escaped, isolated, localised, split and keyed."""

from __future__ import annotations

import logging
import re
from datetime import UTC, date, datetime

import pytest
from babel.dates import format_date
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.emulator.rules import (
    MAX_TEXT,
    RuleError,
    check_reply_markup,
    parse_html,
    parse_text,
    utf16_len,
)
from bot.i18n import babel_locale
from bot.render import FSI, PDI, RLI, Renderer, split_text
from flows.languages import OFFERED
from flows.output import Button, Say
from flows.text import Verbatim, msg, nmsg

RTL = ("ar", "fa", "prs")
LTR = ("sv", "en")
WELCOME = "Welcome to Stegvis, {name}! Which language do you want me to use?"
WHEN = datetime(2026, 3, 5, 14, 30, tzinfo=UTC)  # 15:30 in Stockholm (CET)
TODAY = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


class SourceCatalogs:
    """A Catalogs stand-in that returns the English source, or given broken templates."""

    def __init__(self, templates: dict[tuple[str, str], str] | None = None) -> None:
        self.templates = templates or {}

    def gettext(self, locale: str, msgid: str) -> str:
        return self.templates.get((locale, msgid), msgid)

    def ngettext(self, locale: str, singular: str, plural: str, n: int) -> str:
        key = singular if n == 1 else plural
        return self.templates.get((locale, key), key)


@pytest.fixture(scope="module")
def renderer() -> Renderer:
    """The renderer with the shipped catalogs."""
    return Renderer()


@pytest.fixture
def source_renderer() -> Renderer:
    """A renderer whose catalogs give back the English source text."""
    return Renderer(catalogs=SourceCatalogs(), clock=lambda: TODAY)  # type: ignore[arg-type]


def plain(html_text: str) -> str:
    """Parse like Telegram does (HTML parse mode) and return the visible text."""
    text, _entities = parse_text(html_text, "HTML")
    return text


# -- escaping ------------------------------------------------------------------------------


@pytest.mark.parametrize("locale", ["sv", "en", "ar", "uk"])
def test_user_name_with_markup_is_escaped(renderer: Renderer, locale: str) -> None:
    text = renderer.text(msg(WELCOME, name="<b>Ann</b> & Co"), locale)
    assert "&lt;b&gt;Ann&lt;/b&gt; &amp; Co" in text
    assert "<b>" not in text


@pytest.mark.parametrize("locale", ["sv", "en", "ar", "fa", "prs", "so", "ti", "uk"])
def test_rendered_text_with_hostile_values_passes_telegram_html_rules(
    renderer: Renderer, locale: str
) -> None:
    name = '<script>alert("x")</script> & <i>Ann</i> &amp; <b'
    text = renderer.text(msg(WELCOME, name=name), locale)
    assert name in plain(text), "the name is shown literally, not interpreted"


def test_unescaped_value_would_break_telegram_html() -> None:
    with pytest.raises(RuleError, match="can't parse entities"):
        plain("Hello <b>Ann & Co")


def test_verbatim_and_nested_messages_are_escaped(source_renderer: Renderer) -> None:
    message = msg("{a} and {b}", a=Verbatim("<u>raw</u>"), b=msg("inner {x}", x="<x> & y"))
    text = source_renderer.text(message, "en")
    assert plain(text) == "<u>raw</u> and inner <x> & y"


def test_template_text_is_escaped_too(source_renderer: Renderer) -> None:
    text = source_renderer.text(msg("1 < 2 & 3 > 2, {name}", name="Ann"), "sv")
    assert plain(text) == "1 < 2 & 3 > 2, Ann"


def test_plain_rendering_for_labels_is_not_escaped(source_renderer: Renderer) -> None:
    assert source_renderer.label(msg("Tom & {x}", x="<Jerry>"), "sv") == "Tom & <Jerry>"
    assert source_renderer.label(Verbatim("A & B"), "sv") == "A & B"


# -- bidi isolation ------------------------------------------------------------------------


def isolated_values(text: str) -> list[str]:
    return re.findall(f"[{FSI}{RLI}](.*?){PDI}", text)


@pytest.mark.parametrize("locale", RTL)
def test_every_value_is_isolated_in_right_to_left_locales(
    source_renderer: Renderer, locale: str
) -> None:
    message = msg(
        "{name} {count} {when} {day} {word} {inner}",
        name="Ann-Marie",
        count=12,
        when=WHEN,
        day=date(2026, 3, 5),
        word=Verbatim("Svenska"),
        inner=msg("x"),
    )
    text = source_renderer.text(message, locale)
    values = isolated_values(text)
    assert len(values) == 6
    assert values[0] == "Ann-Marie"
    assert values[4] == "Svenska"
    assert values[5] == "x"
    assert text.count(FSI) == 5
    assert text.count(RLI) == 1, "a nested message is isolated right to left"
    assert text.count(PDI) == 6
    assert plain(text)


@pytest.mark.parametrize("locale", RTL)
def test_a_nested_line_of_values_reads_right_to_left(renderer: Renderer, locale: str) -> None:
    """ "{when} – {title}" inside a numbered line: date first for a right-to-left reader."""
    line = msg("{when} – {title}", when=WHEN, title="CV workshop")
    text = renderer.text(msg("{number}. {line}", number=1, line=line), locale)
    inner = text[text.index(RLI) :]
    assert inner.index("CV workshop") > inner.index(PDI), "the date's isolate comes first"


@pytest.mark.parametrize("locale", RTL)
def test_user_name_is_isolated_in_real_rtl_translation(renderer: Renderer, locale: str) -> None:
    text = renderer.text(msg(WELCOME, name="Amina <3"), locale)
    assert f"{FSI}Amina &lt;3{PDI}" in text


@pytest.mark.parametrize("locale", LTR)
def test_values_are_not_isolated_in_left_to_right_locales(renderer: Renderer, locale: str) -> None:
    text = renderer.text(msg(WELCOME, name="Amina"), locale)
    assert "Amina" in text
    assert FSI not in text
    assert PDI not in text


# -- Babel formatting ----------------------------------------------------------------------


def test_datetime_is_formatted_for_the_recipients_locale(source_renderer: Renderer) -> None:
    message = msg("Due {when}", when=WHEN)
    sv = source_renderer.text(message, "sv")
    en = source_renderer.text(message, "en")
    ar = source_renderer.text(message, "ar")
    assert sv == "Due torsdag 5 mars 15:30", "this year's dates without the year, 24-hour"
    assert "15:30" in sv, "shown in the unit's zone (Europe/Stockholm), not UTC"
    assert en == "Due Thursday, March 5, 15:30"
    assert any("\u0600" <= ch <= "\u06ff" for ch in isolated_values(ar)[0])
    assert len({sv, en, ar}) == 3


def test_another_years_date_shows_the_year(source_renderer: Renderer) -> None:
    later = datetime(2027, 1, 4, 8, 0, tzinfo=UTC)
    assert source_renderer.text(msg("{when}", when=later), "sv") == "måndag 4 januari 2027 09:00"


@pytest.mark.parametrize("locale", OFFERED)
def test_times_use_a_24_hour_clock_and_a_weekday_in_every_locale(
    source_renderer: Renderer, locale: str
) -> None:
    afternoon = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)  # 13:00 in Stockholm, a Thursday
    text = source_renderer.text(msg("{when}", when=afternoon), locale, markup=False)
    assert "13:00" in text
    assert "2026" not in text
    weekday = format_date(afternoon, "EEEE", locale=babel_locale(locale))
    assert weekday in text


def test_dari_dates_use_the_afghan_persian_calendar_names(source_renderer: Renderer) -> None:
    message = msg("{day}", day=date(2026, 3, 5))
    assert "مارچ" in source_renderer.text(message, "prs")
    assert "مارس" in source_renderer.text(message, "fa")


def test_numbers_are_formatted_for_the_recipients_locale(source_renderer: Renderer) -> None:
    message = msg("{amount} kr", amount=1234567.5)
    assert source_renderer.text(message, "sv") == "1\xa0234\xa0567,5 kr"
    assert source_renderer.text(message, "en") == "1,234,567.5 kr"


def test_date_is_formatted_with_the_weekday_and_the_year_only_when_needed(
    source_renderer: Renderer,
) -> None:
    message = msg("{day}", day=date(2026, 3, 5))
    assert source_renderer.text(message, "sv") == "torsdag 5 mars"
    assert source_renderer.text(message, "en") == "Thursday, March 5"
    next_year = msg("{day}", day=date(2027, 3, 5))
    assert source_renderer.text(next_year, "sv") == "fredag 5 mars 2027"


def test_plural_form_is_chosen_by_count(source_renderer: Renderer) -> None:
    one = nmsg("{n} task left", "{n} tasks left", 1)
    many = nmsg("{n} task left", "{n} tasks left", 3)
    assert source_renderer.text(one, "en") == "1 task left"
    assert source_renderer.text(many, "en") == "3 tasks left"


# -- keyboards -----------------------------------------------------------------------------

ROWS = (
    (Button(Verbatim("A"), payload="p:a"), Button(Verbatim("B"), payload="p:b")),
    (Button(Verbatim("C"), payload="p:c"),),
)


def labels(markup: dict[str, object] | None) -> list[list[str]]:
    assert markup is not None
    return [[b["text"] for b in row] for row in markup["inline_keyboard"]]  # type: ignore[attr-defined, index]


@pytest.mark.parametrize("locale", RTL)
def test_keyboard_rows_are_mirrored_for_right_to_left(renderer: Renderer, locale: str) -> None:
    assert labels(renderer.keyboard(ROWS, locale)) == [["B", "A"], ["C"]]


@pytest.mark.parametrize("locale", LTR)
def test_keyboard_rows_keep_order_for_left_to_right(renderer: Renderer, locale: str) -> None:
    markup = renderer.keyboard(ROWS, locale)
    assert labels(markup) == [["A", "B"], ["C"]]
    check_reply_markup(markup)


def test_no_buttons_give_no_keyboard(renderer: Renderer) -> None:
    assert renderer.keyboard((), "sv") is None


def test_url_button_has_no_callback_data(renderer: Renderer) -> None:
    markup = renderer.keyboard(((Button(Verbatim("Open"), url="https://t.me/x"),),), "sv")
    assert markup == {"inline_keyboard": [[{"text": "Open", "url": "https://t.me/x"}]]}


def test_payload_of_64_bytes_is_accepted(renderer: Renderer) -> None:
    markup = renderer.keyboard(((Button(Verbatim("x"), payload="p" * 64),),), "sv")
    check_reply_markup(markup)


@pytest.mark.parametrize(
    "payload",
    ["p" * 65, "ä" * 33, ""],
    ids=["65-ascii", "66-bytes-in-33-chars", "empty"],
)
def test_payload_outside_1_to_64_bytes_raises(renderer: Renderer, payload: str) -> None:
    with pytest.raises(ValueError, match="1-64 bytes"):
        renderer.keyboard(((Button(Verbatim("x"), payload=payload),),), "sv")


# -- splitting -----------------------------------------------------------------------------


def visible(text: str) -> str:
    """Return the non-whitespace characters Telegram would show, at any length."""
    shown, _entities = parse_html(text)
    return re.sub(r"\s+", "", shown)


def assert_valid_parts(parts: list[str], original: str, limit: int = MAX_TEXT) -> None:
    for part in parts:
        assert utf16_len(plain(part)) <= limit
    assert "".join(visible(p) for p in parts) == visible(original), "no text is lost"


def test_short_text_is_one_part() -> None:
    assert split_text("Hej &amp; välkommen") == ["Hej &amp; välkommen"]


def test_long_text_splits_on_paragraph_boundaries() -> None:
    paragraphs = [f"Paragraph {i}: " + "ord " * 150 for i in range(40)]
    text = "\n\n".join(paragraphs)
    parts = split_text(text)
    assert len(parts) > 1
    assert_valid_parts(parts, text)
    for part in parts:
        assert all(p in paragraphs for p in part.split("\n\n")), "no paragraph is cut"
    assert "\n\n".join(parts) == text


def test_overlong_paragraph_splits_on_line_boundaries() -> None:
    lines = [f"line {i} " + "x" * 90 for i in range(100)]
    text = "\n".join(lines)
    parts = split_text(text)
    assert len(parts) > 1
    assert_valid_parts(parts, text)
    for part in parts:
        assert all(line in lines for line in part.split("\n")), "no line is cut"


def test_length_counts_utf16_units_not_characters() -> None:
    text = "😀" * 2100  # 2100 characters but 4200 UTF-16 units
    parts = split_text(text)
    assert len(parts) == 2
    assert_valid_parts(parts, text)


def test_length_counts_escaped_entities_as_one_character() -> None:
    text = "&amp;" * MAX_TEXT  # 20480 characters of HTML, 4096 characters on screen
    assert split_text(text) == [text]


@pytest.mark.parametrize("offset", range(-6, 2))
def test_split_never_cuts_inside_an_entity(offset: int) -> None:
    text = "x" * (MAX_TEXT + offset) + "&amp;" + "y" * 10 + "&lt;&gt;" * 3
    parts = split_text(text)
    assert len(parts) == 2
    assert_valid_parts(parts, text)


entity_text = st.lists(
    st.sampled_from(["ab", "word ", "&amp;", "&lt;", "&#128512;", "😀", "ä", "\n", "\n\n"]),
    max_size=120,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(text=entity_text, limit=st.integers(min_value=12, max_value=60))
def test_split_parts_fit_parse_and_keep_every_character(text: str, limit: int) -> None:
    if not text.strip():
        return
    parts = split_text(text, limit)
    assert_valid_parts(parts, text, limit)


def test_render_puts_buttons_on_the_last_part_only(source_renderer: Renderer) -> None:
    body = tuple(msg("{p}", p="ord " * 300) for _ in range(10))
    say = Say(chat_id=7, locale="sv", body=body, buttons=ROWS)
    rendered = source_renderer.render(say)
    assert len(rendered) > 1
    assert [r.reply_markup is not None for r in rendered] == [False] * (len(rendered) - 1) + [True]
    assert {r.chat_id for r in rendered} == {7}
    for part in rendered:
        assert utf16_len(plain(part.text)) <= MAX_TEXT


# -- broken translations -------------------------------------------------------------------


def test_broken_placeholder_in_translation_falls_back_to_english(
    caplog: pytest.LogCaptureFixture,
) -> None:
    broken = SourceCatalogs({("sv", WELCOME): "Välkommen, {nmae}! Vilket språk?"})
    renderer = Renderer(catalogs=broken)  # type: ignore[arg-type]
    with caplog.at_level(logging.WARNING, logger="bot.render"):
        text = renderer.text(msg(WELCOME, name="Ann & <Bo>"), "sv")
    assert plain(text) == "Welcome to Stegvis, Ann & <Bo>! Which language do you want me to use?"
    assert "bad placeholder" in caplog.text


def test_broken_placeholder_in_plural_translation_falls_back_to_english_plural() -> None:
    broken = SourceCatalogs({("ar", "{n} tasks left"): "{count} مهام"})
    renderer = Renderer(catalogs=broken)  # type: ignore[arg-type]
    text = renderer.text(nmsg("{n} task left", "{n} tasks left", 5), "ar")
    assert plain(text) == f"{FSI}5{PDI} tasks left"


def test_broken_placeholder_in_button_label_falls_back_to_english() -> None:
    broken = SourceCatalogs({("sv", "Invite {who}"): "Bjud in {vem}"})
    renderer = Renderer(catalogs=broken)  # type: ignore[arg-type]
    assert renderer.label(msg("Invite {who}", who="Ann"), "sv") == "Invite Ann"


def test_braces_that_are_not_placeholders_stay_as_text() -> None:
    catalogs = SourceCatalogs({("sv", "Hi {name}"): "Hej {name} :-{ }"})
    renderer = Renderer(catalogs=catalogs)  # type: ignore[arg-type]
    assert renderer.text(msg("Hi {name}", name="Ann"), "sv") == "Hej Ann :-{ }"


def _first_strong_outside_isolates(line: str) -> str | None:
    import unicodedata

    depth = 0
    for ch in line:
        if ch in "\u2066\u2067\u2068":
            depth += 1
        elif ch == "\u2069":
            depth -= 1
        elif depth == 0 and unicodedata.bidirectional(ch) in ("R", "AL", "L", "RLM"):
            return "L" if unicodedata.bidirectional(ch) == "L" else "R"
    return None


@pytest.mark.parametrize("locale", ["ar", "fa", "prs"])
async def test_every_line_of_help_and_lists_starts_right_to_left(locale: str) -> None:
    from tests.flowclient import text_of
    from tests.flows.world import AMINA, KARIN, build

    world = await build(locale)
    turns = [
        await world.client.command(AMINA, "help"),
        await world.client.command(AMINA, "attendance"),
        await world.client.command(KARIN, "help"),
        await world.client.command(KARIN, "sessions"),
    ]
    lines = [
        line
        for turn in turns
        for say in turn.messages
        for line in text_of(say).split("\n")
        if line.strip()
    ]
    assert len(lines) > 10
    wrong = [line for line in lines if _first_strong_outside_isolates(line) != "R"]
    assert wrong == []


@pytest.mark.parametrize("locale", ["ar", "fa", "prs"])
async def test_commands_inside_right_to_left_text_read_left_to_right(locale: str) -> None:
    """A bare "/here" in Arabic text shows as "here/"; isolated left to right it does not."""
    import re

    from tests.flowclient import text_of
    from tests.flows.world import AMINA, build

    world = await build(locale)
    turn = await world.client.command(AMINA, "help")
    text = "\n".join(text_of(say) for say in turn.messages)
    commands = re.findall(r"/[a-z]+", text)
    assert {"/here", "/attendance", "/help"} <= set(commands)
    bare = re.findall(r"(?<!\u2066)/[a-z]+", text)
    assert bare == [], "every command sits in a left-to-right isolate"
    assert all(f"\u2066{c}\u2069" in text for c in commands)


def test_links_and_markup_are_not_taken_for_commands() -> None:
    from bot.render import right_to_left_lines

    text = 'انظر https://example.com/here و <a href="x">/help</a> و /start'
    out = right_to_left_lines(text, "ar")
    assert "https://example.com/here" in out
    assert "</a>" in out
    assert "\u2066/start\u2069" in out
    assert "\u2066/help\u2069" in out
    assert right_to_left_lines("see /help", "sv") == "see /help"
