"""The one kit every printable document uses: fonts for each offered script, shaping, bidi.

The fonts come from Python packages (Noto Sans, Noto Sans Arabic, Noto Sans Ethiopic; all
under the SIL Open Font License), never from the machine. fpdf2 shapes text with HarfBuzz
(Arabic joining, Ethiopic syllables) and orders mixed right-to-left text with the Unicode
bidi algorithm; `font_for` is the one place that picks the font for a text, and the other
fonts stand behind it for the characters it lacks (a Latin name in an Arabic line).
"""

from __future__ import annotations

import functools
import hashlib
import io
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

import fontpkg_noto_sans
import fontpkg_noto_sans_arabic
import justmytype_intl_africa
from fontTools.ttLib import TTFont
from fpdf import FPDF

# The packages ship variable fonts; documents use their regular instance, made once per
# machine and kept in the user's cache (instancing takes seconds, loading it milliseconds).
REGULAR = {"wght": 400.0, "wdth": 100.0}
FONTS: dict[str, Path] = {
    "sans": Path(fontpkg_noto_sans.__file__).parent / "files" / "NotoSans[wdth,wght].ttf",
    "arabic": Path(fontpkg_noto_sans_arabic.__file__).parent
    / "files"
    / "NotoSansArabic[wdth,wght].ttf",
    "ethiopic": Path(justmytype_intl_africa.__file__).parent
    / "fonts"
    / "ofl"
    / "notosansethiopic"
    / "NotoSansEthiopic[wdth,wght].ttf",
}


def _in(ranges: Iterable[tuple[int, int]], char: str) -> bool:
    return any(lo <= ord(char) <= hi for lo, hi in ranges)


ARABIC = ((0x0600, 0x06FF), (0x0750, 0x077F), (0x08A0, 0x08FF), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF))
ETHIOPIC = ((0x1200, 0x139F), (0x2D80, 0x2DDF), (0xAB00, 0xAB2F))


def font_for(text: str) -> str:
    """Return the font family to set a text in: by the first script it needs beyond Latin."""
    for char in text:
        if _in(ETHIOPIC, char):
            return "ethiopic"
        if _in(ARABIC, char):
            return "arabic"
    return "sans"


@functools.cache
def _cmap(family: str) -> frozenset[int]:
    with TTFont(FONTS[family], lazy=True) as font:
        return frozenset(font.getBestCmap())


def missing(text: str) -> set[str]:
    """Return the characters of a text that no font of the kit can show."""
    covered = frozenset().union(*(_cmap(f) for f in FONTS))
    return {c for c in text if c.isprintable() and not c.isspace() and ord(c) not in covered}


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "stegvis" / "fonts"


@functools.cache
def static_font(family: str) -> Path:
    """Return the regular instance of a family's variable font, making it once."""
    from fontTools.varLib import instancer

    source = FONTS[family]
    key = hashlib.sha256(f"{source}:{source.stat().st_size}:{REGULAR}".encode()).hexdigest()
    target = _cache_dir() / f"{family}-{key[:16]}.ttf"
    if not target.is_file():
        target.parent.mkdir(parents=True, exist_ok=True)
        with TTFont(source) as font:
            regular = instancer.instantiateVariableFont(font, REGULAR)
            # Several processes may make it at once: each writes its own file, then renames.
            with tempfile.NamedTemporaryFile(dir=target.parent, delete=False) as part:
                regular.save(part)
            Path(part.name).replace(target)
    return target


def prepare_fonts() -> None:
    """Make every family's regular instance now (the first time on a machine: seconds)."""
    for family in FONTS:
        static_font(family)


class Document(FPDF):
    """An A4 PDF (or a page of a given size in mm) with the kit's fonts and text shaping on."""

    def __init__(self, size: str | tuple[float, float] = "A4") -> None:
        super().__init__(orientation="portrait", unit="mm", format=size)
        for family in FONTS:
            self.add_font(family, "", static_font(family))
        self.set_text_shaping(True)
        self.set_font("sans", "", 11)
        self.set_auto_page_break(auto=size == "A4", margin=15)

    @classmethod
    def sized(cls, width: float, height: float) -> Document:
        """A one-page drawing of its own size (a chart), no margins, the page begun."""
        pdf = cls((width, height))
        pdf.set_margins(0, 0, 0)
        pdf.add_page()
        return pdf

    def use(self, text: str, size: float) -> None:
        """Set the font a text needs, with the other scripts' fonts behind it."""
        family = font_for(text)
        self.set_font(family, "", size)
        self.set_fallback_fonts([f for f in FONTS if f != family], exact_match=False)

    def paragraph(self, text: str, size: float, *, rtl: bool = False, gap: float = 2) -> None:
        """Write a paragraph across the page, right-aligned in right-to-left languages."""
        self.use(text, size)
        self.multi_cell(0, size * 0.5, text, align="R" if rtl else "L")
        self.ln(gap)


def page_png(pdf: bytes, path: Path, dpi: int = 150, page: int = 0) -> Path:
    """Render one page of a PDF to a PNG file (the same layout as the printout)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(page_png_bytes(pdf, dpi, page))
    return path


def page_png_bytes(pdf: bytes, dpi: int = 150, page: int = 0) -> bytes:
    """Render one page of a PDF to PNG bytes on a white background."""
    import pypdfium2

    document = pypdfium2.PdfDocument(io.BytesIO(pdf))
    try:
        bitmap = document[page].render(scale=dpi / 72, fill_color=(255, 255, 255, 255))
        image = bitmap.to_pil()
    finally:
        document.close()
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()
