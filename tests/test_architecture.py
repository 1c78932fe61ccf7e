"""flows/ stays framework-free: no Telegram, database, scheduler, i18n or shell imports."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FLOWS = ROOT / "flows"
FORBIDDEN = frozenset(
    {
        "aiogram",
        "telegram",
        "sqlalchemy",
        "apscheduler",
        "babel",
        "langdetect",
        "aiohttp",
        "httpx",
        "storage",
        "bot",
    }
)
DYNAMIC_IMPORTERS = frozenset({"import_module", "__import__"})


def _top(name: str) -> str:
    return name.split(".", 1)[0]


def forbidden_imports(source: str, filename: str = "<string>") -> list[str]:
    """Return one finding per forbidden import in `source` ("file:line: module")."""
    findings: list[str] = []
    for node in ast.walk(ast.parse(source, filename=filename)):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        elif isinstance(node, ast.Call):
            func = node.func
            called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            first = node.args[0] if node.args else None
            if (
                called in DYNAMIC_IMPORTERS
                and isinstance(first, ast.Constant)
                and isinstance(first.value, str)
            ):
                names = [first.value]
        findings.extend(
            f"{filename}:{node.lineno}: {name}" for name in names if _top(name) in FORBIDDEN
        )
    return findings


def flow_sources() -> list[Path]:
    """Return every Python file under flows/."""
    return sorted(FLOWS.rglob("*.py"))


def test_flows_package_has_modules_to_check() -> None:
    names = {path.name for path in flow_sources()}
    assert {"dispatch.py", "registry.py", "routes.py", "ports.py"} <= names


MAX_LINES = 420  # "about 400": small modules, one concern each


def test_no_module_of_the_product_is_over_about_400_lines() -> None:
    long = [
        f"{path.relative_to(ROOT)}: {count}"
        for folder in ("flows", "storage", "bot")
        for path in sorted((ROOT / folder).rglob("*.py"))
        if "emulator" not in path.parts and "migrations" not in path.parts
        if (count := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    ]
    assert long == [], "split these modules by concern:\n" + "\n".join(long)


def test_flows_import_no_framework_storage_or_shell_module() -> None:
    findings = [
        finding
        for path in flow_sources()
        for finding in forbidden_imports(
            path.read_text(encoding="utf-8"), str(path.relative_to(ROOT))
        )
    ]
    assert findings == [], "flows/ must stay framework-free:\n" + "\n".join(findings)


@pytest.mark.parametrize(
    "source",
    [
        "import aiogram",
        "import aiogram.types as t",
        "from aiogram import Bot",
        "from telegram.ext import Application",
        "import sqlalchemy.orm",
        "from apscheduler.schedulers.asyncio import AsyncIOScheduler",
        "from babel.dates import format_date",
        "import langdetect",
        "import aiohttp",
        "import httpx",
        "from storage.repositories import Store",
        "from bot.render import Renderer",
        "import bot",
        "def f():\n    import storage.db\n",
        "if True:\n    from bot import config\n",
        "import importlib\nimportlib.import_module('aiogram')",
        "__import__('sqlalchemy')",
    ],
)
def test_checker_reports_forbidden_import(source: str) -> None:
    assert len(forbidden_imports(source)) == 1


@pytest.mark.parametrize(
    "source",
    [
        "import re",
        "from datetime import datetime",
        "from flows.model import Role",
        "from . import model",
        "import botocore",
        "import storagekit",
        "from telegramish import x",
    ],
)
def test_checker_accepts_allowed_import(source: str) -> None:
    assert forbidden_imports(source) == []


def test_checker_names_file_and_line_of_finding() -> None:
    findings = forbidden_imports("import os\n\nimport aiogram\n", "flows/x.py")
    assert findings == ["flows/x.py:3: aiogram"]
