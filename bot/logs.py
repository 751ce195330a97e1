"""Logging set up once: plain or JSON lines, the HTTP transport quieted.

Log lines name what happened (update ids, counts, error types), never what a user typed.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime

from bot.config import Settings


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


def configure_logging(settings: Settings) -> None:
    handler = logging.StreamHandler()
    if settings.log_format == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(settings.log_level.upper())
    # A request line per Bot API call says nothing about the bot and may carry the token.
    for noisy in ("httpx", "httpcore", "apscheduler", "transitions", "alembic"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
