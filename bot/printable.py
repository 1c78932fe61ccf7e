"""A printable invite (PNG with a QR code) for people who cannot copy a link."""

from __future__ import annotations

import textwrap
from datetime import datetime
from pathlib import Path

import qrcode
from PIL import Image, ImageDraw, ImageFont

from bot.render import Renderer
from flows.model import Role
from flows.roles import ROLE_NAMES
from flows.text import N_, Msg, msg

A4_150DPI = (1240, 1754)
MARGIN = 100


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=size)


def invite_png(
    path: Path,
    *,
    link: str,
    role: Role,
    unit_name: str,
    expires_at: datetime,
    renderer: Renderer,
    locale: str = "sv",
) -> Path:
    """Write an A4 PNG with the invite's QR code, link and short instructions."""

    def t(m: Msg) -> str:
        return renderer.text(m, locale, markup=False).replace("\u2068", "").replace("\u2069", "")

    image = Image.new("RGB", A4_150DPI, "white")
    draw = ImageDraw.Draw(image)
    y = MARGIN
    draw.text((MARGIN, y), "Stegvis", fill="black", font=_font(72))
    y += 110
    title = t(msg(N_("Invite for {role} at {unit}"), role=Msg(ROLE_NAMES[role]), unit=unit_name))
    for line in textwrap.wrap(title, 40):
        draw.text((MARGIN, y), line, fill="black", font=_font(44))
        y += 58
    y += 20
    qr = qrcode.QRCode(border=2, box_size=12, error_correction=qrcode.constants.ERROR_CORRECT_M)
    qr.add_data(link)
    qr.make(fit=True)
    code = qr.make_image(fill_color="black", back_color="white").convert("RGB")
    code = code.resize((700, 700), Image.Resampling.NEAREST)
    image.paste(code, ((A4_150DPI[0] - 700) // 2, y))
    y += 740
    steps = t(
        msg(
            N_(
                "Scan the code with your phone's camera, or open the link below. Telegram "
                "opens and you press Start. The invite works once and until {expires}."
            ),
            expires=expires_at,
        )
    )
    for line in textwrap.wrap(steps, 50):
        draw.text((MARGIN, y), line, fill="black", font=_font(34))
        y += 46
    y += 30
    for line in textwrap.wrap(link, 55):
        draw.text((MARGIN, y), line, fill="black", font=_font(30))
        y += 40
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, "PNG")
    return path
