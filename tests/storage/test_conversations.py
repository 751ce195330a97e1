"""Conversations survive restarts, crashes, redeliveries and several workers at once."""

from __future__ import annotations

import asyncio
import itertools
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select, text, update

from bot.storage import ChatTx, ConversationRecord, ConversationStore, Database, upgrade_async
from bot.storage.conversations import NotYourTurn
from bot.storage.inbox import Arrival, Inbox
from bot.storage.models import Conversation, InboxUpdate, utcnow
from bot.storage.native import sql
from tests.conftest import DatabaseURL

_update_ids = itertools.count(1000)


async def arrived(db: Database, chat_id: int, update_id: int | None = None) -> int:
    """An update of this chat stored in the inbox, as the receipt does; its id."""
    number = next(_update_ids) if update_id is None else update_id
    await Inbox(db.hot, timedelta(seconds=15)).store([Arrival(number, chat_id, "{}")])
    return number


async def done(db: Database, update_id: int) -> None:
    await Inbox(db.hot, timedelta(seconds=15)).done([update_id])


ANSWERS: dict[str, Any] = {
    "answers": {
        "revenue": 1_500_000,
        "employees": 12,
        "bi_cover": True,
        "sectors": ["Handel", "Dienstleistung"],
        "contact": {"name": "Jörg Müßig", "phone": None},
        "ratio": 0.35,
    },
    "history": [{"state": "revenue", "input": "1,5 Mio"}, {"state": "employees", "input": "12"}],
}


def _save(store_tx: ChatTx, data: dict[str, Any], *, state: str = "asking", **changes: Any) -> None:
    values: dict[str, Any] = {
        "state": state,
        "data": data,
        "language": "de",
        "user_id": 42,
        "start_payload": None,
    }
    store_tx.save(**(values | changes))


async def _stored(db: Database, chat_id: int) -> ConversationRecord | None:
    return await ConversationStore(db).get(chat_id)


async def test_new_chat_has_no_conversation(db: Database) -> None:
    store = ConversationStore(db)

    async with store.chat(1, await arrived(db, 1)) as tx:
        assert tx.record is None
        assert not tx.duplicate

    assert await store.get(1) is None
    assert await store.count() == 0


async def test_conversation_survives_a_restart_unchanged(
    db: Database, database_url: DatabaseURL
) -> None:
    async with ConversationStore(db).chat(-100123, await arrived(db, -100123)) as tx:
        _save(tx, ANSWERS, state="employees", language="en", start_payload="broker-7")
    await db.dispose()

    restarted = database_url.connect()
    try:
        record = await ConversationStore(restarted).get(-100123)
    finally:
        await restarted.dispose()
    assert record is not None
    assert record.data == ANSWERS
    assert (record.state, record.language, record.user_id) == ("employees", "en", 42)
    assert record.start_payload == "broker-7"
    assert record.version == 1
    assert not record.finished


async def test_each_save_bumps_version_and_timestamps_in_utc(db: Database) -> None:
    store = ConversationStore(db)
    async with store.chat(1, await arrived(db, 1)) as tx:
        _save(tx, {"step": 1})
    first = await store.get(1)
    async with store.chat(1, await arrived(db, 1)) as tx:
        _save(tx, {"step": 2})
    second = await store.get(1)

    assert first is not None and second is not None
    assert (first.version, second.version) == (1, 2)
    assert second.created_at == first.created_at
    assert second.updated_at >= first.updated_at
    for moment in (second.created_at, second.updated_at):
        assert moment.utcoffset() == timedelta(0)


async def test_crash_inside_an_update_keeps_the_previous_state(db: Database) -> None:
    store = ConversationStore(db)
    async with store.chat(1, await arrived(db, 1)) as tx:
        _save(tx, {"revenue": 100})

    with pytest.raises(RuntimeError, match="handler crashed"):
        async with store.chat(1, await arrived(db, 1)) as tx:
            _save(tx, {"revenue": 999})
            await tx.db.execute(sql("UPDATE conversations SET version = 99"))  # written, yet…
            raise RuntimeError("handler crashed")

    record = await store.get(1)
    assert record is not None
    assert record.data == {"revenue": 100}
    assert record.version == 1


async def test_update_that_crashed_is_handled_when_tried_again(db: Database) -> None:
    store = ConversationStore(db)
    update_id = await arrived(db, 1)
    with pytest.raises(RuntimeError):
        async with store.chat(1, update_id) as tx:
            _save(tx, {"revenue": 100})
            raise RuntimeError("handler crashed")

    async with store.chat(1, update_id) as tx:
        assert tx.status == "new"
        _save(tx, {"revenue": 100})

    assert await store.count() == 1


