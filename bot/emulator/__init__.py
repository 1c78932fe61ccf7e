"""A local Telegram Bot API server for tests, benchmarks and the demo."""

from bot.emulator.client import UserClient
from bot.emulator.server import Call, Emulator, Fault

__all__ = ["Call", "Emulator", "Fault", "UserClient"]
