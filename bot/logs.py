"""Logging set up once: plain or JSON lines, and one policy for what may reach them.

Log lines name what happened (update ids, counts, error types), never what a user typed. The
bot's own loggers follow LOG_LEVEL; every library is held at INFO or above, whatever LOG_LEVEL
says, because their DEBUG lines carry whole Bot API calls (message texts, names, phone
numbers), SQL parameters (answers) and, in python-telegram-bot's „Set Bot API URL“, the
token. As a last guard the handler masks the configured secrets wherever they would appear.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from typing import TextIO

from bot.config import Settings

# Loggers whose DEBUG lines are written by this project, not by a library.
OWN_LOGGERS = ("bot", "dialogs", "bench")
# Libraries that say nothing an operator needs below WARNING; a request line per Bot API call
# says nothing about the bot and carries the token in its URL.
QUIET_LIBRARIES = ("httpx", "httpcore", "apscheduler", "transitions", "alembic", "aiosqlite")
MASK = "[secret]"


class JsonFormatter(logging.Formatter):
    """One JSON object per line, for log collectors."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        return json.dumps(entry, ensure_ascii=False)


class SecretMask(logging.Filter):
    """Replaces the token and the webhook secrets in a record's message by a mask."""

    def __init__(self, secrets: list[str]) -> None:
        super().__init__()
        self.secrets = [secret for secret in secrets if secret]

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = message
        for secret in self.secrets:
            masked = masked.replace(secret, MASK)
        if masked != message:
            record.msg, record.args = masked, None
        return True


def configure_logging(settings: Settings, stream: TextIO | None = None) -> None:
    """The one handler (stderr unless `stream` is given) and the level of every logger."""
    handler = logging.StreamHandler(stream)
    if settings.log_format == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(SecretMask(_secrets(settings)))
    level = logging.getLevelNamesMapping()[settings.log_level]
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(max(level, logging.INFO))
    for own in OWN_LOGGERS:
        logging.getLogger(own).setLevel(level)
    for library in QUIET_LIBRARIES:
        logging.getLogger(library).setLevel(max(level, logging.WARNING))


def _secrets(settings: Settings) -> list[str]:
    secrets = (settings.telegram_bot_token, settings.webhook_secret, settings.lead_webhook_secret)
    return [secret.get_secret_value() for secret in secrets if secret is not None]
