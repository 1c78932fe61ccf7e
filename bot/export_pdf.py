"""The monthly attendance report as a PDF: one page block per participant, in Swedish."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from bot.document_kit import missing
from bot.export import CATEGORY_SV, KIND_SV, Row, cells, hours_sv, month_sv, next_month
from flows.attendance.rules import HEALTH_CATEGORIES
from flows.model import ActivityKind


@dataclass(frozen=True)
class Totals:
    """One participant's month: hours per activity type, absences per category."""

    hours: dict[ActivityKind, Decimal]
    absences: Counter[str]

    @property
    def total_hours(self) -> Decimal:
        """All counted hours."""
        return sum(self.hours.values(), Decimal(0))


def totals(rows: Sequence[Row]) -> Totals:
    """Sum one participant's rows."""
    hours: dict[ActivityKind, Decimal] = {}
    absences: Counter[str] = Counter()
    for row in rows:
        hours[row.kind] = hours.get(row.kind, Decimal(0)) + row.hours
        if row.absence_sv:
            absences[row.absence_sv] += 1
    return Totals(hours, absences)


def by_participant(rows: Sequence[Row]) -> list[list[Row]]:
    """Group rows (sorted as `monthly_attendance` returns them) by participant."""
    groups: dict[int, list[Row]] = {}
    for row in rows:
        groups.setdefault(row.participant_id, []).append(row)
    return list(groups.values())


def pdf_safe(text: str) -> str:
    """Return text the kit's fonts can show: the rare character none has becomes '?'."""
    absent = missing(text)
    return "".join("?" if char in absent else char for char in text) if absent else text


_WIDTHS = (20, 46, 26, 13, 36, 29, 20)  # mm; sums to the 190 mm between A4's margins
_HEAD = ("Datum", "Aktivitet", "Typ", "Timmar", "Närvaro", "Frånvaroorsak", "Bestridande")


def write_pdf(rows: Sequence[Row], path: Path, unit_name: str, month: date) -> list[str]:
    """Write the report as PDF; return the participant names changed to fit latin-1."""
    from fpdf.fonts import FontFace

    from bot.document_kit import Document

    changed = sorted({r.participant for r in rows if pdf_safe(r.participant) != r.participant})
    pdf = Document()
    pdf.set_margins(10, 12, 10)
    pdf.set_auto_page_break(auto=True, margin=14)
    title = f"Närvarorapport {unit_name} {month_sv(month)}"
    last_day = next_month(month) - timedelta(days=1)
    health = ", ".join(CATEGORY_SV[code] for code in sorted(HEALTH_CATEGORIES, reverse=True))
    pdf.set_title(title)
    pdf.set_creator("Stegvis")
    pdf.add_page()
    pdf.use(title, 15)
    pdf.multi_cell(0, 8, pdf_safe(title), new_x="LMARGIN", new_y="NEXT")
    pdf.use("Period", 9)
    pdf.multi_cell(
        0,
        5,
        f"Period {month:%Y-%m-01} till {last_day:%Y-%m-%d}, datum i enhetens tidszon. "
        "Timmar räknas när deltagaren var närvarande eller kom sent, annars 0. "
        f"Innehåller hälsouppgifter ({health}): känsliga personuppgifter, "
        "lämnas endast till handläggare och coach. Bestridande: deltagarens invändning mot "
        "registreringen och coachens beslut. "
        "Frånvaroorsak 'ej angiven': orsak saknas eller har gallrats efter lagringstiden.",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    if changed:
        pdf.multi_cell(
            0,
            5,
            "Tecken som inget av rapportens typsnitt kan visa har ersatts med '?' i "
            f"{len(changed)} namn; CSV-filen har namnen i sin helhet.",
            new_x="LMARGIN",
            new_y="NEXT",
        )
    if not rows:
        pdf.ln(4)
        pdf.use("Inga", 11)
        pdf.cell(0, 6, "Inga aktiviteter med närvaro denna månad.")
    for group in by_participant(rows):
        pdf.ln(4)
        pdf.use(group[0].participant, 12)
        pdf.multi_cell(0, 7, pdf_safe(group[0].participant), new_x="LMARGIN", new_y="NEXT")
        pdf.use(" ".join(cell for row in group for cell in cells(row)[1:]), 8)
        with pdf.table(
            col_widths=_WIDTHS,
            headings_style=FontFace(fill_color=(225, 225, 225)),
            line_height=4.5,
            text_align="LEFT",
            first_row_as_headings=True,
        ) as table:
            table.row(_HEAD)
            for row in group:
                table.row([pdf_safe(cell) for cell in cells(row)[1:]])
        summary = totals(group)
        pdf.use("Summa", 9)
        per_kind = ", ".join(
            f"{KIND_SV[kind]} {hours_sv(value)}" for kind, value in sorted(summary.hours.items())
        )
        absent = ", ".join(f"{name} {count}" for name, count in sorted(summary.absences.items()))
        pdf.ln(1)
        pdf.multi_cell(
            0,
            5,
            pdf_safe(
                f"Summa timmar: {hours_sv(summary.total_hours)} ({per_kind}). "
                f"Frånvaro: {absent or 'ingen'}."
            ),
            new_x="LMARGIN",
            new_y="NEXT",
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(path))
    return changed
