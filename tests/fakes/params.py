"""Reading and checking Bot API parameters as Telegram does, with Telegram's error texts."""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from aiohttp import web

from tests.fakes.chat import JSON, Upload
from tests.fakes.telegram_html import HtmlParseError, parse_html, utf16_len

MAX_TEXT_LENGTH = 4096
MAX_CAPTION_LENGTH = 1024

# Form and multipart bodies carry every value as a string; Telegram reads them by field type.
_INT_FIELDS = frozenset(
    {
        "chat_id",
        "message_id",
        "user_id",
        "offset",
        "limit",
        "timeout",
        "reply_to_message_id",
        "message_thread_id",
        "max_connections",
        "cache_time",
    }
)
_BOOL_FIELDS = frozenset(
    {
        "disable_notification",
        "protect_content",
        "show_alert",
        "drop_pending_updates",
        "allow_sending_without_reply",
        "disable_web_page_preview",
        "disable_content_type_detection",
        "has_spoiler",
        "allow_paid_broadcast",
    }
)
_JSON_FIELDS = frozenset(
    {
        "reply_markup",
        "entities",
        "caption_entities",
        "allowed_updates",
        "commands",
        "scope",
        "link_preview_options",
        "reply_parameters",
    }
)
_BUTTON_ACTIONS = (
    "callback_data",
    "url",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
    "web_app",
)
_BOT_COMMAND = re.compile(r"[a-z0-9_]{1,32}")


class ApiError(Exception):
    """A Telegram error response."""

    def __init__(self, status: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.retry_after = retry_after

    def envelope(self) -> JSON:
        body: JSON = {"ok": False, "error_code": self.status, "description": self.description}
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        return body


def bad_request(detail: str) -> ApiError:
    return ApiError(400, f"Bad Request: {detail}")


def _coerce(name: str, value: Any) -> Any:
    """Reads a parameter as Telegram does: form values are strings, typed by field."""
    if not isinstance(value, str):
        return value
    if name in _JSON_FIELDS:
        with contextlib.suppress(ValueError):
            return json.loads(value)
    elif name in _INT_FIELDS:
        with contextlib.suppress(ValueError):
            return int(value)
        with contextlib.suppress(ValueError):
            return float(value)
    elif name in _BOOL_FIELDS:
        return value.lower() in ("true", "1")
    return value


async def read_params(request: web.Request) -> tuple[JSON, dict[str, Upload]]:
    """Query string, then a JSON, form or multipart body; file parts come back separately."""
    raw: JSON = dict(request.query)
    uploads: dict[str, Upload] = {}
    if request.content_type == "application/json":
        body = await request.read()
        try:
            data = json.loads(body) if body else {}
        except ValueError:
            raise bad_request("can't parse JSON object") from None
        if not isinstance(data, dict):
            raise bad_request("can't parse JSON object")
        raw.update(data)
    elif request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        for name, value in (await request.post()).items():
            if isinstance(value, web.FileField):
                uploads[name] = Upload(value.filename, value.content_type, value.file.read())
            else:
                raw[name] = value.decode() if isinstance(value, bytes) else value
    return {name: _coerce(name, value) for name, value in raw.items()}, uploads


@dataclass(frozen=True)
class Formatted:
    """A text or caption as sent (`raw_text`) and as the user sees it (`text`, `entities`)."""

    raw_text: str
    parse_mode: str | None
    text: str
    entities: list[JSON]


def formatted_text(params: Mapping[str, Any], name: str, entities_name: str) -> Formatted:
    """The text or caption `name`, rendered by its parse_mode and checked for length."""
    raw = params.get(name)
    raw_text = "" if raw is None else str(raw)
    parse_mode = params.get("parse_mode") or None
    entities = params.get(entities_name)
    if isinstance(entities, list):
        text, entities = raw_text, [dict(entity) for entity in entities]
    elif parse_mode is None or str(parse_mode).lower() in ("markdown", "markdownv2"):
        text, entities = raw_text, []  # Markdown is kept as sent: the fake does not render it
    elif str(parse_mode).lower() == "html":
        try:
            text, entities = parse_html(raw_text)
        except HtmlParseError as error:
            raise bad_request(f"can't parse entities: {error}") from None
    else:
        raise bad_request("unsupported parse_mode")
    if name == "text" and not text.strip():
        raise bad_request("message text is empty")
    if name == "text" and utf16_len(text) > MAX_TEXT_LENGTH:
        raise bad_request("message is too long")
    if name == "caption" and utf16_len(text) > MAX_CAPTION_LENGTH:
        raise bad_request("message caption is too long")
    return Formatted(raw_text, parse_mode, text, entities)


def reply_markup(params: Mapping[str, Any], *, inline_only: bool) -> JSON | None:
    """The reply_markup, checked as Telegram checks it; edits accept inline keyboards only."""
    markup = params.get("reply_markup")
    if markup is None:
        return None
    if not isinstance(markup, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" in markup:
        _check_inline_keyboard(markup["inline_keyboard"])
    elif inline_only:
        raise bad_request("inline keyboard expected")
    elif not any(key in markup for key in ("keyboard", "remove_keyboard", "force_reply")):
        raise bad_request("can't parse reply keyboard markup JSON object")
    return markup


def _check_inline_keyboard(rows: object) -> None:
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request("can't parse inline keyboard markup: expected an Array of Arrays")
    for button in (button for row in rows for button in row):
        if not isinstance(button, dict):
            raise bad_request("can't parse inline keyboard button: expected an Object")
        if not str(button.get("text") or "").strip():
            raise bad_request("can't parse inline keyboard button: Text must be non-empty")
        if not any(action in button for action in _BUTTON_ACTIONS):
            raise bad_request(
                "can't parse inline keyboard button: Text buttons are unallowed in the inline "
                "keyboard"
            )
        data = button.get("callback_data")
        if data is not None and not 1 <= len(str(data).encode()) <= 64:
            raise bad_request("BUTTON_DATA_INVALID")
        url = button.get("url")
        if url is not None and not _valid_button_url(str(url)):
            raise bad_request(f"inline keyboard button URL '{url}' is invalid: Wrong HTTP URL")


def _valid_button_url(url: str) -> bool:
    """Telegram wants a public host name: `http://localhost:8000` is refused."""
    parts = urlsplit(url if "://" in url else f"http://{url}")
    if parts.scheme == "tg":
        return True
    host = parts.hostname or ""
    return parts.scheme in ("http", "https") and "." in host and " " not in url


def bot_commands(params: Mapping[str, Any]) -> list[JSON]:
    """The command menu of setMyCommands: lowercase names, non-empty descriptions."""
    commands = params.get("commands")
    if not isinstance(commands, list) or len(commands) > 100:
        raise bad_request("can't parse commands JSON object")
    for command in commands:
        if not isinstance(command, dict):
            raise bad_request("can't parse BotCommand JSON object")
        if not _BOT_COMMAND.fullmatch(str(command.get("command", ""))):
            raise bad_request("BOT_COMMAND_INVALID")
        if not 1 <= len(str(command.get("description", "")).strip()) <= 256:
            raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
    return [{"command": c["command"], "description": c["description"]} for c in commands]
