"""A bot stopped at any moment stops: no background task outlives it or keeps it from ending."""

from __future__ import annotations

import asyncio

import pytest

import bot.inbox.dispatcher as dispatcher_module
from tests.e2e.conftest import make_settings, polling_bot
from tests.fakes import FakeBotApi

# The bot's own background tasks, by the names it gives them.
OURS = {"chat", "marks", "inbox-keeper", "outbox-deliverer", "outbox-lane", "polling", "wal"}
HANG = 30.0


async def test_started_and_stopped_many_times_in_every_state_it_always_ends(
    api: FakeBotApi, sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # An update in hand gets half a second to finish, then it is left for the next start.
    monkeypatch.setattr(dispatcher_module, "STOP_GRACE_SECONDS", 0.5)
    settings = make_settings(api, sqlite_url)
    for round_ in range(12):
        chat_id = 5000 + round_
        async with asyncio.timeout(HANG):  # a hang fails here; it says nothing of speed
            async with polling_bot(settings):
                api.user_sends_text(chat_id, "/start")
                if round_ % 3 == 1:
                    # Stopped while Telegram keeps the reply waiting: an update in hand.
                    api.slow("sendMessage", 3600, chat_id=chat_id)
                    api.user_sends_text(chat_id, "80.000")
                    await api.wait_for(lambda: len(api.requests("sendMessage")) > 0)
                elif round_ % 3 == 2:
                    await api.wait_for(lambda chat_id=chat_id: api.messages(chat_id))
        left = {t.get_name() for t in asyncio.all_tasks() if t.get_name() in OURS}
        assert left == set(), f"round {round_}: still running {left}"