async def test_update_tried_again_after_it_was_applied_changes_nothing(db: Database) -> None:
    store = ConversationStore(db)
    update_id = await arrived(db, 1)
    async with store.chat(1, update_id) as tx:
        _save(tx, {"revenue": 100})
    before = await store.get(1)

    async with store.chat(1, update_id) as tx:
        # Applied, but its replies may not have gone out: the caller shows them again.
        assert (tx.status, tx.duplicate) == ("applied", True)
        with pytest.raises(RuntimeError):
            _save(tx, {"revenue": 999})
        with pytest.raises(RuntimeError):
            tx.delete()
    await done(db, update_id)
    async with store.chat(1, update_id) as tx:
        assert tx.status == "done"

    assert await store.get(1) == before


async def test_update_the_inbox_never_held_changes_nothing(db: Database) -> None:
    # Redelivered after its id was pruned, or never stored: not applied a second time.
    async with ConversationStore(db).chat(1, 424242) as tx:
        assert tx.status == "done"


async def test_applied_first_update_of_a_chat_leaves_no_conversation(db: Database) -> None:
    store = ConversationStore(db)
    update_id = await arrived(db, 1)
    async with store.chat(1, update_id):
        pass
    async with store.chat(1, update_id) as tx:
        assert tx.duplicate

    assert await store.count() == 0


async def test_a_later_update_waits_while_an_earlier_one_of_the_chat_is_pending(
    db: Database,
) -> None:
    store = ConversationStore(db)
    earlier, later = await arrived(db, 1), await arrived(db, 1)
    other_chat = await arrived(db, 2)

    with pytest.raises(NotYourTurn):
        async with store.chat(1, later):
            pass
    async with store.chat(2, other_chat) as tx:  # another chat is not held up
        _save(tx, {"chat": 2})
    async with store.chat(1, earlier) as tx:
        _save(tx, {"step": 1})
    async with store.chat(1, later) as tx:
        assert tx.status == "new" and tx.record is not None
        _save(tx, {"step": 2})

    record = await store.get(1)
    assert record is not None and record.data == {"step": 2}


async def test_deleted_conversation_is_gone(db: Database) -> None:
    store = ConversationStore(db)
    async with store.chat(1, await arrived(db, 1)) as tx:
        _save(tx, ANSWERS)
    async with store.chat(1, await arrived(db, 1)) as tx:
        tx.delete()

    assert await store.get(1) is None
    async with store.chat(1, await arrived(db, 1)) as tx:
        assert tx.record is None


async def test_starting_over_in_one_update_gives_a_fresh_conversation(db: Database) -> None:
    store = ConversationStore(db)
    async with store.chat(1, await arrived(db, 1)) as tx:
        _save(tx, {"old": True}, finished=True)
    old = await store.get(1)
    async with store.chat(1, await arrived(db, 1)) as tx:
        tx.delete()
        _save(tx, {"new": True})

    new = await store.get(1)
    assert old is not None and new is not None
    assert new.data == {"new": True}
    assert not new.finished
    assert new.created_at > old.created_at


async def test_finishing_records_when_and_keeps_that_time(db: Database) -> None:
    store = ConversationStore(db)
    async with store.chat(1, await arrived(db, 1)) as tx:
        _save(tx, ANSWERS, state="result", finished=True)
    finished = await store.get(1)
    async with store.chat(1, await arrived(db, 1)) as tx:
        _save(tx, ANSWERS, state="handoff", finished=True)
    later = await store.get(1)

    assert finished is not None and later is not None
    assert finished.finished and finished.finished_at is not None
    assert later.finished_at == finished.finished_at


async def test_data_changed_after_save_is_not_what_gets_stored(db: Database) -> None:
    store = ConversationStore(db)
    data: dict[str, Any] = {"answers": {"revenue": 1}}
    async with store.chat(1, await arrived(db, 1)) as tx:
        _save(tx, data)
        data["answers"]["revenue"] = 2

    record = await store.get(1)
    assert record is not None and record.data == {"answers": {"revenue": 1}}


async def test_data_that_is_not_portable_json_is_refused_at_save(db: Database) -> None:
    store = ConversationStore(db)
    async with store.chat(1, await arrived(db, 1)) as tx:
        with pytest.raises(ValueError):
            _save(tx, {"ratio": float("nan")})
        with pytest.raises(ValueError):
            _save(tx, {"x": 1}, start_payload="p" * 65)

    assert await store.count() == 0


async def _count_to(db: Database, chat_id: int, times: int) -> None:
    """Read the counter, let other tasks run, write it back incremented.

    Each increment is an update of its own; one whose turn has not come (an earlier one of
    the chat is pending) is tried again, as the inbox's dispatcher does.
    """
    store = ConversationStore(db)
    for _ in range(times):
        update_id = await arrived(db, chat_id)
        while True:
            try:
                async with store.chat(chat_id, update_id) as tx:
                    data = tx.record.data if tx.record else {"counter": 0}
                    await asyncio.sleep(0)
                    data["counter"] += 1
                    _save(tx, data)
                break
            except NotYourTurn:
                await asyncio.sleep(0.001)


