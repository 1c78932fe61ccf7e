"""One settings class for the whole bot, read from `STEGVIS_*` variables and `.env`."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

TOKEN_RE = re.compile(r"^\d{1,20}:[A-Za-z0-9_-]{20,}$")
PLACEHOLDER_TOKENS = frozenset({"123456:CHANGE-ME", "changeme", "token", ""})
OFFICIAL_API = "https://api.telegram.org"


class ConfigError(Exception):
    """A setting is missing or malformed; the message is one line for a person to read."""


class Settings(BaseSettings):
    """Every setting of a Stegvis process."""

    model_config = SettingsConfigDict(
        env_prefix="STEGVIS_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    bot_token: SecretStr = SecretStr("")
    bot_username: str = ""
    api_base_url: str = OFFICIAL_API
    data_dir: Path = Path("data")
    database_url: str = ""
    timezone: str = "Europe/Stockholm"
    default_locale: str = "sv"
    production: bool = False
    runtime: Literal["aiogram", "ptb"] = "aiogram"

    webhook_url: str = ""
    webhook_secret: SecretStr = SecretStr("")
    webhook_host: str = "127.0.0.1"
    webhook_port: int = 8080
    webhook_path: str = "/telegram/webhook"

    global_rate: float = Field(30.0, gt=0)
    per_chat_interval: float = Field(1.0, ge=0)
    send_retries: int = Field(5, ge=0)
    outbox_lease: float = Field(120.0, gt=0)
    invite_ttl_hours: int = Field(72, gt=0)
    shutdown_grace: float = Field(8.0, gt=0)
    health_retention_days: int = Field(60, gt=0)
    outbox_retention_days: int = Field(30, gt=0)
    # How long an alert to a staff member waits for others to the same chat: alerts raised
    # within this many seconds of the first go out together as one message.
    alert_gather_seconds: float = Field(60.0, ge=0)
    # Updates processed at once (0 only stores them: for maintenance and tests) and how many
    # may wait in the inbox before polling pauses.
    max_in_flight: int = Field(128, ge=0)
    max_backlog: int = Field(1000, gt=0)

    @field_validator("api_base_url")
    @classmethod
    def _strip_slash(cls, value: str) -> str:
        return value.rstrip("/")

    @property
    def db_url(self) -> str:
        """Return the database URL, defaulting to a SQLite file in the data directory."""
        if self.database_url:
            return self.database_url
        return f"sqlite+aiosqlite:///{(self.data_dir / 'stegvis.sqlite3').resolve()}"

    def require_token(self) -> str:
        """Return the bot token or raise ConfigError with one clear line."""
        token = self.bot_token.get_secret_value().strip()
        if not token:
            raise ConfigError(
                "STEGVIS_BOT_TOKEN is not set: put the token from @BotFather in the "
                "environment or in .env"
            )
        if self.production and token in PLACEHOLDER_TOKENS:
            raise ConfigError(
                "STEGVIS_BOT_TOKEN is a placeholder; refusing to start in production"
            )
        if not TOKEN_RE.match(token):
            raise ConfigError(
                "STEGVIS_BOT_TOKEN looks malformed: expected '<digits>:<secret>' as given by "
                "@BotFather"
            )
        return token

    def require_webhook_secret(self) -> str:
        """Return the webhook secret or raise ConfigError."""
        secret = self.webhook_secret.get_secret_value()
        if not re.fullmatch(r"[A-Za-z0-9_-]{16,256}", secret):
            raise ConfigError(
                "STEGVIS_WEBHOOK_SECRET must be 16-256 characters of A-Z, a-z, 0-9, _ and -"
            )
        return secret


def load_settings(**overrides: object) -> Settings:
    """Load settings, turning validation errors into one-line ConfigErrors."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"])
        raise ConfigError(f"STEGVIS_{field.upper()}: {first['msg']}") from None
