"""Flow messages as outbox items: texts split to Telegram's sizes, files and documents attached.

A message with an attachment (or a document the shell draws for it) goes as one document
with the text as its caption when the text fits a caption and has no buttons; otherwise the
text goes first and the document after it. A passed-on Telegram file carries the text and
the buttons as its caption when they fit; otherwise the text goes first and the file, with
the buttons, after it. A long text's parts share its key (`key#1`, …, `key#file`).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from bot.cv_document import draw_cv
from bot.digest_document import encode
from bot.plan_document import draw_plan
from bot.printable import INVITE_FILENAME, invite_document
from bot.render import Rendered, Renderer, telegram_length
from flows.output import Attachment, CvSheet, PlanSheet, ReportSheet, Say, WeekSheet
from storage.outbox import OutgoingItem

MAX_CAPTION = 1024


def outgoing_items(renderer: Renderer, messages: tuple[Say, ...]) -> list[OutgoingItem]:
    """Render flow messages into outbox items."""
    items: list[OutgoingItem] = []
    for say in messages:
        parts = renderer.render(say)
        if say.file is not None:
            items.extend(_with_file(say, parts))
            continue
        if isinstance(say.printable, WeekSheet | ReportSheet):
            items.extend(_with_sheet(say, say.printable, parts))
            continue
        doc = say.attachment or _draw(renderer, say)
        as_caption = len(parts) == 1 and parts[0].reply_markup is None
        if doc is not None and as_caption and telegram_length(parts[0].text) <= MAX_CAPTION:
            items.append(_item(say, parts[0].text, None, say.key, doc))
            continue
        for i, r in enumerate(parts):
            key = say.key if say.key is None or i == 0 else f"{say.key}#{i}"
            items.append(_item(say, r.text, r.reply_markup, key))
        if doc is not None:
            key = None if say.key is None else f"{say.key}#file"
            items.append(_item(say, "", None, key, doc))
    return items


def _with_file(say: Say, parts: list[Rendered]) -> list[OutgoingItem]:
    assert say.file is not None
    kind, file_id = say.file.kind, say.file.file_id
    if len(parts) == 1 and telegram_length(parts[0].text) <= MAX_CAPTION:
        item = _item(say, parts[0].text, parts[0].reply_markup, say.key)
        return [replace(item, file_kind=kind, file_id=file_id)]
    items = [
        _item(say, r.text, None, say.key if say.key is None or i == 0 else f"{say.key}#{i}")
        for i, r in enumerate(parts)
    ]
    markup = parts[-1].reply_markup if parts else None
    last = _item(say, "", markup, None if say.key is None else f"{say.key}#file")
    items.append(replace(last, file_kind=kind, file_id=file_id))
    return items


def _with_sheet(
    say: Say, sheet: WeekSheet | ReportSheet, parts: list[Rendered]
) -> list[OutgoingItem]:
    """A week or a report: drawn by the sender when it goes (drawing a thousand on a Monday
    morning must hold neither the database nor the loop), described in the row meanwhile."""
    stored = encode(sheet)
    as_caption = len(parts) == 1 and parts[0].reply_markup is None
    if as_caption and telegram_length(parts[0].text) <= MAX_CAPTION:
        item = _item(say, parts[0].text, None, say.key)
        return [replace(item, sheet=stored, attachment_name=sheet.filename)]
    items = [
        _item(
            say, r.text, r.reply_markup, say.key if say.key is None or i == 0 else f"{say.key}#{i}"
        )
        for i, r in enumerate(parts)
    ]
    last = _item(say, "", None, None if say.key is None else f"{say.key}#file")
    return [*items, replace(last, sheet=stored, attachment_name=sheet.filename)]


def _draw(renderer: Renderer, say: Say) -> Attachment | None:
    """Draw the document a flow asked for with the document kit."""
    sheet = say.printable
    if sheet is None or isinstance(sheet, WeekSheet | ReportSheet):
        return None  # drawn by the sender (see _with_sheet)
    if isinstance(sheet, CvSheet):
        return draw_cv(sheet, renderer)
    if isinstance(sheet, PlanSheet):
        return draw_plan(sheet, renderer)
    content = invite_document(
        link=sheet.link,
        role=sheet.role,
        unit_name=sheet.unit_name,
        expires_at=sheet.expires_at,
        renderer=renderer,
        locale=sheet.locale,
    )
    return Attachment(INVITE_FILENAME, content, "application/pdf")


def _item(
    say: Say,
    text: str,
    markup: dict[str, Any] | None,
    key: str | None,
    doc: Attachment | None = None,
) -> OutgoingItem:
    return OutgoingItem(
        chat_id=say.chat_id,
        text=text,
        reply_markup=markup,
        key=key,
        due_at=say.due_at,
        expires_at=say.expires_at,
        attachment_name=doc.filename if doc else None,
        attachment=doc.content if doc else None,
        attachment_mime=doc.mime_type if doc else None,
        retention=say.retention.value if say.retention else None,
        gather=say.alert and doc is None,
    )
