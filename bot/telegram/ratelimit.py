"""Telegram's rate limits, kept per chat: a 429 for one chat pauses that chat only.

PTB's AIORateLimiter stops every request of the bot while one chat waits out its
`retry_after`, so a rate-limited staff group delayed every prospect's next question. Here a
429 pauses the chat it was about; the overall pace (30 messages a second) and each group's
(20 a minute) are kept with aiolimiter, as PTB's limiter does.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import time
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from aiolimiter import AsyncLimiter
from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

log = logging.getLogger(__name__)

OVERALL_PER_SECOND = 30
GROUP_PER_MINUTE = 20
MAX_RETRIES = 3
# Methods that put a message into a chat; only these count against a group's quota.
_POSTING = ("send", "edit", "copy", "forward")

Callback = Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]]


@dataclass(frozen=True)
class Patience:
    """A call's `rate_limit_args`: how often a 429 may be waited out (0: not at all, the
    caller tries again later). An object, not a number: PTB drops a falsy 0 on the way."""

    retries: int


DONT_WAIT = Patience(retries=0)


class FairRateLimiter(BaseRateLimiter[Patience]):
    """Per-chat pauses after a 429, group and overall quotas."""

    def __init__(
        self,
        *,
        overall_per_second: float = OVERALL_PER_SECOND,
        group_per_minute: float = GROUP_PER_MINUTE,
        max_retries: int = MAX_RETRIES,
    ) -> None:
        self._overall = AsyncLimiter(overall_per_second, 1) if overall_per_second else None
        self._group_rate = group_per_minute
        self._groups: dict[int, AsyncLimiter] = {}
        self._paused: dict[int, float] = {}
        self._max_retries = max_retries

    async def initialize(self) -> None:
        """Nothing to open."""

    async def shutdown(self) -> None:
        """Nothing to close."""

    async def process_request(
        self,
        callback: Callback,
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: Patience | None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        retries = self._max_retries if rate_limit_args is None else rate_limit_args.retries
        chat = _chat_id(data)
        posting = chat is not None and endpoint.lower().startswith(_POSTING)
        for attempt in range(retries + 1):
            await self._wait_for(chat, waits=retries > 0)
            if posting:
                await self._take_quota(chat)
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as error:
                seconds = retry_seconds(error)
                if chat is not None:
                    self._paused[chat] = time.monotonic() + seconds
                if attempt == retries:
                    raise
                log.info("rate limited for %.0f s, retrying", seconds)
                if chat is None:
                    await asyncio.sleep(seconds)
        raise AssertionError("unreachable")

    async def _wait_for(self, chat: int | None, *, waits: bool) -> None:
        """Until the chat's pause is over; a caller that does not retry (`waits` False, the
        outbox) is told to come back later instead of waiting here."""
        if chat is None:
            return
        until = self._paused.get(chat)
        if until is None:
            return
        wait = until - time.monotonic()
        if wait <= 0:
            self._paused.pop(chat, None)
        elif waits:
            await asyncio.sleep(wait)
        else:
            raise RetryAfter(math.ceil(wait))

    async def _take_quota(self, chat: int | None) -> None:
        """A message's share of its group's quota (staff groups: 20 a minute) and the bot's."""
        if chat is not None and chat < 0 and self._group_rate:
            limiter = self._groups.get(chat)
            if limiter is None:
                limiter = self._groups[chat] = AsyncLimiter(self._group_rate, 60)
            await limiter.acquire()
        if self._overall is not None:
            await self._overall.acquire()


def _chat_id(data: dict[str, Any]) -> int | None:
    value = data.get("chat_id")
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        with contextlib.suppress(ValueError):
            return int(value)
    return None


def retry_seconds(error: RetryAfter) -> float:
    """How long Telegram asked to wait."""
    retry = error.retry_after
    return retry.total_seconds() if isinstance(retry, timedelta) else float(retry)
