"""Pure validation of Bot API parameters following Telegram's rules."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any

__all__ = [
    "MAX_CALLBACK_ANSWER",
    "MAX_CAPTION",
    "MAX_TEXT",
    "RuleError",
    "check_callback_answer",
    "check_commands",
    "check_deep_links",
    "check_reply_markup",
    "check_secret_token",
    "markup_urls",
    "parse_html",
    "parse_text",
    "utf16_len",
]

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_CALLBACK_ANSWER = 200
MAX_CALLBACK_DATA = 64

_ALLOWED_TAGS = frozenset(
    {
        "a",
        "b",
        "strong",
        "i",
        "em",
        "u",
        "ins",
        "s",
        "strike",
        "del",
        "span",
        "tg-spoiler",
        "tg-emoji",
        "code",
        "pre",
        "blockquote",
    }
)
_ENTITY_TYPES = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "span": "spoiler",
    "tg-spoiler": "spoiler",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}
_CHAR_REF = re.compile(r"&(?:(lt|gt|amp|quot)|#([0-9]{1,7})|#[xX]([0-9a-fA-F]{1,6}));")
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_ATTR_NAME = re.compile(r"[A-Za-z0-9_-]+")
_UNQUOTED_VALUE = re.compile(r"[^\s>\"'=]+")
_BUTTON_ACTIONS = (
    "url",
    "callback_data",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)
_COMMAND = re.compile(r"[a-z0-9_]{1,32}")
_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")
_START_PAYLOAD = re.compile(r"[A-Za-z0-9_-]{1,64}")
_URL_TAIL = r"([\x21-\x7e]*)"
_TRAILING_PUNCT = ".,;:!?)]}'\""


class RuleError(ValueError):
    """A Bot API rule was broken; ``description`` is Telegram's error text."""

    def __init__(self, description: str) -> None:
        super().__init__(description)
        self.description = description


@dataclass(frozen=True, slots=True)
class _Open:
    name: str
    attrs: dict[str, str]
    start16: int
    byte_offset: int


def utf16_len(text: str) -> int:
    """Return the length of ``text`` in UTF-16 code units, as Telegram counts."""
    return len(text.encode("utf-16-le")) // 2


def _byte_offset(text: str, index: int) -> int:
    return len(text[:index].encode("utf-8"))


def _fail(message: str) -> RuleError:
    return RuleError(f"Bad Request: can't parse entities: {message}")


def _decode_ref(text: str, i: int) -> tuple[str, int]:
    match = _CHAR_REF.match(text, i)
    if match is None:
        raise _fail(f'Unescaped "&" at byte offset {_byte_offset(text, i)}')
    named, dec, hexa = match.groups()
    if named:
        return _NAMED[named], match.end()
    code = int(dec) if dec else int(hexa, 16)
    if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        raise _fail(f"Invalid character reference at byte offset {_byte_offset(text, i)}")
    return chr(code), match.end()


def _parse_attrs(text: str, i: int, tag: str, begin: int) -> tuple[dict[str, str], int]:
    attrs: dict[str, str] = {}
    n = len(text)
    while True:
        while i < n and text[i].isspace():
            i += 1
        if i >= n:
            raise _fail(f"Unclosed start tag at byte offset {_byte_offset(text, begin)}")
        if text[i] == ">":
            return attrs, i + 1
        match = _ATTR_NAME.match(text, i)
        if match is None:
            raise _fail(
                f'Empty attribute name in the tag "{tag}" at byte offset '
                f"{_byte_offset(text, begin)}"
            )
        name = match.group().lower()
        i = match.end()
        while i < n and text[i].isspace():
            i += 1
        if i < n and text[i] != "=":
            attrs[name] = ""
            continue
        if i >= n:
            raise _fail(f"Unclosed start tag at byte offset {_byte_offset(text, begin)}")
        i += 1
        while i < n and text[i].isspace():
            i += 1
        if i >= n:
            raise _fail(f"Unclosed start tag at byte offset {_byte_offset(text, begin)}")
        if text[i] in "\"'":
            end = text.find(text[i], i + 1)
            if end < 0:
                raise _fail(
                    f'Unclosed start tag "{tag}" at byte offset {_byte_offset(text, begin)}'
                )
            raw = text[i + 1 : end]
            i = end + 1
        else:
            match = _UNQUOTED_VALUE.match(text, i)
            if match is None:
                raise _fail(
                    f'Expected equal sign in declaration of an attribute of the tag "{tag}" '
                    f"at byte offset {_byte_offset(text, begin)}"
                )
            raw = match.group()
            i = match.end()
        attrs[name] = html.unescape(raw)


