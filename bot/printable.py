"""A printable invite (A4 PDF, and a PNG of the same page) for people who cannot copy a link."""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path

import qrcode

from bot.document_kit import Document, page_png
from bot.render import FSI, LRI, PDI, RLI, Renderer
from flows.languages import RIGHT_TO_LEFT
from flows.model import Role
from flows.roles import ROLE_NAMES
from flows.text import N_, Msg, msg

QR_MM = 90
# The file name the invite has when it is sent in Telegram.
INVITE_FILENAME = "stegvis-invite.pdf"
# What the invitee does, one action per line.
STEPS = (
    N_("Open the camera on your phone and point it at the code."),
    N_("Telegram opens. Press Start."),
    N_("No camera, or nothing happens? Type the link below into your phone."),
)


def _plain(renderer: Renderer, message: Msg, locale: str) -> str:
    # Paper has its own bidi: the kit orders the text, chat isolates would show as boxes.
    text = renderer.text(message, locale, markup=False)
    for mark in (FSI, LRI, RLI, PDI, "\u200f"):
        text = text.replace(mark, "")
    return text


def invite_document(
    *,
    link: str,
    role: Role,
    unit_name: str,
    expires_at: datetime,
    renderer: Renderer,
    locale: str = "sv",
) -> bytes:
    """Return an A4 PDF: the invitee's language first, a Swedish line for the coach, the
    QR code, what to do one step per line, the expiry date, and the link."""
    rtl = locale in RIGHT_TO_LEFT
    title = msg(N_("Invite for {role} at {unit}"), role=Msg(ROLE_NAMES[role]), unit=unit_name)
    expiry = msg(N_("The invite works once and until {expires}."), expires=expires_at)
    pdf = Document()
    pdf.set_margins(20, 20, 20)
    pdf.add_page()
    pdf.paragraph("Stegvis", 28, gap=4)
    pdf.paragraph(_plain(renderer, title, locale), 20, rtl=rtl, gap=2)
    if locale != "sv":
        pdf.paragraph(_plain(renderer, title, "sv"), 11, gap=4)
    qr = qrcode.QRCode(border=2, box_size=10, error_correction=qrcode.constants.ERROR_CORRECT_M)
    qr.add_data(link)
    qr.make(fit=True)
    image = io.BytesIO()
    qr.make_image(fill_color="black", back_color="white").save(image, format="PNG")
    pdf.image(image, x=(pdf.w - QR_MM) / 2, y=pdf.get_y() + 4, w=QR_MM, h=QR_MM)
    pdf.set_y(pdf.get_y() + QR_MM + 10)
    for number, step in enumerate(STEPS, start=1):
        line = msg(N_("{number}. {step}"), number=number, step=Msg(step))
        pdf.paragraph(_plain(renderer, line, locale), 15, rtl=rtl, gap=3)
    pdf.ln(3)
    pdf.paragraph(_plain(renderer, expiry, locale), 13, rtl=rtl, gap=6)
    pdf.paragraph(link, 10, gap=2)
    return bytes(pdf.output())


def write_invite(
    pdf_path: Path,
    png_path: Path | None,
    *,
    link: str,
    role: Role,
    unit_name: str,
    expires_at: datetime,
    renderer: Renderer,
    locale: str = "sv",
) -> bytes:
    """Write the invite PDF (and a PNG of its page for sharing); return the PDF."""
    document = invite_document(
        link=link,
        role=role,
        unit_name=unit_name,
        expires_at=expires_at,
        renderer=renderer,
        locale=locale,
    )
    pdf_path.parent.mkdir(parents=True, exist_ok=True)
    pdf_path.write_bytes(document)
    if png_path is not None:
        page_png(document, png_path)
    return document
