"""`stegvis unit add` and `stegvis invite` as subprocesses on a real SQLite file."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image
from sqlalchemy.engine import make_url

from bot.admin import ensure_unit
from storage.db import make_engine, session_factory
from tests.conftest import run_in_thread

ROOT = Path(__file__).resolve().parents[2]
BOT = "stegvis_test_bot"
LINK = re.compile(rf"^https://t\.me/{BOT}\?start=([A-Za-z0-9_-]{{16,64}})$")
A4_150DPI = (1240, 1754)


def cli_env(db_path: Path, data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("STEGVIS_")}
    env.update(
        PYTHONPATH=str(ROOT),
        STEGVIS_DATABASE_URL=f"sqlite+aiosqlite:///{db_path}",
        STEGVIS_BOT_USERNAME=BOT,
        STEGVIS_DATA_DIR=str(data_dir),
    )
    return env


def stegvis(cwd: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """Run `python -m bot.cli ARGS` in `cwd` (no .env there) and return the result."""
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def assert_one_error_line(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 2, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr[-2000:]
    assert lines[0].startswith("error:")
    return lines[0]


def rows(db_path: Path, query: str) -> list[tuple[object, ...]]:
    connection = sqlite3.connect(db_path)
    try:
        return connection.execute(query).fetchall()
    finally:
        connection.close()


@dataclass(frozen=True)
class Issued:
    """What one `stegvis unit add` + `stegvis invite` run left behind."""

    tmp: Path
    db_path: Path
    png: Path
    unit_add: subprocess.CompletedProcess[str]
    invite: subprocess.CompletedProcess[str]


@pytest.fixture(scope="module")
def issued(tmp_path_factory: pytest.TempPathFactory) -> Issued:
    """Create unit `demo` and one participant invite through the CLI."""
    tmp = tmp_path_factory.mktemp("cli")
    db_path = tmp / "db.sqlite3"
    env = cli_env(db_path, tmp)
    unit_add = stegvis(tmp, env, "unit", "add", "demo", "Jobbtorg Demo")
    png = tmp / "inv.png"
    invite = stegvis(
        tmp, env, "invite", "--role", "participant", "--unit", "demo", "--out", str(png)
    )
    return Issued(tmp, db_path, png, unit_add, invite)


def token_of(issued: Issued) -> str:
    assert issued.invite.returncode == 0, issued.invite.stderr[-2000:]
    [line] = issued.invite.stdout.splitlines()
    match = LINK.match(line)
    assert match is not None, line
    return match.group(1)


def test_unit_add_reports_the_unit(issued: Issued) -> None:
    assert issued.unit_add.returncode == 0, issued.unit_add.stderr[-2000:]
    assert issued.unit_add.stdout.strip() == "unit demo: Jobbtorg Demo"
    assert rows(issued.db_path, "SELECT code, name FROM units") == [("demo", "Jobbtorg Demo")]


def test_invite_prints_exactly_one_deep_link(issued: Issued) -> None:
    token = token_of(issued)
    assert 16 <= len(token) <= 64
    assert "Traceback" not in issued.invite.stderr


def test_invite_stores_the_token_hash_not_the_token(issued: Issued) -> None:
    token = token_of(issued)
    stored = rows(issued.db_path, "SELECT token_hash, role, used_at FROM invites")
    assert stored == [(hashlib.sha256(token.encode()).hexdigest(), "participant", None)]
    connection = sqlite3.connect(issued.db_path)
    try:
        dump = "\n".join(connection.iterdump())
    finally:
        connection.close()
    assert token not in dump, "the token itself is never stored"


def test_invite_writes_an_a4_pdf_and_a_png_of_it(issued: Issued) -> None:
    assert issued.png.with_suffix(".pdf").read_bytes().startswith(b"%PDF")
    with Image.open(issued.png) as image:
        assert image.format == "PNG"
        assert abs(image.width - A4_150DPI[0]) <= 1
        assert abs(image.height - A4_150DPI[1]) <= 1
        gray = image.convert("L")
        codes = zxingcpp.read_barcodes(image)
    assert [LINK.match(code.text) is not None for code in codes] == [True]
    assert codes[0].text in issued.invite.stdout, "the QR code is the printed link"
    assert gray.getextrema() == (0, 255)


def test_invite_for_unknown_unit_exits_2_with_one_error_line(tmp_path: Path) -> None:
    env = cli_env(tmp_path / "db.sqlite3", tmp_path)
    result = stegvis(tmp_path, env, "invite", "--role", "participant", "--unit", "nosuch")
    assert "nosuch" in assert_one_error_line(result)
    assert result.stdout == ""
    assert rows(tmp_path / "db.sqlite3", "SELECT count(*) FROM invites") == [(0,)]


@pytest.fixture
def demo_db(sqlite_db_url: str) -> Path:
    """A migrated SQLite file with unit `demo`, seeded in-process."""

    async def seed() -> None:
        engine = make_engine(sqlite_db_url)
        try:
            async with session_factory(engine)() as session, session.begin():
                await ensure_unit(session, "demo", "Jobbtorg Demo", "Europe/Stockholm")
        finally:
            await engine.dispose()

    run_in_thread(seed())
    database = make_url(sqlite_db_url).database
    assert database is not None
    return Path(database)


def test_invite_with_unknown_coach_exits_2_with_one_error_line(
    demo_db: Path, tmp_path: Path
) -> None:
    # Should this regress, a plain traceback fails fast (rich's pretty one takes seconds).
    env = {**cli_env(demo_db, tmp_path), "TYPER_STANDARD_TRACEBACK": "1"}
    result = stegvis(
        tmp_path, env, "invite", "--role", "participant", "--unit", "demo", "--coach-id", "999"
    )
    assert "999" in assert_one_error_line(result)
    assert rows(demo_db, "SELECT count(*) FROM invites") == [(0,)]


def test_invite_with_negative_ttl_is_refused(demo_db: Path, tmp_path: Path) -> None:
    env = cli_env(demo_db, tmp_path)
    result = stegvis(
        tmp_path, env, "invite", "--role", "participant", "--unit", "demo", "--ttl-hours", "-5"
    )
    assert_one_error_line(result)
    assert result.stdout == "", "no link to an invite that expired before it was made"
    assert rows(demo_db, "SELECT count(*) FROM invites") == [(0,)]


def test_unit_settings_are_changed_key_by_key_from_the_cli(demo_db: Path, tmp_path: Path) -> None:
    env = cli_env(demo_db, tmp_path)
    first = stegvis(tmp_path, env, "unit", "set", "demo", "checkin_after_minutes=15")
    assert first.returncode == 0, first.stderr
    second = stegvis(tmp_path, env, "unit", "set", "demo", "quiet_hours_end=07:30")
    assert second.returncode == 0, second.stderr
    assert "checkin_after_minutes = 15" in second.stdout, "earlier settings are kept"
    assert "quiet_hours_end = 07:30" in second.stdout
    plan = stegvis(tmp_path, env, "unit", "set", "demo", "follow_up_hired=2w,1m,6m,12m")
    assert plan.returncode == 0, plan.stderr
    assert "follow_up_hired = ['2w', '1m', '6m', '12m']" in plan.stdout
    wide = stegvis(tmp_path, env, "unit", "set", "demo", "match_unit_wide=yes")
    assert wide.returncode == 0, wide.stderr
    assert "match_unit_wide = True" in wide.stdout


@pytest.mark.parametrize(
    "pair",
    [
        "nope=1",
        "checkin_after_minutes=soon",
        "quiet_hours_end=7",
        "absence_categories=x",
        "follow_up_start=soon",
        "follow_up_every=",
        "match_unit_wide=maybe",
    ],
)
def test_bad_unit_setting_exits_2_with_one_error_line(
    demo_db: Path, tmp_path: Path, pair: str
) -> None:
    env = cli_env(demo_db, tmp_path)
    assert_one_error_line(stegvis(tmp_path, env, "unit", "set", "demo", pair))


def test_invite_in_the_invitees_language_and_a_refused_one(issued: Issued) -> None:
    env = cli_env(issued.db_path, issued.tmp / "data")
    png = issued.tmp / "ar.png"
    result = stegvis(
        issued.tmp, env, "invite", "--role", "participant", "--unit", "demo", "--lang", "ar",
        "--out", str(png),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    if shutil.which("pdftotext") is not None:
        text = subprocess.run(
            ["pdftotext", str(png.with_suffix(".pdf")), "-"], capture_output=True, text=True
        ).stdout
        assert re.search("[\u0600-\u06ff]", text), "the invitee's language is Arabic"
        assert "Inbjudan" in text, "with a Swedish line for the coach"
    refused = stegvis(issued.tmp, env, "invite", "--role", "participant", "--unit", "demo",
                      "--lang", "de")  # fmt: skip
    assert "--lang must be one of" in assert_one_error_line(refused)
