"""A fake Telegram Bot API server on 127.0.0.1, so end-to-end tests drive the real bot over HTTP.

The bot talks to it as it talks to Telegram (`Bot(token, base_url=api.base_url)`); tests inject
what users do, make calls fail, and read each chat as the user sees it. It rejects what Telegram
rejects and a test cares about (bad HTML, empty or overlong text, edits that change nothing,
unknown chats and messages), so a bug that Telegram would refuse fails here too.

Deliberate differences from Telegram: webhooks may be plain `http://` on a loopback address, and
updates are only ever POSTed to loopback addresses (a non-local webhook holds them until a test
calls `deliver_to_webhook`); Markdown parse modes are stored unrendered; there are no inline
messages and no auto-detected entities other than a leading bot command.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import itertools
import json
import logging
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import urlsplit

import aiohttp
from aiohttp import web

from tests.fakes.chat import (
    JSON,
    ButtonPress,
    ChatMessage,
    InjectedUpdate,
    RecordedRequest,
    SentFile,
    WebhookDelivery,
)
from tests.fakes.params import (
    ApiError,
    Formatted,
    bad_request,
    bot_commands,
    formatted_text,
    read_params,
    reply_markup,
)
from tests.fakes.telegram_html import utf16_len
from tests.fakes.update_queue import UpdateQueue

T = TypeVar("T")
_log = logging.getLogger(__name__)

DEFAULT_FIRST_NAME = "Erika"
DEFAULT_LANGUAGE = "de"
GROUP_MEMBER_ID = 4242
"""Id of the default user in group chats (group chat ids are negative, user ids never are)."""

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"

_UPDATE_KINDS = frozenset(
    {
        "message",
        "edited_message",
        "channel_post",
        "edited_channel_post",
        "business_connection",
        "business_message",
        "edited_business_message",
        "deleted_business_messages",
        "message_reaction",
        "message_reaction_count",
        "inline_query",
        "chosen_inline_result",
        "callback_query",
        "shipping_query",
        "pre_checkout_query",
        "purchased_paid_media",
        "poll",
        "poll_answer",
        "my_chat_member",
        "chat_member",
        "chat_join_request",
        "chat_boost",
        "removed_chat_boost",
    }
)
_CONTENT_KINDS = (
    "text",
    "sticker",
    "photo",
    "document",
    "contact",
    "location",
    "voice",
    "video",
    "audio",
    "animation",
    "video_note",
    "dice",
    "poll",
)
_CHAT_TYPES = frozenset({"private", "group", "supergroup", "channel"})
_CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)
_MEMBER_FIELDS: dict[str, JSON] = {
    "creator": {"is_anonymous": False},
    "administrator": {
        "can_be_edited": False,
        "is_anonymous": False,
        "can_manage_chat": True,
        "can_delete_messages": True,
        "can_manage_video_chats": True,
        "can_restrict_members": True,
        "can_promote_members": False,
        "can_change_info": True,
        "can_invite_users": True,
        "can_post_stories": False,
        "can_edit_stories": False,
        "can_delete_stories": False,
    },
    "member": {},
    "left": {},
    "kicked": {"until_date": 0},
}
_DEFAULT_DESCRIPTIONS = {
    400: "Bad Request: chat not found",
    401: "Unauthorized",
    403: "Forbidden: bot was blocked by the user",
    404: "Not Found",
    409: "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running",
    500: "Internal Server Error",
    502: "Bad Gateway",
}
_NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly the "
    "same as a current content and reply markup of the message"
)
_COMMAND = re.compile(r"/[A-Za-z0-9_]{1,64}(@[A-Za-z0-9_]+)?")
_SECRET_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,256}")


def _now() -> int:
    return int(time.time())


def is_loopback_url(url: str) -> bool:
    """Whether a URL points at this machine: the only place the fake ever sends traffic to."""
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass
class _Failure:
    method: str
    status: int
    remaining: int
    retry_after: int | None
    chat_id: int | None
    description: str


@dataclass
class _Slowness:
    method: str
    seconds: float
    remaining: int
    chat_id: int | None


@dataclass(frozen=True)
class _Webhook:
    url: str
    secret: str | None


def _command_entities(text: str) -> list[JSON]:
    """Telegram marks a leading /command, which is what command handlers look for."""
    match = _COMMAND.match(text)
    if match is None:
        return []
    return [{"type": "bot_command", "offset": 0, "length": utf16_len(match.group())}]


def _content_kind(message: Mapping[str, Any]) -> str:
    return next((kind for kind in _CONTENT_KINDS if kind in message), "other")


def _split_fragment(fragment: Mapping[str, Any]) -> tuple[str, JSON]:
    """`{"edited_message": {...}}` names its update kind; a bare message fragment is a message."""
    if len(fragment) == 1:
        ((kind, body),) = fragment.items()
        if kind in _UPDATE_KINDS:
            return kind, dict(body)
    return "message", dict(fragment)


# --- the server ------------------------------------------------------------------------------


class FakeBotApi:
    """A Telegram Bot API server for one bot token, started in the test's event loop."""

    def __init__(
        self,
        token: str = "123:ABC",
        *,
        bot_username: str = "cyber_test_bot",
        bot_name: str = "Cyber-Deckungsbot",
        timeout: float = 10.0,
        webhook_retry_delay: float = 0.2,
        webhook_max_attempts: int = 20,
    ) -> None:
        self.token = token
        self.bot_id = int(token.split(":", 1)[0])
        self.bot_username = bot_username
        self.bot_name = bot_name
        self.timeout = timeout
        """Default for every wait, so a hang fails the test instead of stalling it."""
        self.webhook_retry_delay = webhook_retry_delay
        self.webhook_max_attempts = webhook_max_attempts
        self._port: int | None = None
        self._runner: web.AppRunner | None = None
        self._session: aiohttp.ClientSession | None = None
        self._webhook_task: asyncio.Task[None] | None = None
        self._closing = False
        self._pulse = asyncio.Event()
        self._requests: list[RecordedRequest] = []
        self._failures: list[_Failure] = []
        self._slowness: list[_Slowness] = []
        self.finished: Callable[[list[int]], bool] | None = None
        """Set by whoever runs the bot under test: whether it has finished these updates,
        replies and all. A `Prospect` step then waits for it, not only for a quiet moment."""
        self._queue = UpdateQueue()
        self._query_ids = itertools.count(1)
        self._file_ids = itertools.count(1)
        self._poll_generation = 0
        self._webhook: _Webhook | None = None
        self._redirect: _Webhook | None = None
        self._webhook_error: tuple[int, str] | None = None
        self._deliveries: list[WebhookDelivery] = []
        self._chat_types: dict[int, str] = {}
        self._chat_overrides: dict[int, JSON] = {}
        self._user_overrides: dict[int, JSON] = {}
        self._known_users: dict[int, JSON] = {}
        self._member_status: dict[tuple[int, int], str] = {}
        self._log: dict[int, list[ChatMessage | ButtonPress]] = {}
        self._messages: dict[tuple[int, int], ChatMessage] = {}
        self._next_message_ids: dict[int, int] = {}
        self._presses: dict[str, ButtonPress] = {}
        self._files: dict[str, SentFile] = {}
        self._commands: dict[tuple[str, str], list[JSON]] = {}
        self._handlers: dict[str, Callable[[RecordedRequest], object]] = {
            "getMe": self._get_me,
            "setWebhook": self._set_webhook,
            "deleteWebhook": self._delete_webhook,
            "getWebhookInfo": self._get_webhook_info,
            "sendMessage": self._send_message,
            "sendPhoto": self._send_photo,
            "sendDocument": self._send_document,
            "editMessageText": self._edit_message_text,
            "editMessageReplyMarkup": self._edit_message_reply_markup,
            "deleteMessage": self._delete_message,
            "answerCallbackQuery": self._answer_callback_query,
            "setMyCommands": self._set_my_commands,
            "deleteMyCommands": self._delete_my_commands,
            "getMyCommands": self._get_my_commands,
            "sendChatAction": self._send_chat_action,
            "getChat": self._get_chat,
            "getChatMember": self._get_chat_member,
            "close": lambda _request: True,
            "logOut": lambda _request: True,
        }
        # Method names are case-insensitive on Telegram; requests are recorded by the real name.
        self._method_names = {name.lower(): name for name in [*self._handlers, "getUpdates"]}

    # lifecycle

    async def start(self) -> None:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self._port = self._runner.addresses[0][1]
        self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=self.timeout))
        self._webhook_task = asyncio.create_task(self._deliver_webhooks())

    async def stop(self) -> None:
        """Ends waiting long polls, webhook deliveries and the server."""
        self._closing = True
        self._notify()
        if self._webhook_task is not None:
            self._webhook_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._webhook_task
        if self._session is not None:
            await self._session.close()
        if self._runner is not None:
            await self._runner.cleanup()

    async def __aenter__(self) -> FakeBotApi:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        """The value for TELEGRAM_BASE_URL: the bot appends its token and the method."""
        if self._port is None:
            raise RuntimeError("FakeBotApi is not started")
        return f"http://127.0.0.1:{self._port}/bot"

    # users and chats

    def default_user(self, chat_id: int) -> JSON:
        """The user who writes in this chat unless a test passes another."""
        user: JSON = {
            "id": chat_id if chat_id > 0 else GROUP_MEMBER_ID,
            "is_bot": False,
            "first_name": DEFAULT_FIRST_NAME,
            "language_code": DEFAULT_LANGUAGE,
        }
        return {**user, **self._user_overrides.get(chat_id, {})}

    def set_user(self, chat_id: int, **fields: Any) -> None:
        """Changes the chat's default user, e.g. `set_user(1, language_code="en")`."""
        self._register_chat(chat_id, None)
        self._user_overrides.setdefault(chat_id, {}).update(fields)

    def set_chat(self, chat_id: int, *, chat_type: str | None = None, **fields: Any) -> None:
        """Makes a chat known to the bot (a staff group, say) and sets fields such as title."""
        self._register_chat(chat_id, chat_type)
        self._chat_overrides.setdefault(chat_id, {}).update(fields)

    def set_member_status(self, chat_id: int, user_id: int, status: str) -> None:
        """What getChatMember answers: creator, administrator, member, left or kicked."""
        if status not in _MEMBER_FIELDS:
            raise ValueError(f"status must be one of {sorted(_MEMBER_FIELDS)}")
        self._register_chat(chat_id, None)
        self._known_users.setdefault(
            user_id, {"id": user_id, "is_bot": False, "first_name": DEFAULT_FIRST_NAME}
        )
        self._member_status[(chat_id, user_id)] = status

    # what users do

    def user_sends_text(
        self,
        chat_id: int,
        text: str,
        *,
        user: Mapping[str, Any] | None = None,
        chat_type: str | None = None,
    ) -> InjectedUpdate:
        content: JSON = {"text": text}
        entities = _command_entities(text)
        if entities:
            content["entities"] = entities
        return self._user_message(chat_id, content, user=user, chat_type=chat_type)

    def user_sends(
        self,
        fragment: Mapping[str, Any],
        *,
        chat_id: int | None = None,
        user: Mapping[str, Any] | None = None,
        chat_type: str | None = None,
    ) -> InjectedUpdate:
        """Any message: `{"sticker": {...}}`, `{"contact": {...}}`, `{"edited_message": {...}}`.

        Missing ids, date, sender and chat are filled in; the chat comes from `chat_id` or the
        fragment's `chat.id`. An edited message names the user message it edits by message_id.
        """
        kind, body = _split_fragment(fragment)
        chat = body.get("chat")
        target = chat_id if chat_id is not None else (chat or {}).get("id")
        if not isinstance(target, int):
            raise ValueError("user_sends needs a chat: pass chat_id= or a fragment with chat.id")
        if kind == "edited_message":
            return self._user_edits(target, body)
        if kind != "message":
            raise ValueError(f"user_sends makes messages; use add_raw_update for {kind!r}")
        return self._user_message(target, body, user=user, chat_type=chat_type)

    def user_replies(
        self,
        chat_id: int,
        message_id: int,
        text: str,
        *,
        user: Mapping[str, Any] | None = None,
    ) -> InjectedUpdate:
        """The user answers a message with Telegram's "reply" (e.g. staff answering a card)."""
        message = self._messages.get((chat_id, message_id))
        if message is None or message.deleted:
            raise LookupError(f"chat {chat_id} shows no message {message_id}")
        content: JSON = {
            "text": text,
            "reply_to_message": self._message_json(message, with_reply=False),
        }
        return self._user_message(chat_id, content, user=user, chat_type=None)

    def user_presses(
        self,
        chat_id: int,
        message_id: int,
        callback_data: str,
        *,
        user: Mapping[str, Any] | None = None,
    ) -> InjectedUpdate:
        """Presses an inline button that the message shows right now."""
        message = self._shown_bot_message(chat_id, message_id)
        button = next(
            (b for b in message.buttons if b.callback_data == callback_data and b.callback_data),
            None,
        )
        if button is None or not message.has_inline_keyboard:
            raise LookupError(
                f"message {message_id} has no button with callback_data {callback_data!r}; "
                f"it shows {message.button_labels}"
            )
        return self._press(message, callback_data, button.text, user)

    def user_sends_callback(
        self,
        chat_id: int,
        message_id: int,
        callback_data: str,
        *,
        user: Mapping[str, Any] | None = None,
    ) -> InjectedUpdate:
        """A callback query with any data for a bot message, as a modified client can send:
        no button needs to carry it (Telegram only limits it to 64 bytes)."""
        message = self._shown_bot_message(chat_id, message_id)
        if len(callback_data.encode()) > 64:
            raise ValueError("Telegram's callback data has at most 64 bytes")
        return self._press(message, callback_data, "", user)

    def _shown_bot_message(self, chat_id: int, message_id: int) -> ChatMessage:
        message = self._messages.get((chat_id, message_id))
        if message is None or message.deleted or not message.from_bot:
            raise LookupError(f"chat {chat_id} shows no bot message {message_id}")
        return message

    def _press(
        self,
        message: ChatMessage,
        callback_data: str,
        label: str,
        user: Mapping[str, Any] | None,
    ) -> InjectedUpdate:
        chat_id, message_id = message.chat_id, message.message_id
        sender = self._sender(chat_id, user)
        press = ButtonPress(
            chat_id, message_id, callback_data, label, str(next(self._query_ids)), sender["id"]
        )
        self._presses[press.query_id] = press
        self._log.setdefault(chat_id, []).append(press)
        query = {
            "id": press.query_id,
            "from": sender,
            "message": self._message_json(message),
            "chat_instance": f"instance{chat_id}",
            "data": callback_data,
        }
        return self._enqueue({"callback_query": query})

    def user_adds_bot(
        self,
        chat_id: int,
        *,
        status: str = "member",
        chat_type: str = "supergroup",
        user: Mapping[str, Any] | None = None,
    ) -> InjectedUpdate:
        """A user adds the bot to a group (or changes its status there): `my_chat_member`."""
        self._register_chat(chat_id, chat_type)
        sender = self._sender(chat_id, user)
        self._member_status[(chat_id, self.bot_id)] = status
        change = {
            "chat": self._chat_json(chat_id),
            "from": sender,
            "date": _now(),
            "old_chat_member": {"user": self._bot_user(), "status": "left"},
            "new_chat_member": {
                "user": self._bot_user(),
                "status": status,
                **_MEMBER_FIELDS[status],
            },
        }
        return self._enqueue({"my_chat_member": change})

    def add_raw_update(self, update: Mapping[str, Any]) -> InjectedUpdate:
        """Queues an update as given; only a missing update_id is filled in."""
        return self._enqueue(update)

    def redeliver(self, update: Mapping[str, Any]) -> InjectedUpdate:
        """Sends the same update (same update_id) again, as Telegram does after a failure.

        When polling, it is returned once more even though the bot confirmed its id already.
        """
        return self._enqueue(update, redelivery=True)

    def deliver_to_webhook(self, url: str, secret: str | None = None) -> None:
        """POSTs updates to `url` from now on, whatever webhook the bot set itself.

        `secret` None sends the secret the bot passed to setWebhook. Ends when the bot deletes
        its webhook.
        """
        if not is_loopback_url(url):
            raise ValueError(f"the fake only delivers to this machine, not to {url}")
        self._redirect = _Webhook(url, secret)
        self._notify()

    # failures

    def fail(
        self,
        method: str,
        status: int,
        *,
        times: int = 1,
        retry_after: int | None = None,
        chat_id: int | None = None,
        description: str | None = None,
    ) -> None:
        """The next `times` calls of `method` (for `chat_id`, if given) fail with `status`."""
        if status == 429:
            retry_after = 1 if retry_after is None else retry_after
            default = f"Too Many Requests: retry after {retry_after}"
        else:
            default = _DEFAULT_DESCRIPTIONS.get(status, f"Error {status}")
        self._failures.append(
            _Failure(method.lower(), status, times, retry_after, chat_id, description or default)
        )

    def slow(
        self, method: str, seconds: float, *, times: int = 1, chat_id: int | None = None
    ) -> None:
        """The next `times` calls of `method` (for `chat_id`, if given) take effect at once,
        but their answer comes `seconds` later: a client that gives up first never learns
        that its message was sent."""
        self._slowness.append(_Slowness(method.lower(), seconds, times, chat_id))

    # reading

    def confirmed_updates(self) -> list[int]:
        """Update ids Telegram counts as delivered: confirmed by a later getUpdates offset, or
        answered 2xx by the webhook. The bot must never lose one of these."""
        return list(self._queue.confirmed)

    def requests(self, method: str | None = None) -> list[RecordedRequest]:
        """Every call the bot made, in order; only those of `method` when given."""
        if method is None:
            return list(self._requests)
        return [r for r in self._requests if r.method.lower() == method.lower()]

    def chat_log(self, chat_id: int) -> list[ChatMessage | ButtonPress]:
        """The chat in order: user messages, bot messages (current state), button presses."""
        return [
            entry
            for entry in self._log.get(chat_id, [])
            if not (isinstance(entry, ChatMessage) and entry.deleted)
        ]

    def messages(self, chat_id: int) -> list[ChatMessage]:
        """The bot's messages the user still sees, oldest first, as they look now."""
        return [m for m in self.chat_log(chat_id) if isinstance(m, ChatMessage) and m.from_bot]

    def message(self, chat_id: int, message_id: int) -> ChatMessage:
        """Any message by id, deleted ones included (see `deleted` and `history`)."""
        found = self._messages.get((chat_id, message_id))
        if found is None:
            raise LookupError(f"chat {chat_id} has no message {message_id}")
        return found

    def last_message(self, chat_id: int) -> ChatMessage:
        messages = self.messages(chat_id)
        if not messages:
            raise LookupError(f"the bot shows no message in chat {chat_id}")
        return messages[-1]

    def webhook_deliveries(self) -> list[WebhookDelivery]:
        return list(self._deliveries)

    def dropped_updates(self) -> list[JSON]:
        """Updates never delivered: not in the bot's allowed_updates, or the webhook gave up."""
        return list(self._queue.dropped)

    def commands(
        self, *, scope: Mapping[str, Any] | None = None, language_code: str = ""
    ) -> list[JSON]:
        """The command menu set with setMyCommands for this scope and language."""
        key = json.dumps(dict(scope or {"type": "default"}), sort_keys=True)
        return list(self._commands.get((key, language_code), []))

    def activity_report(self, chat_id: int | None = None, last: int = 15) -> str:
        """Recent calls, for failure messages: what the bot did instead of what was expected."""
        calls = [
            r
            for r in self._requests
            if (chat_id is None or r.chat_id == chat_id)
            and not (r.method == "getUpdates" and r.status in (None, 200))
        ]
        lines = [r.summary() for r in calls[-last:]] or ["(no calls)"]
        if self._queue.dropped:
            lines.append(f"dropped updates: {[u['update_id'] for u in self._queue.dropped]}")
        return "\n".join(lines)

    async def wait_for(self, predicate: Callable[[], T], timeout: float | None = None) -> T:
        """Waits until `predicate()` is true and returns its value.

        Re-checked on every call the bot makes and at least every 50 ms, so it also sees state
        outside the fake. A LookupError (IndexError, KeyError) counts as "not yet", so
        `lambda: api.messages(1)[-1]` works before the first message.
        """
        loop = asyncio.get_running_loop()
        limit = self.timeout if timeout is None else timeout
        deadline = loop.time() + limit
        while True:
            pulse = self._pulse
            try:
                value = predicate()
            except LookupError as error:
                last_error: LookupError | None = error
            else:
                if value:
                    return value
                last_error = None
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise TimeoutError(
                    f"condition not met within {limit} s; recent calls:\n{self.activity_report()}"
                ) from last_error
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(pulse.wait(), min(remaining, 0.05))

    async def wait_for_messages(
        self, chat_id: int, count: int, timeout: float | None = None
    ) -> list[ChatMessage]:
        """Waits until the chat shows at least `count` bot messages and returns them."""
        await self.wait_for(lambda: len(self.messages(chat_id)) >= count, timeout)
        return self.messages(chat_id)

    # HTTP

    async def _handle(self, request: web.Request) -> web.Response:
        name = request.match_info["method"]
        method = self._method_names.get(name.lower(), name)
        record = RecordedRequest(method, {}, {}, None, time.monotonic())
        self._requests.append(record)
        try:
            if request.match_info["token"] != self.token:
                raise ApiError(401, "Unauthorized")
            record.params, record.uploads = await read_params(request)
            record.chat_id = self._chat_of(record)
            self._raise_injected_failure(record)
            result = await self._dispatch(record)
            envelope: JSON = {"ok": True, "result": result}
            status = 200
            await self._answer_slowly(record, envelope)
        except ApiError as error:
            envelope, status = error.envelope(), error.status
        except Exception as error:  # a bug in the fake must show in the test, not hang it
            _log.exception("fake Bot API failed on %s", record.method)
            envelope, status = ApiError(500, f"fake Bot API failed: {error!r}").envelope(), 500
        record.status, record.response = status, envelope
        self._notify()
        return web.json_response(envelope, status=status)

    async def _dispatch(self, record: RecordedRequest) -> object:
        if record.method == "getUpdates":
            return await self._get_updates(record)
        handler = self._handlers.get(record.method)
        if handler is None:
            raise ApiError(404, "Not Found")
        return handler(record)

    def _chat_of(self, record: RecordedRequest) -> int | None:
        chat_id = record.params.get("chat_id")
        if isinstance(chat_id, int):
            return chat_id
        press = self._presses.get(str(record.params.get("callback_query_id")))
        return None if press is None else press.chat_id

    def _raise_injected_failure(self, record: RecordedRequest) -> None:
        for failure in self._failures:
            if failure.method == record.method.lower() and failure.chat_id in (
                None,
                record.chat_id,
            ):
                failure.remaining -= 1
                if failure.remaining <= 0:
                    self._failures.remove(failure)
                raise ApiError(failure.status, failure.description, failure.retry_after)

    async def _answer_slowly(self, record: RecordedRequest, envelope: JSON) -> None:
        """Done already (the chat shows it), answered only after the injected delay."""
        for slowness in self._slowness:
            if slowness.method == record.method.lower() and slowness.chat_id in (
                None,
                record.chat_id,
            ):
                slowness.remaining -= 1
                if slowness.remaining <= 0:
                    self._slowness.remove(slowness)
                record.status, record.response = 200, envelope
                self._notify()
                await asyncio.sleep(slowness.seconds)
                return

    def _notify(self) -> None:
        """Wakes everything waiting for a change: long polls, webhook delivery, `wait_for`."""
        self._pulse.set()
        self._pulse = asyncio.Event()

    # updates

    def _enqueue(self, update: Mapping[str, Any], *, redelivery: bool = False) -> InjectedUpdate:
        entry = self._queue.put(update, redelivery=redelivery)
        self._notify()
        return InjectedUpdate(entry.update, entry.delivered, self.timeout)

    async def _get_updates(self, record: RecordedRequest) -> list[JSON]:
        if self._webhook is not None or self._redirect is not None:
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        self._poll_generation += 1
        generation = self._poll_generation
        self._notify()  # an older long poll ends with 409, as on Telegram
        self._queue.allow(record.params.get("allowed_updates"))
        self._queue.confirm(record.params.get("offset"))
        limit = record.params.get("limit")
        limit = min(max(limit, 1), 100) if isinstance(limit, int) else 100
        wait = record.params.get("timeout")
        loop = asyncio.get_running_loop()
        deadline = loop.time() + (max(float(wait), 0.0) if isinstance(wait, int | float) else 0)
        while True:
            pulse = self._pulse
            if generation != self._poll_generation:
                raise ApiError(409, _DEFAULT_DESCRIPTIONS[409])
            ready = self._queue.ready(limit)
            remaining = deadline - loop.time()
            if ready or self._closing or remaining <= 0:
                break
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(pulse.wait(), remaining)
        self._queue.handed_out(ready)
        return [entry.update for entry in ready]

    def _webhook_target(self) -> _Webhook | None:
        if self._redirect is not None:
            secret = self._redirect.secret
            if secret is None and self._webhook is not None:
                secret = self._webhook.secret
            return _Webhook(self._redirect.url, secret)
        if self._webhook is not None and is_loopback_url(self._webhook.url):
            return self._webhook
        return None

    async def _deliver_webhooks(self) -> None:
        """POSTs queued updates one at a time, retrying failures like Telegram (but briefly)."""
        while True:
            pulse = self._pulse
            target = self._webhook_target()
            ready = self._queue.ready(1) if target is not None else []
            if target is None or not ready:
                await pulse.wait()
                continue
            entry = ready[0]
            status, error = await self._post_update(target, entry.update)
            self._deliveries.append(
                WebhookDelivery(entry.update_id, target.url, target.secret, status, error)
            )
            if status is not None and 200 <= status < 300:
                self._queue.remove(entry)
            else:
                entry.attempts += 1
                message = error or f"Wrong response from the webhook: {status}"
                self._webhook_error = (_now(), message)
                if entry.attempts >= self.webhook_max_attempts:
                    self._queue.drop(entry)
                else:
                    await asyncio.sleep(self.webhook_retry_delay)
            self._notify()

    async def _post_update(self, target: _Webhook, update: JSON) -> tuple[int | None, str | None]:
        assert self._session is not None, "started in start()"
        headers = {SECRET_HEADER: target.secret} if target.secret else {}
        try:
            async with self._session.post(target.url, json=update, headers=headers) as response:
                await response.read()
                return response.status, None
        except (aiohttp.ClientError, TimeoutError) as error:
            return None, f"Connection failed: {error!r}"

    # chats and messages

    def _register_chat(self, chat_id: int, chat_type: str | None) -> None:
        if chat_type is not None:
            if chat_type not in _CHAT_TYPES:
                raise ValueError(f"chat_type must be one of {sorted(_CHAT_TYPES)}")
            self._chat_types[chat_id] = chat_type
        else:
            self._chat_types.setdefault(chat_id, "private" if chat_id > 0 else "supergroup")

    def _sender(self, chat_id: int, user: Mapping[str, Any] | None) -> JSON:
        sender = {**self.default_user(chat_id), **(user or {})}
        self._known_users[sender["id"]] = sender
        return sender

    def _chat_json(self, chat_id: int) -> JSON:
        chat_type = self._chat_types[chat_id]
        chat: JSON = {"id": chat_id, "type": chat_type}
        if chat_type == "private":
            user = self.default_user(chat_id)
            chat.update({k: user[k] for k in ("first_name", "last_name", "username") if k in user})
        else:
            chat["title"] = "Testgruppe"
        return {**chat, **self._chat_overrides.get(chat_id, {})}

    def _bot_user(self) -> JSON:
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": self.bot_name,
            "username": self.bot_username,
        }

    def _new_message_id(self, chat_id: int) -> int:
        message_id = self._next_message_ids.get(chat_id, 1)
        self._next_message_ids[chat_id] = message_id + 1
        return message_id

    def _add_message(self, message: ChatMessage) -> None:
        self._messages[(message.chat_id, message.message_id)] = message
        self._log.setdefault(message.chat_id, []).append(message)

    def _user_message(
        self,
        chat_id: int,
        content: Mapping[str, Any],
        *,
        user: Mapping[str, Any] | None,
        chat_type: str | None,
    ) -> InjectedUpdate:
        self._register_chat(chat_id, chat_type)
        message_id = content.get("message_id") or self._new_message_id(chat_id)
        self._next_message_ids[chat_id] = max(
            self._next_message_ids.get(chat_id, 1), message_id + 1
        )
        payload: JSON = {
            "message_id": message_id,
            "date": _now(),
            **content,
            "from": self._sender(chat_id, user or content.get("from")),
            "chat": {**self._chat_json(chat_id), **content.get("chat", {})},
        }
        text = payload.get("text", payload.get("caption", ""))
        self._add_message(
            ChatMessage(
                chat_id,
                message_id,
                from_bot=False,
                date=payload["date"],
                kind=_content_kind(payload),
                text=str(text),
                entities=list(payload.get("entities", [])),
                raw_text=str(text),
                payload=payload,
            )
        )
        return self._enqueue({"message": payload})

    def _user_edits(self, chat_id: int, body: Mapping[str, Any]) -> InjectedUpdate:
        message_id = body.get("message_id")
        original = (
            self._messages.get((chat_id, message_id)) if isinstance(message_id, int) else None
        )
        if original is None or original.from_bot or original.payload is None:
            raise LookupError(f"chat {chat_id} has no user message {message_id} to edit")
        payload: JSON = {**original.payload, **body, "edit_date": _now()}
        payload["chat"] = original.payload["chat"]
        original.history.append(original.version())
        original.text = original.raw_text = str(payload.get("text", payload.get("caption", "")))
        original.entities = list(payload.get("entities", []))
        original.payload, original.edit_date = payload, payload["edit_date"]
        return self._enqueue({"edited_message": payload})

    def _message_json(self, message: ChatMessage, *, with_reply: bool = True) -> JSON:
        if message.payload is not None:
            return message.payload
        data: JSON = {
            "message_id": message.message_id,
            "from": self._bot_user(),
            "chat": self._chat_json(message.chat_id),
            "date": message.date,
        }
        captioned = message.kind != "text"
        text_key = "caption" if captioned else "text"
        entities_key = "caption_entities" if captioned else "entities"
        if message.text:
            data[text_key] = message.text
        if message.entities:
            data[entities_key] = message.entities
        if message.file is not None:
            data[message.kind] = self._file_json(message.kind, message.file)
        if message.has_inline_keyboard:
            data["reply_markup"] = message.reply_markup
        if message.edit_date is not None:
            data["edit_date"] = message.edit_date
        replied = self._messages.get((message.chat_id, message.reply_to_message_id or 0))
        if with_reply and replied is not None:
            data["reply_to_message"] = self._message_json(replied, with_reply=False)
        return data

    @staticmethod
    def _file_json(kind: str, file: SentFile) -> object:
        size = {"file_size": len(file.content)} if file.content is not None else {}
        ids = {"file_id": file.file_id, "file_unique_id": file.file_unique_id, **size}
        if kind == "photo":
            return [{**ids, "width": 800, "height": 600}]
        names = {"file_name": file.file_name, "mime_type": file.mime_type}
        return {**ids, **{key: value for key, value in names.items() if value is not None}}

    # parameters

    def _chat(self, record: RecordedRequest) -> int:
        chat_id = record.params.get("chat_id")
        if chat_id is None or chat_id == "":
            raise bad_request("chat_id is empty")
        if not isinstance(chat_id, int) or chat_id not in self._chat_types:
            raise bad_request("chat not found")
        return chat_id

    def _reply_to(self, record: RecordedRequest, chat_id: int) -> int | None:
        parameters = record.params.get("reply_parameters")
        source = parameters if isinstance(parameters, dict) else record.params
        target = source.get("message_id" if isinstance(parameters, dict) else "reply_to_message_id")
        if not isinstance(target, int):
            return None
        replied = self._messages.get((chat_id, target))
        if replied is not None and not replied.deleted:
            return target
        if source.get("allow_sending_without_reply"):
            return None
        raise bad_request("message to be replied not found")

    def _file(self, record: RecordedRequest, name: str) -> SentFile:
        value = record.params.get(name)
        upload = record.uploads.get(name)
        if isinstance(value, str) and value.startswith("attach://"):
            upload = record.uploads.get(value.removeprefix("attach://"))
        if upload is not None:
            return self._store_file(upload.filename, upload.content_type, upload.content, None)
        if isinstance(value, str) and value in self._files:
            return self._files[value]
        if isinstance(value, str) and value.startswith(("http://", "https://")):
            filename = urlsplit(value).path.rsplit("/", 1)[-1] or None
            return self._store_file(filename, None, None, value)
        if value:
            raise bad_request("wrong file identifier/HTTP URL specified")
        raise bad_request(f"there is no {name} in the request")

    def _store_file(
        self, name: str | None, mime_type: str | None, content: bytes | None, source: str | None
    ) -> SentFile:
        number = next(self._file_ids)
        file = SentFile(f"fake-file-{number}", f"unique-{number}", name, mime_type, content, source)
        self._files[file.file_id] = file
        return file

    def _message_to_edit(self, record: RecordedRequest) -> ChatMessage:
        if record.params.get("inline_message_id"):
            raise bad_request("MESSAGE_ID_INVALID")
        chat_id = self._chat(record)
        message_id = record.params.get("message_id")
        if not isinstance(message_id, int):
            raise bad_request("message identifier is not specified")
        message = self._messages.get((chat_id, message_id))
        if message is None or message.deleted:
            raise bad_request("message to edit not found")
        if not message.from_bot:
            raise bad_request("message can't be edited")
        return message

    # Bot API methods

    def _get_me(self, _record: RecordedRequest) -> JSON:
        return {
            **self._bot_user(),
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }

    def _set_webhook(self, record: RecordedRequest) -> bool:
        url = str(record.params.get("url") or "")
        secret = record.params.get("secret_token")
        if secret is not None and not _SECRET_TOKEN.fullmatch(str(secret)):
            raise bad_request("secret token contains unallowed characters")
        parts, local = urlsplit(url), is_loopback_url(url)
        if url and parts.scheme not in (("http", "https") if local else ("https",)):
            raise bad_request("bad webhook: HTTPS url must be provided for webhook")
        if url and not local and parts.port not in (None, 80, 88, 443, 8443):
            raise bad_request(
                "bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443"
            )
        self._queue.allow(record.params.get("allowed_updates"))
        if record.params.get("drop_pending_updates"):
            self._queue.drop_all()
        self._webhook = _Webhook(url, None if secret is None else str(secret)) if url else None
        if not url:
            self._redirect = None
        self._notify()
        return True

    def _delete_webhook(self, record: RecordedRequest) -> bool:
        if record.params.get("drop_pending_updates"):
            self._queue.drop_all()
        self._webhook = self._redirect = None
        self._notify()
        return True

    def _get_webhook_info(self, _record: RecordedRequest) -> JSON:
        info: JSON = {
            "url": "" if self._webhook is None else self._webhook.url,
            "has_custom_certificate": False,
            "pending_update_count": len(self._queue),
        }
        if self._webhook is not None:
            info["max_connections"] = 40
            if self._queue.allowed is not None:
                info["allowed_updates"] = sorted(self._queue.allowed)
        if self._webhook_error is not None:
            info["last_error_date"], info["last_error_message"] = self._webhook_error
        return info

    def _send_message(self, record: RecordedRequest) -> JSON:
        chat_id = self._chat(record)
        content = formatted_text(record.params, "text", "entities")
        return self._post_bot_message(record, chat_id, "text", content, None)

    def _send_photo(self, record: RecordedRequest) -> JSON:
        return self._send_file(record, "photo")

    def _send_document(self, record: RecordedRequest) -> JSON:
        return self._send_file(record, "document")

    def _send_file(self, record: RecordedRequest, kind: str) -> JSON:
        chat_id = self._chat(record)
        file = self._file(record, kind)
        content = formatted_text(record.params, "caption", "caption_entities")
        return self._post_bot_message(record, chat_id, kind, content, file)

    def _post_bot_message(
        self,
        record: RecordedRequest,
        chat_id: int,
        kind: str,
        content: Formatted,
        file: SentFile | None,
    ) -> JSON:
        markup = reply_markup(record.params, inline_only=False)
        reply_to = self._reply_to(record, chat_id)
        message = ChatMessage(
            chat_id,
            self._new_message_id(chat_id),
            from_bot=True,
            date=_now(),
            kind=kind,
            text=content.text,
            entities=content.entities,
            raw_text=content.raw_text,
            parse_mode=content.parse_mode,
            reply_markup=markup,
            file=file,
            reply_to_message_id=reply_to,
        )
        self._add_message(message)
        return self._message_json(message)

    def _edit_message_text(self, record: RecordedRequest) -> JSON:
        message = self._message_to_edit(record)
        if message.kind != "text":
            raise bad_request("there is no text in the message to edit")
        content = formatted_text(record.params, "text", "entities")
        return self._apply_edit(message, content, reply_markup(record.params, inline_only=True))

    def _edit_message_reply_markup(self, record: RecordedRequest) -> JSON:
        message = self._message_to_edit(record)
        content = Formatted(message.raw_text, message.parse_mode, message.text, message.entities)
        return self._apply_edit(message, content, reply_markup(record.params, inline_only=True))

    def _apply_edit(
        self, message: ChatMessage, content: Formatted, inline_markup: JSON | None
    ) -> JSON:
        """An edit without reply_markup removes the inline keyboard, as on Telegram."""
        current_inline = message.reply_markup if message.has_inline_keyboard else None
        if (content.text, content.entities, inline_markup) == (
            message.text,
            message.entities,
            current_inline,
        ):
            raise bad_request(_NOT_MODIFIED)
        message.history.append(message.version())
        message.text, message.entities = content.text, content.entities
        message.raw_text, message.parse_mode = content.raw_text, content.parse_mode
        if inline_markup is not None or message.has_inline_keyboard:
            message.reply_markup = inline_markup
        message.edit_date = _now()
        return self._message_json(message)

    def _delete_message(self, record: RecordedRequest) -> bool:
        chat_id = self._chat(record)
        message_id = record.params.get("message_id")
        if not isinstance(message_id, int):
            raise bad_request("message identifier is not specified")
        message = self._messages.get((chat_id, message_id))
        if message is None or message.deleted:
            raise bad_request("message to delete not found")
        message.deleted = True
        return True

    def _answer_callback_query(self, record: RecordedRequest) -> bool:
        press = self._presses.get(str(record.params.get("callback_query_id")))
        if press is None or press.answer is not None:
            raise bad_request(
                "query is too old and response timeout expired or query ID is invalid"
            )
        fields = ("text", "show_alert", "url", "cache_time")
        press.answer = {key: record.params[key] for key in fields if key in record.params}
        return True

    def _commands_key(self, record: RecordedRequest) -> tuple[str, str]:
        scope = record.params.get("scope") or {"type": "default"}
        return json.dumps(scope, sort_keys=True), str(record.params.get("language_code") or "")

    def _set_my_commands(self, record: RecordedRequest) -> bool:
        self._commands[self._commands_key(record)] = bot_commands(record.params)
        return True

    def _delete_my_commands(self, record: RecordedRequest) -> bool:
        self._commands.pop(self._commands_key(record), None)
        return True

    def _get_my_commands(self, record: RecordedRequest) -> list[JSON]:
        return self._commands.get(self._commands_key(record), [])

    def _send_chat_action(self, record: RecordedRequest) -> bool:
        self._chat(record)
        if record.params.get("action") not in _CHAT_ACTIONS:
            raise bad_request("wrong parameter action in request")
        return True

    def _get_chat(self, record: RecordedRequest) -> JSON:
        chat = self._chat_json(self._chat(record))
        gifts = ("unlimited_gifts", "limited_gifts", "unique_gifts", "premium_subscription")
        return {
            **chat,
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": dict.fromkeys((*gifts, "gifts_from_channels"), False),
        }

    def _get_chat_member(self, record: RecordedRequest) -> JSON:
        chat_id = self._chat(record)
        user_id = record.params.get("user_id")
        if not isinstance(user_id, int):
            raise bad_request("invalid user_id specified")
        user = self._bot_user() if user_id == self.bot_id else self._known_users.get(user_id)
        status = self._member_status.get((chat_id, user_id), "member" if user else "left")
        user = user or {"id": user_id, "is_bot": False, "first_name": DEFAULT_FIRST_NAME}
        return {"status": status, "user": user, **_MEMBER_FIELDS[status]}
