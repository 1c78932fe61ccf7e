"""Settings refuse to start with missing or malformed secrets, in one readable line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.config import ConfigError, Settings, load_settings

ROOT = Path(__file__).resolve().parents[2]
VALID_TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"
VALID_SECRET = "s3cret-Token_value"


@pytest.fixture(autouse=True)
def _no_stegvis_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Isolate from the developer's environment and any .env in the working directory."""
    for name in list(os.environ):
        if name.startswith("STEGVIS_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)


def settings(**values: object) -> Settings:
    return Settings(_env_file=None, **values)  # type: ignore[call-arg, arg-type]


def assert_one_line(exc: BaseException) -> str:
    message = str(exc)
    assert message.strip()
    assert "\n" not in message
    return message


def test_missing_token_is_one_line_error_naming_the_variable() -> None:
    with pytest.raises(ConfigError) as info:
        settings().require_token()
    assert "STEGVIS_BOT_TOKEN" in assert_one_line(info.value)


def test_blank_token_counts_as_missing() -> None:
    with pytest.raises(ConfigError, match="STEGVIS_BOT_TOKEN is not set"):
        settings(bot_token="   ").require_token()


@pytest.mark.parametrize("token", ["abc", "123456", "123456:", "123456:short", "abc:" + "x" * 30])
def test_malformed_token_is_one_line_error(token: str) -> None:
    with pytest.raises(ConfigError) as info:
        settings(bot_token=token).require_token()
    message = assert_one_line(info.value)
    assert "STEGVIS_BOT_TOKEN" in message
    assert token not in message, "the error must not echo the secret"


def test_valid_looking_token_is_returned() -> None:
    assert settings(bot_token=VALID_TOKEN).require_token() == VALID_TOKEN


def test_token_surrounded_by_whitespace_is_accepted_trimmed() -> None:
    assert settings(bot_token=f"  {VALID_TOKEN}\n").require_token() == VALID_TOKEN


def test_placeholder_token_is_refused_in_production() -> None:
    with pytest.raises(ConfigError, match="placeholder") as info:
        settings(bot_token="123456:CHANGE-ME", production=True).require_token()
    assert_one_line(info.value)


def test_token_is_kept_secret_in_settings_repr() -> None:
    assert VALID_TOKEN not in repr(settings(bot_token=VALID_TOKEN))


@pytest.mark.parametrize(
    "secret",
    [VALID_SECRET, "a" * 16, "Z" * 256, "0123456789_-abcdefXYZ"],
)
def test_well_formed_webhook_secret_is_returned(secret: str) -> None:
    assert settings(webhook_secret=secret).require_webhook_secret() == secret


@pytest.mark.parametrize(
    "secret",
    ["", "a" * 15, "a" * 257, "has space in it!!", "semi;colon-secret", "åäöåäöåäöåäöåäöåäö"],
)
def test_malformed_webhook_secret_is_one_line_error(secret: str) -> None:
    with pytest.raises(ConfigError) as info:
        settings(webhook_secret=secret).require_webhook_secret()
    assert "STEGVIS_WEBHOOK_SECRET" in assert_one_line(info.value)


def test_invalid_setting_value_becomes_one_line_config_error() -> None:
    with pytest.raises(ConfigError) as info:
        load_settings(_env_file=None, global_rate=0)
    assert "STEGVIS_GLOBAL_RATE" in assert_one_line(info.value)


def test_settings_are_read_from_stegvis_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STEGVIS_BOT_TOKEN", VALID_TOKEN)
    monkeypatch.setenv("STEGVIS_API_BASE_URL", "http://127.0.0.1:9999/")
    loaded = load_settings(_env_file=None)
    assert loaded.require_token() == VALID_TOKEN
    assert loaded.api_base_url == "http://127.0.0.1:9999"


def run_cli(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run `python -m bot.cli` in an empty directory with a clean STEGVIS_* environment."""
    base = {k: v for k, v in os.environ.items() if not k.startswith("STEGVIS_")}
    base["PYTHONPATH"] = str(ROOT)
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        cwd=tmp_path,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def assert_one_error_line(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error:")
    return lines[0]


def test_cli_run_without_token_exits_2_with_one_error_line(tmp_path: Path) -> None:
    line = assert_one_error_line(run_cli(tmp_path, "run"))
    assert "STEGVIS_BOT_TOKEN" in line
    assert not (tmp_path / "data").exists(), "nothing is created before the config is valid"


def test_cli_run_with_malformed_token_exits_2_with_one_error_line(tmp_path: Path) -> None:
    line = assert_one_error_line(run_cli(tmp_path, "run", STEGVIS_BOT_TOKEN="abc"))
    assert "STEGVIS_BOT_TOKEN" in line
