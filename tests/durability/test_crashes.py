"""A bot killed with SIGKILL loses nothing Telegram counted as delivered, and applies
nothing twice: what it stored and had not finished, the next start does."""

from __future__ import annotations

import asyncio
import re

from tests.durability.conftest import PollingBots, inbox_done, prospect, stored_versions
from tests.e2e.script import SHORT_CONSULTATION, chat, result_of
from tests.fakes import FakeBotApi

_QUESTION = re.compile(r"^Frage (\d+) von \d+", re.MULTILINE)


def questions_seen(api: FakeBotApi, chat_id: int) -> list[int]:
    return [int(m[1]) for message in api.messages(chat_id) if (m := _QUESTION.search(message.text))]


async def until(api: FakeBotApi, confirmed: int) -> None:
    """Until Telegram counts at least this many updates as delivered."""
    await api.wait_for(lambda: len(api.confirmed_updates()) >= confirmed)


async def test_fifty_prospects_lose_nothing_when_the_bot_is_killed_twice(
    api: FakeBotApi, polling_bots: PollingBots
) -> None:
    url, pool = polling_bots.url, polling_bots.pool
    prospects = [prospect(api, 2000 + n, polling_bots.handled) for n in range(50)]
    total = len(prospects) * len(SHORT_CONSULTATION)
    first = await pool.start("bot-1")
    consultations = asyncio.gather(*(chat(p, *SHORT_CONSULTATION) for p in prospects))

    await until(api, total // 4)
    await first.kill()
    second = await pool.start("bot-2")
    await until(api, total // 2)
    await second.kill()
    await pool.start("bot-3")
    await consultations

    confirmed = api.confirmed_updates()
    chats = [p.chat_id for p in prospects]
    done = await _eventually_done(url, confirmed)
    versions = await stored_versions(url, chats)

    assert sorted(done) == sorted(confirmed)
    assert len(set(confirmed)) == total
    # Every prospect's every step was applied exactly once: one write per step.
    assert versions == dict.fromkeys(chats, len(SHORT_CONSULTATION))
    for p in prospects:
        assert result_of(p).recommended == "44.000 €"
        # No question skipped; a question shown twice only where a kill hit between its
        # sending and the bookkeeping.
        assert sorted(set(questions_seen(api, p.chat_id))) == [1, 2, 3, 4, 5, 6]


async def test_taps_held_in_handlers_when_the_bot_is_killed_are_handled_after_a_restart(
    api: FakeBotApi, polling_bots: PollingBots
) -> None:
    url, pool = polling_bots.url, polling_bots.pool
    prospects = [prospect(api, 3000 + n, polling_bots.handled) for n in range(10)]
    first = await pool.start("bot-1")
    await asyncio.gather(*(chat(p, "/start", "80.000") for p in prospects))
    # Telegram takes its time answering the taps: every handler is stuck in it.
    api.slow("answerCallbackQuery", 3600, times=len(prospects))
    taps = [
        api.user_presses(p.chat_id, message.message_id, str(button.callback_data))
        for p in prospects
        for message in [api.last_message(p.chat_id)]
        for button in message.buttons
        if button.text == "Ja"
    ]
    await api.wait_for(lambda: len(api.requests("answerCallbackQuery")) == len(taps))
    assert {t.update_id for t in taps} <= set(api.confirmed_updates())

    await first.kill()
    await pool.start("bot-2")

    for p in prospects:
        await api.wait_for(lambda p=p: 3 in questions_seen(api, p.chat_id))
    done = await _eventually_done(url, [t.update_id for t in taps])
    versions = await stored_versions(url, [p.chat_id for p in prospects])

    assert sorted(done) == sorted(t.update_id for t in taps)
    assert versions == dict.fromkeys((p.chat_id for p in prospects), 3)
    for p in prospects:
        assert "Wie viel Geld ist auf Ihren Konten" in p.last_text


async def _eventually_done(url: str, update_ids: list[int]) -> list[int]:
    """The updates' done marks are written a moment after their replies went out."""
    done: list[int] = []

    async def all_done() -> bool:
        nonlocal done
        done = await inbox_done(url, update_ids)
        return len(done) == len(set(update_ids))

    loop = asyncio.get_running_loop()
    deadline = loop.time() + 30
    while not await all_done() and loop.time() < deadline:
        await asyncio.sleep(0.2)
    return done
