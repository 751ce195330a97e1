"""Prometheus metrics, `cyberbot_`-prefixed, served on GET /metrics in webhook mode.

Each worker counts its own; Prometheus scrapes every worker and sums. Metrics carry kinds and
counts only, never anything a user wrote.
"""

from __future__ import annotations

import time
from typing import Any

from prometheus_client import CONTENT_TYPE_LATEST, Counter, Gauge, Histogram, generate_latest
from telegram import Update
from telegram.ext import Application

UPDATES = Counter("cyberbot_updates_total", "Telegram updates handled, by kind", ["kind"])
UPDATE_SECONDS = Histogram(
    "cyberbot_update_handling_seconds",
    "Time to handle one update, from receipt to the last reply sent",
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
ERRORS = Counter("cyberbot_errors_total", "Updates whose handling failed, by error type", ["error"])
INBOX_RETRIES = Counter(
    "cyberbot_inbox_retries_total",
    "Update handling attempts that failed and are retried",
    ["error"],
)
INBOX_GIVEN_UP = Counter("cyberbot_inbox_given_up_total", "Updates given up after failing")
INBOX_UNFINISHED = Gauge("cyberbot_inbox_unfinished", "Updates this worker holds, not yet done")
CONVERSATIONS = Counter(
    "cyberbot_conversations_total", "Consultations started and finished", ["event"]
)
LEADS = Counter("cyberbot_leads_total", "Leads handed to brokers' staff")
OUTBOX_BACKLOG = Gauge("cyberbot_outbox_backlog", "Outbox messages waiting for delivery")
OUTBOX_DELIVERED = Counter("cyberbot_outbox_delivered_total", "Outbox messages delivered", ["kind"])
OUTBOX_RETRIES = Counter(
    "cyberbot_outbox_retries_total", "Outbox delivery attempts that must be repeated", ["kind"]
)

CONTENT_TYPE = CONTENT_TYPE_LATEST


def update_kind(update: object) -> str:
    """A coarse, data-free label for an update."""
    if not isinstance(update, Update):
        return "other"
    if update.callback_query is not None:
        return "button"
    if update.edited_message is not None:
        return "edited"
    message = update.message
    if message is None:
        return "other"
    if message.text is not None:
        return "command" if message.text.startswith("/") else "text"
    return "media"


class MeasuredApplication(Application[Any, Any, Any, Any, Any, Any]):
    """PTB's Application, counting and timing every update it processes."""

    async def process_update(self, update: object) -> None:
        started = time.perf_counter()
        try:
            await super().process_update(update)
        finally:
            UPDATES.labels(update_kind(update)).inc()
            UPDATE_SECONDS.observe(time.perf_counter() - started)


def exposition() -> bytes:
    return generate_latest()
