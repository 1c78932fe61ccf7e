"""Unit tests of the pure Bot API rules."""

from __future__ import annotations

import pytest

from bot.emulator import rules
from bot.emulator.rules import RuleError


def test_html_is_parsed_into_plain_text_and_entities() -> None:
    text, entities = rules.parse_html(
        '<b>Hej</b> &lt;3 &amp; <a href="https://x.se/?a=1&amp;b=2">länk</a> &#128512;'
    )
    assert text == "Hej <3 & länk 😀"
    assert entities[0] == {"type": "bold", "offset": 0, "length": 3}
    assert entities[1] == {
        "type": "text_link",
        "offset": 9,
        "length": 4,
        "url": "https://x.se/?a=1&b=2",
    }


@pytest.mark.parametrize(
    ("html", "message"),
    [
        ("<b>open", 'Can\'t find end tag corresponding to start tag "b"'),
        ("Hej <foo>x</foo>", 'Unsupported start tag "foo" at byte offset 4'),
        ("a < b", 'Unsupported start tag "" at byte offset 2'),
        ("x<y", "Unclosed start tag at byte offset 1"),
        ("fish & chips", 'Unescaped "&" at byte offset 5'),
        ("<b><i>x</b></i>", 'Unmatched end tag at byte offset 7, expected "</i>", found "</b>"'),
        ("x</b>", "Unexpected end tag at byte offset 1"),
        ('<span class="red">x</span>', 'Tag "span" must have class "tg-spoiler"'),
        ("å<foo>", 'Unsupported start tag "foo" at byte offset 2'),
    ],
)
def test_broken_html_is_rejected_like_telegram(html: str, message: str) -> None:
    with pytest.raises(RuleError) as caught:
        rules.parse_text(html, "HTML")
    assert caught.value.description.startswith("Bad Request: can't parse entities: ")
    assert message in caught.value.description


def test_all_telegram_tags_are_accepted() -> None:
    html = (
        "<b>b</b><strong>s</strong><i>i</i><em>e</em><u>u</u><ins>n</ins><s>s</s>"
        '<strike>k</strike><del>d</del><span class="tg-spoiler">p</span>'
        "<tg-spoiler>q</tg-spoiler><a href='https://t.me'>a</a><code>c</code>"
        '<pre><code class="language-python">x = 1</code></pre>'
        '<blockquote expandable>bq</blockquote><tg-emoji emoji-id="5368324170671202286">👍'
        "</tg-emoji>"
    )
    text, entities = rules.parse_text(html, "HTML")
    assert text.startswith("bsieunskdpqacx = 1bq")
    pre = next(e for e in entities if e["type"] == "pre")
    assert pre["language"] == "python"
    assert any(e["type"] == "expandable_blockquote" for e in entities)


def test_text_length_counts_utf16_after_parsing() -> None:
    rules.parse_text("&lt;" * 4096, "HTML")
    rules.parse_text("😀" * 2048, None)
    with pytest.raises(RuleError, match="message is too long"):
        rules.parse_text("😀" * 2048 + "x", None)
    with pytest.raises(RuleError, match="message text is empty"):
        rules.parse_text("<b> </b>", "HTML")
    with pytest.raises(RuleError, match="caption is too long"):
        rules.parse_text("x" * 1025, None, caption=True)


def test_raw_text_is_not_parsed_without_parse_mode() -> None:
    assert rules.parse_text("a < b & <foo>", None)[0] == "a < b & <foo>"


@pytest.mark.parametrize(
    ("button", "error"),
    [
        ({"text": "x", "callback_data": "é" * 33}, "BUTTON_DATA_INVALID"),
        ({"text": "x", "callback_data": ""}, "BUTTON_DATA_INVALID"),
        ({"text": "x"}, "Text buttons are unallowed in the inline keyboard"),
        ({"text": "x", "url": "https://a.se", "callback_data": "a"}, "exactly one"),
        ({"text": "", "callback_data": "a"}, "BUTTON_TEXT_EMPTY"),
    ],
)
def test_bad_inline_buttons_are_rejected(button: dict[str, str], error: str) -> None:
    with pytest.raises(RuleError, match=error):
        rules.check_reply_markup({"inline_keyboard": [[button]]})


def test_other_reply_markups_are_accepted() -> None:
    rules.check_reply_markup({"inline_keyboard": [[{"text": "x", "callback_data": "é" * 32}]]})
    rules.check_reply_markup({"keyboard": [["Ja", {"text": "Nej"}]], "resize_keyboard": True})
    rules.check_reply_markup({"remove_keyboard": True})
    rules.check_reply_markup({"force_reply": True})


def test_deep_link_payload_must_be_short_and_safe() -> None:
    bot = "stegvis_demo_bot"
    rules.check_deep_links([f"Öppna https://t.me/{bot}?start=abc_DEF-1."], bot)
    rules.check_deep_links([f"\u2068https://t.me/{bot}?start={'a' * 64}\u2069"], bot)
    rules.check_deep_links(["https://t.me/other_bot?start=a+b"], bot)
    for bad in ("a+b", "a" * 65, "", "åäö"):
        with pytest.raises(RuleError, match="deep link"):
            rules.check_deep_links([f"https://t.me/{bot}?start={bad} hej"], bot)


def test_commands_and_secret_tokens_are_checked() -> None:
    rules.check_commands([{"command": "start_1", "description": "Start"}])
    with pytest.raises(RuleError, match="BOT_COMMAND_INVALID"):
        rules.check_commands([{"command": "Start", "description": "Start"}])
    with pytest.raises(RuleError, match="DESCRIPTION"):
        rules.check_commands([{"command": "start", "description": ""}])
    rules.check_secret_token("A-z_09")
    with pytest.raises(RuleError):
        rules.check_secret_token("not allowed!")
