"""Conversations survive restarts, crashes, redeliveries and several workers at once."""

from __future__ import annotations

import asyncio
import gc
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import text, update

from bot.storage import ChatTx, ConversationRecord, ConversationStore, Database, upgrade_async
from bot.storage.models import Conversation, ProcessedUpdate, utcnow
from tests.conftest import DatabaseURL

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

    async with store.chat(1, update_id=100) as tx:
        assert tx.record is None
        assert not tx.duplicate

    assert await store.get(1) is None
    assert await store.count() == 0


async def test_conversation_survives_a_restart_unchanged(
    db: Database, database_url: DatabaseURL
) -> None:
    async with ConversationStore(db).chat(-100123, update_id=1) as tx:
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
    async with store.chat(1) as tx:
        _save(tx, {"step": 1})
    first = await store.get(1)
    async with store.chat(1) as tx:
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
    async with store.chat(1, update_id=1) as tx:
        _save(tx, {"revenue": 100})

    with pytest.raises(RuntimeError, match="handler crashed"):
        async with store.chat(1, update_id=2) as tx:
            _save(tx, {"revenue": 999})
            await tx.session.flush()  # even written to the database, it must not stay
            raise RuntimeError("handler crashed")

    record = await store.get(1)
    assert record is not None
    assert record.data == {"revenue": 100}
    assert record.version == 1


async def test_update_that_crashed_is_handled_when_redelivered(db: Database) -> None:
    store = ConversationStore(db)
    with pytest.raises(RuntimeError):
        async with store.chat(1, update_id=7) as tx:
            _save(tx, {"revenue": 100})
            raise RuntimeError("handler crashed")

    async with store.chat(1, update_id=7) as tx:
        assert not tx.duplicate
        _save(tx, {"revenue": 100})

    assert await store.count() == 1


async def test_redelivered_update_is_reported_and_changes_nothing(db: Database) -> None:
    store = ConversationStore(db)
    async with store.chat(1, update_id=7) as tx:
        _save(tx, {"revenue": 100})
    before = await store.get(1)

    async with store.chat(1, update_id=7) as tx:
        assert tx.duplicate
        with pytest.raises(RuntimeError):
            _save(tx, {"revenue": 999})
        with pytest.raises(RuntimeError):
            tx.delete()

    assert await store.get(1) == before


async def test_redelivered_first_update_of_a_chat_leaves_no_conversation(db: Database) -> None:
    store = ConversationStore(db)
    async with store.chat(1, update_id=7):
        pass
    async with store.chat(1, update_id=7) as tx:
        assert tx.duplicate

    assert await store.count() == 0


async def test_deleted_conversation_is_gone(db: Database) -> None:
    store = ConversationStore(db)
    async with store.chat(1) as tx:
        _save(tx, ANSWERS)
    async with store.chat(1) as tx:
        tx.delete()

    assert await store.get(1) is None
    async with store.chat(1) as tx:
        assert tx.record is None


async def test_starting_over_in_one_update_gives_a_fresh_conversation(db: Database) -> None:
    store = ConversationStore(db)
    async with store.chat(1) as tx:
        _save(tx, {"old": True}, finished=True)
    old = await store.get(1)
    async with store.chat(1) as tx:
        tx.delete()
        _save(tx, {"new": True})

    new = await store.get(1)
    assert old is not None and new is not None
    assert new.data == {"new": True}
    assert not new.finished
    assert new.created_at > old.created_at


async def test_finishing_records_when_and_keeps_that_time(db: Database) -> None:
    store = ConversationStore(db)
    async with store.chat(1) as tx:
        _save(tx, ANSWERS, state="result", finished=True)
    finished = await store.get(1)
    async with store.chat(1) as tx:
        _save(tx, ANSWERS, state="handoff", finished=True)
    later = await store.get(1)

    assert finished is not None and later is not None
    assert finished.finished and finished.finished_at is not None
    assert later.finished_at == finished.finished_at


