"""Printable invites in every offered locale, checked as a reader and a phone would."""

from __future__ import annotations

import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

from bot.document_kit import font_for, missing, page_png
from bot.printable import _plain, invite_document
from bot.render import Renderer
from flows.languages import OFFERED
from flows.model import Role
from flows.roles import ROLE_NAMES
from flows.text import Msg, msg

LINK = "https://t.me/stegvis_demo_bot?start=AbC_123-xyz"
UNIT = "Jobbtorg Söder"
EXPIRES = datetime(2026, 12, 8, 15, 0, tzinfo=UTC)
MARKS = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u2066\u2067\u2068\u2069"))


@pytest.fixture(scope="module")
def renderer() -> Renderer:
    return Renderer(timezone="Europe/Stockholm")


def squeezed(text: str) -> str:
    """Text without whitespace and direction marks (pdftotext spaces shaped glyphs apart)."""
    return "".join(text.translate(MARKS).split())


def title(renderer: Renderer, locale: str) -> str:
    message = msg("Invite for {role} at {unit}", role=Msg(ROLE_NAMES[Role.PARTICIPANT]), unit=UNIT)
    return _plain(renderer, message, locale)


@pytest.mark.parametrize("locale", OFFERED)
def test_the_invite_reads_right_in_every_locale(
    renderer: Renderer, locale: str, tmp_path: Path
) -> None:
    pdf = invite_document(
        link=LINK,
        role=Role.PARTICIPANT,
        unit_name=UNIT,
        expires_at=EXPIRES,
        renderer=renderer,
        locale=locale,
    )
    heading = title(renderer, locale)
    assert not missing(heading), "every character has a glyph in the kit's fonts"
    path = tmp_path / f"{locale}.pdf"
    path.write_bytes(pdf)
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    layer = squeezed(text)
    assert squeezed(heading) in layer, "the text layer reads in logical order"
    assert squeezed(title(renderer, "sv")) in layer, "a Swedish line for the coach"
    assert LINK in text
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    assert any(
        "NotoSans" in line and line.split()[-5] == "yes" for line in fonts.stdout.splitlines()[2:]
    ), "fonts are embedded"


@pytest.mark.parametrize("locale", ["sv", "ar", "ti"])
def test_the_qr_code_on_the_png_reads_back_as_the_link(
    renderer: Renderer, locale: str, tmp_path: Path
) -> None:
    pdf = invite_document(
        link=LINK,
        role=Role.PARTICIPANT,
        unit_name=UNIT,
        expires_at=EXPIRES,
        renderer=renderer,
        locale=locale,
    )
    png = page_png(pdf, tmp_path / "invite.png")
    with Image.open(png) as image:
        assert abs(image.width - 1240) <= 1, "A4 at 150 dpi"
        assert abs(image.height - 1754) <= 1
        codes = zxingcpp.read_barcodes(image)
    assert [code.text for code in codes] == [LINK]


@pytest.mark.parametrize(
    ("text", "family"),
    [("Söder", "sans"), ("دعوة Söder", "arabic"), ("ዕድመ Söder", "ethiopic"), ("Олена", "sans")],
)
def test_one_place_picks_the_font_for_a_text(text: str, family: str) -> None:
    assert font_for(text) == family
    assert not missing(text)
