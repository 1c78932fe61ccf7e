"""CVs as PDF and DOCX in four scripts, read back as a reader, a copy-paste and Word would."""

from __future__ import annotations

import ctypes
import io
import shutil
import subprocess
import zipfile
from collections import Counter
from pathlib import Path
from typing import Literal

import docx
import pytest
from docx.oxml.ns import qn
from fontTools.ttLib import TTFont

from bot.cv_document import (
    DOCX_MIME,
    NOW_LABEL,
    PDF_MIME,
    SEPARATOR,
    Block,
    cv_blocks,
    cv_docx,
    cv_pdf,
    draw_cv,
)
from bot.document_kit import FONTS, font_for, missing, static_font
from bot.printable import _plain
from bot.render import Renderer
from flows.cv_model import SECTION_NAMES, Contact, Cv, Job, Language, Referee, School, Section
from flows.output import CvSheet
from flows.text import Msg, msg

MARKS = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u2066\u2067\u2068\u2069"))
FAMILIES = {"sans": "Noto Sans", "arabic": "Noto Sans Arabic", "ethiopic": "Noto Sans Ethiopic"}
SECRET = "Hemlig Granne"  # a referee who did not agree to be called


def sample(
    name: str, titles: tuple[str, str], tasks: str, school: str, language: str, referee: str
) -> Cv:
    """A CV in one script, with a Latin employer and digits mixed in; no certificates."""
    return Cv(
        contact=Contact(name, "+46 70 123 45 67", "test.person@example.se", "Malmö"),
        wanted=(titles[0],),
        profile=f"{tasks} ICA Maxi 2019.",
        jobs=(
            Job("ICA Maxi 2019", titles[0], "Malmö", "Sverige", "2019-03", "now", tasks),
            Job("Volvo AB", titles[1], "Göteborg", "Sverige", "2015", "2018-11", tasks),
        ),
        schools=(School(school, "SFI D", "Sverige", "2018", "2019"),),
        languages=(Language(language, "native", "native", "native"), Language("Svenska", "B1")),
        licences=("B", "CE"),
        skills=("Excel", tasks),
        references=(
            Referee(referee, "ICA Maxi", "+46 70 765 43 21", consent=True),
            Referee(SECRET, "granne", "+46 70 000 00 00", consent=False),
        ),
    )


CVS = {
    "ar": sample(
        "فاطمة حسن",
        ("عاملة مستودع", "سائقة شاحنة"),
        "ترتيب البضائع واستلام 14 شاحنة يوميا في",
        "جامعة حلب",
        "العربية",
        "أحمد علي",
    ),
    "fa": sample(
        "مریم احمدی",
        ("آشپز", "راننده تاکسی"),
        "پخت غذا برای ۵۰ نفر در",
        "دانشگاه کابل",
        "فارسی",
        "رضا کریمی",
    ),
    "ti": sample(
        "ሰላም ተስፋይ",
        ("ሰራሕተኛ መኽዘን", "መራሒ መኪና"),
        "ንብረት ምስራዕን 120 ሳንዱቕ ብመዓልቲ ኣብ",
        "ቤት ትምህርቲ ኣስመራ",
        "ትግርኛ",
        "ዮናስ ገብረ",
    ),
    "uk": sample(
        "Олена Коваленко",
        ("Продавчиня", "Бухгалтерка"),
        "Обслуговування клієнтів і каса, 300 чеків на день у",
        "Київський університет",
        "Українська",
        "Іван Петренко",
    ),
    "sv": sample(
        "Anna Svensson",
        ("Lagerarbetare", "Lastbilschaufför"),
        "Plockade och packade varor, 14 lastbilar om dagen på",
        "Komvux Malmö",
        "Svenska",
        "Erik Berg",
    ),
}
SCRIPTS = ["ar", "fa", "ti", "uk"]


@pytest.fixture(scope="module")
def renderer() -> Renderer:
    return Renderer(timezone="Europe/Stockholm")


def squeezed(text: str) -> str:
    """Text without whitespace and direction marks (pdftotext spaces shaped glyphs apart)."""
    return "".join(text.translate(MARKS).split())


def heading(renderer: Renderer, section: Section, locale: str) -> str:
    return _plain(renderer, Msg(SECTION_NAMES[section]), locale)


