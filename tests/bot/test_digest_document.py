"""A coach's week and a unit's report as documents: the chart PNG opens and has its axes in
the coach's language, the PDF's text has the figures, the CSV has a header and one row per
participant, and a sheet kept in the outbox is drawn the same after a round trip."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from datetime import date

import pypdfium2
import pytest
from PIL import Image

from bot.digest_document import decode, draw_report, draw_stored, draw_week, encode
from bot.render import Renderer
from flows.digest_model import GenderRow, UnitReport, WeekLine
from flows.output import ReportSheet, WeekSheet
from flows.text import msg

RENDERER = Renderer()
LINES = (
    WeekLine(
        "Amina Hassan", 3, 2, 1, 67, 0, 1, 8.0, 40, 4, "Work placement", "Bageriet", ("Good",)
    ),
    WeekLine("ሰላም ተስፋይ", 0, 0, 0, None, 1, 0, 2.0, 20, 0),
    WeekLine('=HYPERLINK("x")', 2, 2, 0, 100, 0, 0, 6.0, 40, 10),
)


def week(locale: str, kind: str) -> WeekSheet:
    name = f"week.{kind}"
    return WeekSheet(
        "Karin",
        "Jobbtorg Söder",
        date(2026, 11, 23),
        date(2026, 11, 29),
        LINES,
        locale,
        kind,
        name,
    )  # type: ignore[arg-type]


def pdf_text(data: bytes) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    done = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True)
    return " ".join(done.stdout.decode().split())


def pdf_text_of_page(data: bytes, page: int) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    args = ["pdftotext", "-f", str(page), "-l", str(page), "-", "-"]
    return " ".join(
        subprocess.run(args, input=data, capture_output=True, check=True).stdout.decode().split()
    )


def test_the_chart_opens_with_its_axes_in_the_coachs_language() -> None:
    chart = draw_week(week("sv", "png"), RENDERER)
    image = Image.open(io.BytesIO(chart.content))
    assert (image.format, image.mode) == ("PNG", "RGB")
    assert image.width > 1000
    assert image.getpixel((5, 5)) == (255, 255, 255), "a white page, not a transparent one"
    # The same drawing is the PDF's last page: its text layer holds the axis titles.
    text = pdf_text(draw_week(week("sv", "pdf"), RENDERER).content)
    for axis in ("Attendance (%)", "Planned hours (line: target)"):
        assert RENDERER.text(msg(axis), "sv", markup=False) in text


def test_the_week_pdf_has_the_figures_and_unrecorded_attendance_is_a_dash() -> None:
    text = pdf_text(draw_week(week("en", "pdf"), RENDERER).content)
    assert "Amina Hassan" in text
    assert "Attendance (%): 67" in text
    assert "Planned hours: 8" in text
    assert "ሰላም ተስፋይ" in text, "Ethiopic names drawn, not boxes"
    assert "–" in text, "no record is a dash on the chart, not a bar of 0"


def test_the_csv_has_a_header_and_one_row_per_participant_with_formulas_neutralised() -> None:
    data = draw_week(week("en", "csv"), RENDERER).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(data), delimiter=";"))
    assert rows[0][:3] == ["Participant", "Sessions", "Attended"]
    assert len(rows) == 1 + len(LINES)
    assert rows[1][11:14] == ["Work placement", "Bageriet", "Good"]
    assert rows[3][0] == '\'=HYPERLINK("x")', "a name that looks like a formula stays text"


def test_a_sheet_kept_in_the_outbox_comes_back_the_same() -> None:
    sheet = week("ar", "png")
    assert decode(encode(sheet)) == sheet
    report = UnitReport(
        "Jobbtorg Söder", date(2026, 11, 23), date(2026, 11, 29), 12, 3, 2, 1, 4, 3,
        (("visit", 2), ("phone", 5), ("email", 1), ("chat", 3)), 1,
        (("work_unsubsidised", 1),), (GenderRow("Jobbklubb", 5, 2, 0, 1),),
        30, 40, 3, 4, 1, 1, 0, 1, 2,
    )  # fmt: skip
    kept = ReportSheet(report, "csv", "rapport.csv")
    assert decode(encode(kept)) == kept
    name, content = draw_stored(RENDERER, encode(kept))
    assert name == "rapport.csv"
    assert content == draw_report(kept, RENDERER).content


def test_a_report_with_many_activities_keeps_its_charts_whole() -> None:
    gender = tuple(GenderRow(f"Aktivitet {n}", n % 4, 2, 0, 1) for n in range(40))
    report = UnitReport(
        "Jobbtorg Söder", date(2026, 11, 23), date(2026, 11, 29), 12, 0, 0, 0, 0, 0,
        (("visit", 0), ("phone", 0), ("email", 0), ("chat", 0)), 0, (), gender,
        0, 0, 0, 0, 0, 0, 0, 0, 0,
    )  # fmt: skip
    data = draw_report(ReportSheet(report, "pdf", "r.pdf"), RENDERER).content
    pages = len(pypdfium2.PdfDocument(data))
    charts = pdf_text_of_page(data, pages)
    assert RENDERER.text(msg("Employer contacts by channel"), "sv", markup=False) in charts
    assert "Aktivitet 0" in charts
    assert "Aktivitet 39" in charts, "both charts whole on their last page"
