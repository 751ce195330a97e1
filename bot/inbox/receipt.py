"""What Telegram sent, checked and turned into an arrival for the inbox.

Only a JSON object Telegram would send is taken: an integer `update_id` and one known kind
of update whose chat (or sender) can be told. Anything else is refused at the door, so it is
never stored and never retried.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Mapping
from typing import Any

from telegram import Update

from bot.inbox.dispatcher import Dispatcher, Notify
from bot.storage.inbox import Arrival, Inbox

log = logging.getLogger(__name__)

KINDS = frozenset(str(kind) for kind in Update.ALL_TYPES)
# Kinds that always name their chat; a body of one of these without a chat is refused.
CHAT_KINDS = (
    "message",
    "edited_message",
    "channel_post",
    "edited_channel_post",
    "business_message",
    "edited_business_message",
    "my_chat_member",
    "chat_member",
    "chat_join_request",
    "message_reaction",
    "message_reaction_count",
    "chat_boost",
    "removed_chat_boost",
)
NO_CHAT = 0
# How long storing must have failed before waiting prospects are told (a blip tells nobody).
NOTICE_AFTER_SECONDS = 3.0


def arrival_of(update: object) -> Arrival | None:
    """The arrival for a decoded update body, or None when it is not an update."""
    if not isinstance(update, dict):
        return None
    update_id = update.get("update_id")
    if not isinstance(update_id, int) or isinstance(update_id, bool) or update_id < 0:
        return None
    kinds = [key for key in update if key in KINDS]
    if len(kinds) != 1 or not isinstance(update[kinds[0]], dict):
        return None
    chat_id = _chat_of(kinds[0], update[kinds[0]])
    if chat_id is None:
        return None
    body = json.dumps(update, ensure_ascii=False, separators=(",", ":"))
    return Arrival(update_id, chat_id, body, decoded=update)


def _chat_of(kind: str, content: Mapping[str, Any]) -> int | None:
    """Whose turn the update is in: its chat, else its sender, else nobody in particular."""
    if kind in CHAT_KINDS:
        return _id(content.get("chat"))
    if kind == "callback_query":
        message = content.get("message")
        if isinstance(message, dict):
            return _id(message.get("chat"))
        return _id(content.get("from"))
    sender = _id(content.get("from")) or _id(content.get("user"))
    return NO_CHAT if sender is None else sender


def _id(value: object) -> int | None:
    if not isinstance(value, dict):
        return None
    found = value.get("id")
    return found if isinstance(found, int) and not isinstance(found, bool) else None


def language_of(arrival: Arrival) -> str | None:
    """The sender's Telegram language, read from the update itself (the database may be away)."""
    try:
        update = arrival.update()
    except ValueError:
        return None
    for content in update.values():
        if isinstance(content, dict):
            sender = content.get("from")
            if isinstance(sender, dict) and isinstance(sender.get("language_code"), str):
                return str(sender["language_code"])
    return None


class Receiver:
    """Stores what arrives and queues it for handling; the only way in for an update.

    While the database is away nothing can be stored, so Telegram keeps the updates (no
    offset, a 503) and sends them again. Once that has lasted a few seconds, each prospect
    waiting is told, once, that the answer will come.
    """

    def __init__(self, inbox: Inbox, dispatcher: Dispatcher, notify: Notify) -> None:
        self._inbox = inbox
        self._dispatcher = dispatcher
        self._notify = notify
        self._outage_since: float | None = None
        self._told: set[int] = set()

    async def receive(self, updates: list[Any]) -> int:
        """Store the updates (raises while the database is away); how many were new."""
        arrivals = [arrival for update in updates if (arrival := arrival_of(update)) is not None]
        if len(arrivals) < len(updates):
            log.warning("ignored %d bodies that are not updates", len(updates) - len(arrivals))
        if not arrivals:
            return 0
        try:
            new = await self._inbox.store(arrivals)
        except Exception:
            await self._trouble(arrivals)
            raise
        self._outage_since = None
        self._told.clear()
        self._dispatcher.submit(new)
        return len(new)

    async def _trouble(self, arrivals: list[Arrival]) -> None:
        now = time.monotonic()
        if self._outage_since is None:
            self._outage_since = now
        if now - self._outage_since < NOTICE_AFTER_SECONDS:
            return
        for arrival in arrivals:
            if arrival.chat_id not in self._told:
                self._told.add(arrival.chat_id)
                await self._notify(arrival, "trouble.wait")
