"""A prospect chatting with the bot through the fake Bot API, so e2e tests read like the chat.

    p = Prospect(api, chat_id=1)
    await p.send("/start")
    await p.press("Ja")
    await p.send("80.000")
    assert "Versicherungssumme" in p.last_text

Every action waits until the bot has answered it: it sent, edited or deleted a message in this
chat (or showed a popup for a pressed button) and then made no call for this chat for `quiet`
seconds, with none still running. A bot that answers in several steps is thus read once it is
done; pass `until=` where a step needs a sharper condition.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from typing import Any

from tests.fakes.bot_api import FakeBotApi
from tests.fakes.chat import Button, ButtonPress, ChatMessage, RecordedRequest

_VISIBLE_ANSWERS = frozenset(
    {
        "sendMessage",
        "sendPhoto",
        "sendDocument",
        "editMessageText",
        "editMessageReplyMarkup",
        "deleteMessage",
    }
)


def _is_answer(request: RecordedRequest) -> bool:
    """A call that changes what the user sees: a message, an edit, a deletion or a popup."""
    if not request.ok:
        return False
    if request.method == "answerCallbackQuery":
        return bool(request.params.get("text"))
    return request.method in _VISIBLE_ANSWERS


class Prospect:
    """One user in one chat, doing what a person does: typing and pressing buttons."""

    def __init__(
        self,
        api: FakeBotApi,
        chat_id: int,
        *,
        user: Mapping[str, Any] | None = None,
        phone_number: str = "+49 170 1234567",
        quiet: float = 0.25,
        timeout: float | None = None,
        served: Callable[[list[int]], bool] | None = None,
    ) -> None:
        self.api = api
        self.chat_id = chat_id
        self.user = user
        self.phone_number = phone_number
        self.quiet = quiet
        self.timeout = timeout
        self.served = served
        """Whether the bot has finished these updates (all this prospect sent so far); where
        given, a step also waits for it: a quiet moment alone can end a step early when a
        bot under load answers in several calls."""
        self.sent: list[int] = []

    async def send(
        self, text: str, *, until: Callable[[], object] | None = None
    ) -> list[ChatMessage]:
        """Types `text` and returns the bot messages that the answer sent or changed."""
        mark = len(self.api.requests())
        self.sent.append(self.api.user_sends_text(self.chat_id, text, user=self.user).update_id)
        return await self._answer(mark, repr(text), until)

    async def press(
        self, label: str, *, until: Callable[[], object] | None = None
    ) -> list[ChatMessage]:
        """Presses the button labelled `label` (exactly, or else the one label starting with
        it) on the latest bot message with buttons."""
        message, button = self._find_button(label)
        mark = len(self.api.requests())
        if message.has_inline_keyboard and button.callback_data is not None:
            pressed = self.api.user_presses(
                self.chat_id, message.message_id, button.callback_data, user=self.user
            )
            self.sent.append(pressed.update_id)
        elif message.has_inline_keyboard:
            raise LookupError(f"button {button.text!r} opens {button.url!r}; it sends nothing")
        elif button.request_contact:
            me = {**self.api.default_user(self.chat_id), **(self.user or {})}
            contact = {
                "phone_number": self.phone_number,
                "first_name": me["first_name"],
                "user_id": me["id"],
            }
            shared = self.api.user_sends({"contact": contact}, chat_id=self.chat_id, user=self.user)
            self.sent.append(shared.update_id)
        else:
            typed = self.api.user_sends_text(self.chat_id, button.text, user=self.user)
            self.sent.append(typed.update_id)
        return await self._answer(mark, f"[{button.text}]", until)

    @property
    def last_text(self) -> str:
        """What the latest bot message says now."""
        return self.api.last_message(self.chat_id).text

    @property
    def buttons(self) -> list[str]:
        """Labels on the latest bot message that has buttons."""
        message = self._keyboard_message()
        return [] if message is None else message.button_labels

    def transcript(self) -> str:
        """The chat as the prospect sees it, messages in their current state."""
        lines: list[str] = []
        for entry in self.api.chat_log(self.chat_id):
            if isinstance(entry, ButtonPress):
                lines.append(f"User: [{entry.label}]")
                text = (entry.answer or {}).get("text")
                if text:
                    lines.append(f"Bot:  (popup) {text}")
            elif entry.from_bot:
                lines.extend(_bot_lines(entry))
            else:
                lines.append(f"User: {entry.text if entry.kind == 'text' else f'<{entry.kind}>'}")
        return "\n".join(lines)

    def _keyboard_message(self) -> ChatMessage | None:
        return next((m for m in reversed(self.api.messages(self.chat_id)) if m.buttons), None)

    def _find_button(self, label: str) -> tuple[ChatMessage, Button]:
        message = self._keyboard_message()
        if message is None:
            raise LookupError(f"no bot message with buttons in chat {self.chat_id}")
        exact = [b for b in message.buttons if b.text == label]
        candidates = exact or [b for b in message.buttons if b.text.startswith(label)]
        if len(candidates) != 1:
            problem = "several buttons match" if candidates else "no button matches"
            raise LookupError(f"{problem} {label!r}; the keyboard shows {message.button_labels}")
        return message, candidates[0]

    async def _answer(
        self, mark: int, action: str, until: Callable[[], object] | None
    ) -> list[ChatMessage]:
        def settled() -> bool:
            mine = [r for r in self.api.requests()[mark:] if r.chat_id == self.chat_id]
            if not any(_is_answer(r) for r in mine) or any(r.status is None for r in mine):
                return False
            quiet = time.monotonic() - mine[-1].at >= self.quiet
            finished = self.served or self.api.finished
            served = finished is None or finished(self.sent)
            return quiet and served and (until is None or bool(until()))

        try:
            await self.api.wait_for(settled, self.timeout)
        except TimeoutError as error:
            raise TimeoutError(
                f"the bot did not answer {action} in chat {self.chat_id}; its calls:\n"
                f"{self.api.activity_report(self.chat_id)}\nchat so far:\n{self.transcript()}"
            ) from error
        return self._changed_since(mark)

    def _changed_since(self, mark: int) -> list[ChatMessage]:
        ids: set[int] = set()
        for request in self.api.requests()[mark:]:
            if request.chat_id != self.chat_id or not _is_answer(request):
                continue
            result = (request.response or {}).get("result")
            if isinstance(result, dict):
                ids.add(result["message_id"])
        return [m for m in self.api.messages(self.chat_id) if m.message_id in ids]


def _bot_lines(message: ChatMessage) -> list[str]:
    body = message.text if message.kind == "text" else f"<{message.kind}> {message.text}".strip()
    if message.file is not None and message.file.file_name:
        body = f"<{message.kind}: {message.file.file_name}> {message.text}".strip()
    first, *rest = body.splitlines() or [""]
    lines = [f"Bot:  {first}", *(f"      {line}" for line in rest)]
    lines.extend("      " + " ".join(f"[{b.text}]" for b in row) for row in message.keyboard)
    return lines
