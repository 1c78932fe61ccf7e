"""A coach's week and a unit's report as documents: a chart (PNG), a PDF and a CSV.

Charts are drawn with the document kit (its fonts shape every offered script) on a page of
their own, and the PNG is that page rendered by pdfium: one drawing serves the image and the
PDF. Bars run across the page, one row per participant, so names of any length and script
stay readable for 5 participants or 50.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import math
from collections.abc import Sequence
from datetime import date
from typing import Any

from bot.csvfile import neutralise
from bot.document_kit import Document, page_png_bytes
from bot.export_pdf import pdf_safe
from bot.printable import _plain
from bot.render import Renderer
from flows.cv_model import Section
from flows.digest_model import GenderRow, UnitReport, WeekLine
from flows.digests.figures import CHANNELS, report_rows
from flows.languages import RIGHT_TO_LEFT
from flows.output import Attachment, ReportSheet, WeekSheet
from flows.text import N_, Msg, msg

ROW_MM, LABEL_MM, GAP_MM = 7.0, 48.0, 10.0


def draw_week(sheet: WeekSheet, renderer: Renderer) -> Attachment:
    """Draw the week a flow asked for: chart, PDF or CSV."""
    if sheet.format == "csv":
        return Attachment(sheet.filename, week_csv(sheet, renderer), "text/csv")
    if sheet.format == "png":
        chart = Document.sized(200, _chart_height(len(sheet.rows)))
        _week_chart(chart, sheet, renderer, 0, 0)
        return Attachment(sheet.filename, page_png_bytes(bytes(chart.output())), "image/png")
    return Attachment(sheet.filename, week_pdf(sheet, renderer), "application/pdf")


def _t(renderer: Renderer, message: Msg, locale: str) -> str:
    return pdf_safe(_plain(renderer, message, locale))


def _chart_height(rows: int) -> float:
    return 40 + ROW_MM * max(rows, 1)


def _week_chart(pdf: Document, sheet: WeekSheet, renderer: Renderer, x0: float, y0: float) -> None:
    """Two panels side by side: attendance in percent, and planned hours with the target."""
    loc = sheet.locale
    title = msg(
        N_("Attendance and hours per participant, {first} – {last}"),
        first=sheet.first,
        last=sheet.last,
    )
    values_a = [(r.name, None if r.rate is None else float(r.rate), None) for r in sheet.rows]
    values_h = [(r.name, r.planned_hours, float(r.target_hours)) for r in sheet.rows]
    top = max([40.0, *(max(v, t or 0) for _, v, t in values_h)])
    pdf.set_xy(x0 + 8, y0 + 6)
    pdf.use(title_text := _t(renderer, title, loc), 11)
    pdf.cell(184, 6, title_text, align="R" if loc in RIGHT_TO_LEFT else "L")
    panel = (200 - 16 - GAP_MM) / 2
    _bars(pdf, renderer, loc, x0 + 8, y0 + 16, panel, values_a, 100.0, N_("Attendance (%)"))
    _bars(
        pdf,
        renderer,
        loc,
        x0 + 8 + panel + GAP_MM,
        y0 + 16,
        panel,
        values_h,
        top,
        N_("Planned hours (line: target)"),
    )


def _bars(
    pdf: Document,
    renderer: Renderer,
    locale: str,
    x: float,
    y: float,
    width: float,
    values: Sequence[tuple[str, float | None, float | None]],
    top: float,
    axis: str,
) -> None:
    """One horizontal bar chart: names on the left axis, a scale and its title below; a
    value of None (nothing recorded) shows "–", not a bar of zero."""
    plot_x, plot_w = x + LABEL_MM * 0.6, width - LABEL_MM * 0.6
    height = ROW_MM * max(len(values), 1)
    pdf.set_draw_color(90, 90, 90)
    pdf.set_line_width(0.3)
    pdf.line(plot_x, y, plot_x, y + height)
    pdf.line(plot_x, y + height, plot_x + plot_w, y + height)
    for i, (name, value, target) in enumerate(values):
        row_y = y + i * ROW_MM
        label = pdf_safe(name)
        pdf.use(label, 8)
        pdf.set_xy(x, row_y + 1)
        pdf.cell(LABEL_MM * 0.6 - 1.5, ROW_MM - 2, label, align="R")
        bar = plot_w * min(value, top) / top if top and value is not None else 0
        pdf.set_fill_color(46, 117, 182)
        if bar > 0:
            pdf.rect(plot_x, row_y + 1.2, bar, ROW_MM - 2.4, style="F")
        if target is not None:
            tx = plot_x + plot_w * min(target, top) / top
            pdf.set_draw_color(200, 60, 40)
            pdf.line(tx, row_y + 0.5, tx, row_y + ROW_MM - 0.5)
            pdf.set_draw_color(90, 90, 90)
        pdf.set_font("sans", "", 7)
        pdf.set_xy(plot_x + bar + 1, row_y + 1)
        pdf.cell(12, ROW_MM - 2, "–" if value is None else f"{value:g}")
    pdf.set_font("sans", "", 7)
    for step in range(5):
        tick = top * step / 4
        tx = plot_x + plot_w * step / 4
        pdf.line(tx, y + height, tx, y + height + 1.2)
        pdf.set_xy(tx - 6, y + height + 1.5)
        pdf.cell(12, 3.5, f"{tick:g}", align="C")
    caption = _t(renderer, msg(axis), locale)
    pdf.use(caption, 8.5)
    pdf.set_xy(plot_x, y + height + 6)
    pdf.cell(plot_w, 4.5, caption, align="C")


HEAD = (
    N_("Participant"),
    N_("Sessions"),
    N_("Attended"),
    N_("Absent"),
    N_("Attendance (%)"),
    N_("Tasks done"),
    N_("Tasks overdue"),
    N_("Planned hours"),
    N_("Target hours"),
    N_("CV parts filled"),
    N_("CV parts"),
    N_("Placement"),
    N_("Workplace"),
    N_("Follow-up answers"),
)


def _cells(row: WeekLine, renderer: Renderer, locale: str) -> list[str]:
    answers = ", ".join(renderer.text(msg(a), locale, markup=False) for a in row.answers)
    return [
        row.name,
        str(row.sessions),
        str(row.attended),
        str(row.absent),
        "" if row.rate is None else str(row.rate),
        str(row.tasks_done),
        str(row.tasks_overdue),
        f"{row.planned_hours:g}",
        str(row.target_hours),
        str(row.cv_filled),
        str(len(Section)),
        _plain(renderer, msg(row.placement), locale) if row.placement else "",
        row.workplace,
        answers,
    ]


def week_csv(sheet: WeekSheet, renderer: Renderer) -> bytes:
    """A header row and one row per participant (`;`, UTF-8 with BOM, formulas neutralised)."""
    header = [renderer.text(msg(h), sheet.locale, markup=False) for h in HEAD]
    rows = [_cells(r, renderer, sheet.locale) for r in sheet.rows]
    return csv_bytes(header, rows)


def csv_bytes(header: Sequence[str], rows: Sequence[Sequence[str]]) -> bytes:
    """A CSV file's bytes, as `bot.csvfile.write_csv_file` writes them."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow([neutralise(c) for c in header])
    writer.writerows([neutralise(c) for c in row] for row in rows)
    return out.getvalue().encode("utf-8-sig")


