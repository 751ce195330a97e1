"""Fakes for end-to-end tests: a local Telegram Bot API server and a prospect who chats with it."""

from tests.fakes.bot_api import FakeBotApi
from tests.fakes.chat import (
    Button,
    ButtonPress,
    ChatMessage,
    InjectedUpdate,
    RecordedRequest,
    SentFile,
    WebhookDelivery,
)
from tests.fakes.prospect import Prospect

__all__ = [
    "Button",
    "ButtonPress",
    "ChatMessage",
    "FakeBotApi",
    "InjectedUpdate",
    "Prospect",
    "RecordedRequest",
    "SentFile",
    "WebhookDelivery",
]
