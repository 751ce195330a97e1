"""Migrations: an empty database reaches the newest schema, and re-running is harmless."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, inspect, text

from bot.storage import ConversationStore, current, current_async, migrate, upgrade, upgrade_async
from bot.storage.inbox import Arrival, Inbox
from bot.storage.migrate import alembic_config, model_metadata
from tests.conftest import DatabaseURL

HEAD = ScriptDirectory.from_config(alembic_config()).get_current_head()


async def _table_names(target: DatabaseURL) -> set[str]:
    db = target.connect()
    try:
        async with db.begin() as connection:
            return set(await connection.run_sync(lambda c: inspect(c).get_table_names()))
    finally:
        await db.dispose()


async def test_empty_database_has_no_revision(database_url: DatabaseURL) -> None:
    assert await current_async(database_url.url, schema=database_url.schema) is None


async def test_upgrade_creates_the_tables_at_head(database_url: DatabaseURL) -> None:
    await upgrade_async(database_url.url, schema=database_url.schema)

    assert await current_async(database_url.url, schema=database_url.schema) == HEAD
    assert {"conversations", "inbox", "alembic_version"} <= await _table_names(database_url)


async def test_upgrade_again_keeps_existing_conversations(database_url: DatabaseURL) -> None:
    await upgrade_async(database_url.url, schema=database_url.schema)
    db = database_url.connect()
    try:
        await Inbox(db.hot, timedelta(seconds=15)).store([Arrival(1, 5, "{}")])
        async with ConversationStore(db).chat(5, 1) as tx:
            tx.save(state="asking", data={"a": 1}, language="de", user_id=9, start_payload=None)

        await upgrade_async(database_url.url, schema=database_url.schema)

        record = await ConversationStore(db).get(5)
    finally:
        await db.dispose()
    assert record is not None and record.data == {"a": 1}
    assert await current_async(database_url.url, schema=database_url.schema) == HEAD


async def test_synchronous_upgrade_works_for_the_cli(database_url: DatabaseURL) -> None:
    # The CLI has no running loop; a worker thread stands in for it here.
    await asyncio.to_thread(upgrade, database_url.url, schema=database_url.schema)

    revision = await asyncio.to_thread(current, database_url.url, schema=database_url.schema)
    assert revision == HEAD


async def test_workers_starting_together_both_end_at_head(database_url: DatabaseURL) -> None:
    await asyncio.gather(
        upgrade_async(database_url.url, schema=database_url.schema),
        upgrade_async(database_url.url, schema=database_url.schema),
    )
    assert await current_async(database_url.url, schema=database_url.schema) == HEAD


async def test_migrated_schema_matches_the_models(database_url: DatabaseURL) -> None:
    await upgrade_async(database_url.url, schema=database_url.schema)
    db = database_url.connect()

    def differences(connection: Connection) -> list[object]:
        return list(compare_metadata(MigrationContext.configure(connection), model_metadata()))

    try:
        async with db.begin() as connection:
            diff = await connection.run_sync(differences)
    finally:
        await db.dispose()
    assert diff == []


def test_the_head_a_start_checks_for_is_the_newest_migration() -> None:
    # A start finds the database at HEAD with one query and skips Alembic altogether.
    assert HEAD == migrate.HEAD


async def test_updates_handled_before_the_inbox_stay_known_as_done(
    database_url: DatabaseURL,
) -> None:
    await upgrade_async(database_url.url, "0003", schema=database_url.schema)
    db = database_url.connect()
    try:
        async with db.begin() as connection:
            await connection.execute(
                text(
                    "INSERT INTO processed_updates (update_id, processed_at) "
                    "VALUES (77, CURRENT_TIMESTAMP)"
                )
            )
        await upgrade_async(database_url.url, schema=database_url.schema)

        # Telegram sends update 77 again after the upgrade: the inbox knows it, nothing to do.
        inbox = Inbox(db.hot, timedelta(seconds=15))
        again = await inbox.store([Arrival(77, 5, "{}")])
        new = await inbox.store([Arrival(78, 5, "{}")])
    finally:
        await db.dispose()
    assert (again, [a.update_id for a in new]) == ([], [78])
