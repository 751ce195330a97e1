"""Sending to Telegram: replies rendered as HTML, failures retried only where that is safe.

A call that surely never took effect (no connection, a 5xx answer) is repeated. A message
whose answer was lost (the read timed out after Telegram may have posted it) is not sent
again: the prospect would see it twice. A 429 is the rate limiter's (`ratelimit`).

Replies go out as raw Bot API calls: the bot reads one field of the answer (the message id),
and turning every answer into PTB objects cost more than the rest of sending it.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar, cast

import httpx
from telegram import Bot, CallbackQuery, InlineKeyboardMarkup
from telegram.constants import ParseMode
from telegram.error import BadRequest, NetworkError, TelegramError, TimedOut
from telegram.ext import ExtBot

from bot.telegram.keyboards import Markup, keyboard
from bot.telegram.ratelimit import Patience
from dialogs.render import Speech
from dialogs.replies import Reply

log = logging.getLogger(__name__)

T = TypeVar("T")
ATTEMPTS = 3
BACKOFF_SECONDS = 0.5
# Failures of the transport before the request reached Telegram: repeating is safe.
_NOT_SENT = (
    httpx.ConnectError,
    httpx.ConnectTimeout,
    httpx.PoolTimeout,
    httpx.WriteTimeout,
    httpx.WriteError,
)


class MaybeSent(Exception):
    """The call may have taken effect, but its answer never came (e.g. a read timeout)."""


def _never_arrived(error: NetworkError) -> bool:
    """Whether Telegram surely did not carry out the call that failed with `error`."""
    cause = error.__cause__
    if isinstance(cause, _NOT_SENT):
        return True
    # A timeout while reading, a connection lost mid-answer: it may have been done.
    return not isinstance(error, TimedOut) and not isinstance(cause, httpx.HTTPError)


async def with_retries(call: Callable[[], Awaitable[T]], *, idempotent: bool = False) -> T:
    """Run a Bot API call, retrying network failures (not refusals such as 400 or 403).

    A call that is not `idempotent` and may have taken effect raises `MaybeSent` instead
    of running again.
    """
    for attempt in range(1, ATTEMPTS + 1):
        try:
            return await call()
        except BadRequest:
            raise
        except NetworkError as error:
            if not idempotent and not _never_arrived(error):
                raise MaybeSent(type(error).__name__) from error
            if attempt == ATTEMPTS:
                raise
            log.warning("telegram call failed (%s), retrying", type(error).__name__)
            await asyncio.sleep(BACKOFF_SECONDS * attempt)
    raise AssertionError("unreachable")


async def api(
    bot: Bot, method: str, params: dict[str, Any], *, patience: Patience | None = None
) -> Any:
    """A Bot API call answered with its raw JSON result; `patience`: how often the rate
    limiter may wait out a 429 (`DONT_WAIT`: the caller tries again later).

    Telegram's method names are case-insensitive; the lower-case name makes PTB's
    `do_api_request` return the raw result (it warns when a typed method exists).
    """
    if patience is None:
        return await bot.do_api_request(method.lower(), params)
    extbot = cast(ExtBot[Any], bot)
    return await extbot.do_api_request(method.lower(), params, rate_limit_args=patience)


async def send_once(call: Callable[[], Awaitable[object]]) -> None:
    """Send something whose answer the bot does not need: retried while it surely did not
    arrive, never repeated once it may have."""
    try:
        await with_retries(call)
    except MaybeSent:
        log.warning("a message's answer was lost; it is not sent again")


async def send_reply(bot: Bot, chat_id: int, reply: Reply, speech: Speech) -> int | None:
    """A reply of the core, with its buttons, as this prospect reads it."""
    return await send_html(
        bot, chat_id, speech.render(reply, as_html=True), keyboard(reply, speech)
    )


async def send_html(bot: Bot, chat_id: int, body: str, markup: Markup | None = None) -> int | None:
    """Send a message; its id, or None when it may have arrived without Telegram saying so."""
    params: dict[str, Any] = {"chat_id": chat_id, "text": body, "parse_mode": ParseMode.HTML}
    if markup is not None:
        params["reply_markup"] = markup
    try:
        sent = await with_retries(lambda: api(bot, "sendMessage", params))
    except MaybeSent:
        log.warning("a message's answer was lost; it is not sent again")
        return None
    return int(sent["message_id"]) if isinstance(sent, dict) else None


async def set_markup(
    bot: Bot, chat_id: int, message_id: int, markup: InlineKeyboardMarkup | str | None
) -> None:
    """Replace a message's buttons; an unchanged or vanished message is not an error here."""
    params: dict[str, Any] = {"chat_id": chat_id, "message_id": message_id}
    if markup is not None:
        params["reply_markup"] = markup
    try:
        await with_retries(lambda: api(bot, "editMessageReplyMarkup", params), idempotent=True)
    except BadRequest as error:
        log.debug("keyboard not changed: %s", error.message)


async def answer_quietly(query: CallbackQuery, notice: str | None = None) -> None:
    """Stop the tapped button's spinner. Best effort: an answer that fails (an old query, a
    second try of the same update) never fails the update."""
    try:
        await query.answer(notice)
    except TelegramError as error:
        log.debug("callback query not answered: %s", type(error).__name__)