async def test_data_changed_after_save_is_not_what_gets_stored(db: Database) -> None:
    store = ConversationStore(db)
    data: dict[str, Any] = {"answers": {"revenue": 1}}
    async with store.chat(1) as tx:
        _save(tx, data)
        data["answers"]["revenue"] = 2

    record = await store.get(1)
    assert record is not None and record.data == {"answers": {"revenue": 1}}


async def test_data_that_is_not_portable_json_is_refused_at_save(db: Database) -> None:
    store = ConversationStore(db)
    async with store.chat(1) as tx:
        with pytest.raises(ValueError):
            _save(tx, {"ratio": float("nan")})
        with pytest.raises(ValueError):
            _save(tx, {"x": 1}, start_payload="p" * 65)

    assert await store.count() == 0


async def _count_to(store: ConversationStore, chat_id: int, times: int) -> None:
    """Read the counter, let other tasks run, write it back incremented."""
    for _ in range(times):
        async with store.chat(chat_id) as tx:
            data = tx.record.data if tx.record else {"counter": 0}
            await asyncio.sleep(0)
            data["counter"] += 1
            _save(tx, data)


async def test_concurrent_updates_on_one_chat_lose_nothing(db: Database) -> None:
    store = ConversationStore(db)

    await asyncio.gather(_count_to(store, 1, 50), _count_to(store, 1, 50))

    record = await store.get(1)
    assert record is not None
    assert record.data == {"counter": 100}
    assert record.version == 100


async def test_two_workers_on_one_chat_lose_nothing(database_url: DatabaseURL) -> None:
    await upgrade_async(database_url.url, schema=database_url.schema)
    first, second = database_url.connect(), database_url.connect()
    try:
        await asyncio.gather(
            _count_to(ConversationStore(first), 1, 50),
            _count_to(ConversationStore(second), 1, 50),
        )
        record = await ConversationStore(first).get(1)
    finally:
        await first.dispose()
        await second.dispose()
    assert record is not None
    assert record.data == {"counter": 100}


async def test_chat_locks_are_dropped_when_unused(db: Database) -> None:
    store = ConversationStore(db)
    await asyncio.gather(*(_count_to(store, chat_id, 2) for chat_id in range(20)))
    gc.collect()

    assert len(store._locks) == 0


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

    async def second_worker() -> ConversationRecord | None:
        async with ConversationStore(second).chat(1) as tx:
            _save(tx, {"by": "second"})
            return tx.record

    try:
        async with ConversationStore(first).chat(1) as tx:
            _save(tx, {"by": "first"})
        async with ConversationStore(first).chat(1) as tx:
            tx.delete()
            pid = await tx.session.scalar(text("SELECT pg_backend_pid()"))
            assert pid is not None
            waiting = asyncio.create_task(second_worker())
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
        async with store.chat(chat_id) as tx:
            _save(tx, {"chat": chat_id}, finished=finished)
    await _age(db, 1, days=31)  # abandoned
    await _age(db, 2, days=31)  # finished long ago: kept for the broker
    await _age(db, 3, days=29)  # recent enough

    deleted = await store.purge_stale(older_than_days=30)

    assert deleted == 1
    assert await store.get(1) is None
    assert await store.get(2) is not None
    assert await store.get(3) is not None


async def test_purge_forgets_old_update_markers_only(db: Database) -> None:
    store = ConversationStore(db)
    for update_id in (1, 2):
        async with store.chat(1, update_id=update_id) as tx:
            _save(tx, {"update": update_id})
    async with db.begin() as connection:
        await connection.execute(
            update(ProcessedUpdate)
            .where(ProcessedUpdate.update_id == 1)
            .values(processed_at=utcnow() - timedelta(days=3))
        )

    await store.purge_stale(older_than_days=30)

    async with store.chat(1, update_id=1) as tx:
        assert not tx.duplicate
    async with store.chat(1, update_id=2) as tx:
        assert tx.duplicate
