"""Invite tokens: random, stored only as a hash, carried in a t.me deep link."""

from __future__ import annotations

import hashlib
import re
import secrets

TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


def new_token() -> str:
    """Return a fresh invite token with 192 random bits, safe for a deep link."""
    return secrets.token_urlsafe(24)


def hash_token(token: str) -> str:
    """Return the stored form of a token: its SHA-256 in hex."""
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def deep_link(bot_username: str, token: str) -> str:
    """Return the t.me link that opens the bot with the invite token."""
    return f"https://t.me/{bot_username}?start={token}"