def _entity(item: _Open, end16: int, inside_pre: bool) -> dict[str, Any] | None:
    length = end16 - item.start16
    if length <= 0:
        return None
    kind = _ENTITY_TYPES[item.name]
    entity: dict[str, Any] = {"type": kind, "offset": item.start16, "length": length}
    if kind == "text_link":
        entity["url"] = item.attrs.get("href", "")
    elif kind == "custom_emoji":
        entity["custom_emoji_id"] = item.attrs.get("emoji-id", "")
    elif kind == "blockquote" and "expandable" in item.attrs:
        entity["type"] = "expandable_blockquote"
    elif kind == "code" and inside_pre:
        return None
    return entity


def parse_html(text: str) -> tuple[str, list[dict[str, Any]]]:
    """Parse Telegram HTML into plain text and entities, raising RuleError like Telegram."""
    out: list[str] = []
    pos16 = 0
    stack: list[_Open] = []
    entities: list[dict[str, Any]] = []
    languages: dict[int, str] = {}
    i = 0
    n = len(text)
    while i < n:
        char = text[i]
        if char == "&":
            decoded, i = _decode_ref(text, i)
            out.append(decoded)
            pos16 += utf16_len(decoded)
            continue
        if char != "<":
            j = i
            while j < n and text[j] not in "<&":
                j += 1
            chunk = text[i:j]
            out.append(chunk)
            pos16 += utf16_len(chunk)
            i = j
            continue
        begin = i
        i += 1
        if i < n and text[i] == "/":
            end = text.find(">", i)
            if end < 0:
                raise _fail(f"Unclosed end tag at byte offset {_byte_offset(text, begin)}")
            name = text[i + 1 : end].strip().lower()
            if not stack:
                raise _fail(f"Unexpected end tag at byte offset {_byte_offset(text, begin)}")
            top = stack[-1]
            if name != top.name:
                raise _fail(
                    f"Unmatched end tag at byte offset {_byte_offset(text, begin)}, "
                    f'expected "</{top.name}>", found "</{name}>"'
                )
            stack.pop()
            inside_pre = any(item.name == "pre" for item in stack)
            if top.name == "code" and inside_pre:
                lang = top.attrs.get("class", "")
                pre = next(item for item in reversed(stack) if item.name == "pre")
                if lang.startswith("language-"):
                    languages[id(pre)] = lang.removeprefix("language-")
            entity = _entity(top, pos16, inside_pre)
            if entity is not None:
                if entity["type"] == "pre" and id(top) in languages:
                    entity["language"] = languages[id(top)]
                entities.append(entity)
            i = end + 1
            continue
        j = i
        while j < n and not text[j].isspace() and text[j] not in "<>":
            j += 1
        name = text[i:j].lower()
        if j >= n:
            raise _fail(f"Unclosed start tag at byte offset {_byte_offset(text, begin)}")
        if name not in _ALLOWED_TAGS:
            raise _fail(
                f'Unsupported start tag "{name}" at byte offset {_byte_offset(text, begin)}'
            )
        attrs, i = _parse_attrs(text, j, name, begin)
        if name == "span" and attrs.get("class") != "tg-spoiler":
            raise _fail(
                f'Tag "span" must have class "tg-spoiler" at byte offset '
                f"{_byte_offset(text, begin)}"
            )
        if name == "tg-emoji" and not attrs.get("emoji-id", "").isdigit():
            raise _fail(
                f"Custom emoji entity must contain a valid emoji-id at byte offset "
                f"{_byte_offset(text, begin)}"
            )
        stack.append(_Open(name, attrs, pos16, _byte_offset(text, begin)))
    if stack:
        raise _fail(f'Can\'t find end tag corresponding to start tag "{stack[-1].name}"')
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return "".join(out), entities


def parse_text(
    text: str | None, parse_mode: str | None, *, caption: bool = False
) -> tuple[str, list[dict[str, Any]]]:
    """Validate message text or a caption and return the parsed text and entities."""
    if text is None:
        text = ""
    mode = (parse_mode or "").lower()
    if mode == "html":
        plain, entities = parse_html(text)
    elif mode in ("", "none"):
        plain, entities = text, []
    elif mode in ("markdown", "markdownv2"):
        # The bot renders HTML only; markdown is passed through unparsed.
        plain, entities = text, []
    else:
        raise RuleError("Bad Request: unsupported parse_mode")
    if caption:
        if utf16_len(plain) > MAX_CAPTION:
            raise RuleError("Bad Request: message caption is too long")
        return plain, entities
    if not plain.strip():
        raise RuleError("Bad Request: message text is empty")
    if utf16_len(plain) > MAX_TEXT:
        raise RuleError("Bad Request: message is too long")
    return plain, entities


