"""What tests read from the fake Bot API: chats, messages, buttons, calls and deliveries."""

from __future__ import annotations

import asyncio
from collections.abc import Generator, Mapping
from dataclasses import dataclass, field
from typing import Any

JSON = dict[str, Any]


@dataclass(frozen=True)
class Button:
    """One keyboard button, as the user sees and presses it."""

    text: str
    callback_data: str | None = None
    url: str | None = None
    request_contact: bool = False

    @classmethod
    def from_json(cls, raw: object) -> Button:
        if isinstance(raw, str):  # reply keyboards may list plain strings
            return cls(text=raw)
        data: Mapping[str, Any] = raw if isinstance(raw, Mapping) else {}
        callback_data = data.get("callback_data")
        url = data.get("url")
        return cls(
            text=str(data.get("text", "")),
            callback_data=None if callback_data is None else str(callback_data),
            url=None if url is None else str(url),
            request_contact=bool(data.get("request_contact")),
        )


@dataclass(frozen=True)
class SentFile:
    """A photo or document the bot sent; `content` holds the uploaded bytes."""

    file_id: str
    file_unique_id: str
    file_name: str | None
    mime_type: str | None
    content: bytes | None
    source: str | None
    """The URL or file id the bot passed instead of uploading, if it did."""


@dataclass(frozen=True)
class Upload:
    """One file part of a multipart request."""

    filename: str | None
    content_type: str | None
    content: bytes


@dataclass
class MessageVersion:
    """What a message looked like before an edit."""

    text: str
    entities: list[JSON]
    raw_text: str
    parse_mode: str | None
    reply_markup: JSON | None


@dataclass(eq=False)
class ChatMessage:
    """A message in a chat in its current state: edits applied, earlier versions in `history`.

    `text` is what the user reads (markup rendered, the caption for media); `raw_text` is what
    the bot sent.
    """

    chat_id: int
    message_id: int
    from_bot: bool
    date: int
    kind: str
    text: str
    entities: list[JSON] = field(default_factory=list)
    raw_text: str = ""
    parse_mode: str | None = None
    reply_markup: JSON | None = None
    file: SentFile | None = None
    reply_to_message_id: int | None = None
    payload: JSON | None = None
    """For user messages: the message object as delivered to the bot."""
    history: list[MessageVersion] = field(default_factory=list)
    edit_date: int | None = None
    deleted: bool = False

    @property
    def keyboard(self) -> list[list[Button]]:
        """The inline keyboard, or else the reply keyboard, sent with this message."""
        markup = self.reply_markup or {}
        rows = markup.get("inline_keyboard") or markup.get("keyboard") or []
        return [[Button.from_json(raw) for raw in row] for row in rows]

    @property
    def buttons(self) -> list[Button]:
        return [button for row in self.keyboard for button in row]

    @property
    def button_labels(self) -> list[str]:
        return [button.text for button in self.buttons]

    @property
    def has_inline_keyboard(self) -> bool:
        return "inline_keyboard" in (self.reply_markup or {})

    def version(self) -> MessageVersion:
        return MessageVersion(
            self.text, self.entities, self.raw_text, self.parse_mode, self.reply_markup
        )


@dataclass(eq=False)
class ButtonPress:
    """A user pressed an inline button; `answer` is the bot's answerCallbackQuery, if any."""

    chat_id: int
    message_id: int
    callback_data: str
    label: str
    query_id: str
    user_id: int
    answer: JSON | None = None


@dataclass(eq=False)
class RecordedRequest:
    """One call the bot made, in arrival order; `status` is None while it is still running."""

    method: str
    params: JSON
    uploads: dict[str, Upload]
    chat_id: int | None
    at: float
    """`time.monotonic()` when the request arrived."""
    status: int | None = None
    response: JSON | None = None

    @property
    def ok(self) -> bool:
        return self.status == 200

    @property
    def description(self) -> str | None:
        return None if self.response is None else self.response.get("description")

    def summary(self) -> str:
        detail = self.params.get("text") or self.params.get("caption") or ""
        outcome = "running" if self.status is None else str(self.status)
        if self.description:
            outcome += f" {self.description}"
        return f"{self.method} chat={self.chat_id} {str(detail)[:60]!r} -> {outcome}"


@dataclass(frozen=True)
class WebhookDelivery:
    """One POST of an update to the webhook; `status` is None when the connection failed."""

    update_id: int
    url: str
    secret: str | None
    status: int | None
    error: str | None


class InjectedUpdate(dict[str, Any]):
    """An update handed to the fake. `await` it to wait until the bot has received it."""

    def __init__(self, update: Mapping[str, Any], delivered: asyncio.Event, timeout: float):
        super().__init__(update)
        self._delivered = delivered
        self._timeout = timeout

    @property
    def update_id(self) -> int:
        return int(self["update_id"])

    def __await__(self) -> Generator[Any, None, InjectedUpdate]:
        return self._received().__await__()

    async def _received(self) -> InjectedUpdate:
        try:
            await asyncio.wait_for(self._delivered.wait(), self._timeout)
        except TimeoutError:
            raise TimeoutError(
                f"the bot did not take update {self.update_id} within {self._timeout} s: "
                "is it polling, or is a webhook set?"
            ) from None
        return self
