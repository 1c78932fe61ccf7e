"""A CV as a PDF and a DOCX, drawn with the document kit: headings and fixed values in the
document's language, what the participant wrote unchanged, right-to-left and Ethiopic
scripts shaped and ordered.

Both documents are drawn from one list of blocks, so they hold the same text in the same
order. Each paragraph takes its direction from its own text (an e-mail address stays left
to right in an Arabic CV); right-to-left paragraphs, and every paragraph of a right-to-left
document, are set flush right.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Literal

import docx
from babel.dates import format_date
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph
from fpdf.enums import TextMode, XPos, YPos

from bot.document_kit import Document, font_for
from bot.i18n import babel_locale
from bot.printable import _plain
from bot.render import Renderer
from flows.cv_model import (
    LEVEL_NAMES,
    NOW,
    SECTION_NAMES,
    SKILL_NAMES,
    SKILLS_OF_LANGUAGE,
    Cv,
    Section,
)
from flows.languages import RIGHT_TO_LEFT
from flows.output import Attachment, CvSheet
from flows.text import N_, Msg, msg

PDF_MIME = "application/pdf"
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

NOW_LABEL = N_("now")  # the end of a period that is still going on, as in "2019 – now"
# Translators choose the punctuation: Arabic has its own comma, French a space before ':'.
SKILL_LEVEL = N_("{skill}: {level}")
PLACE_COUNTRY = N_("{place}, {country}")

# The order an employer reads a CV in (the walk asks in another order).
ORDER = (
    *(Section.WANTED, Section.PROFILE, Section.JOBS, Section.SCHOOLS, Section.LANGUAGES),
    *(Section.LICENCES, Section.CERTIFICATES, Section.SKILLS, Section.REFERENCES),
)
FAMILIES = {"sans": "Noto Sans", "arabic": "Noto Sans Arabic", "ethiopic": "Noto Sans Ethiopic"}
SEPARATOR = "  ·  "
MARGIN_MM = 18
INDENT_MM = 5
LEADING = 0.5  # line height in mm per point of type, as the kit's paragraphs
# Invisible direction controls a phone keyboard may add: paper orders text itself, and
# fpdf2 would keep them in the text layer.
CONTROLS = dict.fromkeys(
    map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
)
_PERIOD = re.compile(r"(\d{4})(?:-(\d{1,2}))?")

Kind = Literal["name", "contact", "heading", "title", "meta", "body", "item"]
Rgb = tuple[int, int, int]
INK, TEXT, GREY, ACCENT = (20, 24, 31), (40, 44, 52), (96, 102, 112), (24, 78, 119)


@dataclass(frozen=True)
class Style:
    size: float  # points
    colour: Rgb
    before: float  # mm
    after: float  # mm
    bold: float = 0  # stroke in mm: fpdf2 has no bold instance of the kit's fonts


STYLES: dict[Kind, Style] = {
    "name": Style(24, INK, 0, 1.5, bold=0.3),
    "contact": Style(10, GREY, 0, 3),
    "heading": Style(12.5, ACCENT, 5, 2.5, bold=0.12),
    "title": Style(11.5, INK, 2, 0.4, bold=0.1),
    "meta": Style(9.5, GREY, 0, 0.4),
    "body": Style(10.5, TEXT, 0.6, 0.6),
    "item": Style(10.5, TEXT, 0, 0.8),
}


@dataclass(frozen=True)
class Block:
    """One paragraph; several parts share one line, each in its own direction."""

    kind: Kind
    parts: tuple[str, ...]
    typed: bool = True  # the participant's words (a fixed label takes the document's direction)


def cv_blocks(cv: Cv, locale: str, renderer: Renderer) -> list[Block]:
    """Return the CV's paragraphs in reading order, fixed texts in `locale`."""

    def say(msgid: str, **params: object) -> str:
        return _plain(renderer, msg(msgid, **params), locale)

    blocks = [Block("name", (cv.contact.name,))] if cv.contact.name.strip() else []
    contact = _present(cv.contact.phone, cv.contact.email, cv.contact.town)
    if contact:
        blocks.append(Block("contact", contact))
    for section in ORDER:
        entries = list(_section(cv, section, locale, say))
        if entries:
            blocks.append(Block("heading", (say(SECTION_NAMES[section]),), typed=False))
            blocks.extend(entries)
    return blocks


