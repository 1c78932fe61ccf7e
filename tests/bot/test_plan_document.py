"""The action plan's PDF: its lines in the participant's script, and in Swedish."""

from __future__ import annotations

import shutil
import subprocess
from datetime import UTC, datetime

import pytest

from bot.document_kit import missing
from bot.plan_document import plan_pdf
from bot.printable import _plain
from bot.render import Renderer
from flows.output import PlanSheet
from flows.path_model import PlanVersion
from flows.text import N_, msg
from tests.bot.test_documents import squeezed

AT = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
PLANS = {
    "ar": PlanVersion(
        1, 42, 1, "العمل طباخة", ("دورة SFI D حتى آذار", "تدريب في Bageriet"), "آتي كل يوم", AT, 7
    ),
    "ti": PlanVersion(
        2, 43, 1, "ስራሕ ኣብ መኽዘን", ("SFI D ክሳብ መጋቢት", "ልምምድ ኣብ ICA"), "መዓልታዊ ክመጽእ እየ", AT, 7
    ),
    "uk": PlanVersion(
        3,
        44,
        2,
        "Робота кухарем",
        ("SFI D до березня", "Практика в Bageriet"),
        "Приходжу щодня",
        AT,
        7,
    ),
}


@pytest.mark.parametrize("locale", sorted(PLANS))
def test_the_plan_pdf_holds_its_lines_in_the_participants_script_and_in_swedish(
    locale: str,
) -> None:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    renderer = Renderer(timezone="Europe/Stockholm")
    plan = PLANS[locale]
    for language in (locale, "sv"):
        data = plan_pdf(PlanSheet(plan, "Amina", language, "plan.pdf"), renderer)
        layer = squeezed(
            subprocess.run(
                ["pdftotext", "-enc", "UTF-8", "-", "-"],
                input=data,
                capture_output=True,
                check=True,
            ).stdout.decode()
        )
        for words in (plan.goal, *plan.steps, plan.commitment):
            assert not missing(words)
            # A line in one script reads whole in logical order; in a line that mixes Arabic
            # with Latin ("SFI D"), pdftotext may put the runs in another order, each whole.
            mixed = any(c.isascii() and c.isalpha() for c in words) and not words.isascii()
            parts = words.split() if mixed else [words]
            assert all(squeezed(part) in layer for part in parts), f"{language}: {words}"
        title = msg(N_("Action plan for {name}"), name="Amina")
        heading = _plain(renderer, title, language)
        assert squeezed(heading) in layer, f"{language}: the headings are in that language"
