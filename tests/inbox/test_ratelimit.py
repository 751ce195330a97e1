"""A 429 for one chat pauses that chat only; the outbox is told to come back later."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from telegram.error import RetryAfter

from bot.telegram.ratelimit import DONT_WAIT, FairRateLimiter, Patience, retry_seconds


class FlakyTelegram:
    """Answers each chat's first call with a 429 when told to; records the calls."""

    def __init__(self, limited: set[int], retry_after: int) -> None:
        self.limited = limited
        self.retry_after = retry_after
        self.calls: list[int] = []

    async def post(self, chat_id: int) -> dict[str, Any]:
        self.calls.append(chat_id)
        if chat_id in self.limited:
            self.limited.discard(chat_id)
            raise RetryAfter(self.retry_after)
        return {"ok": True}


async def send(
    limiter: FairRateLimiter,
    telegram: FlakyTelegram,
    chat_id: int,
    patience: Patience | None = None,
) -> object:
    return await limiter.process_request(
        telegram.post, (chat_id,), {}, "sendMessage", {"chat_id": chat_id}, patience
    )


async def test_a_chat_told_to_wait_waits_while_other_chats_go_on() -> None:
    limiter = FairRateLimiter(overall_per_second=0, group_per_minute=0)
    telegram = FlakyTelegram({-100}, retry_after=3600)

    paused = asyncio.create_task(send(limiter, telegram, -100))
    await asyncio.sleep(0)
    others = await asyncio.wait_for(
        asyncio.gather(*(send(limiter, telegram, chat) for chat in range(1, 21))), timeout=30
    )

    assert others == [{"ok": True}] * 20
    assert not paused.done()  # still waiting out its hour
    paused.cancel()


async def test_a_caller_that_does_not_retry_hears_at_once_how_long_to_wait() -> None:
    limiter = FairRateLimiter(overall_per_second=0, group_per_minute=0)
    telegram = FlakyTelegram({-100}, retry_after=30)

    with pytest.raises(RetryAfter) as first:
        await send(limiter, telegram, -100, DONT_WAIT)
    with pytest.raises(RetryAfter) as second:  # paused: not even tried
        await send(limiter, telegram, -100, DONT_WAIT)

    assert retry_seconds(first.value) == 30
    assert 0 < retry_seconds(second.value) <= 30
    assert telegram.calls == [-100]
