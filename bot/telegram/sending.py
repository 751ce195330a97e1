"""Sending to Telegram: replies rendered as HTML, transient network errors retried.

`RetryAfter` (429) is handled by PTB's AIORateLimiter; what is left here are dropped
connections and timeouts, which are worth a couple of quick retries before giving up.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import TypeVar

from telegram import Bot, InlineKeyboardMarkup, Message
from telegram.constants import ParseMode
from telegram.error import BadRequest, NetworkError

from bot.telegram.keyboards import Markup, keyboard
from dialogs.render import render
from dialogs.replies import Reply

log = logging.getLogger(__name__)

T = TypeVar("T")
ATTEMPTS = 3
BACKOFF_SECONDS = 0.5


async def with_retries(call: Callable[[], Awaitable[T]]) -> T:
    """Run a Bot API call, retrying network failures (not refusals such as 400 or 403)."""
    for attempt in range(1, ATTEMPTS + 1):
        try:
            return await call()
        except BadRequest:
            raise
        except NetworkError as error:
            if attempt == ATTEMPTS:
                raise
            log.warning("telegram call failed (%s), retrying", type(error).__name__)
            await asyncio.sleep(BACKOFF_SECONDS * attempt)
    raise AssertionError("unreachable")


async def send_reply(bot: Bot, chat_id: int, reply: Reply, language: str) -> Message:
    return await send_html(
        bot, chat_id, render(reply, language, as_html=True), keyboard(reply, language)
    )


async def send_html(bot: Bot, chat_id: int, body: str, markup: Markup | None = None) -> Message:
    return await with_retries(
        lambda: bot.send_message(chat_id, body, parse_mode=ParseMode.HTML, reply_markup=markup)
    )


async def set_markup(
    bot: Bot, chat_id: int, message_id: int, markup: InlineKeyboardMarkup | None
) -> None:
    """Replace a message's buttons; an unchanged or vanished message is not an error here."""
    try:
        await with_retries(
            lambda: bot.edit_message_reply_markup(chat_id, message_id, reply_markup=markup)
        )
    except BadRequest as error:
        log.debug("keyboard not changed: %s", error.message)
