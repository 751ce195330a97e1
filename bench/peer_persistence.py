"""The peer's persistence: PTB's `BasePersistence` over one `sqlite3` file, written through.

What a developer writes after PTB's "Making your bot persistent" page, once they find that
PicklePersistence loses whatever happened since its last flush: every `update_conversation`
and `update_user_data` is one statement and a commit, on the event loop, as `sqlite3` is
usually used. `DurableApplication` (in `bench.peer`) calls `update_persistence` after every
update, so a conversation's state and its answers are committed before the next update of
that chat is taken.

The journal is the bot's (WAL, synchronous=NORMAL): a commit survives the process crashing,
as the bot's does, and neither pays an fsync per update, so the comparison is of the work and
not of the disk. Only conversations and user_data are kept (answers live in `user_data`); chat
data, bot data and callback data are not stored.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from telegram.ext import BasePersistence, PersistenceInput
from telegram.ext._utils.types import CDCData, ConversationDict, ConversationKey

UserData = dict[Any, Any]

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS conversations ("
    " name TEXT NOT NULL, key TEXT NOT NULL, state TEXT NOT NULL, PRIMARY KEY (name, key))",
    "CREATE TABLE IF NOT EXISTS user_data (user_id INTEGER PRIMARY KEY, data TEXT NOT NULL)",
)


class SQLitePersistence(BasePersistence[UserData, UserData, UserData]):
    """Conversations and user_data in `path`; each update of either is committed at once."""

    def __init__(self, path: str | Path) -> None:
        super().__init__(
            store_data=PersistenceInput(bot_data=False, chat_data=False, callback_data=False)
        )
        self.connection = sqlite3.connect(path)
        self.connection.execute("PRAGMA journal_mode=WAL")
        self.connection.execute("PRAGMA synchronous=NORMAL")
        for statement in _SCHEMA:
            self.connection.execute(statement)
        self.connection.commit()

    async def get_conversations(self, name: str) -> ConversationDict:
        rows = self.connection.execute(
            "SELECT key, state FROM conversations WHERE name = ?", (name,)
        )
        return {tuple(json.loads(key)): json.loads(state) for key, state in rows}

    async def update_conversation(
        self, name: str, key: ConversationKey, new_state: object | None
    ) -> None:
        if new_state is None:
            self.connection.execute(
                "DELETE FROM conversations WHERE name = ? AND key = ?", (name, json.dumps(key))
            )
        else:
            self.connection.execute(
                "INSERT OR REPLACE INTO conversations (name, key, state) VALUES (?, ?, ?)",
                (name, json.dumps(key), json.dumps(new_state)),
            )
        self.connection.commit()

    async def get_user_data(self) -> dict[int, UserData]:
        rows = self.connection.execute("SELECT user_id, data FROM user_data")
        return {user_id: json.loads(data) for user_id, data in rows}

    async def update_user_data(self, user_id: int, data: UserData) -> None:
        self.connection.execute(
            "INSERT OR REPLACE INTO user_data (user_id, data) VALUES (?, ?)",
            (user_id, json.dumps(data)),
        )
        self.connection.commit()

    async def drop_user_data(self, user_id: int) -> None:
        self.connection.execute("DELETE FROM user_data WHERE user_id = ?", (user_id,))
        self.connection.commit()

    async def refresh_user_data(self, user_id: int, user_data: UserData) -> None:
        """user_data lives in this process between updates; nothing to re-read."""

    async def flush(self) -> None:
        """Everything is committed already; called once at shutdown."""
        self.connection.close()

    # Not stored (see `store_data`); PTB still requires the methods.

    async def get_chat_data(self) -> dict[int, UserData]:
        return {}

    async def update_chat_data(self, chat_id: int, data: UserData) -> None:
        """Not stored."""

    async def drop_chat_data(self, chat_id: int) -> None:
        """Not stored."""

    async def refresh_chat_data(self, chat_id: int, chat_data: UserData) -> None:
        """Not stored."""

    async def get_bot_data(self) -> UserData:
        return {}

    async def update_bot_data(self, data: UserData) -> None:
        """Not stored."""

    async def refresh_bot_data(self, bot_data: UserData) -> None:
        """Not stored."""

    async def get_callback_data(self) -> CDCData | None:
        return None

    async def update_callback_data(self, data: CDCData) -> None:
        """Not stored."""


def stored_user_data(path: str | Path) -> dict[int, UserData]:
    """Every user's data as the peer left it in `path` (read by the parent after a run)."""
    connection = sqlite3.connect(path)
    try:
        rows = connection.execute("SELECT user_id, data FROM user_data").fetchall()
    finally:
        connection.close()
    return {user_id: json.loads(data) for user_id, data in rows}
