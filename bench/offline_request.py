"""A Bot API answered in-process, so the benchmark measures the bot and not the network.

It keeps what a prospect's phone would show: per chat, the next message id and the last
message sent with an inline keyboard, whose buttons the simulated prospect presses.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from telegram.request import BaseRequest, RequestData

JSONDict = dict[str, Any]

# The bot the fake plays; the token is only ever part of a URL that goes nowhere.
TOKEN = "700000001:BENCHMARK-not-a-real-token"
BOT_USER: JSONDict = {
    "id": 700_000_001,
    "is_bot": True,
    "first_name": "Bench",
    "username": "cyberbench_bot",
    "can_join_groups": False,
    "can_read_all_group_messages": False,
    "supports_inline_queries": False,
}

# Methods that only acknowledge; everything the bot may call is listed, so a new call fails loudly.
_ACKNOWLEDGED = frozenset(
    {"answerCallbackQuery", "setMyCommands", "deleteMyCommands", "deleteWebhook", "setWebhook"}
)
_METHOD_NAMES = {
    name.lower(): name
    for name in (
        *_ACKNOWLEDGED,
        "getMe",
        "sendMessage",
        "editMessageReplyMarkup",
        "editMessageText",
    )
}


@dataclass
class ChatScreen:
    """One chat as the prospect sees it: where message ids are, which buttons are showing."""

    next_message_id: int = 1
    prompt: JSONDict | None = None

    def new_message_id(self) -> int:
        """User and bot messages share one sequence per private chat, as in Telegram."""
        message_id = self.next_message_id
        self.next_message_id += 1
        return message_id


class OfflineTelegram:
    """Telegram's side of every chat, plus a tally of the calls the bot made."""

    def __init__(self) -> None:
        self.chats: dict[int, ChatScreen] = {}
        self.calls: Counter[str] = Counter()
        self.refused: Counter[str] = Counter()
        self._methods: dict[str, Callable[[JSONDict], object]] = {
            "getMe": lambda _params: BOT_USER,
            "sendMessage": self._send_message,
            "editMessageReplyMarkup": self._edit,
            "editMessageText": self._edit,
        }

    def chat(self, chat_id: int) -> ChatScreen:
        screen = self.chats.get(chat_id)
        if screen is None:
            screen = self.chats[chat_id] = ChatScreen()
        return screen

    def forget(self, chat_id: int) -> None:
        """A finished chat is dropped, so memory stays that of the bot, not of this fake."""
        self.chats.pop(chat_id, None)

    def respond(self, method: str, params: JSONDict) -> tuple[int, bytes]:
        """The HTTP status and body Telegram would send for this call.

        Method names are case-insensitive, as on Telegram; calls are counted by the real name.
        """
        method = _METHOD_NAMES.get(method.lower(), method)
        self.calls[method] += 1
        if method in _ACKNOWLEDGED:
            return _ok(True)
        answer = self._methods.get(method)
        if answer is None:
            self.refused[method] += 1
            body = {"ok": False, "error_code": 400, "description": f"{method} is not simulated"}
            return 400, json.dumps(body).encode()
        return _ok(answer(params))

    def _send_message(self, params: JSONDict) -> JSONDict:
        chat_id = int(params["chat_id"])
        screen = self.chat(chat_id)
        message = _message(chat_id, screen.new_message_id(), params)
        if "reply_markup" in message:
            screen.prompt = message
        return message

    def _edit(self, params: JSONDict) -> JSONDict:
        chat_id, message_id = int(params["chat_id"]), int(params["message_id"])
        screen = self.chat(chat_id)
        shown = screen.prompt
        if shown is None or shown["message_id"] != message_id:
            return _message(chat_id, message_id, params)
        edited = _message(chat_id, message_id, {"text": shown.get("text"), **params})
        # Replaced, never changed in place: recorded updates keep quoting what was shown then.
        screen.prompt = edited if "reply_markup" in edited else None
        return edited


class OfflineRequest(BaseRequest):
    """PTB's transport, answered by an `OfflineTelegram` instead of HTTPS."""

    def __init__(self, telegram: OfflineTelegram) -> None:
        self.telegram = telegram

    @property
    def read_timeout(self) -> float | None:
        return None

    async def initialize(self) -> None:
        """Nothing to open."""

    async def shutdown(self) -> None:
        """Nothing to close."""

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: object = BaseRequest.DEFAULT_NONE,
        write_timeout: object = BaseRequest.DEFAULT_NONE,
        connect_timeout: object = BaseRequest.DEFAULT_NONE,
        pool_timeout: object = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        params = request_data.parameters if request_data is not None else {}
        return self.telegram.respond(url.rsplit("/", 1)[-1], params)


def _ok(result: object) -> tuple[int, bytes]:
    return 200, json.dumps({"ok": True, "result": result}).encode()


def _message(chat_id: int, message_id: int, params: JSONDict) -> JSONDict:
    message: JSONDict = {
        "message_id": message_id,
        "date": int(time.time()),
        "chat": {"id": chat_id, "type": "private"},
        "from": BOT_USER,
    }
    if params.get("text") is not None:
        message["text"] = params["text"]
    markup = params.get("reply_markup")
    if markup:
        # Sent as JSON text (a keyboard written as Telegram reads it) or as PTB's object.
        message["reply_markup"] = json.loads(markup) if isinstance(markup, str) else markup
    return message