def week_pdf(sheet: WeekSheet, renderer: Renderer) -> bytes:
    """The week as A4: a title, one block per participant, then the chart."""
    loc = sheet.locale
    rtl = loc in RIGHT_TO_LEFT
    pdf = Document()
    pdf.set_margins(15, 15, 15)
    pdf.add_page()
    title = msg(
        N_("Week summary {first} – {last}: {coach}, {unit}"),
        first=sheet.first,
        last=sheet.last,
        coach=sheet.coach,
        unit=sheet.unit,
    )
    pdf.paragraph(_t(renderer, title, loc), 15, rtl=rtl, gap=4)
    heads = [renderer.text(msg(h), loc, markup=False) for h in HEAD]
    for row in sheet.rows:
        cells = _cells(row, renderer, loc)
        pdf.paragraph(pdf_safe(cells[0]), 11.5, rtl=rtl, gap=0.5)
        parts = [f"{h}: {c}" for h, c in zip(heads[1:], cells[1:], strict=True) if c]
        pdf.paragraph(pdf_safe(" · ".join(parts)), 8.5, rtl=rtl, gap=2.5)
    # The chart on a page of its own size: no page break may cut it.
    pdf.set_auto_page_break(auto=False)
    pdf.add_page(format=(200, _chart_height(len(sheet.rows))))
    _week_chart(pdf, sheet, renderer, 0, 0)
    return bytes(pdf.output())


# -- the unit report (Swedish) -------------------------------------------------------------


def draw_report(sheet: ReportSheet, renderer: Renderer) -> Attachment:
    """Draw the unit report: a PDF with charts, or a CSV (figure; value)."""
    if sheet.format == "csv":
        return Attachment(sheet.filename, report_csv(sheet.report, renderer), "text/csv")
    return Attachment(sheet.filename, report_pdf(sheet.report, renderer), "application/pdf")


