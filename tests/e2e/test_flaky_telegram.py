"""Telegram says "slow down" or fails for a moment: the prospect still gets every answer, once."""

from __future__ import annotations

import pytest

from tests.e2e.script import FUNDS_COVER_QUESTION, chat
from tests.fakes import FakeBotApi, Prospect


def sent_questions(api: FakeBotApi, chat_id: int) -> list[str]:
    return [m.text for m in api.messages(chat_id) if FUNDS_COVER_QUESTION in m.text]


# PTB's own AIORateLimiter reads RetryAfter.retry_after, which PTB 22 has deprecated.
@pytest.mark.filterwarnings("ignore:.*retry_after.*:telegram.warnings.PTBDeprecationWarning")
async def test_answer_arrives_after_telegram_asks_to_retry_later(
    api: FakeBotApi, prospect: Prospect
) -> None:
    await chat(prospect, "/start")
    api.fail("sendMessage", 429, retry_after=1, chat_id=prospect.chat_id)

    await chat(prospect, "80.000")

    assert [r.status for r in api.requests("sendMessage")][-2:] == [429, 200]
    assert len(sent_questions(api, prospect.chat_id)) == 1


async def test_answer_arrives_after_a_server_error_on_sending(
    api: FakeBotApi, prospect: Prospect
) -> None:
    await chat(prospect, "/start")
    api.fail("sendMessage", 500, chat_id=prospect.chat_id)

    await chat(prospect, "80.000")

    assert [r.status for r in api.requests("sendMessage")][-2:] == [500, 200]
    assert len(sent_questions(api, prospect.chat_id)) == 1
