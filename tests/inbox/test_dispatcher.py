"""The dispatcher hands stored updates over chat by chat: in order, side by side, retried
without holding up other chats, given up only when no retry can help."""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from sqlalchemy import select

import bot.inbox.dispatcher as dispatcher_module
from bot.inbox.dispatcher import Dispatcher
from bot.inbox.processing import Processing
from bot.storage import Database
from bot.storage.conversations import NotYourTurn
from bot.storage.inbox import DONE, FAILED, PENDING, Arrival, Inbox
from bot.storage.marks import Marks
from bot.storage.models import InboxUpdate

LEASE = timedelta(seconds=15)


@dataclass
class Bot:
    """What the dispatcher drives: records the order it is handed updates in."""

    handled: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))
    failures: dict[int, list[BaseException]] = field(default_factory=dict)
    gates: dict[int, asyncio.Event] = field(default_factory=dict)
    waits_for: dict[int, int] = field(default_factory=dict)
    told: list[tuple[int, str]] = field(default_factory=list)

    async def process(self, arrival: Arrival, processing: Processing) -> bool:
        gate = self.gates.get(arrival.chat_id)
        if gate is not None:
            await gate.wait()
        earlier = self.waits_for.get(arrival.update_id)
        if earlier is not None and earlier not in self.handled[arrival.chat_id]:
            raise NotYourTurn
        queued = self.failures.get(arrival.update_id)
        if queued:
            raise queued.pop(0)
        self.handled[arrival.chat_id].append(arrival.update_id)
        return False

    async def notify(self, arrival: Arrival, key: str) -> None:
        self.told.append((arrival.chat_id, key))


@pytest.fixture(autouse=True)
def quick_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dispatcher_module, "FIRST_PAUSE", 0.01)
    monkeypatch.setattr(dispatcher_module, "TURN_PAUSE", 0.01)
    monkeypatch.setattr(dispatcher_module, "STOP_GRACE_SECONDS", 0.5)


@pytest.fixture
async def bot(db: Database) -> AsyncIterator[tuple[Bot, Dispatcher, Inbox]]:
    fake = Bot()
    inbox = Inbox(db.hot, LEASE)
    dispatcher = Dispatcher(fake.process, inbox, Marks(db.hot), fake.notify, concurrency=4)
    yield fake, dispatcher, inbox
    await dispatcher.stop()


async def arrive(dispatcher: Dispatcher, inbox: Inbox, *updates: tuple[int, int]) -> None:
    """(update id, chat id) pairs stored and handed over, as the receipt does."""
    stored = await inbox.store([Arrival(u, chat, "{}") for u, chat in updates])
    dispatcher.submit(stored)


async def statuses(db: Database) -> dict[int, int]:
    async with db.session() as session:
        rows = await session.execute(select(InboxUpdate.update_id, InboxUpdate.status))
        return {update_id: status for update_id, status in rows}


async def test_each_chats_updates_go_in_order_and_a_slow_chat_holds_up_no_other(
    bot: tuple[Bot, Dispatcher, Inbox], db: Database
) -> None:
    fake, dispatcher, inbox = bot
    fake.gates[1] = asyncio.Event()  # chat 1's handler hangs until the end

    await arrive(dispatcher, inbox, (10, 1), (11, 2), (12, 1), (13, 2), (14, 2))
    await asyncio.wait_for(_until(lambda: len(fake.handled[2]) == 3), 10)
    assert fake.handled[1] == []

    fake.gates[1].set()
    await asyncio.wait_for(dispatcher.idle(), 10)

    assert fake.handled == {1: [10, 12], 2: [11, 13, 14]}
    assert await statuses(db) == dict.fromkeys([10, 11, 12, 13, 14], DONE)


async def test_a_failing_update_is_retried_others_go_on_and_the_prospect_is_told_once(
    bot: tuple[Bot, Dispatcher, Inbox], db: Database
) -> None:
    fake, dispatcher, inbox = bot
    fake.failures[20] = [OSError("database away") for _ in range(5)]

    await arrive(dispatcher, inbox, (20, 1), (21, 2), (22, 1))
    await asyncio.wait_for(dispatcher.idle(), 10)

    assert fake.handled == {1: [20, 22], 2: [21]}
    assert fake.told == [(1, "trouble.wait")]
    assert set((await statuses(db)).values()) == {DONE}


async def test_an_update_no_retry_can_fix_is_given_up_and_the_prospect_asked_to_resend(
    bot: tuple[Bot, Dispatcher, Inbox], db: Database
) -> None:
    fake, dispatcher, inbox = bot
    fake.failures[30] = [ValueError("a bug") for _ in range(10)]

    await arrive(dispatcher, inbox, (30, 1), (31, 1))
    await asyncio.wait_for(dispatcher.idle(), 10)

    assert fake.handled == {1: [31]}  # the chat goes on after it
    assert fake.told == [(1, "trouble.wait"), (1, "trouble.gave_up")]
    assert await statuses(db) == {30: FAILED, 31: DONE}


async def test_an_older_update_arriving_late_goes_before_one_waiting_for_its_turn(
    bot: tuple[Bot, Dispatcher, Inbox],
) -> None:
    fake, dispatcher, inbox = bot
    fake.waits_for[41] = 40  # as if 40 were pending in the database, not yet here

    await arrive(dispatcher, inbox, (41, 1))
    await asyncio.sleep(0.05)
    await arrive(dispatcher, inbox, (40, 1))
    await asyncio.wait_for(dispatcher.idle(), 10)

    assert fake.handled == {1: [40, 41]}


async def test_a_stopped_dispatcher_leaves_unfinished_updates_for_the_next_start(
    bot: tuple[Bot, Dispatcher, Inbox], db: Database
) -> None:
    fake, dispatcher, inbox = bot
    fake.gates[1] = asyncio.Event()  # never set: the update is in hand at the stop
    await arrive(dispatcher, inbox, (50, 1))
    await asyncio.sleep(0.05)

    await asyncio.wait_for(dispatcher.stop(), 10)

    assert await statuses(db) == {50: PENDING}
    taken = await inbox.claim()  # released: another worker takes it at once
    assert [a.update_id for a in taken] == [50]


async def _until(condition: Callable[[], bool]) -> None:
    while not condition():
        await asyncio.sleep(0.01)