def _check_inline_button(button: Any) -> None:
    if not isinstance(button, dict):
        raise RuleError("Bad Request: can't parse inline keyboard button: Object expected")
    text = button.get("text")
    if not isinstance(text, str) or not text.strip():
        raise RuleError("Bad Request: BUTTON_TEXT_EMPTY")
    actions = [key for key in _BUTTON_ACTIONS if button.get(key) is not None]
    if not actions:
        raise RuleError(
            "Bad Request: can't parse inline keyboard button: "
            "Text buttons are unallowed in the inline keyboard"
        )
    if len(actions) > 1:
        raise RuleError(
            "Bad Request: can't parse inline keyboard button: "
            f"exactly one of the optional fields must be used, got {', '.join(actions)}"
        )
    data = button.get("callback_data")
    if data is not None:
        if not isinstance(data, str):
            raise RuleError("Bad Request: BUTTON_DATA_INVALID")
        size = len(data.encode("utf-8"))
        if size < 1 or size > MAX_CALLBACK_DATA:
            raise RuleError("Bad Request: BUTTON_DATA_INVALID")
    url = button.get("url")
    if url is not None and (not isinstance(url, str) or not url.strip()):
        raise RuleError("Bad Request: BUTTON_URL_INVALID")


def _rows(markup: dict[str, Any], key: str) -> list[list[Any]]:
    rows = markup.get(key)
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise RuleError(f"Bad Request: can't parse reply keyboard markup JSON object: {key}")
    return rows


def check_reply_markup(markup: Any) -> None:
    """Validate an inline keyboard, reply keyboard, keyboard removal or force reply."""
    if markup is None:
        return
    if not isinstance(markup, dict):
        raise RuleError("Bad Request: can't parse reply keyboard markup JSON object")
    if "inline_keyboard" in markup:
        for row in _rows(markup, "inline_keyboard"):
            for button in row:
                _check_inline_button(button)
        return
    if "keyboard" in markup:
        for row in _rows(markup, "keyboard"):
            for button in row:
                text = (
                    button
                    if isinstance(button, str)
                    else (button.get("text") if isinstance(button, dict) else None)
                )
                if not isinstance(text, str) or not text:
                    raise RuleError("Bad Request: BUTTON_TEXT_EMPTY")
        return
    if markup.get("remove_keyboard") is True or markup.get("force_reply") is True:
        return
    raise RuleError("Bad Request: can't parse reply keyboard markup JSON object")


def markup_urls(markup: Any) -> list[str]:
    """Return the URLs of inline keyboard buttons."""
    if not isinstance(markup, dict):
        return []
    urls: list[str] = []
    for row in markup.get("inline_keyboard") or []:
        for button in row:
            if isinstance(button, dict) and isinstance(button.get("url"), str):
                urls.append(button["url"])
    return urls


def check_deep_links(texts: list[str], bot_username: str) -> None:
    """Reject deep links to the bot whose start payload breaks Telegram's rules."""
    name = re.escape(bot_username)
    patterns = (
        re.compile(rf"t\.me/{name}\?(?:[^\s]*&)?start={_URL_TAIL}", re.IGNORECASE),
        re.compile(rf"tg://resolve\?domain={name}&(?:[^\s]*&)?start={_URL_TAIL}", re.I),
    )
    for text in texts:
        for pattern in patterns:
            for match in pattern.finditer(text):
                payload = match.group(1).split("&", 1)[0].split("#", 1)[0]
                payload = payload.rstrip(_TRAILING_PUNCT)
                if _START_PAYLOAD.fullmatch(payload) is None:
                    raise RuleError(
                        "Bad Request: deep link start parameter must be 1-64 characters "
                        "of A-Za-z0-9_-"
                    )


def check_commands(commands: Any) -> None:
    """Validate the commands list of setMyCommands."""
    if not isinstance(commands, list) or len(commands) > 100:
        raise RuleError("Bad Request: commands must be a list of at most 100 BotCommand")
    for command in commands:
        if not isinstance(command, dict):
            raise RuleError("Bad Request: BOT_COMMAND_INVALID")
        name = command.get("command")
        if not isinstance(name, str) or _COMMAND.fullmatch(name) is None:
            raise RuleError("Bad Request: BOT_COMMAND_INVALID")
        description = command.get("description")
        if not isinstance(description, str) or not 1 <= len(description.strip()) <= 256:
            raise RuleError("Bad Request: BOT_COMMAND_DESCRIPTION_INVALID")


def check_secret_token(secret: str) -> None:
    """Validate a webhook secret token."""
    if _SECRET.fullmatch(secret) is None:
        raise RuleError("Bad Request: secret token contains unallowed characters")


def check_callback_answer(text: str | None) -> None:
    """Validate the text of answerCallbackQuery."""
    if text is not None and utf16_len(text) > MAX_CALLBACK_ANSWER:
        raise RuleError("Bad Request: MESSAGE_TOO_LONG")
