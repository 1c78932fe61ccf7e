"""An action plan as an A4 PDF, drawn with the document kit: the same paragraphs the chat
shows, in the reader's language (or Swedish for the home district)."""

from __future__ import annotations

from bot.document_kit import Document
from bot.printable import _plain
from bot.render import Renderer
from flows.languages import RIGHT_TO_LEFT
from flows.output import Attachment, PlanSheet
from flows.path.reading import plan_lines
from flows.text import N_, msg


def plan_pdf(sheet: PlanSheet, renderer: Renderer) -> bytes:
    """Return the plan version as a PDF with its headings in the sheet's language."""
    rtl = sheet.locale in RIGHT_TO_LEFT
    pdf = Document()
    pdf.set_margins(20, 20, 20)
    pdf.add_page()
    title = msg(N_("Action plan for {name}"), name=sheet.name)
    pdf.paragraph(_plain(renderer, title, sheet.locale), 18, rtl=rtl, gap=5)
    for paragraph in plan_lines(sheet.plan):
        for line in _plain(renderer, paragraph, sheet.locale).split("\n"):
            pdf.paragraph(line, 11.5, rtl=rtl, gap=1.5)
        pdf.ln(2)
    return bytes(pdf.output())


def draw_plan(sheet: PlanSheet, renderer: Renderer) -> Attachment:
    """Draw the plan a flow asked for, as the attachment to send."""
    return Attachment(sheet.filename, plan_pdf(sheet, renderer), "application/pdf")