def _present(*texts: str) -> tuple[str, ...]:
    return tuple(t for t in texts if t.strip())


def _section(cv: Cv, section: Section, locale: str, say: Callable[..., str]) -> Iterator[Block]:
    if section is Section.WANTED:
        yield from (Block("item", (t,)) for t in _present(*cv.wanted))
    elif section is Section.PROFILE and cv.profile.strip():
        yield Block("body", (cv.profile,))
    elif section is Section.JOBS:
        for job in cv.jobs:
            where = _present(job.place, job.country)
            if len(where) == 2:
                where = (say(PLACE_COUNTRY, place=job.place, country=job.country),)
            title, *details = _present(job.title, job.employer) or ("",)
            when = _period(job.start, job.end, locale, say)
            yield from _entry(title, (*details, *where), when, job.tasks)
    elif section is Section.SCHOOLS:
        for school in cv.schools:
            title, *details = _present(school.school, school.subject) or ("",)
            when = _period(school.start, school.end, locale, say)
            yield from _entry(title, (*details, school.country), when)
    elif section is Section.LANGUAGES:
        for language in cv.languages:
            if language.name.strip():
                yield Block("title", (language.name,))
            for skill in SKILLS_OF_LANGUAGE:
                if code := getattr(language, skill):
                    level = Msg(LEVEL_NAMES[code]) if code in LEVEL_NAMES else code
                    line = say(SKILL_LEVEL, skill=Msg(SKILL_NAMES[skill]), level=level)
                    yield Block("body", (line,), typed=False)
    elif section is Section.LICENCES and cv.licences:
        yield Block("body", (", ".join(cv.licences),))
    elif section in (Section.CERTIFICATES, Section.SKILLS):
        items = cv.certificates if section is Section.CERTIFICATES else cv.skills
        yield from (Block("item", (t,)) for t in _present(*items))
    elif section is Section.REFERENCES:
        for referee in cv.references:
            # Only people who agreed to be called are printed.
            if referee.consent:
                yield from _entry(referee.name, (referee.relation, referee.phone))


def _entry(
    title: str, details: tuple[str, ...], when: str = "", text: str = ""
) -> Iterator[Block]:
    if title.strip():
        yield Block("title", (title,))
    if details := _present(*details):
        yield Block("meta", details)
    if when:
        yield Block("meta", (when,), typed=False)
    if text.strip():
        yield Block("body", (text,))


def _period(start: str, end: str, locale: str, say: Callable[..., str]) -> str:
    """Return "mars 2019 – nu": months by name in the document's language."""
    parts = []
    for value in (start.strip(), end.strip()):
        found = _PERIOD.fullmatch(value)
        if value == NOW:
            parts.append(say(NOW_LABEL))
        elif found and (not found[2] or 1 <= int(found[2]) <= 12):
            when = date(int(found[1]), int(found[2] or 1), 1)
            pattern = "LLLL y" if found[2] else "y"
            parts.append(format_date(when, pattern, locale=babel_locale(locale)))
        elif value:
            parts.append(value)  # not a date we know: shown as typed
    return " – ".join(parts)


def _rtl(text: str, rtl_document: bool, typed: bool = True) -> bool:
    # Right to left in a right-to-left document when the text has any right-to-left letter
    # (a Latin word first must not turn the line around), elsewhere by its first strong
    # letter (UAX #9 P2), so "Stocking shelves." keeps its full stop at the end.
    strong = [c for c in map(unicodedata.bidirectional, text) if c in ("L", "R", "AL")]
    if not strong:
        # Digits alone: a phone number reads left to right, a period in the page's direction.
        return rtl_document and not typed
    if rtl_document and any(c != "L" for c in strong):
        return True
    return strong[0] != "L"


def _pdf_text(block: Block, text: str) -> str:
    return text.translate(CONTROLS) if block.typed else text