def text_layer(pdf: bytes, tmp_path: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "cv.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def paragraphs(data: bytes) -> list[str]:
    return [p.text.translate(MARKS) for p in docx.Document(io.BytesIO(data)).paragraphs]


def typed_texts(cv: Cv) -> list[str]:
    job = cv.jobs[0]
    return [cv.contact.name, *(j.title for j in cv.jobs), cv.schools[0].school, job.employer]


@pytest.mark.parametrize("locale", SCRIPTS)
def test_the_pdf_reads_in_logical_order(renderer: Renderer, locale: str, tmp_path: Path) -> None:
    cv = CVS[locale]
    layer = squeezed(text_layer(cv_pdf(cv, locale, renderer), tmp_path))
    mixed = [cv.jobs[0].tasks] if locale != "fa" else []
    # (pdftotext puts Persian digits, bidi class EN, back in the wrong place when it turns
    # the page into logical order; the page shows them right, and the DOCX test reads them.)
    for typed in [*typed_texts(cv), *mixed, cv.references[0].name]:
        assert squeezed(typed) in layer, typed
    # Headings in the order an employer reads them.
    order = [Section.WANTED, Section.PROFILE, Section.JOBS, Section.SCHOOLS, Section.LANGUAGES]
    order += [Section.LICENCES, Section.SKILLS, Section.REFERENCES]
    found = [layer.index(squeezed(heading(renderer, s, locale))) for s in order]
    assert found == sorted(found)


def embedded_cmaps(pdf: bytes) -> list[tuple[str, str, frozenset[int]]]:
    """Each character of the text layer, with the name and the cmap of the embedded font
    program that draws it (read with pdfium, parsed with fontTools)."""
    import pypdfium2
    import pypdfium2.raw as raw

    document = pypdfium2.PdfDocument(pdf)
    fonts: dict[int, tuple[str, frozenset[int]]] = {}
    drawn = []
    for page in document:
        textpage = page.get_textpage()
        for i in range(textpage.count_chars()):
            obj = raw.FPDFText_GetTextObject(textpage.raw, i)
            if not obj:
                continue  # a space or line break the reader added
            font = raw.FPDFTextObj_GetFont(obj)
            key = ctypes.cast(font, ctypes.c_void_p).value or 0
            if key not in fonts:
                size = ctypes.c_size_t()
                raw.FPDFFont_GetFontData(font, None, 0, ctypes.byref(size))
                data = (ctypes.c_uint8 * size.value)()
                raw.FPDFFont_GetFontData(font, data, size.value, ctypes.byref(size))
                name = ctypes.create_string_buffer(256)
                raw.FPDFFont_GetBaseFontName(font, name, 256)
                with TTFont(io.BytesIO(bytes(data))) as program:
                    fonts[key] = (name.value.decode(), frozenset(program.getBestCmap()))
            char = chr(raw.FPDFText_GetUnicode(textpage.raw, i))
            drawn.append((char, *fonts[key]))
    document.close()
    return drawn


@pytest.mark.parametrize("locale", SCRIPTS)
def test_every_character_has_a_glyph(renderer: Renderer, locale: str, tmp_path: Path) -> None:
    cv = CVS[locale]
    blocks = cv_blocks(cv, locale, renderer)
    texts = [part for block in blocks for part in block.parts]
    # The regular instances the PDF embeds subsets of: the text's own font and the ones
    # standing behind it (the kit sets every other family as a fallback).
    covered = set().union(*(map(chr, TTFont(static_font(f)).getBestCmap()) for f in FONTS))
    for text in texts:
        assert not missing(text), text
        assert {c for c in text if c.isprintable() and c != " "} <= covered, text
    pdf = cv_pdf(cv, locale, renderer)
    # In the embedded font programs themselves. Arabic is drawn in contextual forms and
    # ligatures that a subset keeps without a cmap entry (pdfium reads their codes back as
    # stray characters), so the Arabic font's characters are covered by the checks above.
    drawn = embedded_cmaps(pdf)
    assert drawn, "the pages have text"
    for char, font, cmap in drawn:
        if char.isprintable() and not char.isspace() and not font.endswith("NotoSansArabic"):
            assert ord(char) in cmap, f"{char!r} ({ord(char):04X}) is in {font}"
    # fpdf2 silently leaves out a character no font has: every one must be in the text layer.
    layer = squeezed(text_layer(pdf, tmp_path)).replace("•", "").replace("·", "")
    assert Counter(layer) == Counter(squeezed("".join(texts)))
    path = tmp_path / "cv.pdf"
    path.write_bytes(pdf)
    if shutil.which("pdffonts") is None:
        pytest.skip("pdffonts (poppler-utils) is not installed")
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    rows = fonts.stdout.splitlines()[2:]
    assert rows, "the PDF has fonts"
    for row in rows:
        assert row.split()[-5] == "yes", f"embedded: {row}"
        assert row.split("+")[1].split()[0] in {"NotoSans", "NotoSansArabic", "NotoSansEthiopic"}


@pytest.mark.parametrize("locale", SCRIPTS)
def test_the_docx_holds_the_same_text_with_directions_and_fonts(
    renderer: Renderer, locale: str
) -> None:
    cv = CVS[locale]
    data = cv_docx(cv, locale, renderer)
    texts = paragraphs(data)
    joined = "\n".join(texts)
    for typed in [*typed_texts(cv), cv.jobs[0].tasks, cv.profile, cv.references[0].name]:
        assert typed in joined, typed
    headings = [heading(renderer, s, locale) for s in (Section.JOBS, Section.SCHOOLS)]
    assert all(h in texts for h in headings)
    jobs = texts.index(headings[0])
    assert jobs < texts.index(cv.jobs[0].title, jobs) < texts.index(headings[1])
    # The same paragraphs as the PDF, in the same order.
    blocks = cv_blocks(cv, locale, renderer)
    assert texts == [SEPARATOR.join(block.parts) for block in blocks]
    document = docx.Document(io.BytesIO(data))
    for paragraph in document.paragraphs:
        arabic = any(font_for(c) == "arabic" for c in paragraph.text)
        ppr = paragraph._p.pPr
        bidi = ppr is not None and ppr.find(qn("w:bidi")) is not None
        if locale in ("ar", "fa"):
            # Arabic-script paragraphs run right to left; the rest is set to the right (a
            # line of pieces runs right to left with each piece marked in its own direction).
            assert bidi or not arabic, paragraph.text
            if not bidi:
                assert ppr is not None
                assert ppr.find(qn("w:jc")).get(qn("w:val")) == "right"
        else:
            assert not bidi
        for run in paragraph.runs:
            fonts = run._r.rPr.find(qn("w:rFonts"))
            family = FAMILIES[font_for(run.text)]
            assert fonts.get(qn("w:ascii")) == fonts.get(qn("w:cs")) == family, run.text
            if font_for(run.text) == "arabic":
                assert run.font.rtl
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert not [n for n in package.namelist() if n.startswith("word/fonts/")]


@pytest.mark.parametrize("locale", [*SCRIPTS, "sv"])
def test_no_referee_without_consent_and_no_empty_section(
    renderer: Renderer, locale: str, tmp_path: Path
) -> None:
    cv = CVS[locale]
    layer = text_layer(cv_pdf(cv, locale, renderer), tmp_path)
    texts = paragraphs(cv_docx(cv, locale, renderer))
    certificates = heading(renderer, Section.CERTIFICATES, locale)
    skills = heading(renderer, Section.SKILLS, locale)
    assert squeezed(skills) in squeezed(layer)
    assert skills in texts
    for absent in (SECRET, "+46 70 000 00 00", "granne", certificates):
        assert squeezed(absent) not in squeezed(layer), absent
        assert not [t for t in texts if absent in t], absent
    assert squeezed(cv.references[0].name) in squeezed(layer)


def test_the_swedish_version_keeps_the_arabic_words(renderer: Renderer, tmp_path: Path) -> None:
    cv = CVS["ar"]
    blocks = cv_blocks(cv, "sv", renderer)
    order = [Section.WANTED, Section.PROFILE, Section.JOBS, Section.SCHOOLS, Section.LANGUAGES]
    order += [Section.LICENCES, Section.SKILLS, Section.REFERENCES]
    headings = [b.parts[0] for b in blocks if b.kind == "heading"]
    assert headings == [heading(renderer, s, "sv") for s in order]
    now = _plain(renderer, msg(NOW_LABEL), "sv")
    assert ("meta", (f"mars 2019 – {now}",)) in [(b.kind, b.parts) for b in blocks]

    def words(blocks: list[Block]) -> list[tuple[str, ...]]:
        return [b.parts for b in blocks if b.typed and b.kind in ("name", "title", "body", "item")]

    assert words(blocks) == words(cv_blocks(cv, "ar", renderer)), "typed text is unchanged"
    layer = squeezed(text_layer(cv_pdf(cv, "sv", renderer), tmp_path))
    for typed in [*typed_texts(cv), cv.jobs[0].tasks]:
        assert squeezed(typed) in layer
    joined = "\n".join(paragraphs(cv_docx(cv, "sv", renderer)))
    for typed in [*typed_texts(cv), cv.jobs[0].tasks, cv.profile]:
        assert typed in joined


def test_long_typed_text_is_printed_whole(renderer: Renderer, tmp_path: Path) -> None:
    profile = " ".join(f"ord{n} ሰላም {n}" for n in range(400))  # several pages of it
    cv = Cv(contact=Contact("Ny Person"), profile=profile)
    layer = squeezed(text_layer(cv_pdf(cv, "ti", renderer), tmp_path))
    assert squeezed(profile) in layer
    assert profile in paragraphs(cv_docx(cv, "ti", renderer))


def test_periods_show_in_the_documents_language(renderer: Renderer) -> None:
    jobs = (Job("A", "B", start="2019-03", end="2021"), Job("C", "D", start="2015", end=""))
    metas = [b.parts for b in cv_blocks(Cv(jobs=jobs), "uk", renderer) if b.kind == "meta"]
    assert ("березень 2019 – 2021",) in metas
    assert ("2015",) in metas


@pytest.mark.parametrize(
    ("kind", "mime", "magic"), [("pdf", PDF_MIME, b"%PDF"), ("docx", DOCX_MIME, b"PK")]
)
def test_draw_cv_attaches_the_asked_format(
    renderer: Renderer, kind: Literal["pdf", "docx"], mime: str, magic: bytes
) -> None:
    sheet = CvSheet(cv=CVS["sv"], locale="sv", format=kind, filename=f"cv.{kind}")
    attachment = draw_cv(sheet, renderer)
    assert (attachment.filename, attachment.mime_type) == (f"cv.{kind}", mime)
    assert attachment.content.startswith(magic)
