"""Updates waiting for the bot, confirmed by offset and filtered by allowed_updates."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from tests.fakes.chat import JSON

# Telegram sends these only to bots that ask for them in allowed_updates.
_OPT_IN_KINDS = frozenset({"chat_member", "message_reaction", "message_reaction_count"})


@dataclass(eq=False)
class Pending:
    """One update not yet confirmed; `delivered` is set once the bot has received it."""

    update: JSON
    delivered: asyncio.Event
    redelivery: bool = False
    """Handed out again although the bot confirmed its id: kept until it is returned once."""
    attempts: int = 0
    """Failed webhook deliveries so far."""

    @property
    def update_id(self) -> int:
        return int(self.update["update_id"])

    @property
    def kind(self) -> str:
        return next((key for key in self.update if key != "update_id"), "")


class UpdateQueue:
    """The bot's pending updates in order, and those it will never get."""

    def __init__(self) -> None:
        self._entries: list[Pending] = []
        self._next_id = 1
        self.dropped: list[JSON] = []
        self.confirmed: list[int] = []
        """Ids Telegram is done with: confirmed by a later offset, or accepted by a webhook."""
        self.allowed: frozenset[str] | None = None
        """The bot's allowed_updates; None means Telegram's default (all but the opt-in kinds)."""

    def __len__(self) -> int:
        return len(self._entries)

    def new_id(self) -> int:
        update_id = self._next_id
        self._next_id += 1
        return update_id

    def put(self, update: Mapping[str, Any], *, redelivery: bool = False) -> Pending:
        """Queues `update`, giving it a fresh update_id when it has none."""
        data = dict(update) if "update_id" in update else {"update_id": self.new_id(), **update}
        self._next_id = max(self._next_id, int(data["update_id"]) + 1)
        entry = Pending(data, asyncio.Event(), redelivery=redelivery)
        self._entries.append(entry)
        return entry

    def allow(self, allowed_updates: object) -> None:
        """Keeps the bot's allowed_updates when it sends a list, as Telegram does."""
        if isinstance(allowed_updates, list):
            self.allowed = frozenset(map(str, allowed_updates)) or None

    def confirm(self, offset: object) -> None:
        """getUpdates' offset: a positive one confirms lower ids, -n keeps the last n."""
        if not isinstance(offset, int) or offset == 0:
            return
        if offset > 0:
            kept = [e for e in self._entries if e.update_id >= offset or e.redelivery]
        else:
            kept = self._entries[offset:]
        self.confirmed.extend(e.update_id for e in self._entries if e not in kept)
        self._entries = kept

    def ready(self, limit: int) -> list[Pending]:
        """The next updates to hand out; kinds the bot did not ask for are dropped."""
        for entry in list(self._entries):
            wanted = (
                entry.kind not in _OPT_IN_KINDS
                if self.allowed is None
                else entry.kind in self.allowed
            )
            if not wanted:
                self.drop(entry)
        return self._entries[:limit]

    def handed_out(self, entries: list[Pending]) -> None:
        """The bot got these by getUpdates; they stay until it confirms them."""
        for entry in entries:
            entry.redelivery = False
            entry.delivered.set()

    def remove(self, entry: Pending) -> None:
        """A webhook accepted `entry`."""
        if entry in self._entries:
            self._entries.remove(entry)
            self.confirmed.append(entry.update_id)
        entry.delivered.set()

    def drop(self, entry: Pending) -> None:
        """`entry` will never reach the bot; waiting for it ends."""
        if entry in self._entries:
            self._entries.remove(entry)
        self.dropped.append(entry.update)
        entry.delivered.set()

    def drop_all(self) -> None:
        for entry in list(self._entries):
            self.drop(entry)