def cv_pdf(cv: Cv, locale: str, renderer: Renderer) -> bytes:
    """Return the CV as an A4 PDF with headings in `locale`."""
    rtl_document = locale in RIGHT_TO_LEFT
    pdf = Document()
    pdf.set_margins(MARGIN_MM, MARGIN_MM, MARGIN_MM)
    pdf.set_auto_page_break(True, MARGIN_MM)
    pdf.c_margin = 0  # cells flush with the margins, so pieces of a line line up
    pdf.add_page()
    previous: Kind | None = None
    for block in cv_blocks(cv, locale, renderer):
        style = STYLES[block.kind]
        if previous not in (None, "heading"):
            pdf.set_y(pdf.get_y() + style.before)
        # Keep a heading or a title with the first lines under it.
        _keep(pdf, {"heading": 28.0, "title": 14.0}.get(block.kind, style.size * LEADING))
        pdf.set_text_color(*style.colour)
        pdf.set_draw_color(*style.colour)
        pdf.set_line_width(style.bold)
        pdf.text_mode = TextMode.FILL_STROKE if style.bold else TextMode.FILL
        parts = tuple(_pdf_text(block, p) for p in block.parts)
        if len(parts) > 1:
            _pieces(pdf, parts, style.size, rtl_document)
        elif block.kind == "item":
            _item(pdf, parts[0], style.size, rtl_document)
        else:
            rtl = _rtl(parts[0], rtl_document, block.typed)
            _write(pdf, parts[0], style.size, rtl, rtl_document)
        pdf.text_mode = TextMode.FILL
        if block.kind == "heading":
            # A thin rule under the heading, across the page.
            y = pdf.get_y() + 0.6
            pdf.set_draw_color(200, 206, 214)
            pdf.set_line_width(0.3)
            pdf.line(pdf.l_margin, y, pdf.w - pdf.r_margin, y)
            pdf.set_y(y)
        pdf.set_y(pdf.get_y() + style.after)
        previous = block.kind
    return bytes(pdf.output())


def _keep(pdf: Document, height: float) -> None:
    if pdf.get_y() + height > pdf.page_break_trigger:
        pdf.add_page()


def _direct(pdf: Document, rtl: bool) -> None:
    # The paragraph's base direction; fpdf2 orders the runs inside it (and shapes them).
    pdf.set_text_shaping(True, direction="rtl" if rtl else "ltr")