async def test_concurrent_updates_on_one_chat_lose_nothing(db: Database) -> None:
    store = ConversationStore(db)

    await asyncio.gather(_count_to(db, 1, 50), _count_to(db, 1, 50))

    record = await store.get(1)
    assert record is not None
    assert record.data == {"counter": 100}
    assert record.version == 100


async def test_two_workers_on_one_chat_lose_nothing(database_url: DatabaseURL) -> None:
    await upgrade_async(database_url.url, schema=database_url.schema)
    first, second = database_url.connect(), database_url.connect()
    try:
        await asyncio.gather(_count_to(first, 1, 50), _count_to(second, 1, 50))
        record = await ConversationStore(first).get(1)
    finally:
        await first.dispose()
        await second.dispose()
    assert record is not None
    assert record.data == {"counter": 100}


async def _wait_until_blocked_by(db: Database, backend_pid: int) -> None:
    """Poll until some PostgreSQL session waits on a lock held by `backend_pid`."""
    query = text("SELECT count(*) FROM pg_stat_activity WHERE :pid = ANY(pg_blocking_pids(pid))")
    for _ in range(2000):
        async with db.begin() as connection:  # a new transaction: activity is snapshotted
            if await connection.scalar(query, {"pid": backend_pid}):
                return
        await asyncio.sleep(0.005)
    pytest.fail("the second worker never waited for the first one's lock")


async def test_worker_waiting_on_a_chat_deleted_meanwhile_starts_afresh(
    postgres_database_url: DatabaseURL,
) -> None:
    target = postgres_database_url
    await upgrade_async(target.url, schema=target.schema)
    first, second = target.connect(), target.connect()

    async def second_worker(update_id: int) -> ConversationRecord | None:
        async with ConversationStore(second).chat(1, update_id) as tx:
            _save(tx, {"by": "second"})
            return tx.record

    try:
        async with ConversationStore(first).chat(1, await arrived(first, 1)) as tx:
            _save(tx, {"by": "first"})
        deleting, saving = await arrived(first, 1), await arrived(first, 1)
        async with ConversationStore(first).chat(1, deleting) as tx:
            tx.delete()
            pid = await tx.db.fetchval(sql("SELECT pg_backend_pid()"))
            assert pid is not None
            waiting = asyncio.create_task(second_worker(saving))
            await _wait_until_blocked_by(second, pid)
        seen_by_second = await waiting
        final = await ConversationStore(first).get(1)
    finally:
        await first.dispose()
        await second.dispose()
    assert seen_by_second is None
    assert final is not None and final.data == {"by": "second"} and final.version == 1


async def _age(db: Database, chat_id: int, days: int) -> None:
    async with db.begin() as connection:
        await connection.execute(
            update(Conversation)
            .where(Conversation.chat_id == chat_id)
            .values(updated_at=utcnow() - timedelta(days=days))
        )


async def test_purge_deletes_only_old_unfinished_conversations(db: Database) -> None:
    store = ConversationStore(db)
    for chat_id, finished in [(1, False), (2, True), (3, False)]:
        async with store.chat(chat_id, await arrived(db, chat_id)) as tx:
            _save(tx, {"chat": chat_id}, finished=finished)
    await _age(db, 1, days=31)  # abandoned
    await _age(db, 2, days=31)  # finished long ago: kept for the broker
    await _age(db, 3, days=29)  # recent enough

    deleted = await store.purge_stale(older_than_days=30)

    assert deleted == 1
    assert await store.get(1) is None
    assert await store.get(2) is not None
    assert await store.get(3) is not None


async def test_purge_forgets_done_updates_only_after_telegram_stops_redelivering(
    db: Database,
) -> None:
    store = ConversationStore(db)
    old, recent, waiting = [await arrived(db, 1) for _ in range(3)]
    await done(db, old)
    await done(db, recent)
    async with db.begin() as connection:
        await connection.execute(
            update(InboxUpdate)
            .where(InboxUpdate.update_id.in_([old, waiting]))
            .values(done_at=utcnow() - timedelta(days=3), received_at=utcnow() - timedelta(days=3))
        )

    await store.purge_stale(older_than_days=30)

    async with db.begin() as connection:
        rows = await connection.execute(select(InboxUpdate.update_id, InboxUpdate.body))
        kept = {update_id: body for update_id, body in rows}
    assert kept == {recent: None, waiting: "{}"}  # done ones keep no body; pending ones stay
