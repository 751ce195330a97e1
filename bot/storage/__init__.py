"""Persistence: conversations and processed updates in SQLite or PostgreSQL.

State lives in the database, not in process memory, so any worker can serve any update and a
restart loses nothing.
"""

from bot.storage.conversations import ChatTx, ConversationRecord, ConversationStore
from bot.storage.database import DEFAULT_URL, Database
from bot.storage.migrate import current, current_async, upgrade, upgrade_async

__all__ = [
    "DEFAULT_URL",
    "ChatTx",
    "ConversationRecord",
    "ConversationStore",
    "Database",
    "current",
    "current_async",
    "upgrade",
    "upgrade_async",
]