def _write(
    pdf: Document, text: str, size: float, rtl: bool, right: bool, indent: float = 0
) -> None:
    _direct(pdf, rtl)
    pdf.use(text, size)
    pdf.set_x(pdf.l_margin + (0 if right else indent))
    align = "R" if right or rtl else "L"
    width = pdf.epw - indent
    pdf.multi_cell(width, size * LEADING, text, align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _item(pdf: Document, text: str, size: float, rtl_document: bool) -> None:
    """Write a list item with the bullet on the side the text starts."""
    right = rtl_document or _rtl(text, rtl_document)
    y = pdf.get_y()
    pdf.use("•", size)
    pdf.set_xy(pdf.l_margin + pdf.epw - INDENT_MM if right else pdf.l_margin, y)
    pdf.cell(INDENT_MM, size * LEADING, "•", align="R" if right else "L")
    pdf.set_y(y)
    _write(pdf, text, size, _rtl(text, rtl_document), right, indent=INDENT_MM)


def _pieces(pdf: Document, parts: tuple[str, ...], size: float, rtl_document: bool) -> None:
    """Set short texts on one line, each ordered by itself: a phone number inside an
    Arabic line would have its digit groups reversed by the bidi algorithm."""
    widths = []
    for part in parts:
        _direct(pdf, _rtl(part, rtl_document))
        pdf.use(part, size)
        widths.append(pdf.get_string_width(part))
    pdf.use(SEPARATOR, size)
    gap = pdf.get_string_width(SEPARATOR)
    total = sum(widths) + gap * (len(parts) - 1)
    if total > pdf.epw:
        for part in parts:
            _write(pdf, part, size, _rtl(part, rtl_document), rtl_document)
        return
    height = size * LEADING
    x, y = (pdf.l_margin + pdf.epw - total if rtl_document else pdf.l_margin), pdf.get_y()
    pieces = list(zip(parts, widths, strict=True))
    for i, (part, width) in enumerate(pieces[::-1] if rtl_document else pieces):
        if i:
            pdf.use(SEPARATOR, size)
            pdf.set_xy(x, y)
            pdf.cell(gap, height, SEPARATOR)
            x += gap
        _direct(pdf, _rtl(part, rtl_document))
        pdf.use(part, size)
        pdf.set_xy(x, y)
        pdf.cell(width, height, part)
        x += width
    pdf.set_xy(pdf.l_margin, y + height)


def cv_docx(cv: Cv, locale: str, renderer: Renderer) -> bytes:
    """Return the CV as a DOCX with headings in `locale`."""
    rtl_document = locale in RIGHT_TO_LEFT
    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(MARGIN_MM)
    section.top_margin = section.bottom_margin = Mm(MARGIN_MM)
    for block in cv_blocks(cv, locale, renderer):
        style = STYLES[block.kind]
        paragraph = document.add_paragraph(style="List Bullet" if block.kind == "item" else None)
        if len(block.parts) > 1:
            rtl = rtl_document
            text = SEPARATOR.join(_marked(part, rtl_document) for part in block.parts)
        else:
            text = block.parts[0]
            rtl = _rtl(text, rtl_document, block.typed)
        _paragraph(paragraph, style, rtl, rtl_document, rule=block.kind == "heading")
        for part, family in _runs(text):
            _run(paragraph, part, family, style, bold=style.bold > 0)
        if block.kind in ("heading", "title"):
            paragraph.paragraph_format.keep_with_next = True
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _paragraph(paragraph: Paragraph, style: Style, rtl: bool, right: bool, rule: bool) -> None:
    # Appended first: python-docx puts what it sets later (spacing, w:jc) in schema order
    # around them, and Word refuses properties out of that order.
    ppr = paragraph._p.get_or_add_pPr()
    if rule:
        border, bottom = OxmlElement("w:pBdr"), OxmlElement("w:bottom")
        for key, value in (("val", "single"), ("sz", "4"), ("space", "1"), ("color", "C8CED6")):
            bottom.set(qn(f"w:{key}"), value)
        border.append(bottom)
        ppr.append(border)
    if rtl:
        # Word reads w:jc as start/end in a bidi paragraph: without it the text starts at
        # the right, which is what we want in either kind of document.
        ppr.append(OxmlElement("w:bidi"))
    form = paragraph.paragraph_format
    form.space_before, form.space_after = Mm(style.before), Mm(style.after)
    if right and not rtl:
        form.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _marked(part: str, rtl_document: bool) -> str:
    """Wrap a piece of a line in marks of its own direction when the line runs the other
    way: the PDF sets the pieces apart, a word processor needs the marks to do the same."""
    rtl = _rtl(part, rtl_document)
    mark = "\u200f" if rtl else "\u200e"
    return part if rtl == rtl_document else f"{mark}{part}{mark}"


def _runs(text: str) -> Iterator[tuple[str, str]]:
    """Split a text where its font changes; spaces and digits stay with the run before."""
    runs: list[list[str]] = []  # [text, family]; "" while only neutral characters came
    for char in text:
        own = font_for(char)
        # An Arabic comma or an Ethiopic mark is weak for bidi but needs its script's font.
        strong = own != "sans" or unicodedata.bidirectional(char) in ("L", "R", "AL", "AN")
        family = own if strong else ""
        if runs and (not family or runs[-1][1] in ("", family)):
            runs[-1][0] += char
            runs[-1][1] = runs[-1][1] or family
        else:
            runs.append([char, family])
    yield from ((part, family or "sans") for part, family in runs)


def _run(paragraph: Paragraph, text: str, family: str, style: Style, bold: bool) -> None:
    run = paragraph.add_run(text)
    rpr = run._r.get_or_add_rPr()
    # The complex-script size (Arabic) is its own property; appended first for the order.
    size = OxmlElement("w:szCs")
    size.set(qn("w:val"), str(round(style.size * 2)))
    rpr.append(size)
    run.font.size = Pt(style.size)
    run.font.color.rgb = RGBColor(*style.colour)
    run.bold = bold or None
    fonts = rpr.get_or_add_rFonts()
    for slot in ("ascii", "hAnsi", "cs", "eastAsia"):
        fonts.set(qn(f"w:{slot}"), FAMILIES[family])
    if family == "arabic":
        run.font.rtl = True
        run.font.cs_bold = bold or None


def draw_cv(sheet: CvSheet, renderer: Renderer) -> Attachment:
    """Draw the CV a flow asked for, as the attachment to send."""
    if sheet.format == "docx":
        return Attachment(sheet.filename, cv_docx(sheet.cv, sheet.locale, renderer), DOCX_MIME)
    return Attachment(sheet.filename, cv_pdf(sheet.cv, sheet.locale, renderer), PDF_MIME)