def report_lines(report: UnitReport, renderer: Renderer) -> list[tuple[str, str]]:
    """The report's figures as (label, value) in Swedish."""
    return [(_plain(renderer, label, "sv"), value) for label, value in report_rows(report)]


def report_csv(report: UnitReport, renderer: Renderer) -> bytes:
    """The report as a two-column CSV."""
    header = [
        renderer.text(msg(N_("Figure")), "sv", markup=False),
        renderer.text(msg(N_("Value")), "sv", markup=False),
    ]
    return csv_bytes(header, [list(pair) for pair in report_lines(report, renderer)])


def report_pdf(report: UnitReport, renderer: Renderer) -> bytes:
    """The report as A4 in Swedish: the figures, then charts of contacts and gender."""
    pdf = Document()
    pdf.set_margins(18, 18, 18)
    pdf.add_page()
    title = msg(
        N_("Weekly report {unit}, {first} – {last}"),
        unit=report.unit,
        first=report.first,
        last=report.last,
    )
    pdf.paragraph(_t(renderer, title, "sv"), 16, gap=4)
    for label, value in report_lines(report, renderer):
        pdf.use(label, 10)
        pdf.cell(140, 6, pdf_safe(label))
        pdf.cell(34, 6, value, align="R", new_x="LMARGIN", new_y="NEXT")
    # Both charts on one page tall enough for every activity: no page break may cut them.
    pdf.set_auto_page_break(auto=False)
    pdf.add_page(
        format=(210, max(297.0, 110 + ROW_MM * (len(report.contacts) + len(report.gender))))
    )
    contacts = [(_t(renderer, msg(CHANNELS[c]), "sv"), float(n), None) for c, n in report.contacts]
    # A scale in whole contacts: four steps.
    top = 4.0 * math.ceil(max([4.0, *(v for _, v, _ in contacts)]) / 4)
    pdf.paragraph(_t(renderer, msg(N_("Employer contacts by channel")), "sv"), 12, gap=2)
    _bars(pdf, renderer, "sv", 18, pdf.get_y() + 2, 170, contacts, top, N_("Contacts"))
    pdf.set_y(pdf.get_y() + 16)
    pdf.paragraph(_t(renderer, msg(N_("Women in percent per activity")), "sv"), 12, gap=2)
    shares = []
    for row in report.gender:
        known = row.women + row.men + row.other
        shares.append((row.label, round(100 * row.women / known) if known else None, 60.0))
    _bars(
        pdf, renderer, "sv", 18, pdf.get_y() + 2, 170, shares, 100.0, N_("Women (%) (line: 60 %)")
    )
    return bytes(pdf.output())


# -- kept in the outbox until sending -----------------------------------------------------


def encode(sheet: WeekSheet | ReportSheet) -> dict[str, Any]:
    """A sheet as JSON values, for the outbox row that draws it at sending."""
    values = json.loads(json.dumps(dataclasses.asdict(sheet), default=str))
    return {"kind": "week" if isinstance(sheet, WeekSheet) else "report", **values}


def decode(data: dict[str, Any]) -> WeekSheet | ReportSheet:
    """The sheet an outbox row describes."""
    day = date.fromisoformat
    if data["kind"] == "week":
        rows = tuple(WeekLine(**{**r, "answers": tuple(r["answers"])}) for r in data["rows"])
        return WeekSheet(
            data["coach"],
            data["unit"],
            day(data["first"]),
            day(data["last"]),
            rows,
            data["locale"],
            data["format"],
            data["filename"],
        )
    raw = data["report"]
    report = UnitReport(
        **{
            **raw,
            "first": day(raw["first"]),
            "last": day(raw["last"]),
            "contacts": tuple((c, n) for c, n in raw["contacts"]),
            "outcomes": tuple((c, n) for c, n in raw["outcomes"]),
            "gender": tuple(GenderRow(**g) for g in raw["gender"]),
        }
    )
    return ReportSheet(report, data["format"], data["filename"])


def draw_stored(renderer: Renderer, data: dict[str, Any]) -> tuple[str, bytes]:
    """Draw the document an outbox row describes: (file name, bytes)."""
    sheet = decode(data)
    drawn = (
        draw_week(sheet, renderer)
        if isinstance(sheet, WeekSheet)
        else draw_report(sheet, renderer)
    )
    return drawn.filename, drawn.content
